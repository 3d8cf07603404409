package dev.fleetscore.pipeline;

import dev.fleetscore.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
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
 * scoring DoFn, with no shuffle); {@link #CLUSTERS} the cloud tables merged into one deduplicated
 * {@link ClusterInputs} per cluster, also offered as the map side input {@link #view}; {@link
 * #AGGREGATES} partial aggregates holding the cloud-side counts and quarantine rows (rows without
 * cluster id, duplicate cloud rows, cloud collection errors, misplaced files).
 */
final class ReadSnapshot extends PTransform<PBegin, PCollectionTuple> {

  static final TupleTag<BucketFiles> BUCKETS = new TupleTag<>() {};
  static final TupleTag<KV<String, ClusterInputs>> CLUSTERS = new TupleTag<>() {};
  static final TupleTag<FleetAggregate> AGGREGATES = new TupleTag<>() {};

  private final SnapshotPlan plan;
  private final RunInfo run;

  ReadSnapshot(SnapshotPlan plan, RunInfo run) {
    this.plan = plan;
    this.run = run;
  }

  /** The cluster map side input of a {@link ReadSnapshot} output. */
  static PCollectionView<Map<String, ClusterInputs>> view(PCollectionTuple snapshot) {
    return snapshot.get(CLUSTERS).apply("ClusterFactsView", View.asMap());
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollection<BucketFiles> buckets =
        begin.apply("ListBuckets", Create.of(plan.buckets()).withCoder(PipelineCoders.buckets()));
    List<String> cloudFiles = new ArrayList<>();
    for (Table t : SnapshotPlan.PER_SOURCE) {
      cloudFiles.addAll(plan.perSourceFiles().getOrDefault(t, List.of()));
    }
    PCollectionTuple read =
        begin
            .apply("ListCloudFiles", Create.of(cloudFiles).withCoder(StringUtf8Coder.of()))
            .apply(
                "ReadCloudFiles",
                ParDo.of(new ReadCloudFileFn(run))
                    .withOutputTags(ReadCloudFileFn.PARTS, TupleTagList.of(AGGREGATES)));
    PCollectionTuple resolved =
        read.get(ReadCloudFileFn.PARTS)
            .setCoder(PipelineCoders.clusters())
            .apply("GroupByCluster", GroupByKey.create())
            .apply(
                "ResolveClusters",
                ParDo.of(new ResolveClusterFn(run))
                    .withOutputTags(CLUSTERS, TupleTagList.of(AGGREGATES)));
    PCollection<FleetAggregate> misplaced =
        begin.apply(
            "MisplacedFiles",
            Create.of(CloudTables.misplaced(plan.misplacedFiles(), run))
                .withCoder(PipelineCoders.aggregates()));
    PCollection<FleetAggregate> aggregates =
        PCollectionList.of(read.get(AGGREGATES).setCoder(PipelineCoders.aggregates()))
            .and(resolved.get(AGGREGATES).setCoder(PipelineCoders.aggregates()))
            .and(misplaced)
            .apply("CloudAggregates", Flatten.pCollections());
    return PCollectionTuple.of(BUCKETS, buckets)
        .and(CLUSTERS, resolved.get(CLUSTERS).setCoder(PipelineCoders.clusters()))
        .and(AGGREGATES, aggregates);
  }

  /** Reads one per-source file into partial cluster inputs and quarantine rows. */
  static final class ReadCloudFileFn extends DoFn<String, KV<String, ClusterInputs>> {
    private static final long serialVersionUID = 1L;
    static final TupleTag<KV<String, ClusterInputs>> PARTS = new TupleTag<>() {};
    private final RunInfo run;

    ReadCloudFileFn(RunInfo run) {
      this.run = run;
    }

    @ProcessElement
    public void process(@Element String path, MultiOutputReceiver out) {
      CloudTables.FileRows rows = CloudTables.read(path, run);
      rows.clusters().forEach((id, part) -> out.get(PARTS).output(KV.of(id, part)));
      if (!rows.quarantine().isEmpty()) {
        FleetAggregate agg = new FleetAggregate();
        rows.quarantine().forEach(agg::quarantine);
        out.get(AGGREGATES).output(agg);
      }
    }
  }

  /** One cluster's rows from every source: deduplicated, sorted, counted. */
  static final class ResolveClusterFn
      extends DoFn<KV<String, Iterable<ClusterInputs>>, KV<String, ClusterInputs>> {
    private static final long serialVersionUID = 1L;
    private final RunInfo run;

    ResolveClusterFn(RunInfo run) {
      this.run = run;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<ClusterInputs>> parts, MultiOutputReceiver out) {
      CloudTables.Resolved r = CloudTables.resolve(parts.getKey(), parts.getValue(), run);
      out.get(CLUSTERS).output(KV.of(parts.getKey(), r.inputs()));
      out.get(AGGREGATES).output(CloudTables.aggregate(r));
    }
  }
}
