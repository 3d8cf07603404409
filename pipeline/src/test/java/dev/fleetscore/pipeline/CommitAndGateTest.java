package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.UserError;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output is complete or absent: a run that fails midway, or fails the quarantine gate, leaves the
 * previous partition byte for byte as it was and no visible file behind; a rerun replaces the
 * partition, stale files included.
 */
class CommitAndGateTest {

  @TempDir Path tmp;

  /** TEST DOUBLE that crashes on one node, like a bug in the normalizer would. */
  public static final class CrashingScoring implements ScoringProvider {
    @Override
    public Scoring load(List<Path> rulesDirs, Path exemptionsFile) {
      Scoring s = new FakeScoring().load(rulesDirs, exemptionsFile);
      return new Scoring(
          (ev, cluster) -> {
            if ("lab-cp".equals(ev.getDump().getNodeName())) {
              throw new IllegalStateException("bug in the normalizer");
            }
            NormalizeResult r = s.normalizer().normalize(ev, cluster);
            return r;
          },
          s.evaluator(),
          s.summarizer());
    }
  }

  static ScoreRun.Request request(Path wh, double ratio, String failOn) {
    return new ScoreRun.Request(
        wh.toString(), FixtureFleet.DAY1, null, ScoreRun.Engine.DIRECT, null, 2, ratio, failOn);
  }

  @Test
  void aFailedRunLeavesThePreviousOutputUntouched() throws IOException {
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    ScoreRun.run(request(tmp, 0.5, null), FakeScoring.spec());
    Map<String, byte[]> before = ScoreGoldenTest.files(tmp);
    ScoringSpec crashing = ScoringSpec.withProvider(CrashingScoring.class, List.of(), null);
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> ScoreRun.run(request(tmp, 0.5, null), crashing));
    assertTrue(
        String.valueOf(e.getMessage()).contains("bug in the normalizer")
            || String.valueOf(e.getCause()).contains("bug in the normalizer"),
        e.toString());
    ScoreGoldenTest.assertSame(before, ScoreGoldenTest.files(tmp), null);
    assertNoStaging();
  }

  @Test
  void theQuarantineGateFailsWithExitFourAndCommitsNothing() throws IOException {
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    UserError e =
        assertThrows(
            UserError.class, () -> ScoreRun.run(request(tmp, 0.2, null), FakeScoring.spec()));
    assertEquals(UserError.QUALITY_GATE, e.exitCode());
    assertTrue(e.getMessage().contains("4 of 12 dumps"), e.getMessage());
    assertFalse(
        Files.exists(tmp.resolve("fleet_summary/snapshot_date=" + FixtureFleet.DAY1)),
        "nothing committed");
    assertTrue(ScoreGoldenTest.files(tmp).isEmpty());
    assertNoStaging();
    Path kept = tmp.resolve("_rejected/snapshot_date=" + FixtureFleet.DAY1);
    List<Path> runs;
    try (Stream<Path> s = Files.list(kept)) {
      runs = s.toList();
    }
    assertEquals(1, runs.size(), runs.toString());
    Path quarantine = runs.get(0).resolve(RejectedRun.QUARANTINE_FILE);
    List<QuarantineRow> rows =
        ParquetRows.readAll(BeamFiles.input(quarantine.toString()), QuarantineRow.class);
    assertFalse(rows.isEmpty());
    assertTrue(e.getMessage().contains(quarantine.toString()), e.getMessage());
    Map<String, Long> counts = new java.util.TreeMap<>();
    rows.forEach(r -> counts.merge(String.valueOf(r.getReasonCode()), 1L, Long::sum));
    String top =
        counts.entrySet().stream()
            .max(Map.Entry.<String, Long>comparingByValue())
            .orElseThrow()
            .getKey();
    assertTrue(
        e.getMessage().contains("top reasons: " + top + " x" + counts.get(top)), e.getMessage());
    String summary = Files.readString(runs.get(0).resolve(RejectedRun.SUMMARY_FILE));
    assertTrue(summary.contains("\"committed\" : false"), summary);
    assertTrue(summary.contains("\"reason_code\" : \"" + top + "\""), summary);
    // a rerun of the same inputs replaces the same folder
    assertThrows(UserError.class, () -> ScoreRun.run(request(tmp, 0.2, null), FakeScoring.spec()));
    try (Stream<Path> s = Files.list(kept)) {
      assertEquals(runs, s.toList());
    }
  }

  @Test
  void failOnCountsFailingFindingsAtOrAboveTheSeverity() throws IOException {
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    ScoreRun.Result critical = ScoreRun.run(request(tmp, 0.5, "CRITICAL"), FakeScoring.spec());
    ScoreRun.Result info = ScoreRun.run(request(tmp, 0.5, "info"), FakeScoring.spec());
    assertTrue(critical.failingAtOrAbove() >= 1, "system:masters mapping is CRITICAL");
    assertTrue(info.failingAtOrAbove() > critical.failingAtOrAbove());
    assertThrows(UserError.class, () -> ScoreRun.failingAtOrAbove(List.of(), "SEVERE"));
  }

  @Test
  void aRerunRemovesFilesTheNewRunDidNotWrite() throws IOException {
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    Path stale =
        tmp.resolve(Table.FINDINGS.tableName())
            .resolve("snapshot_date=" + FixtureFleet.DAY1)
            .resolve("part-00007-of-00008.parquet");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "left by an older run with 8 buckets");
    ScoreRun.run(request(tmp, 0.5, null), FakeScoring.spec());
    assertFalse(Files.exists(stale));
  }

  @Test
  void aSnapshotWithoutDumpsOrWithMixedBucketCountsIsAUserError() throws IOException {
    UserError none =
        assertThrows(
            UserError.class, () -> ScoreRun.run(request(tmp, 0.5, null), FakeScoring.spec()));
    assertTrue(none.getMessage().contains("no node_dumps files"), none.getMessage());
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    Path odd =
        tmp.resolve(
            "processes/snapshot_date=" + FixtureFleet.DAY1 + "/part-00000-of-00004.parquet");
    Files.copy(
        tmp.resolve(
            "processes/snapshot_date=" + FixtureFleet.DAY1 + "/part-00000-of-00002.parquet"),
        odd);
    UserError mixed =
        assertThrows(
            UserError.class, () -> ScoreRun.run(request(tmp, 0.5, null), FakeScoring.spec()));
    assertTrue(mixed.getMessage().contains("disagree on the bucket count"), mixed.getMessage());
  }

  private void assertNoStaging() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      List<Path> hidden =
          s.filter(p -> p.getFileName().toString().startsWith(".staging-")).toList();
      assertTrue(hidden.isEmpty(), "staging left behind: " + hidden);
    }
  }
}
