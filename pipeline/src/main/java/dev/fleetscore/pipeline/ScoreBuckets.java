package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * JoinEvidenceByNode, NormalizeSettings and EvaluateControls (node scope), fused per bucket: one
 * element is one bucket file-set, and {@link BucketScorer} merge-joins its files by NodeKey,
 * normalizes and evaluates node by node, and writes the bucket's effective_settings, findings and
 * node_scores files to staging itself. The stages are one DoFn on purpose: a PCollection of nodes
 * (or of findings) would cost the runner far more than the scoring, a node's facts are not
 * encodable, and the bucket layout already co-locates each node's rows, so no shuffle is needed.
 *
 * <p>Outputs, per bundle: {@link #AGGREGATES} one partial {@link FleetAggregate} of the fleet-wide
 * counters and quarantine rows; {@link #CLUSTER_AGGREGATES} per cluster its partial counts (by
 * rule, state and severity), keyed by cluster id so they are combined per cluster and no
 * accumulator holds the fleet; {@link #SUMMARIES} per cluster the summaries of its scored nodes,
 * for cluster-scoped rules. The cluster facts come from the {@code clusters} side input.
 */
final class ScoreBuckets extends PTransform<PCollection<BucketFiles>, PCollectionTuple> {

  static final TupleTag<FleetAggregate> AGGREGATES = new TupleTag<>() {};
  static final TupleTag<KV<String, FleetAggregate>> CLUSTER_AGGREGATES = new TupleTag<>() {};
  static final TupleTag<KV<String, List<NodeSummary>>> SUMMARIES = new TupleTag<>() {};

  private final PCollectionView<Map<String, ClusterInputs>> clusters;
  private final ScoringSpec scoring;
  private final RunInfo run;

  ScoreBuckets(
      PCollectionView<Map<String, ClusterInputs>> clusters, ScoringSpec scoring, RunInfo run) {
    this.clusters = clusters;
    this.scoring = scoring;
    this.run = run;
  }

  @Override
  public PCollectionTuple expand(PCollection<BucketFiles> buckets) {
    PCollectionTuple out =
        buckets.apply(
            "ScoreBucket",
            ParDo.of(new ScoreBucketFn(clusters, scoring, run))
                .withSideInputs(clusters)
                .withOutputTags(AGGREGATES, TupleTagList.of(CLUSTER_AGGREGATES).and(SUMMARIES)));
    out.get(AGGREGATES).setCoder(PipelineCoders.aggregates());
    out.get(CLUSTER_AGGREGATES).setCoder(PipelineCoders.clusterAggregates());
    out.get(SUMMARIES).setCoder(PipelineCoders.summaries());
    return out;
  }

  /**
   * Scores whole buckets; adds up per bundle and emits the totals when the bundle finishes, so the
   * aggregation downstream sees a handful of elements, not one per node.
   */
  static final class ScoreBucketFn extends DoFn<BucketFiles, FleetAggregate> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Map<String, ClusterInputs>> clusters;
    private final ScoringSpec scoring;
    private final RunInfo run;
    private transient BucketScorer scorer;
    private transient FleetAggregate agg;
    private transient Map<String, List<NodeSummary>> summaries;
    private transient Map<String, ClusterInputs> lastView;
    private transient Map<String, ClusterFacts> facts;

    ScoreBucketFn(
        PCollectionView<Map<String, ClusterInputs>> clusters, ScoringSpec scoring, RunInfo run) {
      this.clusters = clusters;
      this.scoring = scoring;
      this.run = run;
    }

    @Setup
    public void setup() {
      scorer = new BucketScorer(scoring.load(), run);
      facts = new HashMap<>();
    }

    @StartBundle
    public void startBundle() {
      agg = new FleetAggregate();
      summaries = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element BucketFiles bucket, ProcessContext c) {
      Map<String, ClusterInputs> view = c.sideInput(clusters);
      if (view != lastView) {
        lastView = view;
        facts.clear();
      }
      scorer.score(
          bucket,
          id ->
              facts.computeIfAbsent(
                  id,
                  k -> {
                    ClusterInputs in = view.get(k);
                    return in == null ? ClusterFacts.empty(k) : in.facts();
                  }),
          agg,
          summaries);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      c.output(agg.fleetPart(), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
      agg.clusterParts()
          .forEach(
              (k, v) ->
                  c.output(
                      CLUSTER_AGGREGATES,
                      KV.of(k, v),
                      BoundedWindow.TIMESTAMP_MIN_VALUE,
                      GlobalWindow.INSTANCE));
      summaries.forEach(
          (k, v) ->
              c.output(
                  SUMMARIES,
                  KV.of(k, v),
                  BoundedWindow.TIMESTAMP_MIN_VALUE,
                  GlobalWindow.INSTANCE));
      agg = null;
      summaries = null;
    }
  }
}
