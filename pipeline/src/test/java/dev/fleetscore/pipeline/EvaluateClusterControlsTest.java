package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.FindingRow;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;

/**
 * EvaluateClusterControls: node summaries from several elements are gathered per cluster and each
 * cluster is evaluated once with its facts; a cluster with no scored node is still evaluated.
 */
class EvaluateClusterControlsTest {

  static final LocalDate D = LocalDate.of(2026, 11, 22);

  @Test
  void evaluatesEachClusterOnceWithAllItsNodes() throws Throwable {
    RunInfo run = new RunInfo("/tmp/unused", D, "s1", "test", "DirectRunner");
    CloudClusterRow gke =
        new CloudClusterRow(
            "s1",
            D,
            "gke:p/l/a",
            null,
            "t",
            "gke",
            "p",
            "l",
            "a",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            List.of(),
            "gke.json",
            "{}");
    TestPipelines.run(
        getClass(),
        "cluster",
        p -> {
          PCollectionView<Map<String, ClusterInputs>> view =
              p.apply(
                      "Clusters",
                      Create.of(
                              List.of(
                                  Map.of(
                                      "gke:p/l/a",
                                      new ClusterInputs(
                                          "gke:p/l/a",
                                          List.of(gke),
                                          List.of(),
                                          List.of(),
                                          List.of()))))
                          .withCoder(PipelineCoders.clusterMap()))
                  .apply(View.asSingleton());
          PCollection<KV<String, List<NodeSummary>>> summaries =
              p.apply(
                  "Summaries",
                  Create.of(
                          KV.of("gke:p/l/a", List.of(summary("n1", "0"))),
                          KV.of("gke:p/l/a", List.of(summary("n2", "10255"))),
                          KV.of("k3s:edge", List.<NodeSummary>of()))
                      .withCoder(PipelineCoders.summaries()));
          PAssert.that(summaries.apply(new EvaluateClusterControls(view, FakeScoring.spec(), run)))
              .satisfies(
                  parts -> {
                    FleetAggregate a = TransformTestSupport.merge(parts);
                    TreeMap<String, String> states = new TreeMap<>();
                    for (FindingRow f : a.clusterFindings) {
                      states.put(
                          f.getClusterId() + " " + f.getRuleId(),
                          f.getState() + " " + f.getActual());
                    }
                    assertEquals(
                        Map.of(
                            "gke:p/l/a fake-gke/readonly-port-intent",
                                "FAIL 1 of 2 nodes serve 10255",
                            "gke:p/l/a fake-eks/no-masters-mapping", "NOT_APPLICABLE null",
                            "k3s:edge fake-gke/readonly-port-intent", "NOT_APPLICABLE null",
                            "k3s:edge fake-eks/no-masters-mapping", "NOT_APPLICABLE null"),
                        states);
                    return null;
                  });
          p.run().waitUntilFinish();
        });
  }

  static NodeSummary summary(String node, String port) {
    return new NodeSummary(node, "pool", Map.of("kubelet:readOnlyPort", port));
  }
}
