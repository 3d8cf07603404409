package dev.fleetscore.pipeline;

import java.util.Map;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The scoring pipeline as a short list of named steps: ReadSnapshot, ScoreBuckets
 * (JoinEvidenceByNode, NormalizeSettings and node-scope EvaluateControls per bucket),
 * EvaluateClusterControls (counts combined per cluster group, joined by group with the node
 * summaries and cloud inputs of its clusters, cluster rules evaluated per cluster),
 * AggregateClusterCompliance (the small per-cluster results gathered), WriteTables. Every output
 * goes to the run's staging folders; {@link ScoreRun} commits them once the pipeline has succeeded.
 */
public final class ScorePipeline {

  /**
   * How many groups the DirectRunner's cluster evaluation hashes the clusters into: enough to keep
   * both cores busy, few enough that the DirectRunner's per-key costs (a bundle, a timer and a
   * state copy per key and step) stay small next to the scoring. See {@link
   * EvaluateClusterControls}.
   */
  static final int DIRECT_CLUSTER_GROUPS = 16;

  private ScorePipeline() {}

  /**
   * 0 (one key per cluster, memory bounded by the largest cluster) on every runner but the
   * DirectRunner, which holds all grouped elements in memory whatever the keys and is fastest with
   * a few keys.
   */
  static int clusterGroups(PipelineOptions options) {
    return options.getRunner() == DirectRunner.class ? DIRECT_CLUSTER_GROUPS : 0;
  }

  /** Adds the scoring steps to {@code p}; returns the staged fleet_summary path (one element). */
  public static PCollection<String> apply(
      Pipeline p, SnapshotPlan plan, RunInfo run, ScoringSpec scoring) {
    PCollectionTuple snapshot = p.apply("ReadSnapshot", new ReadSnapshot(plan, run));
    PCollectionView<Map<String, ClusterInputs>> clusters = ReadSnapshot.view(snapshot);
    PCollectionTuple scored =
        snapshot
            .get(ReadSnapshot.BUCKETS)
            .apply("ScoreBuckets", new ScoreBuckets(clusters, scoring, run));
    PCollection<KV<String, FleetAggregate>> clusterCounts =
        PCollectionList.of(snapshot.get(ReadSnapshot.CLUSTER_AGGREGATES))
            .and(scored.get(ScoreBuckets.CLUSTER_AGGREGATES))
            .apply("ClusterPartials", Flatten.pCollections())
            .setCoder(PipelineCoders.clusterAggregates());
    PCollection<FleetAggregate> clusterResults =
        PCollectionTuple.of(EvaluateClusterControls.COUNTS, clusterCounts)
            .and(EvaluateClusterControls.SUMMARIES, scored.get(ScoreBuckets.SUMMARIES))
            .and(EvaluateClusterControls.INPUTS, snapshot.get(ReadSnapshot.INPUTS))
            .apply(
                "EvaluateClusterControls",
                new EvaluateClusterControls(scoring, run, clusterGroups(p.getOptions())))
            .apply("ClusterResults", MapElements.via(new AggregateClusterCompliance.WithoutKey()))
            .setCoder(PipelineCoders.aggregates());
    PCollection<FleetAggregate> fleet =
        PCollectionList.of(snapshot.get(ReadSnapshot.AGGREGATES))
            .and(scored.get(ScoreBuckets.AGGREGATES))
            .and(clusterResults)
            .apply("AggregateClusterCompliance", new AggregateClusterCompliance());
    return fleet.apply(
        "WriteTables",
        new WriteTables(
            run, scoring, plan.bucketCount(), plan.previousDate(), plan.previousControlSummary()));
  }
}
