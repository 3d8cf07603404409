package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * EvaluateControls, cluster scope: groups the node summaries by cluster (the only shuffle of
 * per-node data in the pipeline, a few facts per node) and evaluates each cluster's rules once,
 * with its {@link ClusterFacts} from the side input. Every cluster of the snapshot takes part,
 * including clusters known only from the cloud tables or whose nodes were all quarantined (the
 * inputs carry an empty list for those). Output: one partial {@link FleetAggregate} per cluster
 * holding its cluster-scoped findings.
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
    return summaries
        .apply("GroupByCluster", GroupByKey.create())
        .apply(
            "EvaluateCluster",
            ParDo.of(new EvaluateClusterFn(clusters, scoring, run)).withSideInputs(clusters))
        .setCoder(PipelineCoders.aggregates());
  }

  static final class EvaluateClusterFn
      extends DoFn<KV<String, Iterable<List<NodeSummary>>>, FleetAggregate> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Map<String, ClusterInputs>> clusters;
    private final ScoringSpec scoring;
    private final RunInfo run;
    private transient Scoring loaded;

    EvaluateClusterFn(
        PCollectionView<Map<String, ClusterInputs>> clusters, ScoringSpec scoring, RunInfo run) {
      this.clusters = clusters;
      this.scoring = scoring;
      this.run = run;
    }

    @Setup
    public void setup() {
      loaded = scoring.load();
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<List<NodeSummary>>> e,
        ProcessContext c,
        OutputReceiver<FleetAggregate> out) {
      String id = e.getKey();
      List<NodeSummary> nodes = new ArrayList<>();
      e.getValue().forEach(nodes::addAll);
      ClusterInputs in = c.sideInput(clusters).get(id);
      ClusterFacts facts = in == null ? ClusterFacts.empty(id) : in.facts();
      FleetAggregate agg = new FleetAggregate();
      agg.clusterScored(id, ClusterScorer.score(loaded, run, facts, nodes));
      out.output(agg);
    }
  }
}
