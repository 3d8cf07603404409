package dev.fleetscore.pipeline;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * AggregateClusterCompliance: gathers the run's small results into its one {@link FleetAggregate}
 * for WriteTables: the fleet-wide partials (counters and quarantine rows, per bundle of buckets and
 * from the cloud tables) and one finished aggregate per cluster (its counts by rule, state and
 * severity, its cluster findings and rbac_access rows; see {@link EvaluateClusterControls}). No
 * node-level data reaches it.
 *
 * <p>It is a grouping under one key followed by one merge, not a {@code Combine.globally}: the
 * per-cluster results arrive one bundle per cluster on the DirectRunner, and a global combine's
 * state would be copied (through its coder) at every one of those bundles, quadratic in the number
 * of clusters; a grouping only appends to a list.
 */
final class AggregateClusterCompliance
    extends PTransform<PCollectionList<FleetAggregate>, PCollection<FleetAggregate>> {

  private static final String FLEET = "fleet";

  @Override
  public PCollection<FleetAggregate> expand(PCollectionList<FleetAggregate> parts) {
    return parts
        .apply("AllPartials", Flatten.pCollections())
        .apply("UnderOneKey", MapElements.via(new UnderOneKey()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), PipelineCoders.aggregates()))
        .apply("GatherPartials", GroupByKey.create())
        .apply("MergeAggregates", ParDo.of(new MergeAllFn()))
        .setCoder(PipelineCoders.aggregates());
  }

  /** Drops the cluster key of a per-cluster result (each carries its cluster id inside). */
  static final class WithoutKey extends SimpleFunction<KV<String, FleetAggregate>, FleetAggregate> {
    private static final long serialVersionUID = 1L;

    @Override
    public FleetAggregate apply(KV<String, FleetAggregate> kv) {
      return kv.getValue();
    }
  }

  static final class UnderOneKey
      extends SimpleFunction<FleetAggregate, KV<String, FleetAggregate>> {
    private static final long serialVersionUID = 1L;

    @Override
    public KV<String, FleetAggregate> apply(FleetAggregate a) {
      return KV.of(FLEET, a);
    }
  }

  /** Merges every gathered partial into a new aggregate, without touching them. */
  static final class MergeAllFn extends DoFn<KV<String, Iterable<FleetAggregate>>, FleetAggregate> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<FleetAggregate>> e, OutputReceiver<FleetAggregate> out) {
      FleetAggregate all = new FleetAggregate();
      for (FleetAggregate a : e.getValue()) {
        all.merge(a);
      }
      out.output(all);
    }
  }

  /** Merges aggregates without touching its inputs; the combine of {@code CountsByCluster}. */
  static final class MergeFn
      extends Combine.CombineFn<FleetAggregate, FleetAggregate, FleetAggregate> {
    private static final long serialVersionUID = 1L;

    @Override
    public FleetAggregate createAccumulator() {
      return new FleetAggregate();
    }

    @Override
    public FleetAggregate addInput(FleetAggregate acc, FleetAggregate input) {
      return acc.merge(input);
    }

    @Override
    public FleetAggregate mergeAccumulators(Iterable<FleetAggregate> accs) {
      FleetAggregate out = new FleetAggregate();
      for (FleetAggregate a : accs) {
        out.merge(a);
      }
      return out;
    }

    @Override
    public FleetAggregate extractOutput(FleetAggregate acc) {
      return acc;
    }

    @Override
    public Coder<FleetAggregate> getAccumulatorCoder(
        CoderRegistry registry, Coder<FleetAggregate> inputCoder)
        throws CannotProvideCoderException {
      return PipelineCoders.aggregates();
    }

    @Override
    public Coder<FleetAggregate> getDefaultOutputCoder(
        CoderRegistry registry, Coder<FleetAggregate> inputCoder)
        throws CannotProvideCoderException {
      return PipelineCoders.aggregates();
    }
  }
}
