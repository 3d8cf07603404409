package dev.fleetscore.pipeline;

import dev.fleetscore.model.NodeSummary;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.KV;

/**
 * The coders of the pipeline's element types. Bucket file-sets are few (one per bucket), so Java
 * serialization is fine for them; aggregates, node summaries and cloud rows use compact coders.
 */
final class PipelineCoders {

  private PipelineCoders() {}

  static Coder<BucketFiles> buckets() {
    return SerializableCoder.of(BucketFiles.class);
  }

  static Coder<FleetAggregate> aggregates() {
    return FleetAggregateCoder.INSTANCE;
  }

  static Coder<KV<String, List<NodeSummary>>> summaries() {
    return KvCoder.of(StringUtf8Coder.of(), ListCoder.of(NodeSummaryCoder.of()));
  }

  static Coder<KV<String, FleetAggregate>> clusterAggregates() {
    return KvCoder.of(StringUtf8Coder.of(), aggregates());
  }

  static Coder<KV<String, ClusterInputs>> clusterInputs() {
    return KvCoder.of(StringUtf8Coder.of(), ClusterInputs.Coder.of());
  }

  static Coder<Map<String, ClusterInputs>> clusterMap() {
    return MapCoder.of(StringUtf8Coder.of(), ClusterInputs.Coder.of());
  }
}
