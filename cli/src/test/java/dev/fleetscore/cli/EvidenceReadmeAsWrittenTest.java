package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle's README.txt, run as written: the openssl and coreutils procedure and the {@code
 * fleetscore evidence verify} line are read from the generated file and run by bash in the bundle
 * folder ({@code fleetscore} being this build's CLI in a fresh JVM), on a fresh bundle and on
 * tampered copies. Both ways must agree: exit 0 for the good bundle, a failure naming the problem
 * (fleetscore: exit 5) for each tampered copy, and fleetscore never prints a success line next to a
 * failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceReadmeAsWrittenTest {

  @TempDir static Path tmp;

  /** The bundle under test (never changed: every case works on a copy). */
  Path good;

  Path trusted;
  Path other;

  /** Builds {@link #good}, signed by {@link #trusted}; {@link #other} is another identity. */
  @BeforeAll
  void build() {
    String wh = Fixtures.realistic().warehouse().toString();
    // The fixture snapshot has no run lineage, so the packs it was scored with are named.
    String rules = Fixtures.realistic().rules().toString();
    for (String who : new String[] {"real", "other"}) {
      Run k =
          FleetscoreCommandTest.run(
              "evidence",
              "keygen",
              "--key",
              tmp.resolve(who + ".key").toString(),
              "--cert",
              tmp.resolve(who + ".pem").toString());
      assertEquals(ExitCodes.OK, k.code(), k.err());
    }
    Run b =
        FleetscoreCommandTest.run(
            "evidence",
            "--warehouse",
            wh,
            "--date",
            FleetFixture.LAST.toString(),
            "--key",
            tmp.resolve("real.key").toString(),
            "--cert",
            tmp.resolve("real.pem").toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--rules",
            rules);
    assertEquals(ExitCodes.OK, b.code(), b.out() + b.err());
    good = tmp.resolve("out/fleetscore-evidence-" + FleetFixture.LAST);
    trusted = tmp.resolve("real.pem");
    other = tmp.resolve("other.pem");
  }

  record Shell(int code, String out) {}

  /** The indented lines of README.txt; the procedure block is the one after its heading. */
  List<String> readme() throws IOException {
    return Files.readAllLines(good.resolve("README.txt"), StandardCharsets.UTF_8);
  }

  /** The openssl + coreutils commands: the first indented block after "Verify with openssl". */
  String procedure() throws IOException {
    List<String> lines = readme();
    int i = 0;
    while (!lines.get(i).startsWith("Verify with openssl and coreutils only")) {
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
    assertTrue(block.get(0).trim().startsWith("openssl cms -verify "), block.toString());
    return String.join("\n", block);
  }

  /** The one README.txt line that runs fleetscore's own check. */
  String fleetscoreLine() throws IOException {
    List<String> found =
        readme().stream().filter(l -> l.startsWith("  fleetscore evidence verify ")).toList();
    assertEquals(1, found.size(), "README.txt names fleetscore evidence verify once: " + found);
    return found.get(0).trim();
  }

  static Shell bash(Path dir, Path trustedCert, String script) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String prelude =
        "set -e\nfleetscore() { \"$FS_JAVA\" -cp \"$FS_CP\" dev.fleetscore.cli.Main \"$@\"; }\n";
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", prelude + script + "\n")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment().put("TRUSTED", trustedCert.toAbsolutePath().toString());
    pb.environment().put("FS_JAVA", java);
    pb.environment().put("FS_CP", System.getProperty("java.class.path"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Shell(p.waitFor(), out);
  }

  static void assumeTool(String tool) throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
    assumeTrue(which.waitFor() == 0, tool + " is not installed: the README procedure is not run");
  }

  Path copy(String name) throws IOException {
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

  /** The first Parquet file of the bundle by path (under tables/, or a snapshot's tables/). */
  static Path firstTable(Path bundle) throws IOException {
    try (Stream<Path> s = Files.walk(bundle)) {
      return s.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
  }

  /** fleetscore's verdict on {@code bundle}; its messages must not contradict each other. */
  Shell fleetscore(Path bundle, Path trustedCert) throws Exception {
    Shell fs = bash(bundle, trustedCert, fleetscoreLine());
    boolean ok = fs.out().contains("bundle verified");
    boolean failed = fs.out().contains("FAILED") || fs.out().contains("NOT verified");
    assertFalse(ok && failed, "verified and failed at once: " + fs.out());
    assertTrue(ok || failed, "a verdict is printed: " + fs.out());
    assertEquals(ok, fs.code() == ExitCodes.OK, fs.out());
    return fs;
  }

  @Test
  void goodBundlePassesBothWays() throws Exception {
    assumeTool("bash");
    Shell fs = fleetscore(good, trusted);
    assertEquals(ExitCodes.OK, fs.code(), fs.out());
    assertTrue(fs.out().contains("bundle verified: intact, signed by the trusted certificate"));
    for (String t : List.of("openssl", "find", "sort", "xargs", "sha256sum", "diff")) {
      assumeTool(t);
    }
    Shell sh = bash(good, trusted, procedure());
    assertEquals(0, sh.code(), sh.out());
    assertTrue(sh.out().contains("Verification successful"), sh.out());
  }

  /** One tampered copy: fleetscore exits 5 naming {@code why}; the README procedure fails too. */
  void tampered(Path b, Path trustedCert, String why, String opensslSays) throws Exception {
    assumeTool("bash");
    Shell fs = fleetscore(b, trustedCert);
    assertEquals(ExitCodes.VERIFICATION, fs.code(), fs.out());
    assertTrue(fs.out().contains(why), "expected '" + why + "' in: " + fs.out());
    assertTrue(fs.out().contains("bundle NOT verified"), fs.out());
    for (String t : List.of("openssl", "find", "sort", "xargs", "sha256sum", "diff")) {
      assumeTool(t);
    }
    Shell sh = bash(b, trustedCert, procedure());
    assertTrue(sh.code() != 0, "openssl + coreutils must disagree with the bundle: " + sh.out());
    assertTrue(sh.out().contains(opensslSays), "expected '" + opensslSays + "' in: " + sh.out());
    assertFalse(sh.out().contains("Verification successful") && sh.code() == 0, sh.out());
  }

  @Test
  void changedByte() throws Exception {
    Path b = copy("changed");
    Path f = firstTable(b);
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 1;
    Files.write(f, bytes);
    String rel = b.relativize(f).toString();
    tampered(b, trusted, "FAILED: " + rel + ": content changed", "> ");
  }

  @Test
  void missingFile() throws Exception {
    Path b = copy("missing");
    Path f = firstTable(b);
    String rel = b.relativize(f).toString();
    Files.delete(f);
    tampered(b, trusted, "FAILED: " + rel + ": missing from the bundle", "< ");
  }

  @Test
  void extraFile() throws Exception {
    Path b = copy("extra");
    // In report/, or in the report/ of the first snapshot's folder of a quarter bundle.
    String rel = b.relativize(firstTable(b)).toString();
    String planted =
        rel.startsWith("tables/")
            ? "report/planted.txt"
            : rel.substring(0, rel.indexOf("tables/")) + "report/planted.txt";
    Files.writeString(b.resolve(planted), "planted\n");
    tampered(
        b, trusted, "FAILED: " + planted + ": in the bundle but not listed in the manifest", "> ");
  }

  @Test
  void swappedSignatures() throws Exception {
    Path b = copy("swapped");
    Path tmpSig = b.resolve("swap.tmp");
    Files.move(b.resolve("SHA256SUMS.p7s"), tmpSig);
    Files.move(b.resolve("manifest.json.p7s"), b.resolve("SHA256SUMS.p7s"));
    Files.move(tmpSig, b.resolve("manifest.json.p7s"));
    tampered(b, trusted, "FAILED: SHA256SUMS: signature check failed", "Verification failure");
  }

  @Test
  void wrongTrustedCertificate() throws Exception {
    Path b = copy("wrong-trust");
    tampered(b, other, "not by the trusted certificate", "Verification failure");
  }

  @Test
  void signerPemReplacedIsNotAcceptedInPlaceOfTheTrustedOne() throws Exception {
    Path b = copy("signer-pem");
    Files.copy(other, b.resolve("signer.pem"), StandardCopyOption.REPLACE_EXISTING);
    // signer.pem is listed in SHA256SUMS, so the diff sees it; fleetscore names it.
    tampered(b, trusted, "FAILED: signer.pem: ", "< ");
  }
}
