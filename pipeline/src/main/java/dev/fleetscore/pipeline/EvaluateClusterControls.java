package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * EvaluateControls, cluster scope: evaluates each cluster's rules once, with its {@link
 * ClusterFacts} and the summaries of all its scored nodes, gathered by cluster as a multimap side
 * input (a few facts per node). Every cluster of the snapshot takes part, including clusters known
 * only from the cloud tables or whose nodes were all quarantined (their summary lists are empty).
 * Output: one partial {@link FleetAggregate} holding every cluster-scoped finding and every
 * cluster's rbac_access rows.
 *
 * <p>Cluster rules are cheap (a handful per cluster), so one DoFn call evaluates all clusters in id
 * order; a per-cluster grouping would cost the DirectRunner one bundle per cluster, and each bundle
 * copies the state of the global combine downstream.
 */
final class EvaluateClusterControls
    extends PTransform<PCollection<KV<String, List<NodeSummary>>>, PCollection<FleetAggregate>> {

  private final PCollectionView<Map<String, ClusterInputs>> clusters;
  private final ScoringSpec scoring;
  private final RunInfo run;

  EvaluateClusterControls(
      PCollectionView<Map<String, ClusterInputs>> clusters, ScoringSpec scoring, RunInfo run) {
    this.clusters = clusters;
    this.scoring = scoring;
    this.run = run;
  }

  @Override
  public PCollection<FleetAggregate> expand(PCollection<KV<String, List<NodeSummary>>> summaries) {
    PCollectionView<Map<String, Iterable<List<NodeSummary>>>> byCluster =
        summaries.apply("SummariesByCluster", View.asMultimap());
    return summaries
        .getPipeline()
        .apply("Once", Create.of("all clusters").withCoder(StringUtf8Coder.of()))
        .apply(
            "EvaluateClusters",
            ParDo.of(new EvaluateClustersFn(clusters, byCluster, scoring, run))
                .withSideInputs(clusters, byCluster))
        .setCoder(PipelineCoders.aggregates());
  }

  static final class EvaluateClustersFn extends DoFn<String, FleetAggregate> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Map<String, ClusterInputs>> clusters;
    private final PCollectionView<Map<String, Iterable<List<NodeSummary>>>> summaries;
    private final ScoringSpec scoring;
    private final RunInfo run;
    private transient Scoring loaded;

    EvaluateClustersFn(
        PCollectionView<Map<String, ClusterInputs>> clusters,
        PCollectionView<Map<String, Iterable<List<NodeSummary>>>> summaries,
        ScoringSpec scoring,
        RunInfo run) {
      this.clusters = clusters;
      this.summaries = summaries;
      this.scoring = scoring;
      this.run = run;
    }

    @Setup
    public void setup() {
      loaded = scoring.load();
    }

    @ProcessElement
    public void process(ProcessContext c, OutputReceiver<FleetAggregate> out) {
      Map<String, ClusterInputs> cloud = c.sideInput(clusters);
      Map<String, Iterable<List<NodeSummary>>> nodes = c.sideInput(summaries);
      TreeSet<String> ids = new TreeSet<>(cloud.keySet());
      ids.addAll(nodes.keySet());
      FleetAggregate agg = new FleetAggregate();
      for (String id : ids) {
        List<NodeSummary> all = new ArrayList<>();
        Iterable<List<NodeSummary>> parts = nodes.get(id);
        if (parts != null) {
          parts.forEach(all::addAll);
        }
        ClusterInputs in = cloud.get(id);
        ClusterFacts facts = in == null ? ClusterFacts.empty(id) : in.facts();
        agg.clusterScored(id, ClusterScorer.score(loaded, run, facts, all));
        agg.rbacAccess(RbacAccessRows.of(run, facts));
      }
      out.output(agg);
    }
  }
}
