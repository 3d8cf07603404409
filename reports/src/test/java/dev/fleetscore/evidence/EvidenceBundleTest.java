package dev.fleetscore.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscore.report.LocalLinks;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence bundle as an auditor meets it: verified by fleetscore and by the system's {@code
 * openssl cms -verify}, rejected naming the file when one byte of any file changes, and rebuilt
 * byte for byte from the same tables and key.
 */
class EvidenceBundleTest {

  @TempDir Path tmp;

  private EvidenceBundle.Result build(Path out, SigningIdentity id) {
    Fixtures.Written fx = Fixtures.realistic();
    return EvidenceBundle.build(
        new EvidenceBundle.Request(
            fx.warehouse(), FleetFixture.LAST, List.of(fx.rules()), null, id, out));
  }

  @Test
  void theBundledReportLinksOnlyFilesOfTheBundle() throws Exception {
    SigningIdentity id = SigningIdentity.generate("CN=Audit Test", Duration.ofDays(30), "ec");
    EvidenceBundle.Result r = build(tmp.resolve("out"), id);
    Path html = r.folder().resolve("report/report.html");
    assertEquals(List.of(), LocalLinks.broken(html), "links of the bundle's report");
    assertTrue(
        Files.readString(html).contains("href=\"csv/cluster_compliance.csv\""),
        "the summary CSV files beside the report are linked");
  }

  @Test
  void verifiesWithFleetscoreAndOpenssl() throws Exception {
    SigningIdentity id = SigningIdentity.generate("CN=Audit Test", Duration.ofDays(30), "ec");
    id.write(tmp.resolve("k.pem"), tmp.resolve("c.pem"));
    EvidenceBundle.Result r = build(tmp.resolve("out"), id);
    EvidenceVerifier.Result v = EvidenceVerifier.verify(r.folder(), tmp.resolve("c.pem"));
    assertEquals(EvidenceVerifier.Outcome.VERIFIED, v.outcome(), v.problems().toString());
    assertTrue(v.filesChecked() > 10);
    assertEquals(
        EvidenceVerifier.Outcome.VERIFIED,
        EvidenceVerifier.verify(r.archive(), tmp.resolve("c.pem")).outcome(),
        "the .tar.gz verifies too");
    assertEquals(
        EvidenceVerifier.Outcome.UNPINNED,
        EvidenceVerifier.verify(r.archive(), null).outcome(),
        "without a trusted certificate an intact bundle is not verified");

    Process which = new ProcessBuilder("sh", "-c", "command -v openssl").start();
    assumeTrue(which.waitFor() == 0, "openssl is not installed");
    Process p =
        new ProcessBuilder(
                "openssl",
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                r.folder().resolve("manifest.json.p7s").toString(),
                "-content",
                r.folder().resolve("manifest.json").toString(),
                "-CAfile",
                tmp.resolve("c.pem").toString(),
                "-purpose",
                "any",
                "-out",
                "/dev/null")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("Verification successful"), out);
  }

  @Test
  void oneChangedByteFailsNamingTheFile() throws Exception {
    SigningIdentity id = SigningIdentity.generate("CN=Audit Test", Duration.ofDays(30), "ec");
    EvidenceBundle.Result r = build(tmp.resolve("out"), id);
    Path victim;
    try (Stream<Path> s = Files.walk(r.folder().resolve("tables"))) {
      victim = s.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(victim);
    b[b.length / 2] ^= 1;
    Files.write(victim, b);
    EvidenceVerifier.Result v = EvidenceVerifier.verify(r.folder(), null);
    assertEquals(EvidenceVerifier.Outcome.FAILED, v.outcome());
    String name = r.folder().relativize(victim).toString();
    assertTrue(
        v.problems().stream().anyMatch(x -> x.contains(name)), v.problems() + " names " + name);

    Path manifest = r.folder().resolve("manifest.json");
    EvidenceBundle.Result r2 = build(tmp.resolve("out2"), id);
    byte[] m = Files.readAllBytes(r2.folder().resolve("manifest.json"));
    m[m.length / 2] ^= 1;
    Files.write(r2.folder().resolve("manifest.json"), m);
    assertEquals(
        EvidenceVerifier.Outcome.FAILED,
        EvidenceVerifier.verify(r2.folder(), null).outcome(),
        "a changed manifest breaks the signature");
    assertTrue(Files.exists(manifest));
  }

  @Test
  void sameTablesAndKeyGiveTheSameBundle() {
    SigningIdentity id = SigningIdentity.generate("CN=Audit Test", Duration.ofDays(30), "rsa");
    EvidenceBundle.Result a = build(tmp.resolve("a"), id);
    EvidenceBundle.Result b = build(tmp.resolve("b"), id);
    assertEquals(a.manifestSha256(), b.manifestSha256());
  }
}
