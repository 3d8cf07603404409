package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ReadSnapshot on the fixture: bucket file-sets, resolved clusters, cloud-side quarantine. */
class ReadSnapshotTest {

  @TempDir Path tmp;

  @Test
  void readsBucketsAndClustersAndQuarantinesBadCloudRows() throws Throwable {
    TransformTestSupport.Fixture f = TransformTestSupport.day1(tmp);
    TestPipelines.run(
        getClass(),
        "read",
        p -> {
          PCollectionTuple s = p.apply(new ReadSnapshot(f.plan(), f.run()));
          PAssert.that(s.get(ReadSnapshot.BUCKETS))
              .satisfies(
                  b -> {
                    int n = 0;
                    for (BucketFiles x : b) {
                      assertEquals(2, x.bucketCount());
                      n++;
                    }
                    assertEquals(2, n);
                    return null;
                  });
          PAssert.thatSingleton(s.get(ReadSnapshot.CLUSTERS))
              .satisfies(
                  m -> {
                    assertEquals(
                        List.of(FixtureFleet.EKS, FixtureFleet.GKE), List.copyOf(m.keySet()));
                    ClusterInputs eks = m.get(FixtureFleet.EKS);
                    assertEquals(1, eks.clusters().size(), "duplicate cloud row resolved");
                    assertEquals("eks.json", eks.clusters().get(0).getSource(), "newest kept");
                    assertEquals(1, eks.authMappings().size());
                    assertEquals(4, m.get(FixtureFleet.GKE).inventory().size(), "deduplicated");
                    return null;
                  });
          PAssert.that(s.get(ReadSnapshot.AGGREGATES))
              .satisfies(
                  parts -> {
                    FleetAggregate a = TransformTestSupport.merge(parts);
                    assertEquals(
                        List.of(
                            "CLOUD_RECORD:DUPLICATE_CLUSTER",
                            "CLOUD_RECORD:DUPLICATE_INVENTORY_NODE",
                            "CLOUD_RECORD:MISSING_CLUSTER_ID",
                            "COLLECTION_ERROR:API_ERROR",
                            "FILE:NOT_A_BUCKET_FILE"),
                        TransformTestSupport.codes(a));
                    assertEquals(0, a.nodesQuarantined());
                    assertEquals(5, a.recordsQuarantined());
                    assertEquals(Map.of(), a.clusters, "cluster counts go keyed by cluster");
                    return null;
                  });
          PAssert.that(s.get(ReadSnapshot.CLUSTER_AGGREGATES))
              .satisfies(
                  kvs -> {
                    TreeMap<String, Long> expected = new TreeMap<>();
                    for (KV<String, FleetAggregate> kv : kvs) {
                      assertEquals(Set.of(kv.getKey()), kv.getValue().clusters.keySet());
                      expected.put(
                          kv.getKey(), kv.getValue().clusters.get(kv.getKey()).nodesExpected);
                    }
                    assertEquals(4L, expected.get(FixtureFleet.GKE));
                    return null;
                  });
          PAssert.that(s.get(ReadSnapshot.INPUTS))
              .satisfies(
                  kvs -> {
                    List<String> ids = new ArrayList<>();
                    kvs.forEach(kv -> ids.add(kv.getKey()));
                    Collections.sort(ids);
                    assertEquals(List.of(FixtureFleet.EKS, FixtureFleet.GKE), ids);
                    return null;
                  });
          p.run().waitUntilFinish();
        });
  }
}
