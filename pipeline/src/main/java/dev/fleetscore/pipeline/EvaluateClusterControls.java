package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * EvaluateControls, cluster scope, keyed by cluster: the partial counts of each cluster are
 * combined per cluster ({@code CountsByCluster}, a {@code Combine.perKey} that runners lift before
 * their shuffle), then joined by cluster id with the cluster's node summaries and its {@link
 * ClusterInputs} ({@code JoinByCluster}, a {@code CoGroupByKey}), and each cluster's rules are
 * evaluated once, with its {@link ClusterFacts} and the summaries of all its scored nodes. Memory
 * is bounded by the largest cluster: no step holds more than one cluster's summaries and facts.
 *
 * <p>Every cluster of the snapshot takes part: clusters known only from the cloud tables (inputs,
 * no summaries) and clusters whose nodes were all quarantined ({@link BucketScorer} emits an empty
 * summary list for them). Output: per cluster one {@link FleetAggregate} holding only that
 * cluster's counts, its cluster-scoped findings and its rbac_access rows.
 */
final class EvaluateClusterControls
    extends PTransform<PCollectionTuple, PCollection<KV<String, FleetAggregate>>> {

  /** Input: partial counts per cluster (node side and cloud side). */
  static final TupleTag<KV<String, FleetAggregate>> COUNTS = new TupleTag<>() {};

  /** Input: node summaries per cluster, any number of lists per cluster. */
  static final TupleTag<KV<String, List<NodeSummary>>> SUMMARIES = new TupleTag<>() {};

  /** Input: the resolved cloud inputs, at most one per cluster. */
  static final TupleTag<KV<String, ClusterInputs>> INPUTS = new TupleTag<>() {};

  private static final TupleTag<FleetAggregate> JOINED_COUNTS = new TupleTag<>() {};
  private static final TupleTag<List<NodeSummary>> JOINED_SUMMARIES = new TupleTag<>() {};
  private static final TupleTag<ClusterInputs> JOINED_INPUTS = new TupleTag<>() {};

  private final ScoringSpec scoring;
  private final RunInfo run;

  EvaluateClusterControls(ScoringSpec scoring, RunInfo run) {
    this.scoring = scoring;
    this.run = run;
  }

  @Override
  public PCollection<KV<String, FleetAggregate>> expand(PCollectionTuple in) {
    PCollection<KV<String, FleetAggregate>> counts =
        in.get(COUNTS)
            .apply(
                "CountsByCluster",
                Combine.<String, FleetAggregate, FleetAggregate>perKey(
                    new AggregateClusterCompliance.MergeFn()))
            .setCoder(PipelineCoders.clusterAggregates());
    return KeyedPCollectionTuple.of(JOINED_COUNTS, counts)
        .and(JOINED_SUMMARIES, in.get(SUMMARIES))
        .and(JOINED_INPUTS, in.get(INPUTS))
        .apply("JoinByCluster", CoGroupByKey.create())
        .apply("EvaluateCluster", ParDo.of(new EvaluateClusterFn(scoring, run)))
        .setCoder(PipelineCoders.clusterAggregates());
  }

  /** Evaluates one cluster's rules; adds its findings and rbac_access rows to its counts. */
  static final class EvaluateClusterFn
      extends DoFn<KV<String, CoGbkResult>, KV<String, FleetAggregate>> {
    private static final long serialVersionUID = 1L;
    private final ScoringSpec scoring;
    private final RunInfo run;
    private transient Scoring loaded;

    EvaluateClusterFn(ScoringSpec scoring, RunInfo run) {
      this.scoring = scoring;
      this.run = run;
    }

    @Setup
    public void setup() {
      loaded = scoring.load();
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> e, OutputReceiver<KV<String, FleetAggregate>> out) {
      String id = e.getKey();
      CoGbkResult r = e.getValue();
      FleetAggregate agg = new FleetAggregate();
      for (FleetAggregate part : r.getAll(JOINED_COUNTS)) {
        agg.merge(part);
      }
      ClusterInputs in = r.getOnly(JOINED_INPUTS, null);
      boolean seen = in != null;
      List<NodeSummary> nodes = new ArrayList<>();
      for (List<NodeSummary> part : r.getAll(JOINED_SUMMARIES)) {
        seen = true;
        nodes.addAll(part);
      }
      if (seen) {
        ClusterFacts facts = in == null ? ClusterFacts.empty(id) : in.facts();
        agg.clusterScored(id, ClusterScorer.score(loaded, run, facts, nodes));
        agg.rbacAccess(RbacAccessRows.of(run, facts));
      }
      out.output(KV.of(id, agg));
    }
  }
}
