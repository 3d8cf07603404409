package dev.fleetscore.evidence;

import dev.fleetscore.common.UserError;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Collection;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;

/**
 * CMS (PKCS#7) detached signatures over a manifest, with BouncyCastle, as {@code openssl cms
 * -verify} reads them. The signature is deterministic: no signing-time attribute, RSA PKCS#1 v1.5
 * or deterministic ECDSA (RFC 6979) or Ed25519, DER encoding; so the same manifest and key give the
 * same signature bytes and the bundle reproduces byte for byte.
 */
final class Crypto {

  private Crypto() {}

  /** A private provider instance: nothing is registered JVM-wide. */
  static final Provider BC = new BouncyCastleProvider();

  /** The signature algorithm for a key: SHA-256 with RSA, deterministic ECDSA, or Ed25519. */
  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new UserError(
              "unsupported signing key algorithm " + key.getAlgorithm() + " (RSA, EC or Ed25519)");
    };
  }

  /**
   * A content signer for the key. Deterministic ECDSA is BouncyCastle's "ECDDSA"; its signatures
   * are ordinary ecdsa-with-SHA256 values, so the algorithm identifier says exactly that.
   */
  static ContentSigner contentSigner(PrivateKey key) throws OperatorCreationException {
    String alg = signatureAlgorithm(key);
    if (!alg.equals("SHA256withECDDSA")) {
      return new JcaContentSignerBuilder(alg).setProvider(BC).build(key);
    }
    // BouncyCastle's algorithm-identifier finder does not know the deterministic name, so the
    // signer is assembled here around the provider's SHA256withECDDSA signature.
    java.security.Signature sig;
    try {
      sig = java.security.Signature.getInstance(alg, BC);
      sig.initSign(key);
    } catch (java.security.GeneralSecurityException e) {
      throw new OperatorCreationException("cannot create " + alg, e);
    }
    AlgorithmIdentifier id = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    java.io.OutputStream feed =
        new java.io.OutputStream() {
          @Override
          public void write(int b) throws java.io.IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws java.io.IOException {
            try {
              sig.update(b, off, len);
            } catch (java.security.SignatureException e) {
              throw new java.io.IOException(e);
            }
          }
        };
    return new ContentSigner() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return id;
      }

      @Override
      public java.io.OutputStream getOutputStream() {
        return feed;
      }

      @Override
      public byte[] getSignature() {
        try {
          return sig.sign();
        } catch (java.security.SignatureException e) {
          throw new org.bouncycastle.operator.RuntimeOperatorException("cannot sign", e);
        }
      }
    };
  }

  /** Signed attributes without signingTime, so the signature depends only on its inputs. */
  private static final class NoSigningTime implements CMSAttributeTableGenerator {
    private final DefaultSignedAttributeTableGenerator standard =
        new DefaultSignedAttributeTableGenerator(new AttributeTable(new ASN1EncodableVector()));

    @Override
    public AttributeTable getAttributes(@SuppressWarnings("rawtypes") java.util.Map params) {
      @SuppressWarnings("unchecked")
      AttributeTable t = standard.getAttributes(params);
      return t.remove(CMSAttributes.signingTime);
    }
  }

  /** A DER-encoded detached CMS SignedData over {@code content}, with the signer certificate. */
  static byte[] signDetached(byte[] content, SigningIdentity id) {
    try {
      ContentSigner signer = contentSigner(id.key());
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      gen.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(
                  new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
              .setSignedAttributeGenerator(new NoSigningTime())
              .build(signer, id.certificate()));
      gen.addCertificate(id.certificate());
      CMSSignedData sd = gen.generate(new CMSProcessableByteArray(content), false);
      return sd.getEncoded("DER");
    } catch (OperatorCreationException | CMSException | java.io.IOException e) {
      throw new IllegalStateException("cannot sign the manifest", e);
    }
  }

  /**
   * What a signature check found.
   *
   * @param valid the one signer's signature verifies over the content with its certificate
   * @param signer the signer's certificate, or null when none could be read
   * @param problem why it is not valid, or null
   */
  record Check(boolean valid, X509CertificateHolder signer, String problem) {}

  /** Verifies a detached CMS signature over {@code content}. */
  static Check verifyDetached(byte[] content, byte[] signature) {
    CMSSignedData sd;
    try {
      sd = new CMSSignedData(new CMSProcessableByteArray(content), signature);
    } catch (CMSException | RuntimeException e) {
      return new Check(false, null, "not a CMS signature: " + e.getMessage());
    }
    Store<X509CertificateHolder> certs = sd.getCertificates();
    Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
    if (signers.size() != 1) {
      // A second signer would make "who signed" ambiguous; a bundle has exactly one.
      return new Check(
          false,
          null,
          "the signature has " + signers.size() + " signers; a bundle has exactly one");
    }
    X509CertificateHolder first = null;
    for (SignerInformation si : signers) {
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> match = certs.getMatches(si.getSID());
      if (match.isEmpty()) {
        return new Check(false, null, "the signature does not carry its signer's certificate");
      }
      X509CertificateHolder cert = match.iterator().next();
      if (first == null) {
        first = cert;
      }
      try {
        if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert))) {
          return new Check(false, cert, "the signature does not match the manifest");
        }
      } catch (CMSException
          | OperatorCreationException
          | java.security.cert.CertificateException e) {
        return new Check(
            false, cert, "the signature does not match the manifest: " + e.getMessage());
      }
    }
    return new Check(true, first, null);
  }
}
