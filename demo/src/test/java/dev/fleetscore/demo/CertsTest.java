package dev.fleetscore.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.Test;

/** The demo PKI's building blocks: reproducible keys and signatures, well-formed PEM. */
class CertsTest {

  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  private static X509CertificateHolder selfSigned(AsymmetricCipherKeyPair key, boolean sha1) {
    var name = Certs.dn("kubeadm:cluster-admins", "kubernetes-admin");
    return new Certs.Spec()
        .subject(name, Certs.spki(key.getPublic()))
        .issuer(name, Certs.spki(key.getPublic()), key.getPrivate())
        .validity(FROM, FROM.plus(365, ChronoUnit.DAYS))
        .serial(Certs.serial(new Random(1)))
        .ca(true)
        .sha1(sha1)
        .build();
  }

  @Test
  void theSameSeedGivesTheSameKeysWithoutTheMemo() {
    AsymmetricCipherKeyPair a = KeyPool.generateRsa(7, 1024, 3);
    AsymmetricCipherKeyPair b = KeyPool.generateRsa(7, 1024, 3);
    assertEquals(
        ((RSAKeyParameters) a.getPublic()).getModulus(),
        ((RSAKeyParameters) b.getPublic()).getModulus());
    assertNotEquals(
        ((RSAKeyParameters) a.getPublic()).getModulus(),
        ((RSAKeyParameters) KeyPool.generateRsa(8, 1024, 3).getPublic()).getModulus());
    assertArrayEquals(
        Certs.der(Certs.spki(KeyPool.generateEc(7, 1).getPublic())),
        Certs.der(Certs.spki(KeyPool.generateEc(7, 1).getPublic())));
  }

  @Test
  void ecdsaSignaturesAreDeterministicAndValid() {
    AsymmetricCipherKeyPair ec = KeyPool.ec(7, 0);
    X509CertificateHolder one = selfSigned(ec, false);
    X509CertificateHolder two = selfSigned(ec, false);
    assertArrayEquals(Certs.der(one), Certs.der(two));
    assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256, one.getSignatureAlgorithm().getAlgorithm());
    assertTrue(CertFacts.signedBy(one, one));
  }

  @Test
  void theUnblindedRsaSignerProducesBouncyCastlesPkcs1Signature() throws Exception {
    AsymmetricCipherKeyPair rsa = KeyPool.rsa(7, 1024, 0);
    X509CertificateHolder cert = selfSigned(rsa, false);
    RSADigestSigner reference = new RSADigestSigner(new SHA256Digest());
    reference.init(true, rsa.getPrivate());
    byte[] tbs = cert.toASN1Structure().getTBSCertificate().getEncoded("DER");
    reference.update(tbs, 0, tbs.length);
    assertArrayEquals(reference.generateSignature(), cert.getSignature());
    assertTrue(CertFacts.signedBy(cert, cert));
  }

  @Test
  void sha1IsUsedOnlyWhenAsked() {
    AsymmetricCipherKeyPair rsa = KeyPool.rsa(7, 1024, 0);
    assertEquals(
        PKCSObjectIdentifiers.sha1WithRSAEncryption,
        selfSigned(rsa, true).getSignatureAlgorithm().getAlgorithm());
    assertEquals(
        PKCSObjectIdentifiers.sha256WithRSAEncryption,
        selfSigned(rsa, false).getSignatureAlgorithm().getAlgorithm());
    assertTrue(CertFacts.signedBy(selfSigned(rsa, true), selfSigned(rsa, true)));
  }

  @Test
  void aCertificateSignedByAnotherKeyFailsVerificationAgainstTheClaimedCa() {
    AsymmetricCipherKeyPair caKey = KeyPool.rsa(7, 1024, 0);
    AsymmetricCipherKeyPair other = KeyPool.rsa(7, 1024, 1);
    X509CertificateHolder ca = selfSigned(caKey, false);
    ClusterPki.Ca claimed = new ClusterPki.Ca(ca.getSubject(), caKey, ca);
    X509CertificateHolder honest =
        ClusterPki.issue(
            claimed,
            Certs.dn(null, "leaf"),
            other.getPublic(),
            FROM,
            FROM.plusSeconds(60),
            new Random(2),
            s -> {});
    X509CertificateHolder liar =
        ClusterPki.issue(
            claimed,
            Certs.dn(null, "leaf"),
            other.getPublic(),
            FROM,
            FROM.plusSeconds(60),
            new Random(2),
            s -> s.issuer(claimed.name(), claimed.spki(), other.getPrivate()));
    assertEquals(ca.getSubject(), liar.getIssuer());
    assertTrue(CertFacts.signedBy(honest, ca));
    assertFalse(CertFacts.signedBy(liar, ca));
  }

  @Test
  void pemHasLfLineEndsAnd64ColumnLinesAndParsesBack() throws Exception {
    X509CertificateHolder cert = selfSigned(KeyPool.ec(7, 0), false);
    String pem = Certs.pem(cert, cert);
    assertFalse(pem.contains("\r"));
    for (String line : pem.split("\n")) {
      assertTrue(line.length() <= 64, line);
    }
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      assertEquals(cert, p.readObject());
      assertEquals(cert, p.readObject());
    }
  }
}
