package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.bench.Bench;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark end to end on a small synthetic fleet: the generated snapshot holds exactly the
 * planted bad input, both engines score it to the same counts, and a second run reuses the cache.
 */
class BenchTest {

  @TempDir Path tmp;

  @Test
  void generatesScoresAndReusesTheSnapshot() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Bench.Options o =
        new Bench.Options(
            1200,
            42,
            tmp,
            List.of(ScoreRun.Engine.REFERENCE, ScoreRun.Engine.DIRECT),
            2,
            FakeScoring.spec());
    List<Bench.Measurement> m = Bench.run(o, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(2, m.size());
    // 1200 nodes: one older duplicate (node 500), one rejected dump (after node 999), one broken
    // kubelet config (node 1000).
    m.forEach(x -> assertEquals(1199, x.nodesScored(), x.engine().toString()));
    FleetSummaryRow all =
        LocalTables.readAll(
                tmp.resolve("fleet-n1200-s42/warehouse"),
                Table.FLEET_SUMMARY,
                Bench.DATE,
                FleetSummaryRow.class)
            .get(0);
    assertEquals(1202, all.getDumpsIn());
    assertEquals(3, all.getNodesQuarantined());
    assertEquals(2, all.getRecordsQuarantined(), "two collection errors");
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("x reference"), printed);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    Bench.run(
        new Bench.Options(1200, 42, tmp, List.of(ScoreRun.Engine.REFERENCE), 1, FakeScoring.spec()),
        new PrintStream(again, true, StandardCharsets.UTF_8));
    assertTrue(again.toString(StandardCharsets.UTF_8).contains("reusing"));
  }
}
