package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over {@link FixtureFleet}: every output table of two consecutive snapshots equals the
 * checked-in rows under {@code src/test/resources/ScoreGoldenTest/}. To regenerate them after a
 * deliberate change, run with {@code -Dfleetscore.golden.update=true} and review the diff.
 */
class ScoreGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/ScoreGoldenTest");
  static final List<Table> OUTPUTS =
      List.of(
          Table.EFFECTIVE_SETTINGS,
          Table.FINDINGS,
          Table.NODE_SCORES,
          Table.CONTROL_SUMMARY,
          Table.CLUSTER_COMPLIANCE,
          Table.FLEET_SUMMARY,
          Table.CHANGES,
          Table.QUARANTINE);

  @TempDir Path tmp;

  static ScoreRun.Result score(Path wh, java.time.LocalDate d, ScoreRun.Engine e) {
    return ScoreRun.run(
        new ScoreRun.Request(wh.toString(), d, null, e, null, 2, 0.5, null), FakeScoring.spec());
  }

  @Test
  void everyOutputTableMatchesTheGoldenRows() throws IOException {
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    FixtureFleet.write(tmp, FixtureFleet.DAY2, true);
    score(tmp, FixtureFleet.DAY1, ScoreRun.Engine.DIRECT);
    ScoreRun.Result r = score(tmp, FixtureFleet.DAY2, ScoreRun.Engine.DIRECT);
    assertEquals(11, r.totals().getDumpsIn());
    assertEquals(7, r.totals().getNodesScored());
    assertEquals(4, r.totals().getNodesQuarantined());
    assertEquals(2, r.totals().getRegressed(), "4.2.1 in cis-kubernetes and cis-gke");
    assertEquals(
        r.totals().getDumpsIn(),
        r.totals().getNodesScored() + r.totals().getNodesQuarantined(),
        "dumps in = scored + quarantined");
    boolean update = Boolean.getBoolean("fleetscore.golden.update");
    for (java.time.LocalDate d : List.of(FixtureFleet.DAY1, FixtureFleet.DAY2)) {
      for (Table t : OUTPUTS) {
        String actual = String.join("\n", RowJson.partition(tmp, t, d)) + "\n";
        Path expected = GOLDEN.resolve(d + "/" + t.tableName() + ".jsonl");
        if (update) {
          Files.createDirectories(expected.getParent());
          Files.writeString(expected, actual);
        }
        assertEquals(
            Files.readString(expected),
            actual,
            t.tableName() + " of " + d + " differs from " + expected);
      }
    }
  }

  @Test
  void aRerunGivesByteIdenticalFilesAndTheReferenceLoopTheSame() throws IOException {
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    score(tmp, FixtureFleet.DAY1, ScoreRun.Engine.DIRECT);
    Map<String, byte[]> first = files(tmp);
    score(tmp, FixtureFleet.DAY1, ScoreRun.Engine.DIRECT);
    assertSame(first, files(tmp), null);
    score(tmp, FixtureFleet.DAY1, ScoreRun.Engine.REFERENCE);
    assertSame(first, files(tmp), "fleet_summary");
  }

  static void assertSame(Map<String, byte[]> a, Map<String, byte[]> b, String except) {
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      if (except == null || !k.contains(except + "/")) {
        assertArrayEquals(a.get(k), b.get(k), k + " differs");
      }
    }
  }

  /** Every visible output file, by path relative to the warehouse. */
  static Map<String, byte[]> files(Path wh) throws IOException {
    TreeMap<String, byte[]> out = new TreeMap<>();
    for (Table t : OUTPUTS) {
      Path dir = wh.resolve(t.tableName());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          String rel = wh.relativize(p).toString();
          assertTrue(!rel.contains("/."), "hidden leftovers: " + rel);
          out.put(rel, Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
