package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** The aggregate survives encoding: every table built from it is the same. */
class FleetAggregateCoderTest {

  @Test
  void roundTripKeepsEveryCountAndRow() throws Exception {
    RunInfo run = new RunInfo("/w", LocalDate.of(2026, 11, 22), "s", "r", "DirectRunner");
    FleetAggregate a = new FleetAggregate();
    a.dumpIn();
    a.dumpIn();
    a.dumpIn();
    a.clusterScored(
        "c1",
        List.of(
            AggregateClusterComplianceTest.finding("c1", "r1", "FAIL", "HIGH"),
            AggregateClusterComplianceTest.finding("c1", "r2", "PASS", "LOW")));
    a.cloud("c1", "gke", 4, Instant.parse("2026-11-22T01:00:00.123456789Z"));
    a.cloud("c2", null, -1, null);
    a.cluster("c1").nodeProviders.put("gke", 2L);
    a.cluster("c1").nodesScored = 2;
    a.nodesScored = 2;
    a.quarantine(
        Quarantines.row(run, null, null, null, "IMPORT", "DUMP", "d", "REJECTED_DUMP", "x", null));
    FleetAggregate b = CoderUtils.clone(FleetAggregateCoder.INSTANCE, a);
    SummaryTables x =
        SummaryTables.build(a, List.of(), Optional.empty(), List.of("fw"), List.of("p"), run);
    SummaryTables y =
        SummaryTables.build(b, List.of(), Optional.empty(), List.of("fw"), List.of("p"), run);
    assertEquals(x, y);
    assertEquals(a.cluster("c1").maxCollectedAt, b.cluster("c1").maxCollectedAt);
    assertEquals(-1, b.cluster("c2").nodesExpected);
    assertEquals(4, b.cluster("c1").nodesExpected);
  }
}
