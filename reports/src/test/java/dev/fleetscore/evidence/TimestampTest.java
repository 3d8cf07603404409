package dev.fleetscore.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fleetscore.common.UserError;
import dev.fleetscore.evidence.EvidenceVerifier.Outcome;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tsa-url}: a local RFC 3161 timestamp authority (JDK HttpServer + BouncyCastle's
 * TimeStampTokenGenerator, its certificate issued by a test CA with the critical timeStamping
 * usage) timestamps SHA256SUMS.p7s; fleetscore and README.txt's {@code openssl ts -verify} accept
 * it, and both reject it once the signature is replaced or the authority is not the trusted one.
 */
class TimestampTest {

  @TempDir static Path tmp;

  static HttpServer server;
  static String url;
  static Path tsaCa;
  static Path otherCa;
  static Path trusted;
  static Path bundle;
  static SigningIdentity real;
  static final AtomicLong SERIAL = new AtomicLong(1);

  record Ca(KeyPair keys, X509CertificateHolder cert) {}

  static KeyPair ecKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.BC);
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  static Ca ca(String subject) throws Exception {
    KeyPair kp = ecKeys();
    X500Name name = new X500Name(subject);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(2))),
            name,
            kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new Ca(
        kp,
        b.build(
            new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(Crypto.BC)
                .build(kp.getPrivate())));
  }

  @BeforeAll
  static void start() throws Exception {
    Ca ca = ca("CN=Test TSA Root");
    KeyPair tsaKeys = ecKeys();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            ca.cert().getSubject(),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            new X500Name("CN=Test TSA"),
            tsaKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(
        Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    X509CertificateHolder tsaCert =
        b.build(
            new JcaContentSignerBuilder("SHA256withECDSA")
                .setProvider(Crypto.BC)
                .build(ca.keys().getPrivate()));
    TimeStampTokenGenerator tokens =
        new TimeStampTokenGenerator(
            new JcaSimpleSignerInfoGeneratorBuilder()
                .setProvider(Crypto.BC)
                .build("SHA256withECDSA", tsaKeys.getPrivate(), tsaCert),
            new JcaDigestCalculatorProviderBuilder()
                .build()
                .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
            new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
    tokens.addCertificates(new JcaCertStore(List.of(tsaCert)));
    TimeStampResponseGenerator responses =
        new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);

    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/tsa",
        ex -> {
          try {
            TimeStampRequest req = new TimeStampRequest(ex.getRequestBody().readAllBytes());
            byte[] resp =
                responses
                    .generate(req, BigInteger.valueOf(SERIAL.incrementAndGet()), new Date())
                    .getEncoded();
            ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
            ex.sendResponseHeaders(200, resp.length);
            try (OutputStream o = ex.getResponseBody()) {
              o.write(resp);
            }
          } catch (Exception e) {
            ex.sendResponseHeaders(500, -1);
          } finally {
            ex.close();
          }
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tsa";

    tsaCa = tmp.resolve("tsa-ca.pem");
    Files.write(tsaCa, SigningIdentity.pem(ca.cert()));
    otherCa = tmp.resolve("other-ca.pem");
    Files.write(otherCa, SigningIdentity.pem(ca("CN=Test TSA Root").cert()));

    real = SigningIdentity.generate("CN=Audit Signer", Duration.ofDays(2), "ec");
    trusted = tmp.resolve("signer.pem");
    real.write(tmp.resolve("signer.key"), trusted);
    bundle =
        EvidenceBundle.build(
                new EvidenceBundle.Request(
                    Fixtures.realistic().warehouse(),
                    FleetFixture.LAST,
                    List.of(Fixtures.realistic().rules()),
                    null,
                    real,
                    tmp.resolve("out"),
                    url))
            .folder();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  static Path copy(String name) throws IOException {
    Path to = tmp.resolve("cases").resolve(name);
    try (Stream<Path> s = Files.walk(bundle)) {
      for (Path p : s.sorted().toList()) {
        Path t = to.resolve(bundle.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  record Shell(int code, String out) {}

  /** README.txt's timestamp commands, as written, with TSA_CA set. */
  static Shell readmeTimestamp(Path b, Path ca) throws Exception {
    for (String tool : List.of("bash", "openssl", "grep")) {
      Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
      assumeTrue(which.waitFor() == 0, tool + " is not installed: openssl ts is not run");
    }
    List<String> lines = Files.readAllLines(b.resolve("README.txt"), StandardCharsets.UTF_8);
    int i = 0;
    while (!lines.get(i).startsWith(EvidenceBundle.TIMESTAMP_PROCEDURE)) {
      i++;
    }
    List<String> block = new ArrayList<>();
    for (String line : lines.subList(i + 1, lines.size())) {
      if (line.startsWith("  ")) {
        block.add(line);
      } else if (!block.isEmpty() && !line.isBlank()) {
        break;
      }
    }
    assertTrue(block.get(0).trim().startsWith("openssl ts -verify "), block.toString());
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", "set -e -o pipefail\n" + String.join("\n", block) + "\n")
            .directory(b.toFile())
            .redirectErrorStream(true);
    pb.environment().put("TSA_CA", ca.toAbsolutePath().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Shell(p.waitFor(), out);
  }

  @Test
  void timestampedBundleVerifiesWithFleetscoreAndOpensslTs() throws Exception {
    assertTrue(Files.isRegularFile(bundle.resolve(Timestamps.FILE)));
    EvidenceVerifier.Result r = EvidenceVerifier.verify(bundle, trusted, List.of(tsaCa));
    assertEquals(Outcome.VERIFIED, r.outcome(), String.join("\n", r.problems()));
    assertTrue(
        r.timestamp().contains("by CN=Test TSA, a trusted timestamp authority"), r.timestamp());
    EvidenceVerifier.Result unpinnedTsa = EvidenceVerifier.verify(bundle, trusted);
    assertEquals(Outcome.VERIFIED, unpinnedTsa.outcome());
    assertTrue(unpinnedTsa.timestamp().contains("authority not checked"), unpinnedTsa.timestamp());

    Shell sh = readmeTimestamp(bundle, tsaCa);
    assertEquals(0, sh.code(), sh.out());
    assertTrue(sh.out().contains("Verification: OK"), sh.out());
    assertTrue(sh.out().contains("Time stamp:"), sh.out());
  }

  @Test
  void replacedSignatureFailsTheTimestamp() throws Exception {
    Path b = copy("replaced");
    SigningIdentity other = SigningIdentity.generate("CN=Audit Signer", Duration.ofDays(2), "ec");
    Files.write(
        b.resolve(Checksums.SIGNATURE),
        Crypto.signDetached(Files.readAllBytes(b.resolve(Checksums.FILE)), other));
    EvidenceVerifier.Result r = EvidenceVerifier.verify(b, trusted, List.of(tsaCa));
    assertEquals(Outcome.FAILED, r.outcome());
    assertNull(r.timestamp());
    assertTrue(
        String.join("\n", r.problems())
            .contains(Timestamps.FILE + ": the token timestamps other bytes than SHA256SUMS.p7s"),
        String.join("\n", r.problems()));

    Shell sh = readmeTimestamp(b, tsaCa);
    assertNotEquals(0, sh.code(), sh.out());
    assertTrue(sh.out().contains("Verification: FAILED"), sh.out());
  }

  @Test
  void untrustedAuthorityFails() throws Exception {
    EvidenceVerifier.Result r = EvidenceVerifier.verify(bundle, trusted, List.of(otherCa));
    assertEquals(Outcome.FAILED, r.outcome());
    assertTrue(
        String.join("\n", r.problems()).contains("is neither a trusted TSA certificate nor issued"),
        String.join("\n", r.problems()));
    Shell sh = readmeTimestamp(bundle, otherCa);
    assertNotEquals(0, sh.code(), sh.out());
  }

  @Test
  void missingTimestampFailsWhenAnAuthorityIsTrusted() throws Exception {
    Path b = copy("no-tsr");
    Files.delete(b.resolve(Timestamps.FILE));
    EvidenceVerifier.Result r = EvidenceVerifier.verify(b, trusted, List.of(tsaCa));
    assertEquals(Outcome.FAILED, r.outcome());
    assertTrue(String.join("\n", r.problems()).contains(Timestamps.FILE + ": missing"));
    assertEquals(Outcome.VERIFIED, EvidenceVerifier.verify(b, trusted).outcome());
  }

  @Test
  void unreachableAuthorityIsAClearError() {
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                EvidenceBundle.build(
                    new EvidenceBundle.Request(
                        Fixtures.realistic().warehouse(),
                        FleetFixture.LAST,
                        List.of(Fixtures.realistic().rules()),
                        null,
                        real,
                        tmp.resolve("out-unreachable"),
                        "http://127.0.0.1:1/tsa")));
    assertTrue(e.getMessage().contains("cannot reach the timestamp authority"), e.getMessage());
  }
}
