package dev.fleetscore.pipeline;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
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
    PCollection<FleetAggregate> clusterFindings =
        scored
            .get(ScoreBuckets.SUMMARIES)
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
