package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.schema.FindingRow;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.junit.jupiter.api.Test;

/** AggregateClusterCompliance: partial aggregates from several sources merge into one. */
class AggregateClusterComplianceTest {

  static FindingRow finding(String cluster, String rule, String state, String severity) {
    LocalDate d = LocalDate.of(2026, 11, 22);
    return new FindingRow(
        "s",
        d,
        cluster,
        null,
        null,
        "t",
        "CLUSTER",
        null,
        null,
        rule,
        "p",
        "p@1",
        rule,
        null,
        state,
        severity,
        null,
        "x",
        "y",
        null,
        null,
        null,
        null,
        List.of("fw:" + rule),
        null,
        null,
        null,
        null);
  }

  @Test
  void mergesPartialsIntoOneAggregate() throws Throwable {
    FleetAggregate a = new FleetAggregate();
    a.dumpIn();
    a.clusterScored("c1", List.of(finding("c1", "r1", "FAIL", "HIGH")));
    FleetAggregate b = new FleetAggregate();
    b.dumpIn();
    b.clusterScored("c1", List.of(finding("c1", "r1", "PASS", "HIGH")));
    FleetAggregate c = new FleetAggregate();
    c.clusterScored("c2", List.of(finding("c2", "r1", "NO_EVIDENCE", "LOW")));
    TestPipelines.run(
        getClass(),
        "aggregate",
        p -> {
          PCollection<FleetAggregate> one =
              p.apply("A", Create.of(a, b).withCoder(PipelineCoders.aggregates()));
          PCollection<FleetAggregate> two =
              p.apply("B", Create.of(c).withCoder(PipelineCoders.aggregates()));
          PAssert.thatSingleton(
                  PCollectionList.of(one).and(two).apply(new AggregateClusterCompliance()))
              .satisfies(
                  m -> {
                    assertEquals(2, m.dumpsIn());
                    FleetAggregate.RuleAgg r = m.clusters.get("c1").rules.get("r1");
                    assertEquals(1, r.count(0, 1));
                    assertEquals(1, r.count(1, 1));
                    assertEquals(1, m.clusters.get("c2").rules.get("r1").count(5, 3));
                    assertEquals(3, m.clusterFindings.size());
                    return null;
                  });
          p.run().waitUntilFinish();
        });
  }
}
