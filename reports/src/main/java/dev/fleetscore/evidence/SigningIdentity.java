package dev.fleetscore.evidence;

import dev.fleetscore.common.UserError;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A signing key and its X.509 certificate, read from PEM files, or made by {@link #generate} for
 * trying evidence bundles out. The private key is only ever held in memory and written by {@code
 * keygen} to a file readable by its owner alone; it never reaches a bundle or a log.
 *
 * @param key the private key
 * @param certificate the certificate whose public key matches it
 */
public record SigningIdentity(PrivateKey key, X509CertificateHolder certificate) {

  /** Loads a PEM private key (PKCS#8, or a traditional RSA/EC key) and a PEM certificate. */
  public static SigningIdentity load(Path keyFile, Path certFile) {
    return load(keyFile, certFile, null);
  }

  /**
   * As {@link #load(Path, Path)}; an encrypted PKCS#8 key ({@code BEGIN ENCRYPTED PRIVATE KEY}) is
   * decrypted with {@code password}. The password is never part of a message.
   */
  public static SigningIdentity load(Path keyFile, Path certFile, char[] password) {
    X509CertificateHolder cert = readCertificate(certFile);
    PrivateKey key = readKey(keyFile, password);
    SigningIdentity id = new SigningIdentity(key, cert);
    if (!id.keyMatchesCertificate()) {
      throw new UserError(
          "the key "
              + keyFile
              + " does not belong to the certificate "
              + certFile
              + " (their public keys differ)");
    }
    return id;
  }

  static X509CertificateHolder readCertificate(Path certFile) {
    Object o = readPem(certFile, "certificate");
    if (!(o instanceof X509CertificateHolder c)) {
      throw new UserError(certFile + " is not a PEM certificate (BEGIN CERTIFICATE)");
    }
    return c;
  }

  private static PrivateKey readKey(Path keyFile, char[] password) {
    Object o = readPem(keyFile, "private key");
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(Crypto.BC);
    try {
      if (o instanceof PKCS8EncryptedPrivateKeyInfo enc && password != null) {
        try {
          return conv.getPrivateKey(
              enc.decryptPrivateKeyInfo(
                  new JceOpenSSLPKCS8DecryptorProviderBuilder()
                      .setProvider(Crypto.BC)
                      .build(password)));
        } catch (OperatorCreationException | PKCSException e) {
          throw new UserError(
              keyFile + ": cannot decrypt the private key (wrong --key-password?)", e);
        }
      }
      if (o instanceof PEMKeyPair kp) {
        return conv.getPrivateKey(kp.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo pki) {
        return conv.getPrivateKey(pki);
      }
    } catch (IOException e) {
      throw new UserError(keyFile + ": unusable private key: " + e.getMessage(), e);
    }
    if (o instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new UserError(
          keyFile
              + " is an encrypted private key: give its password (--key-password, or"
              + " evidence.key-password in fleetscore.yaml)");
    }
    throw new UserError(keyFile + " is not a PEM private key");
  }

  /** A PEM certificate held in memory (a bundle's signer.pem read from its archive). */
  static X509CertificateHolder parseCertificate(byte[] pem) {
    try {
      Object o = readPem(new java.io.StringReader(new String(pem, StandardCharsets.US_ASCII)));
      if (o instanceof X509CertificateHolder c) {
        return c;
      }
    } catch (IOException e) {
      throw new UserError("not a PEM certificate: " + e.getMessage(), e);
    }
    throw new UserError("not a PEM certificate (BEGIN CERTIFICATE)");
  }

  private static Object readPem(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("no " + what + " file at " + file);
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      Object o = readPem(r);
      if (o == null) {
        throw new UserError(file + " holds no PEM object (expected a " + what + ")");
      }
      return o;
    } catch (IOException e) {
      // The message of a PEM parse error never contains key material, only the structure.
      throw new UserError(file + ": cannot read the " + what + ": " + e.getMessage(), e);
    }
  }

  private static Object readPem(Reader r) throws IOException {
    try (PEMParser p = new PEMParser(r)) {
      return p.readObject();
    }
  }

  boolean keyMatchesCertificate() {
    try {
      java.security.PublicKey certKey =
          new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
              .setProvider(Crypto.BC)
              .getCertificate(certificate)
              .getPublicKey();
      byte[] probe = "fleetscore key check".getBytes(StandardCharsets.US_ASCII);
      String alg = Crypto.signatureAlgorithm(key);
      java.security.Signature s = java.security.Signature.getInstance(alg, Crypto.BC);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      java.security.Signature v = java.security.Signature.getInstance(alg, Crypto.BC);
      v.initVerify(certKey);
      v.update(probe);
      return v.verify(sig);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  /** The SHA-256 fingerprint of the certificate, as colon-free lowercase hex. */
  public String fingerprint() {
    return fingerprint(certificate);
  }

  static String fingerprint(X509CertificateHolder c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  /**
   * A fresh key pair (RSA 3072 or EC P-256) and a self-signed certificate for it, valid from now
   * for {@code validity}, usable as a CMS signer and as its own trust anchor (CA, digital
   * signature, certificate signing, e-mail protection purpose) so that {@code openssl cms -verify
   * -CAfile cert.pem} accepts it.
   */
  public static SigningIdentity generate(String subject, Duration validity, String algorithm) {
    try {
      KeyPairGenerator g;
      if ("ec".equals(algorithm)) {
        g = KeyPairGenerator.getInstance("EC", Crypto.BC);
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      } else if ("rsa".equals(algorithm)) {
        g = KeyPairGenerator.getInstance("RSA", Crypto.BC);
        g.initialize(3072, new SecureRandom());
      } else {
        throw new UserError("unknown key algorithm '" + algorithm + "' (rsa or ec)");
      }
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name(subject);
      Instant now = Instant.now();
      BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              serial,
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              name,
              kp.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyCertSign));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {
                KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_codeSigning
              }));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      ContentSigner signer = Crypto.contentSigner(kp.getPrivate());
      return new SigningIdentity(kp.getPrivate(), b.build(signer));
    } catch (IllegalArgumentException e) {
      throw new UserError("bad certificate subject '" + subject + "': " + e.getMessage(), e);
    } catch (java.security.GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate a signing identity", e);
    }
  }

  /**
   * Writes the key (PKCS#8 PEM, owner read/write only where the file system has POSIX permissions)
   * and the certificate (PEM). Refuses to replace existing files.
   */
  public void write(Path keyFile, Path certFile) {
    for (Path p : List.of(keyFile, certFile)) {
      if (Files.exists(p)) {
        throw new UserError(p + " already exists; not replacing it");
      }
    }
    try {
      if (keyFile.getParent() != null) {
        Files.createDirectories(keyFile.getParent());
      }
      if (certFile.getParent() != null) {
        Files.createDirectories(certFile.getParent());
      }
      byte[] keyPem = pem(PrivateKeyInfo.getInstance(key.getEncoded()));
      try {
        Files.createFile(
            keyFile,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(keyFile);
      }
      Files.write(keyFile, keyPem, StandardOpenOption.TRUNCATE_EXISTING);
      Arrays.fill(keyPem, (byte) 0);
      Files.write(certFile, pem(certificate), StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new UserError(e.getFile() + " already exists; not replacing it", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the signing identity", e);
    }
  }

  static byte[] pem(Object o) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o);
    }
    return sw.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    // Never print the key, even by accident.
    return "SigningIdentity[" + certificate.getSubject() + ", sha256=" + fingerprint() + "]";
  }
}
