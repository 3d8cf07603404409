package dev.fleetscore.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * ReadSnapshot: the snapshot's inputs as the pipeline consumes them. Outputs (see the tags): {@link
 * #BUCKETS} one element per bucket file-set of the node-bucketed raw tables (read later, inside the
 * scoring DoFn, with no shuffle); {@link #CLUSTERS} one map from cluster id to its deduplicated
 * {@link ClusterInputs}, offered as the side input {@link #view} that node-scope scoring reads;
 * {@link #INPUTS} the same inputs keyed by cluster id, joined by key with the cluster's node
 * summaries for cluster-scope rules; {@link #AGGREGATES} partial aggregates holding the fleet-wide
 * cloud-side counts and quarantine rows (rows without cluster id, duplicate cloud rows, cloud
 * collection errors, misplaced files); {@link #CLUSTER_AGGREGATES} the per-cluster cloud facts
 * counted (provider, inventory size, collected at) keyed by cluster id.
 *
 * <p>The cloud tables are read and resolved as one element (resolution needs every source file of a
 * cluster), then split by cluster.
 */
final class ReadSnapshot extends PTransform<PBegin, PCollectionTuple> {

  static final TupleTag<BucketFiles> BUCKETS = new TupleTag<>() {};
  static final TupleTag<Map<String, ClusterInputs>> CLUSTERS = new TupleTag<>() {};
  static final TupleTag<KV<String, ClusterInputs>> INPUTS = new TupleTag<>() {};
  static final TupleTag<FleetAggregate> AGGREGATES = new TupleTag<>() {};
  static final TupleTag<KV<String, FleetAggregate>> CLUSTER_AGGREGATES = new TupleTag<>() {};

  private final SnapshotPlan plan;
  private final RunInfo run;

  ReadSnapshot(SnapshotPlan plan, RunInfo run) {
    this.plan = plan;
    this.run = run;
  }

  /**
   * The cluster map side input of a {@link ReadSnapshot} output: a map view over the per-cluster
   * {@link #INPUTS}, so that no single element holds the whole fleet's cloud inputs (one element
   * per cluster; a singleton of the whole map outgrew the sort buffer Flink gets from a 3 GiB heap
   * at a million nodes, because the inventory has a row per node).
   */
  static PCollectionView<Map<String, ClusterInputs>> view(PCollectionTuple snapshot) {
    return snapshot.get(INPUTS).apply("ClusterFactsView", View.asMap());
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollection<BucketFiles> buckets =
        begin.apply("ListBuckets", Create.of(plan.buckets()).withCoder(PipelineCoders.buckets()));
    PCollection<CloudSnapshot> cloud =
        begin
            .apply(
                "ListCloudFiles",
                Create.of(List.of(CloudSnapshot.files(plan)))
                    .withCoder(ListCoder.of(StringUtf8Coder.of())))
            .apply("ReadCloudTables", ParDo.of(new ReadCloudTablesFn(run)))
            .setCoder(new CloudSnapshot.Coder());
    PCollection<Map<String, ClusterInputs>> clusters =
        cloud
            .apply("Clusters", MapElements.via(new ClustersOf()))
            .setCoder(PipelineCoders.clusterMap());
    PCollection<KV<String, ClusterInputs>> inputs =
        cloud
            .apply("InputsByCluster", FlatMapElements.via(new InputsOf()))
            .setCoder(PipelineCoders.clusterInputs());
    PCollectionTuple counts =
        PCollectionList.of(
                cloud
                    .apply("CloudCounts", MapElements.via(new AggregateOf()))
                    .setCoder(PipelineCoders.aggregates()))
            .and(
                begin.apply(
                    "MisplacedFiles",
                    Create.of(CloudTables.misplaced(plan.misplacedFiles(), run))
                        .withCoder(PipelineCoders.aggregates())))
            .apply("CloudAggregates", Flatten.pCollections())
            .setCoder(PipelineCoders.aggregates())
            .apply(
                "SplitByCluster",
                ParDo.of(new SplitFn())
                    .withOutputTags(AGGREGATES, TupleTagList.of(CLUSTER_AGGREGATES)));
    return PCollectionTuple.of(BUCKETS, buckets)
        .and(CLUSTERS, clusters)
        .and(INPUTS, inputs)
        .and(AGGREGATES, counts.get(AGGREGATES).setCoder(PipelineCoders.aggregates()))
        .and(
            CLUSTER_AGGREGATES,
            counts.get(CLUSTER_AGGREGATES).setCoder(PipelineCoders.clusterAggregates()));
  }

  /**
   * Reads every per-source cloud file of the snapshot in one go and resolves them per cluster (see
   * {@link CloudSnapshot}).
   */
  static final class ReadCloudTablesFn extends DoFn<List<String>, CloudSnapshot> {
    private static final long serialVersionUID = 1L;
    private final RunInfo run;

    ReadCloudTablesFn(RunInfo run) {
      this.run = run;
    }

    @ProcessElement
    public void process(@Element List<String> files, OutputReceiver<CloudSnapshot> out) {
      out.output(CloudSnapshot.read(files, run));
    }
  }

  static final class ClustersOf extends SimpleFunction<CloudSnapshot, Map<String, ClusterInputs>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, ClusterInputs> apply(CloudSnapshot c) {
      return c.clusters();
    }
  }

  static final class InputsOf
      extends SimpleFunction<CloudSnapshot, Iterable<KV<String, ClusterInputs>>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterable<KV<String, ClusterInputs>> apply(CloudSnapshot c) {
      List<KV<String, ClusterInputs>> out = new ArrayList<>(c.clusters().size());
      c.clusters().forEach((id, in) -> out.add(KV.of(id, in)));
      return out;
    }
  }

  /** An aggregate as its fleet-wide part and one part per cluster, keyed by cluster id. */
  static final class SplitFn extends DoFn<FleetAggregate, FleetAggregate> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element FleetAggregate agg, MultiOutputReceiver out) {
      out.get(AGGREGATES).output(agg.fleetPart());
      agg.clusterParts().forEach((id, a) -> out.get(CLUSTER_AGGREGATES).output(KV.of(id, a)));
    }
  }

  static final class AggregateOf extends SimpleFunction<CloudSnapshot, FleetAggregate> {
    private static final long serialVersionUID = 1L;

    @Override
    public FleetAggregate apply(CloudSnapshot c) {
      return c.aggregate();
    }
  }
}
