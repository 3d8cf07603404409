package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.FindingRow;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EvaluateClusterControls: partial counts are combined per cluster, node summaries from several
 * elements are joined per cluster with the cluster's inputs, and each cluster is evaluated once
 * with its facts, into one aggregate per cluster group holding only that group's clusters (one
 * cluster per group with 0 groups, the distributed runners' setting; hashed groups on the
 * DirectRunner); a cluster with no scored node and a cluster known only from the cloud tables are
 * still evaluated, and the findings do not depend on the grouping.
 */
class EvaluateClusterControlsTest {

  static final LocalDate D = LocalDate.of(2026, 11, 22);

  @ParameterizedTest(name = "groups={0}")
  @ValueSource(ints = {0, 1, 2, ScorePipeline.DIRECT_CLUSTER_GROUPS})
  void evaluatesEachClusterOnceWithAllItsNodes(int groups) throws Throwable {
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
        "cluster-" + groups,
        p -> {
          PCollection<KV<String, ClusterInputs>> inputs =
              p.apply(
                  "Inputs",
                  Create.of(
                          KV.of(
                              "gke:p/l/a",
                              new ClusterInputs(
                                  "gke:p/l/a", List.of(gke), List.of(), List.of(), List.of())),
                          KV.of("eks:cloud-only", ClusterInputs.empty("eks:cloud-only")))
                      .withCoder(PipelineCoders.clusterInputs()));
          FleetAggregate scored1 = new FleetAggregate();
          scored1.cluster("gke:p/l/a").nodesScored = 1;
          FleetAggregate scored2 = new FleetAggregate();
          scored2.cluster("gke:p/l/a").nodesScored = 1;
          PCollection<KV<String, FleetAggregate>> counts =
              p.apply(
                  "Counts",
                  Create.of(KV.of("gke:p/l/a", scored1), KV.of("gke:p/l/a", scored2))
                      .withCoder(PipelineCoders.clusterAggregates()));
          PCollection<KV<String, List<NodeSummary>>> summaries =
              p.apply(
                  "Summaries",
                  Create.of(
                          KV.of("gke:p/l/a", List.of(summary("n1", "0"))),
                          KV.of("gke:p/l/a", List.of(summary("n2", "10255"))),
                          KV.of("k3s:edge", List.<NodeSummary>of()))
                      .withCoder(PipelineCoders.summaries()));
          PCollection<KV<String, FleetAggregate>> out =
              PCollectionTuple.of(EvaluateClusterControls.COUNTS, counts)
                  .and(EvaluateClusterControls.SUMMARIES, summaries)
                  .and(EvaluateClusterControls.INPUTS, inputs)
                  .apply(new EvaluateClusterControls(FakeScoring.spec(), run, groups));
          PAssert.that(out)
              .satisfies(
                  kvs -> {
                    TreeMap<String, Long> scored = new TreeMap<>();
                    Set<String> keys = new HashSet<>();
                    for (KV<String, FleetAggregate> kv : kvs) {
                      assertTrue(keys.add(kv.getKey()), "one output per group: " + kv.getKey());
                      for (String id : kv.getValue().clusters.keySet()) {
                        assertEquals(EvaluateClusterControls.groupOf(id, groups), kv.getKey());
                        assertEquals(null, scored.put(id, kv.getValue().cluster(id).nodesScored));
                      }
                    }
                    assertEquals(
                        Map.of("gke:p/l/a", 2L, "k3s:edge", 0L, "eks:cloud-only", 0L), scored);
                    return null;
                  });
          PAssert.that(out.apply(MapElements.via(new AggregateClusterCompliance.WithoutKey())))
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
                            "k3s:edge fake-eks/no-masters-mapping", "NOT_APPLICABLE null",
                            "eks:cloud-only fake-gke/readonly-port-intent", "NOT_APPLICABLE null",
                            "eks:cloud-only fake-eks/no-masters-mapping", "NOT_APPLICABLE null"),
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
