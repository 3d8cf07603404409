package dev.fleetscore.pipeline;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * ReadSnapshot: the snapshot's inputs as the pipeline consumes them. Outputs (see the tags): {@link
 * #BUCKETS} one element per bucket file-set of the node-bucketed raw tables (read later, inside the
 * scoring DoFn, with no shuffle); {@link #CLUSTERS} one map from cluster id to its deduplicated
 * {@link ClusterInputs}, offered as the side input {@link #view}; {@link #AGGREGATES} partial
 * aggregates holding the cloud-side counts and quarantine rows (rows without cluster id, duplicate
 * cloud rows, cloud collection errors, misplaced files).
 *
 * <p>The cloud tables are read as one element rather than grouped by cluster: on the DirectRunner a
 * grouping by cluster yields one bundle per cluster, and every such bundle copies the state of a
 * later global combine or view, which grows quadratically with the number of clusters.
 */
final class ReadSnapshot extends PTransform<PBegin, PCollectionTuple> {

  static final TupleTag<BucketFiles> BUCKETS = new TupleTag<>() {};
  static final TupleTag<Map<String, ClusterInputs>> CLUSTERS = new TupleTag<>() {};
  static final TupleTag<FleetAggregate> AGGREGATES = new TupleTag<>() {};

  private final SnapshotPlan plan;
  private final RunInfo run;

  ReadSnapshot(SnapshotPlan plan, RunInfo run) {
    this.plan = plan;
    this.run = run;
  }

  /** The cluster map side input of a {@link ReadSnapshot} output. */
  static PCollectionView<Map<String, ClusterInputs>> view(PCollectionTuple snapshot) {
    return snapshot.get(CLUSTERS).apply("ClusterFactsView", View.asSingleton());
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
    PCollection<FleetAggregate> cloudCounts =
        cloud
            .apply("CloudCounts", MapElements.via(new AggregateOf()))
            .setCoder(PipelineCoders.aggregates());
    PCollection<FleetAggregate> misplaced =
        begin.apply(
            "MisplacedFiles",
            Create.of(CloudTables.misplaced(plan.misplacedFiles(), run))
                .withCoder(PipelineCoders.aggregates()));
    PCollection<FleetAggregate> aggregates =
        PCollectionList.of(cloudCounts)
            .and(misplaced)
            .apply("CloudAggregates", Flatten.pCollections());
    return PCollectionTuple.of(BUCKETS, buckets)
        .and(CLUSTERS, clusters)
        .and(AGGREGATES, aggregates);
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

  static final class AggregateOf extends SimpleFunction<CloudSnapshot, FleetAggregate> {
    private static final long serialVersionUID = 1L;

    @Override
    public FleetAggregate apply(CloudSnapshot c) {
      return c.aggregate();
    }
  }
}
