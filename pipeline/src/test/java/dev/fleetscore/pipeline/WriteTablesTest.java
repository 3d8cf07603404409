package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.schema.ChangeRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WriteTables: one aggregate in, the single-file tables in staging out, sorted, with quarantine
 * rows and changes against a previous control_summary.
 */
class WriteTablesTest {

  @TempDir Path tmp;

  @Test
  void writesTheSummaryTablesToStaging() throws Throwable {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    LocalDate d = LocalDate.of(2026, 11, 22);
    RunInfo run = new RunInfo(tmp.toString(), d, "s", "wt", "DirectRunner");
    FleetAggregate agg = new FleetAggregate();
    agg.dumpIn();
    agg.dumpIn();
    agg.clusterScored(
        "c1", List.of(AggregateClusterComplianceTest.finding("c1", "r1", "FAIL", "HIGH")));
    agg.quarantine(
        Quarantines.row(
            run,
            "c1",
            "n2",
            null,
            Quarantines.JOIN,
            Quarantines.DUMP,
            "d2",
            "DUPLICATE_NODE",
            "older",
            null));
    agg.quarantine(
        Quarantines.row(
            run,
            null,
            null,
            null,
            Quarantines.IMPORT,
            Quarantines.DUMP,
            "d1",
            "REJECTED_DUMP",
            "no meta.env",
            null));
    // A previous snapshot in which c1's control passed: the change is REGRESSED.
    ControlSummaryRow before =
        SummaryTables.build(passing(), List.of(), Optional.empty(), List.of("fw"), List.of(), run)
            .controlSummary()
            .get(0);
    Path previous = tmp.resolve("previous.parquet");
    ParquetRows.write(ParquetRows.localOut(previous), ControlSummaryRow.class, List.of(before));
    TestPipelines.run(
        getClass(),
        "write",
        p -> {
          PAssert.thatSingleton(
                  p.apply(Create.of(agg).withCoder(PipelineCoders.aggregates()))
                      .apply(
                          new WriteTables(
                              run,
                              FakeScoring.spec(),
                              1,
                              Optional.of(d.minusDays(1)),
                              List.of(previous.toString()))))
              .isEqualTo(Staging.file(run, Table.FLEET_SUMMARY, SummaryWriter.SINGLE_FILE));
          p.run().waitUntilFinish();
        });
    List<QuarantineRow> q = staged(run, Table.QUARANTINE, QuarantineRow.class);
    assertEquals(
        List.of("d1", "d2"), q.stream().map(QuarantineRow::getRecordKey).toList(), "nulls first");
    List<ChangeRow> changes = staged(run, Table.CHANGES, ChangeRow.class);
    assertEquals("REGRESSED", changes.get(0).getChange());
    FleetSummaryRow all = staged(run, Table.FLEET_SUMMARY, FleetSummaryRow.class).get(0);
    assertEquals("ALL", all.getFramework());
    assertEquals(2, all.getNodesQuarantined());
    assertEquals(1, all.getRegressed());
  }

  private static FleetAggregate passing() {
    FleetAggregate a = new FleetAggregate();
    a.clusterScored(
        "c1", List.of(AggregateClusterComplianceTest.finding("c1", "r1", "PASS", "HIGH")));
    return a;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> staged(
      RunInfo run, Table t, Class<T> type) throws java.io.IOException {
    return ParquetRows.readAll(
        BeamFiles.input(Staging.file(run, t, SummaryWriter.SINGLE_FILE)), type);
  }
}
