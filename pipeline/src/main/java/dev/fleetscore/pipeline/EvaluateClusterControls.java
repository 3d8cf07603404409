package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * EvaluateControls, cluster scope, keyed by cluster group: the partial counts of each group are
 * combined ({@code CountsByCluster}, a {@code Combine.perKey} that runners lift before their
 * shuffle), then joined by group with the node summaries and {@link ClusterInputs} of the group's
 * clusters ({@code JoinByCluster}, a {@code CoGroupByKey}), and each cluster's rules are evaluated
 * once, with its {@link ClusterFacts} and the summaries of all its scored nodes.
 *
 * <p>A group is one cluster when {@code groups} is 0, the setting for distributed runners: then no
 * step holds more than one cluster's summaries and facts, and memory is bounded by the largest
 * cluster. With {@code groups > 0} the cluster ids are hashed into that many groups. That is for
 * the DirectRunner, which keeps every grouped element in memory anyway and pays per key: each key
 * after a grouping is its own bundle, its timers are scanned on every step of its driver, and a
 * grouping state is copied through its coder each time a bundle adds to it. With one key per
 * cluster, a fleet of thousands of clusters spent most of its time there (see docs/pipeline.md).
 * The output does not depend on the grouping: every cluster is evaluated alone either way.
 *
 * <p>Every cluster of the snapshot takes part: clusters known only from the cloud tables (inputs,
 * no summaries) and clusters whose nodes were all quarantined ({@link BucketScorer} emits an empty
 * summary list for them). Output: per group one {@link FleetAggregate} holding only the group's
 * counts, its clusters' findings and their rbac_access rows.
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
  private static final TupleTag<KV<String, List<NodeSummary>>> JOINED_SUMMARIES =
      new TupleTag<>() {};
  private static final TupleTag<KV<String, ClusterInputs>> JOINED_INPUTS = new TupleTag<>() {};

  private final ScoringSpec scoring;
  private final RunInfo run;
  private final int groups;

  /**
   * @param groups 0 to key by cluster id; otherwise the number of groups the cluster ids are hashed
   *     into
   */
  EvaluateClusterControls(ScoringSpec scoring, RunInfo run, int groups) {
    if (groups < 0) {
      throw new IllegalArgumentException("groups must be 0 or more: " + groups);
    }
    this.scoring = scoring;
    this.run = run;
    this.groups = groups;
  }

  /** The key of a cluster's group: the cluster id itself when {@code groups} is 0. */
  static String groupOf(String clusterId, int groups) {
    return groups == 0 ? clusterId : "g" + Math.floorMod(clusterId.hashCode(), groups);
  }

  @Override
  public PCollection<KV<String, FleetAggregate>> expand(PCollectionTuple in) {
    PCollection<KV<String, FleetAggregate>> counts =
        in.get(COUNTS)
            .apply("CountsToGroups", MapElements.via(new CountsToGroup(groups)))
            .setCoder(PipelineCoders.clusterAggregates())
            .apply(
                "CountsByCluster",
                Combine.<String, FleetAggregate, FleetAggregate>perKey(
                    new AggregateClusterCompliance.MergeFn()))
            .setCoder(PipelineCoders.clusterAggregates());
    PCollection<KV<String, KV<String, List<NodeSummary>>>> summaries =
        in.get(SUMMARIES)
            .apply("SummariesToGroups", MapElements.via(new WithGroup<List<NodeSummary>>(groups)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), PipelineCoders.summaries()));
    PCollection<KV<String, KV<String, ClusterInputs>>> inputs =
        in.get(INPUTS)
            .apply("InputsToGroups", MapElements.via(new WithGroup<ClusterInputs>(groups)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), PipelineCoders.clusterInputs()));
    return KeyedPCollectionTuple.of(JOINED_COUNTS, counts)
        .and(JOINED_SUMMARIES, summaries)
        .and(JOINED_INPUTS, inputs)
        .apply("JoinByCluster", CoGroupByKey.create())
        .apply("EvaluateCluster", ParDo.of(new EvaluateClusterFn(scoring, run)))
        .setCoder(PipelineCoders.clusterAggregates());
  }

  /** Re-keys a cluster's partial counts by its group; the counts name their cluster inside. */
  static final class CountsToGroup
      extends SimpleFunction<KV<String, FleetAggregate>, KV<String, FleetAggregate>> {
    private static final long serialVersionUID = 1L;
    private final int groups;

    CountsToGroup(int groups) {
      this.groups = groups;
    }

    @Override
    public KV<String, FleetAggregate> apply(KV<String, FleetAggregate> kv) {
      return KV.of(groupOf(kv.getKey(), groups), kv.getValue());
    }
  }

  /** Keys a per-cluster element by its group, keeping the cluster id beside the value. */
  static final class WithGroup<T> extends SimpleFunction<KV<String, T>, KV<String, KV<String, T>>> {
    private static final long serialVersionUID = 1L;
    private final int groups;

    WithGroup(int groups) {
      this.groups = groups;
    }

    @Override
    public KV<String, KV<String, T>> apply(KV<String, T> kv) {
      return KV.of(groupOf(kv.getKey(), groups), kv);
    }
  }

  /**
   * Evaluates each cluster of a group on its own, in cluster id order; adds the findings and
   * rbac_access rows to the group's counts.
   */
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
      CoGbkResult r = e.getValue();
      FleetAggregate agg = new FleetAggregate();
      for (FleetAggregate part : r.getAll(JOINED_COUNTS)) {
        agg.merge(part);
      }
      Map<String, ClusterInputs> inputs = new TreeMap<>();
      for (KV<String, ClusterInputs> in : r.getAll(JOINED_INPUTS)) {
        if (inputs.put(in.getKey(), in.getValue()) != null) {
          throw new IllegalStateException("two cloud inputs for cluster " + in.getKey());
        }
      }
      Map<String, List<NodeSummary>> nodes = new TreeMap<>();
      for (KV<String, List<NodeSummary>> part : r.getAll(JOINED_SUMMARIES)) {
        nodes.computeIfAbsent(part.getKey(), k -> new ArrayList<>()).addAll(part.getValue());
      }
      for (String id : inputs.keySet()) {
        nodes.putIfAbsent(id, List.of());
      }
      for (Map.Entry<String, List<NodeSummary>> c : nodes.entrySet()) {
        String id = c.getKey();
        ClusterInputs in = inputs.get(id);
        ClusterFacts facts = in == null ? ClusterFacts.empty(id) : in.facts();
        agg.clusterScored(id, ClusterScorer.score(loaded, run, facts, c.getValue()));
        agg.rbacAccess(RbacAccessRows.of(run, facts));
      }
      out.output(KV.of(e.getKey(), agg));
    }
  }
}
