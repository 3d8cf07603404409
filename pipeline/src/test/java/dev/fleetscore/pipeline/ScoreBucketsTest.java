package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScoreBuckets (join, normalize, evaluate per bucket) on the fixture, with TestPipeline's
 * immutability and encodability checks on: counts, node-level quarantine, summaries, and the bucket
 * files written to staging.
 */
class ScoreBucketsTest {

  @TempDir Path tmp;

  @Test
  void scoresEveryDumpOrQuarantinesIt() throws Throwable {
    TransformTestSupport.Fixture f = TransformTestSupport.day1(tmp);
    TestPipelines.run(
        getClass(),
        "score",
        p -> {
          PCollectionView<Map<String, ClusterInputs>> clusters =
              p.apply(
                      "Clusters",
                      Create.of(
                              List.of(
                                  Map.of(FixtureFleet.GKE, ClusterInputs.empty(FixtureFleet.GKE))))
                          .withCoder(PipelineCoders.clusterMap()))
                  .apply(View.asSingleton());
          PCollectionTuple out =
              p.apply(Create.of(f.plan().buckets()).withCoder(PipelineCoders.buckets()))
                  .apply(new ScoreBuckets(clusters, FakeScoring.spec(), f.run()));
          PAssert.that(out.get(ScoreBuckets.AGGREGATES))
              .satisfies(
                  parts -> {
                    FleetAggregate a = TransformTestSupport.merge(parts);
                    assertEquals(12, a.dumpsIn());
                    assertEquals(8, a.nodesScored());
                    assertEquals(4, a.nodesQuarantined());
                    assertEquals(
                        Map.of(
                            "COLLECTION_ERROR:MALFORMED_YAML", 1L,
                            "COLLECTION_ERROR:MISSING_META", 1L,
                            "DUMP:DUPLICATE_NODE", 2L,
                            "DUMP:REJECTED_DUMP", 1L,
                            "FILE:ORPHAN_ROW", 1L,
                            "NODE:UNPARSEABLE_KUBELET_CONFIG", 1L),
                        TransformTestSupport.count(TransformTestSupport.codes(a)));
                    return null;
                  });
          PAssert.that(out.get(ScoreBuckets.CLUSTER_AGGREGATES))
              .satisfies(
                  kvs -> {
                    TreeMap<String, Long> scored = new TreeMap<>();
                    for (KV<String, FleetAggregate> kv : kvs) {
                      assertEquals(
                          List.of(kv.getKey()), List.copyOf(kv.getValue().clusters.keySet()));
                      assertEquals(0, kv.getValue().dumpsIn(), "fleet counters stay unkeyed");
                      scored.merge(
                          kv.getKey(),
                          kv.getValue().clusters.get(kv.getKey()).nodesScored,
                          Long::sum);
                    }
                    assertEquals(8L, scored.values().stream().mapToLong(Long::longValue).sum());
                    return null;
                  });
          PAssert.that(out.get(ScoreBuckets.SUMMARIES))
              .satisfies(
                  kvs -> {
                    TreeMap<String, Integer> nodes = new TreeMap<>();
                    for (KV<String, List<NodeSummary>> kv : kvs) {
                      nodes.merge(kv.getKey(), kv.getValue().size(), Integer::sum);
                    }
                    assertEquals(
                        Map.of(
                            FixtureFleet.EDGE, 1,
                            FixtureFleet.EKS, 2,
                            FixtureFleet.GKE, 3,
                            FixtureFleet.LAB, 2),
                        nodes);
                    return null;
                  });
          p.run().waitUntilFinish();
        });
    for (Table t : List.of(Table.EFFECTIVE_SETTINGS, Table.FINDINGS, Table.NODE_SCORES)) {
      assertEquals(
          List.of("part-00000-of-00002.parquet", "part-00001-of-00002.parquet"),
          Staging.staged(f.run(), t).stream().map(BeamFiles::fileName).toList(),
          t.tableName());
    }
    assertTrue(
        Staging.staged(f.run(), Table.FINDINGS).get(0).contains("/" + f.run().stagingName() + "/"),
        "written to staging only");
  }
}
