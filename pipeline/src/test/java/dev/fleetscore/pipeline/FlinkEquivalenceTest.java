package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same fixture fleet scored on the embedded Flink cluster (FlinkRunner) and on the DirectRunner
 * gives byte-identical output files; fleet_summary differs only in its runner column.
 */
class FlinkEquivalenceTest {

  @TempDir Path direct;
  @TempDir Path flink;

  @Test
  void flinkWritesTheSameTablesAsTheDirectRunner() throws IOException {
    FixtureFleet.write(direct, FixtureFleet.DAY1, false);
    FixtureFleet.write(flink, FixtureFleet.DAY1, false);
    ScoreGoldenTest.score(direct, FixtureFleet.DAY1, ScoreRun.Engine.DIRECT);
    ScoreRun.Result r = ScoreGoldenTest.score(flink, FixtureFleet.DAY1, ScoreRun.Engine.FLINK);
    assertEquals("FlinkRunner", r.totals().getRunner());
    Map<String, byte[]> d = ScoreGoldenTest.files(direct);
    Map<String, byte[]> f = ScoreGoldenTest.files(flink);
    ScoreGoldenTest.assertSame(d, f, "fleet_summary");
    List<FleetSummaryRow> a =
        LocalTables.readAll(direct, Table.FLEET_SUMMARY, FixtureFleet.DAY1, FleetSummaryRow.class);
    List<FleetSummaryRow> b =
        LocalTables.readAll(flink, Table.FLEET_SUMMARY, FixtureFleet.DAY1, FleetSummaryRow.class);
    b.forEach(x -> x.setRunner("DirectRunner"));
    assertEquals(a, b);
  }
}
