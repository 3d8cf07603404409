package dev.fleetscore.pipeline;

import dev.fleetscore.model.NodeSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * A compact coder for {@link NodeSummary}: one per scored node crosses the cluster shuffle, so Java
 * serialization would cost more than the data. Facts are written in key order.
 */
public final class NodeSummaryCoder extends CustomCoder<NodeSummary> {

  private static final long serialVersionUID = 1L;
  private static final NullableCoder<String> STR = NullableCoder.of(StringUtf8Coder.of());
  private static final MapCoder<String, String> FACTS =
      MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  public static NodeSummaryCoder of() {
    return new NodeSummaryCoder();
  }

  /** Stateless: every instance is the same coder (Flink compares coders when it unions inputs). */
  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public void encode(NodeSummary v, OutputStream out) throws IOException {
    STR.encode(v.nodeName(), out);
    STR.encode(v.nodePool(), out);
    FACTS.encode(new TreeMap<>(v.facts()), out);
  }

  @Override
  public NodeSummary decode(InputStream in) throws IOException {
    return new NodeSummary(STR.decode(in), STR.decode(in), FACTS.decode(in));
  }
}
