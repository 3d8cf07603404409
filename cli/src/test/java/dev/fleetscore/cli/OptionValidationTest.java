package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.pipeline.ScoreProgress;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Option values are refused while the command line is parsed (exit 2, nothing written), and a
 * {@code --date} that was never scored (or, for score, never imported) is an error listing the
 * dates there are, for every command that reads a date. Also the score progress line's rate limit
 * and format, on a fake clock.
 */
class OptionValidationTest {

  @TempDir Path tmp;

  static void usage(Run r, String... expected) {
    assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
    }
  }

  @Test
  void kubernetesCollectorsWithNeitherExportsNorKubeconfigSayWhatTheyNeed() {
    String wh = tmp.resolve("wh").toString();
    for (String[] c :
        List.of(
            new String[] {"rbac", "kubectl RBAC exports"},
            new String[] {"inventory", "kubectl node lists"})) {
      Run r = FleetscoreCommandTest.run("collect", c[0], "--warehouse", wh, "--date", "2026-11-22");
      assertEquals(ExitCodes.INPUT, r.code(), r.out() + r.err());
      assertTrue(
          r.err()
              .contains(
                  "collect "
                      + c[0]
                      + " needs --from FILE|DIR ("
                      + c[1]
                      + ") or --kubeconfig K --context NAME=CLUSTER_ID (live API)"),
          r.err());
      assertFalse(Files.exists(tmp.resolve("wh")), "nothing written");
    }
  }

  @Test
  void badValuesAreRefusedBeforeAnyWork() {
    String wh = tmp.resolve("wh").toString();
    String dumps = tmp.toString();
    usage(
        FleetscoreCommandTest.run(
            "collect",
            "import",
            dumps,
            "--warehouse",
            wh,
            "--date",
            "2026-11-22",
            "--label",
            "a/b"),
        "--label",
        "'a/b' is not a label");
    usage(
        FleetscoreCommandTest.run(
            "collect",
            "gke",
            "--from",
            dumps,
            "--warehouse",
            wh,
            "--date",
            "2026-11-22",
            "--collected-at",
            "yesterday"),
        "--collected-at",
        "RFC 3339");
    usage(
        FleetscoreCommandTest.run(
            "collect",
            "eks",
            "--from",
            dumps,
            "--warehouse",
            wh,
            "--date",
            "2026-11-22",
            "--label",
            "Nightly"),
        "--label");
    usage(
        FleetscoreCommandTest.run(
            "score",
            "--warehouse",
            wh,
            "--date",
            "2026-11-22",
            "--runner",
            "flink",
            "--flink-master",
            "::::"),
        "--flink-master",
        "not host:port");
    usage(
        FleetscoreCommandTest.run(
            "evidence",
            "--warehouse",
            wh,
            "--date",
            "2026-11-22",
            "--key",
            "k",
            "--cert",
            "c",
            "--tsa-url",
            "notaurl"),
        "--tsa-url",
        "http(s) URL");
    usage(
        FleetscoreCommandTest.run(
            "evidence",
            "keygen",
            "--key",
            tmp.resolve("k.key").toString(),
            "--cert",
            tmp.resolve("k.pem").toString(),
            "--algorithm",
            "dsa"),
        "--algorithm",
        "rsa, ec");
    usage(FleetscoreCommandTest.run("bench", "--nodes", "10", "--runners", "direct,fast"), "fast");
    usage(FleetscoreCommandTest.run("rules", "list", "--framework", "nope"), "cis-kubernetes-1.12");
    usage(
        FleetscoreCommandTest.run(
            "evidence",
            "keygen",
            "--key",
            tmp.resolve("k.key").toString(),
            "--cert",
            tmp.resolve("k.pem").toString(),
            "--subject",
            ""),
        "--subject",
        "not a distinguished name");
    usage(
        FleetscoreCommandTest.run(
            "collect",
            "inventory",
            "--kubeconfig",
            "kc",
            "--context",
            "prod",
            "--warehouse",
            wh,
            "--date",
            "2026-11-22"),
        "--context",
        "not NAME=CLUSTER_ID");
    usage(
        FleetscoreCommandTest.run(
            "collect", "node", "--cluster", " ", "--warehouse", wh, "--date", "2026-11-22"),
        "--cluster",
        "an empty value");
    usage(
        FleetscoreCommandTest.run(
            "score", "--warehouse", wh, "--date", "2026-11-22", "--snapshot-id", ""),
        "--snapshot-id");
    assertFalse(Files.exists(tmp.resolve("wh")), "no warehouse was created");
    assertFalse(Files.exists(tmp.resolve("k.key")), "no key was written");
  }

  @Test
  void aDateNeverScoredListsTheScoredDates() {
    String wh = Fixtures.realistic().warehouse().toString();
    String never = "2020-01-01";
    String last = FleetFixture.LAST.toString();
    List<Run> runs =
        List.of(
            FleetscoreCommandTest.run(
                "report", "--warehouse", wh, "--date", never, "--out", tmp.resolve("r").toString()),
            FleetscoreCommandTest.run("export", "findings", "--warehouse", wh, "--date", never),
            FleetscoreCommandTest.run(
                "evidence",
                "--warehouse",
                wh,
                "--date",
                never,
                "--key",
                "no.key",
                "--cert",
                "no.pem",
                "--out",
                tmp.resolve("e").toString()));
    for (Run r : runs) {
      assertEquals(ExitCodes.INPUT, r.code(), r.err());
      assertTrue(r.err().contains(never), r.err());
      assertTrue(r.err().contains(last), "lists the scored dates: " + r.err());
    }
    assertFalse(Files.exists(tmp.resolve("r")) || Files.exists(tmp.resolve("e")));
    Run score = FleetscoreCommandTest.run("score", "--warehouse", wh, "--date", never);
    assertEquals(ExitCodes.INPUT, score.code(), score.err());
    assertTrue(score.err().contains("no node_dumps files for snapshot " + never), score.err());
    assertTrue(score.err().contains("dates with node dumps: "), score.err());
    assertTrue(score.err().contains(last), score.err());
  }

  @Test
  void progressLineIsRateLimitedAndEndsWithTheLastReading() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    StringWriter err = new StringWriter();
    ProgressLine terminal = new ProgressLine(new PrintWriter(err), true, now::get);
    now.addAndGet(1_000_000_000L);
    assertTrue(terminal.tick(new ScoreProgress.Reading(1, 8, 100)));
    now.addAndGet(100_000_000L);
    assertFalse(terminal.tick(new ScoreProgress.Reading(2, 8, 200)), "twice a second at most");
    now.addAndGet(ProgressLine.TERMINAL_EVERY_NANOS);
    assertTrue(terminal.tick(new ScoreProgress.Reading(3, 8, 300)));
    terminal.finish(new ScoreProgress.Reading(8, 8, 800));
    String drawn = err.toString();
    assertTrue(drawn.startsWith("\r  scoring: 1/8 buckets, 100 nodes, 100 nodes/s"), drawn);
    assertFalse(drawn.contains("2/8"), drawn);
    assertTrue(drawn.contains("\r  scoring: 8/8 buckets, 800 nodes, "), drawn);
    assertTrue(drawn.endsWith(System.lineSeparator()), "the last reading ends the line");

    StringWriter log = new StringWriter();
    ProgressLine forced = new ProgressLine(new PrintWriter(log), false, now::get);
    assertTrue(forced.tick(new ScoreProgress.Reading(0, 4, 0)));
    now.addAndGet(ProgressLine.TERMINAL_EVERY_NANOS);
    assertFalse(forced.tick(new ScoreProgress.Reading(1, 4, 10)), "a line every ten seconds");
    now.addAndGet(ProgressLine.LOG_EVERY_NANOS);
    assertTrue(forced.tick(new ScoreProgress.Reading(2, 4, 20)));
    assertFalse(log.toString().contains("\r"), "no carriage returns off a terminal");
    assertEquals(2, log.toString().lines().count(), log.toString());
  }

  /**
   * On the demo fleet (default size, every distribution, the longest cluster ids): forced progress
   * goes to stderr only, the table fits 120 columns, and --quiet prints nothing.
   */
  @Test
  void scoreOnTheDemoFleetFits120ColumnsAndKeepsProgressOffStdout() {
    LocalDate d = LocalDate.parse("2026-11-22");
    dev.fleetscore.demo.DemoFleet.write(
        tmp.resolve("in"),
        dev.fleetscore.demo.FleetSpec.of(
            dev.fleetscore.demo.FleetSpec.DEFAULT_CLUSTERS,
            dev.fleetscore.demo.FleetSpec.DEFAULT_NODES_PER_CLUSTER,
            dev.fleetscore.demo.FleetSpec.DEFAULT_SEED,
            d));
    String wh = tmp.resolve("wh").toString();
    String exports = tmp.resolve("in/exports").toString();
    for (String[] c :
        List.of(
            new String[] {"collect", "import", tmp.resolve("in/dumps").toString(), "--quiet"},
            new String[] {"collect", "gke", "--from", exports},
            new String[] {"collect", "eks", "--from", exports},
            new String[] {"collect", "inventory", "--from", exports})) {
      List<String> args = new java.util.ArrayList<>(List.of(c));
      args.addAll(List.of("--warehouse", wh, "--date", d.toString()));
      Run r = FleetscoreCommandTest.run(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, r.code(), r.err());
    }
    Run r =
        FleetscoreCommandTest.run(
            "score",
            "--warehouse",
            wh,
            "--date",
            d.toString(),
            "--runner",
            "reference",
            "--max-quarantine-ratio",
            "0.5",
            "--progress");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.err().contains("  scoring: 1/1 buckets, 26 nodes, "), r.err());
    assertFalse(r.out().contains("scoring:"), "progress never on stdout: " + r.out());
    assertTrue(r.out().contains("aks:9cdd6c15"), r.out());
    for (String line : r.out().lines().toList()) {
      assertTrue(line.length() <= 120, line.length() + " columns: " + line);
    }
    Run quiet =
        FleetscoreCommandTest.run(
            "score",
            "--warehouse",
            wh,
            "--date",
            d.toString(),
            "--runner",
            "reference",
            "--max-quarantine-ratio",
            "0.5",
            "--progress",
            "--quiet");
    assertEquals(ExitCodes.OK, quiet.code(), quiet.err());
    assertEquals("", quiet.out());
    assertFalse(quiet.err().contains("scoring:"), quiet.err());
  }
}
