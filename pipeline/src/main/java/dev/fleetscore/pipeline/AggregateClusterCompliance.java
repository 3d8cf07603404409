package dev.fleetscore.pipeline;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * AggregateClusterCompliance: combines every partial {@link FleetAggregate} (per bundle of buckets,
 * per cluster of cloud rows and of cluster findings) into the one aggregate of the run, with a
 * combiner so runners that lift combiners (Flink) merge partials before the shuffle. The counts by
 * cluster, rule, state and severity it holds are what control_summary, cluster_compliance and
 * fleet_summary are built from.
 */
final class AggregateClusterCompliance
    extends PTransform<PCollectionList<FleetAggregate>, PCollection<FleetAggregate>> {

  @Override
  public PCollection<FleetAggregate> expand(PCollectionList<FleetAggregate> parts) {
    return parts
        .apply("AllPartials", Flatten.pCollections())
        .apply("MergeAggregates", Combine.globally(new MergeFn()))
        .setCoder(PipelineCoders.aggregates());
  }

  /** Merges aggregates without touching its inputs. */
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
