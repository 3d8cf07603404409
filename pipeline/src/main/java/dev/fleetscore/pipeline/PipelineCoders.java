package dev.fleetscore.pipeline;

import dev.fleetscore.model.NodeSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.KV;

/**
 * The coders of the pipeline's element types. Bucket file-sets and aggregates are few (one per
 * bucket, one per bundle), so Java serialization is fine for them; node summaries and cloud rows
 * are many and use compact coders.
 */
final class PipelineCoders {

  private PipelineCoders() {}

  static Coder<BucketFiles> buckets() {
    return SerializableCoder.of(BucketFiles.class);
  }

  static Coder<FleetAggregate> aggregates() {
    return AggregateCoder.INSTANCE;
  }

  /**
   * Java serialization framed as bytes. A plain {@link SerializableCoder} would do, but warns that
   * the type has no equals; aggregates are never compared or used as keys.
   */
  static final class AggregateCoder extends CustomCoder<FleetAggregate> {
    private static final long serialVersionUID = 1L;
    static final AggregateCoder INSTANCE = new AggregateCoder();

    @Override
    public void encode(FleetAggregate value, OutputStream out) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
        o.writeObject(value);
      }
      ByteArrayCoder.of().encode(bytes.toByteArray(), out);
    }

    @Override
    public FleetAggregate decode(InputStream in) throws IOException {
      byte[] bytes = ByteArrayCoder.of().decode(in);
      try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
        return (FleetAggregate) o.readObject();
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot decode an aggregate", e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AggregateCoder;
    }

    @Override
    public int hashCode() {
      return AggregateCoder.class.hashCode();
    }
  }

  static Coder<KV<String, List<NodeSummary>>> summaries() {
    return KvCoder.of(StringUtf8Coder.of(), ListCoder.of(NodeSummaryCoder.of()));
  }

  static Coder<Map<String, ClusterInputs>> clusterMap() {
    return MapCoder.of(StringUtf8Coder.of(), ClusterInputs.Coder.of());
  }
}
