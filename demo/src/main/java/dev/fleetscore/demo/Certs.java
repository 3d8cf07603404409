package dev.fleetscore.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;

/**
 * Builds X.509 certificates for the demo PKI with BouncyCastle, deterministically: RSA signatures
 * are PKCS#1 v1.5 (deterministic by construction) and ECDSA signatures use RFC 6979 deterministic
 * nonces, so the same inputs always give the same DER bytes. Also writes PEM with fixed line
 * endings.
 */
final class Certs {

  private Certs() {}

  static final int KU_CA =
      KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
  static final int KU_LEAF = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;

  static X500Name dn(String organization, String commonName) {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
    // Go's pkix.Name puts O before CN, and every Kubernetes certificate is made by Go.
    if (organization != null) {
      b.addRDN(BCStyle.O, organization);
    }
    b.addRDN(BCStyle.CN, commonName);
    return b.build();
  }

  static SubjectPublicKeyInfo spki(AsymmetricKeyParameter publicKey) {
    try {
      return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A positive 63-bit serial, the range kubeadm and client-go use. */
  static BigInteger serial(Random r) {
    return BigInteger.valueOf(r.nextLong() & Long.MAX_VALUE).max(BigInteger.ONE);
  }

  /** What a certificate should look like; {@link #build()} signs it. */
  static final class Spec {
    X500Name subject;
    X500Name issuer;
    SubjectPublicKeyInfo subjectKey;
    SubjectPublicKeyInfo issuerKey;
    AsymmetricKeyParameter signingKey;
    boolean sha1;
    BigInteger serial = BigInteger.ONE;
    Instant notBefore;
    Instant notAfter;
    Boolean ca;
    int keyUsage = KU_LEAF;
    final List<KeyPurposeId> extendedKeyUsage = new ArrayList<>();
    final List<String> dns = new ArrayList<>();
    final List<String> ips = new ArrayList<>();

    Spec subject(X500Name n, SubjectPublicKeyInfo key) {
      this.subject = n;
      this.subjectKey = key;
      return this;
    }

    /** Issuer name, the key its AKI names, and the key that really signs (they may differ). */
    Spec issuer(X500Name n, SubjectPublicKeyInfo claimedKey, AsymmetricKeyParameter signer) {
      this.issuer = n;
      this.issuerKey = claimedKey;
      this.signingKey = signer;
      return this;
    }

    Spec validity(Instant from, Instant to) {
      this.notBefore = from;
      this.notAfter = to;
      return this;
    }

    Spec serial(BigInteger s) {
      this.serial = s;
      return this;
    }

    Spec ca(boolean isCa) {
      this.ca = isCa;
      this.keyUsage = isCa ? KU_CA : KU_LEAF;
      return this;
    }

    Spec usage(KeyPurposeId... purposes) {
      extendedKeyUsage.addAll(List.of(purposes));
      return this;
    }

    Spec dns(String... names) {
      dns.addAll(List.of(names));
      return this;
    }

    Spec ips(String... addresses) {
      ips.addAll(List.of(addresses));
      return this;
    }

    Spec sha1(boolean useSha1) {
      this.sha1 = useSha1;
      return this;
    }

    X509CertificateHolder build() {
      try {
        X509v3CertificateBuilder b =
            new X509v3CertificateBuilder(
                issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        if (!extendedKeyUsage.isEmpty()) {
          b.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(extendedKeyUsage.toArray(new KeyPurposeId[0])));
        }
        if (ca != null) {
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        }
        if (Boolean.TRUE.equals(ca)) {
          b.addExtension(
              Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
        }
        if (issuerKey != null && !issuer.equals(subject)) {
          b.addExtension(
              Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKey));
        }
        if (!dns.isEmpty() || !ips.isEmpty()) {
          List<GeneralName> names = new ArrayList<>();
          dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
          ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
          b.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(names.toArray(new GeneralName[0])));
        }
        return b.build(signer(signingKey, sha1));
      } catch (CertIOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static ContentSigner signer(AsymmetricKeyParameter key, boolean sha1) {
    if (key instanceof RSAKeyParameters rsa) {
      return new Pkcs1Signer(rsa, sha1);
    }
    if (key instanceof ECPrivateKeyParameters && !sha1) {
      return new DeterministicEcdsaSigner((ECPrivateKeyParameters) key);
    }
    throw new IllegalArgumentException("unsupported demo signing key " + key.getClass());
  }

  /**
   * RSA PKCS#1 v1.5 signatures without blinding: the output is the same either way, and blinding (a
   * modular inverse per signature) is a fifth of the cost of signing ten thousand node
   * certificates. Blinding protects a private key from timing attacks; these are public demo keys.
   */
  private static final class Pkcs1Signer implements ContentSigner {
    private final RSAKeyParameters key;
    private final boolean sha1;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    Pkcs1Signer(RSAKeyParameters key, boolean sha1) {
      this.key = key;
      this.sha1 = sha1;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new AlgorithmIdentifier(
          sha1
              ? PKCSObjectIdentifiers.sha1WithRSAEncryption
              : PKCSObjectIdentifiers.sha256WithRSAEncryption,
          DERNull.INSTANCE);
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      Digest d = sha1 ? new SHA1Digest() : new SHA256Digest();
      byte[] data = tbs.toByteArray();
      d.update(data, 0, data.length);
      byte[] hash = new byte[d.getDigestSize()];
      d.doFinal(hash, 0);
      try {
        byte[] info =
            new DigestInfo(
                    new AlgorithmIdentifier(
                        sha1 ? OIWObjectIdentifiers.idSHA1 : NISTObjectIdentifiers.id_sha256,
                        DERNull.INSTANCE),
                    hash)
                .getEncoded("DER");
        PKCS1Encoding rsa = new PKCS1Encoding(new RSAEngine());
        rsa.init(true, key);
        return rsa.processBlock(info, 0, info.length);
      } catch (IOException | InvalidCipherTextException e) {
        throw new IllegalStateException("RSA signing of a demo certificate failed", e);
      }
    }
  }

  /** ECDSA with SHA-256 and RFC 6979 nonces, so that signatures are reproducible. */
  private static final class DeterministicEcdsaSigner implements ContentSigner {
    private final ECPrivateKeyParameters key;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    DeterministicEcdsaSigner(ECPrivateKeyParameters key) {
      this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new AlgorithmIdentifier(
          new ASN1ObjectIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256.getId()));
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      SHA256Digest d = new SHA256Digest();
      byte[] data = tbs.toByteArray();
      d.update(data, 0, data.length);
      byte[] hash = new byte[d.getDigestSize()];
      d.doFinal(hash, 0);
      ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      s.init(true, key);
      BigInteger[] rs = s.generateSignature(hash);
      try {
        return StandardDSAEncoding.INSTANCE.encode(key.getParameters().getN(), rs[0], rs[1]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** PEM text of one or more DER blocks of {@code type}, with LF line ends on every platform. */
  static String pem(String type, byte[]... ders) {
    StringBuilder sb = new StringBuilder();
    Base64.Encoder enc = Base64.getMimeEncoder(64, new byte[] {'\n'});
    for (byte[] der : ders) {
      sb.append("-----BEGIN ").append(type).append("-----\n");
      sb.append(enc.encodeToString(der)).append('\n');
      sb.append("-----END ").append(type).append("-----\n");
    }
    return sb.toString();
  }

  static String pem(X509CertificateHolder... certs) {
    byte[][] ders = new byte[certs.length][];
    for (int i = 0; i < certs.length; i++) {
      ders[i] = der(certs[i]);
    }
    return pem("CERTIFICATE", ders);
  }

  static byte[] der(org.bouncycastle.asn1.ASN1Object o) {
    try {
      return o.getEncoded("DER");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] der(X509CertificateHolder c) {
    try {
      return c.getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base64 of the PEM text, as kubeconfigs and cloud APIs embed certificates. */
  static String pemBase64(X509CertificateHolder... certs) {
    return Base64.getEncoder().encodeToString(pem(certs).getBytes(StandardCharsets.US_ASCII));
  }
}
