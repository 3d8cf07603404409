package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * An AWS SDK v2 response object as the JSON the service sent (member names from the SDK's own field
 * metadata), so live objects go through exactly the code that reads {@code aws eks} exports.
 * Members the service did not send are left out, as in the CLI's output.
 */
final class SdkJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SdkJson() {}

  static JsonNode of(Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof SdkPojo p) {
      ObjectNode o = F.objectNode();
      for (SdkField<?> f : p.sdkFields()) {
        Object x = f.getValueOrDefault(p);
        if (x == null || x instanceof SdkAutoConstructList || x instanceof SdkAutoConstructMap) {
          continue;
        }
        o.set(f.locationName(), of(x));
      }
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = F.arrayNode();
      l.forEach(x -> a.add(of(x)));
      return a;
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, x) -> o.set(String.valueOf(k), of(x)));
      return o;
    }
    if (v instanceof Instant i) {
      return F.textNode(i.toString());
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof Integer i) {
      return F.numberNode(i);
    }
    if (v instanceof Long l) {
      return F.numberNode(l);
    }
    if (v instanceof Double d) {
      return F.numberNode(d);
    }
    if (v instanceof SdkBytes b) {
      return F.textNode(b.asUtf8String());
    }
    return F.textNode(String.valueOf(v));
  }
}
