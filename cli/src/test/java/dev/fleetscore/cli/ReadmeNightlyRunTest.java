package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscore.demo.DemoFleet;
import dev.fleetscore.demo.FleetSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's nightly run, as written: its {@code fleetscore.yaml} block, its once-only commands
 * and its nightly commands are read from README.md and run by bash, line for line, in a folder
 * holding the demo generator's input for the README's date ({@code ./bin/fleetscore} being this
 * build's CLI in a fresh JVM). The run either succeeds (report and bundle written) or stops at
 * {@code score} with exit 4 and a message naming the file that lists the rejected dumps, which
 * exists.
 */
class ReadmeNightlyRunTest {

  static final Path README = Path.of("../README.md");

  @TempDir Path work;

  /** The fenced block right after the {@code <!-- nightly:NAME -->} marker. */
  static String block(String name) throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    int i = lines.indexOf("<!-- nightly:" + name + " -->");
    assertTrue(i >= 0, "README.md has no nightly:" + name + " marker");
    assertTrue(lines.get(i + 1).startsWith("```"), "a fenced block follows nightly:" + name);
    List<String> out = new ArrayList<>();
    for (String l : lines.subList(i + 2, lines.size())) {
      if (l.startsWith("```")) {
        return String.join("\n", out) + "\n";
      }
      out.add(l);
    }
    throw new AssertionError("unterminated block nightly:" + name);
  }

  record Shell(int code, String out) {}

  Shell bash(String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(work.toFile());
    pb.redirectErrorStream(true);
    pb.environment()
        .put("FS_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pb.environment().put("FS_CP", System.getProperty("java.class.path"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Shell(p.waitFor(), out);
  }

  /** ./bin/fleetscore in the work folder: this build's classes, the launcher's JVM options. */
  void launcher() throws IOException {
    String real = Files.readString(Path.of("../bin/fleetscore"), StandardCharsets.UTF_8);
    List<String> opens = new ArrayList<>();
    Matcher m = Pattern.compile("--add-opens=[A-Za-z0-9./=_-]+").matcher(real);
    while (m.find()) {
      opens.add(m.group());
    }
    assertTrue(opens.size() > 3, "bin/fleetscore's JVM options");
    Path bin = work.resolve("bin/fleetscore");
    Files.createDirectories(bin.getParent());
    Files.writeString(
        bin,
        "#!/bin/sh\nexec \"$FS_JAVA\" -Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
            + String.join(" ", opens)
            + " -cp \"$FS_CP\" dev.fleetscore.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void theNightlyRunAsWrittenSucceedsOrNamesTheRejectedDumps() throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v bash").start();
    assumeTrue(which.waitFor() == 0, "bash is not installed");
    String job = block("job");
    Matcher date = Pattern.compile("(?m)^DATE=(\\d{4}-\\d{2}-\\d{2})$").matcher(job);
    assertTrue(date.find(), "the nightly block sets DATE");
    LocalDate d = LocalDate.parse(date.group(1));
    DemoFleet.write(
        work,
        FleetSpec.of(
            FleetSpec.DEFAULT_CLUSTERS,
            FleetSpec.DEFAULT_NODES_PER_CLUSTER,
            FleetSpec.DEFAULT_SEED,
            d));
    launcher();
    Files.writeString(work.resolve("fleetscore.yaml"), block("config"));

    Shell once = bash(block("once"));
    assertEquals(0, once.code(), once.out());
    assertTrue(once.out().contains("valid"), once.out());

    Shell run = bash(job);
    String out = run.out();
    System.out.println(out);
    assertTrue(out.contains("fleetscore: config " + work.resolve("fleetscore.yaml")), out);
    if (run.code() == 0) {
      assertTrue(Files.exists(work.resolve("report/report.html")), out);
      assertTrue(Files.exists(work.resolve("bundle/fleetscore-evidence-" + d + ".tar.gz")), out);
      return;
    }
    assertEquals(ExitCodes.QUALITY_GATE, run.code(), "only the gate may stop the run: " + out);
    Matcher listed =
        Pattern.compile("(\\S*/_rejected/snapshot_date=" + d + "/[^/\\s]+/quarantine\\.parquet)")
            .matcher(out);
    assertTrue(listed.find(), "the message names where the rejected dumps are listed: " + out);
    Path file = Path.of(listed.group(1));
    assertTrue(Files.size(file) > 0, file.toString());
    assertTrue(Files.exists(file.resolveSibling("summary.json")), file.toString());
    assertTrue(file.startsWith(work.resolve("wh")), "under the configured warehouse: " + file);
    assertTrue(!Files.exists(work.resolve("report")), "the run stopped at score: " + out);
  }
}
