package dev.fleetscore.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.evidence.EvidenceVerifier.Outcome;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle tampered with in the ways an attacker would, checked by fleetscore and by the README.txt
 * procedure run literally (its commands as the generated file writes them, through bash): a bundle
 * re-signed by another key, with the real signer.pem and the manifest still naming the real signer;
 * an added file (hidden, too); a removed file; one changed byte; and a symbolic link.
 */
class EvidenceTamperingTest {

  @TempDir static Path tmp;

  static Path good;
  static Path trusted;
  static SigningIdentity real;
  static SigningIdentity attacker;

  @BeforeAll
  static void build() {
    real = SigningIdentity.generate("CN=Audit Signer", Duration.ofDays(30), "ec");
    attacker = SigningIdentity.generate("CN=Audit Signer", Duration.ofDays(30), "ec");
    trusted = tmp.resolve("trusted/signer.pem");
    real.write(tmp.resolve("trusted/signer.key"), trusted);
    good =
        EvidenceBundle.build(
                new EvidenceBundle.Request(
                    Fixtures.realistic().warehouse(),
                    FleetFixture.LAST,
                    List.of(Fixtures.realistic().rules()),
                    null,
                    real,
                    tmp.resolve("out")))
            .folder();
  }

  private static Path copy(String name) throws IOException {
    Path to = tmp.resolve("cases").resolve(name);
    try (Stream<Path> s = Files.walk(good)) {
      for (Path p : s.sorted().toList()) {
        Path t = to.resolve(good.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  private static Path firstTable(Path bundle) throws IOException {
    try (Stream<Path> s = Files.walk(bundle.resolve("tables"))) {
      return s.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
  }

  private static void flipByte(Path f) throws IOException {
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 1;
    Files.write(f, b);
  }

  /**
   * What an attacker without the real key does: re-hash every file into the manifest and re-sign it
   * and SHA256SUMS with their own key. With {@code ownCertificate} the bundle also carries the
   * attacker's certificate and names it in the manifest (fully self-consistent); without, the real
   * signer.pem and the real {@code signer_sha256} stay in place.
   */
  private static void resign(Path bundle, boolean ownCertificate) throws IOException {
    ObjectNode m = (ObjectNode) Manifest.parse(Files.readAllBytes(bundle.resolve(Manifest.FILE)));
    if (ownCertificate) {
      Files.write(bundle.resolve("signer.pem"), SigningIdentity.pem(attacker.certificate()));
      ((ObjectNode) m.get("signature")).put("signer_sha256", attacker.fingerprint());
    }
    for (JsonNode f : m.get("files")) {
      Path p = bundle.resolve(f.get("path").asText());
      ((ObjectNode) f).put("bytes", Files.size(p));
      ((ObjectNode) f).put("sha256", Hashing.file(p));
    }
    EvidenceBundle.seal(bundle, Manifest.bytes(m), attacker);
  }

  record Shell(int code, String out) {}

  /** The README.txt procedure: the indented lines of its section, each required to succeed. */
  private static Shell readmeProcedure(Path bundle) throws Exception {
    return readmeProcedure(bundle, trusted);
  }

  private static Shell readmeProcedure(Path bundle, Path trustedCert) throws Exception {
    List<String> lines = Files.readAllLines(bundle.resolve("README.txt"), StandardCharsets.UTF_8);
    int start = 0;
    while (!lines.get(start).startsWith(EvidenceBundle.PROCEDURE)) {
      start++;
    }
    List<String> commands = new ArrayList<>();
    boolean inBlock = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("  ")) {
        inBlock = true;
        commands.add(line);
      } else if (inBlock && !line.isBlank()) {
        break;
      }
    }
    assertEquals(5, commands.size(), "two commands, of three and two lines: " + commands);
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", "set -e\n" + String.join("\n", commands) + "\n")
            .directory(bundle.toFile())
            .redirectErrorStream(true);
    pb.environment().put("TRUSTED", trustedCert.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Shell(p.waitFor(), out);
  }

  private static void assumeTools() throws Exception {
    for (String tool : List.of("bash", "openssl", "sha256sum", "find", "sort", "xargs", "diff")) {
      Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
      assumeTrue(which.waitFor() == 0, tool + " is not installed");
    }
  }

  private static String problems(EvidenceVerifier.Result r) {
    return String.join("\n", r.problems());
  }

  @Test
  void goodBundlePassesTheReadmeProcedureAndIsVerifiedOnlyWhenPinned() throws Exception {
    assumeTools();
    Shell sh = readmeProcedure(copy("good"));
    assertEquals(0, sh.code(), sh.out());
    assertTrue(sh.out().contains("Verification successful"), sh.out());
    assertEquals(Outcome.VERIFIED, EvidenceVerifier.verify(good, trusted).outcome());
    assertEquals(Outcome.UNPINNED, EvidenceVerifier.verify(good, null).outcome());
  }

  /** A signer certificate issued by a CA (as in production) is pinned by itself too. */
  @Test
  void caIssuedSignerIsPinnedByItsOwnCertificate() throws Exception {
    assumeTools();
    Path ca = tmp.resolve("ca");
    Files.createDirectories(ca);
    String script =
        "set -e\n"
            + "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
            + " -keyout ca.key -out ca.pem -subj /CN=Test-CA -days 5\n"
            + "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
            + " -keyout leaf.key -out leaf.csr -subj /CN=Audit-Signer\n"
            + "openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial"
            + " -out leaf.pem -days 5\n";
    Process p =
        new ProcessBuilder("bash", "-c", script)
            .directory(ca.toFile())
            .redirectErrorStream(true)
            .start();
    String made = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), made);
    SigningIdentity leaf = SigningIdentity.load(ca.resolve("leaf.key"), ca.resolve("leaf.pem"));
    Path b =
        EvidenceBundle.build(
                new EvidenceBundle.Request(
                    Fixtures.realistic().warehouse(),
                    FleetFixture.LAST,
                    List.of(Fixtures.realistic().rules()),
                    null,
                    leaf,
                    tmp.resolve("ca-out")))
            .folder();
    Shell sh = readmeProcedure(b, ca.resolve("leaf.pem"));
    assertEquals(0, sh.code(), sh.out());
    assertEquals(Outcome.VERIFIED, EvidenceVerifier.verify(b, ca.resolve("leaf.pem")).outcome());
    Shell other = readmeProcedure(b, trusted);
    assertNotEquals(0, other.code(), "another certificate is not accepted: " + other.out());
  }

  @Test
  void resignedWithTheRealSignerPemLeftInPlaceFailsEvenWithoutATrustedCertificate()
      throws Exception {
    Path b = copy("resigned");
    flipByte(firstTable(b));
    resign(b, false);

    EvidenceVerifier.Result unpinned = EvidenceVerifier.verify(b, null);
    assertEquals(Outcome.FAILED, unpinned.outcome(), "the signers disagree");
    String p = problems(unpinned);
    assertTrue(
        p.contains("manifest.json.p7s: signed by CN=Audit Signer (sha256 " + attacker.fingerprint())
            && p.contains("names the signer sha256 " + real.fingerprint()),
        p);
    assertTrue(p.contains("SHA256SUMS.p7s: signed by"), p);
    assertEquals(Outcome.FAILED, EvidenceVerifier.verify(b, trusted).outcome());

    assumeTools();
    Shell sh = readmeProcedure(b);
    assertNotEquals(0, sh.code(), sh.out());
    assertTrue(sh.out().contains("Verification failure"), sh.out());
  }

  @Test
  void consistentlyResignedBundleIsNeverVerified() throws Exception {
    Path b = copy("resigned-own-cert");
    flipByte(firstTable(b));
    resign(b, true);

    assertEquals(
        Outcome.UNPINNED,
        EvidenceVerifier.verify(b, null).outcome(),
        "self-consistent, so only a pinned certificate can tell: never VERIFIED without one");
    EvidenceVerifier.Result pinned = EvidenceVerifier.verify(b, trusted);
    assertEquals(Outcome.FAILED, pinned.outcome());
    assertTrue(problems(pinned).contains("not by the trusted certificate"), problems(pinned));

    assumeTools();
    Shell sh = readmeProcedure(b);
    assertNotEquals(0, sh.code(), sh.out());
    assertTrue(sh.out().contains("Verification failure"), sh.out());
  }

  @Test
  void addedFilesAreCaught() throws Exception {
    for (String added : List.of("tables/notes.txt", ".hidden", "rules/x/SHA256SUMS")) {
      Path b = copy("added-" + added.replace('/', '_'));
      Files.createDirectories(b.resolve(added).getParent());
      Files.writeString(b.resolve(added), "planted\n");

      EvidenceVerifier.Result r = EvidenceVerifier.verify(b, trusted);
      assertEquals(Outcome.FAILED, r.outcome(), added);
      assertTrue(
          problems(r).contains(added + ": in the bundle but not listed in the manifest"),
          problems(r));
      assertTrue(
          problems(r).contains(added + ": in the bundle but not listed in SHA256SUMS"),
          problems(r));

      assumeTools();
      Shell sh = readmeProcedure(b);
      assertEquals(1, sh.code(), sh.out());
      assertTrue(sh.out().contains("> "), sh.out());
      assertTrue(sh.out().contains("  ./" + added), sh.out());
    }
  }

  @Test
  void removedFileIsCaught() throws Exception {
    Path b = copy("removed");
    Path victim = firstTable(b);
    String rel = b.relativize(victim).toString();
    Files.delete(victim);

    EvidenceVerifier.Result r = EvidenceVerifier.verify(b, trusted);
    assertEquals(Outcome.FAILED, r.outcome());
    assertTrue(problems(r).contains(rel + ": missing from the bundle"), problems(r));
    assertTrue(
        problems(r).contains(rel + ": listed in SHA256SUMS but missing from the bundle"),
        problems(r));

    assumeTools();
    Shell sh = readmeProcedure(b);
    assertEquals(1, sh.code(), sh.out());
    assertTrue(sh.out().contains("< "), sh.out());
    assertTrue(sh.out().contains("  ./" + rel), sh.out());
  }

  @Test
  void changedByteIsCaught() throws Exception {
    Path b = copy("changed");
    Path victim = firstTable(b);
    String rel = b.relativize(victim).toString();
    flipByte(victim);

    EvidenceVerifier.Result r = EvidenceVerifier.verify(b, trusted);
    assertEquals(Outcome.FAILED, r.outcome());
    assertTrue(problems(r).contains(rel + ": content changed"), problems(r));

    assumeTools();
    Shell sh = readmeProcedure(b);
    assertEquals(1, sh.code(), sh.out());
    assertTrue(sh.out().contains("< " + Hashing.file(good.resolve(rel))), sh.out());
    assertTrue(sh.out().contains("> " + Hashing.file(victim)), sh.out());
  }

  @Test
  void symbolicLinkIsCaught() throws Exception {
    Path b = copy("symlink");
    Files.createSymbolicLink(b.resolve("report/link"), b.resolve("signer.pem"));

    EvidenceVerifier.Result r = EvidenceVerifier.verify(b, trusted);
    assertEquals(Outcome.FAILED, r.outcome());
    assertTrue(problems(r).contains("report/link: not a regular file"), problems(r));

    assumeTools();
    Shell sh = readmeProcedure(b);
    assertEquals(1, sh.code(), sh.out());
    assertTrue(sh.out().contains("  ./report/link"), sh.out());
  }
}
