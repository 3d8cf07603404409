package dev.fleetscore.pipeline;

import dev.fleetscore.model.NodeSummary;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The scoring pipeline as a short list of named steps: ReadSnapshot, ScoreBuckets
 * (JoinEvidenceByNode, NormalizeSettings and node-scope EvaluateControls per bucket),
 * EvaluateClusterControls, AggregateClusterCompliance, WriteTables. Every output goes to the run's
 * staging folders; {@link ScoreRun} commits them once the pipeline has succeeded.
 */
public final class ScorePipeline {

  private ScorePipeline() {}

  /** Adds the scoring steps to {@code p}; returns the staged fleet_summary path (one element). */
  public static PCollection<String> apply(
      Pipeline p, SnapshotPlan plan, RunInfo run, ScoringSpec scoring) {
    PCollectionTuple snapshot = p.apply("ReadSnapshot", new ReadSnapshot(plan, run));
    PCollectionView<Map<String, ClusterInputs>> clusters = ReadSnapshot.view(snapshot);
    PCollectionTuple scored =
        snapshot
            .get(ReadSnapshot.BUCKETS)
            .apply("ScoreBuckets", new ScoreBuckets(clusters, scoring, run));
    PCollection<KV<String, List<NodeSummary>>> cloudOnly =
        snapshot
            .get(ReadSnapshot.CLUSTERS)
            .apply(
                "ClustersFromCloud",
                MapElements.via(
                    new SimpleFunction<KV<String, ClusterInputs>, KV<String, List<NodeSummary>>>() {
                      private static final long serialVersionUID = 1L;

                      @Override
                      public KV<String, List<NodeSummary>> apply(KV<String, ClusterInputs> kv) {
                        return KV.of(kv.getKey(), List.of());
                      }
                    }))
            .setCoder(PipelineCoders.summaries());
    PCollection<FleetAggregate> clusterFindings =
        PCollectionList.of(scored.get(ScoreBuckets.SUMMARIES))
            .and(cloudOnly)
            .apply("AllClusters", Flatten.pCollections())
            .apply("EvaluateClusterControls", new EvaluateClusterControls(clusters, scoring, run));
    PCollection<FleetAggregate> fleet =
        PCollectionList.of(snapshot.get(ReadSnapshot.AGGREGATES))
            .and(scored.get(ScoreBuckets.AGGREGATES))
            .and(clusterFindings)
            .apply("AggregateClusterCompliance", new AggregateClusterCompliance());
    return fleet.apply(
        "WriteTables",
        new WriteTables(
            run, scoring, plan.bucketCount(), plan.previousDate(), plan.previousControlSummary()));
  }
}
