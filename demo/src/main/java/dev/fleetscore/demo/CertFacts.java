package dev.fleetscore.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;

/**
 * Lists a written certificate's defects by reading the certificate itself (dates against the
 * snapshot, key size, signature algorithm, CA flag, and the signature checked against the CA it
 * claims), so the manifest states what is in the file, not what the generator meant to put there.
 */
final class CertFacts {

  /** Certificates expiring within this many days of the snapshot count as expiring soon. */
  static final int EXPIRING_DAYS = 30;

  private CertFacts() {}

  static void inspect(
      NodeContext n,
      String path,
      X509CertificateHolder cert,
      ClusterPki.Ca claimedCa,
      String claimedCaPath,
      boolean leaf) {
    String subject = cert.getSubject().toString();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (notAfter.isBefore(n.snapshot)) {
      n.plant(
          PlantedItem.of(
              Planted.CERT_EXPIRED,
              "path",
              path,
              "subject",
              subject,
              "not_after",
              notAfter.toString()));
    } else if (notAfter.isBefore(n.snapshot.plus(EXPIRING_DAYS, ChronoUnit.DAYS))) {
      n.plant(
          PlantedItem.of(
              Planted.CERT_EXPIRING_SOON,
              "path",
              path,
              "subject",
              subject,
              "not_after",
              notAfter.toString()));
    }
    int bits = rsaBits(cert.getSubjectPublicKeyInfo());
    if (bits > 0 && bits < 2048) {
      n.plant(
          PlantedItem.of(
              Planted.CERT_RSA_1024,
              "path",
              path,
              "subject",
              subject,
              "bits",
              String.valueOf(bits)));
    }
    var alg = cert.getSignatureAlgorithm().getAlgorithm();
    if (alg.equals(PKCSObjectIdentifiers.sha1WithRSAEncryption)
        || alg.equals(X9ObjectIdentifiers.ecdsa_with_SHA1)
        || alg.equals(X509ObjectIdentifiers.id_SHA1)) {
      n.plant(
          PlantedItem.of(
              Planted.CERT_SHA1_SIGNATURE,
              "path",
              path,
              "subject",
              subject,
              "signature_algorithm",
              "SHA1WITHRSA"));
    }
    BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
    if (leaf && bc != null && bc.isCA()) {
      n.plant(PlantedItem.of(Planted.CERT_LEAF_IS_CA, "path", path, "subject", subject));
    }
    if (claimedCa != null && !signedBy(cert, claimedCa.cert())) {
      n.plant(
          PlantedItem.of(
              Planted.CERT_NOT_SIGNED_BY_CLAIMED_CA,
              "path",
              path,
              "subject",
              subject,
              "issuer",
              cert.getIssuer().toString(),
              "claimed_ca_path",
              claimedCaPath));
    }
  }

  static int rsaBits(SubjectPublicKeyInfo spki) {
    try {
      return PublicKeyFactory.createKey(spki) instanceof RSAKeyParameters rsa
          ? rsa.getModulus().bitLength()
          : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder ca) {
    try {
      ContentVerifierProvider v =
          rsaBits(ca.getSubjectPublicKeyInfo()) > 0
              ? new BcRSAContentVerifierProviderBuilder(
                      new DefaultDigestAlgorithmIdentifierFinder())
                  .build(ca)
              : new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                  .build(ca);
      return cert.isSignatureValid(v);
    } catch (OperatorCreationException | CertException e) {
      return false;
    }
  }
}
