package dev.fleetscore.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.Setting;
import dev.fleetscore.schema.ConfigFileRow;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Extracts the {@link NodeSummary} of a scored node: the effective values cluster rules compare
 * with cloud intent ({@code kubelet:readOnlyPort} and its {@code @source}, the anonymous-auth and
 * authorization values, the pool's CLOUD read-only-port settings) and {@code
 * metrics:readonly_requests}, the sum of kubelet_http_requests_total samples with
 * server_type="readonly" from a KUBELET_READONLY_METRICS config file row.
 */
public final class NodeSummaries {

  static final List<String> KEYS =
      List.of(
          "kubelet:readOnlyPort",
          "kubelet:authentication.anonymous.enabled",
          "kubelet:authorization.mode",
          "cloud:insecureKubeletReadonlyPortEnabled",
          "cloud:readonlyPortEnabled",
          "cloud:readonlyPortSource");

  private NodeSummaries() {}

  public static NodeSummary of(NodeFacts facts) {
    Map<String, String> out = new TreeMap<>();
    for (String key : KEYS) {
      int c = key.indexOf(':');
      Optional<ComponentSettings> cs =
          Component.byId(key.substring(0, c)).flatMap(facts::component);
      Optional<Setting> s = cs.flatMap(x -> x.get(key.substring(c + 1)));
      if (s.isPresent() && s.get().value() != null) {
        out.put(key, s.get().value().canonical());
        if (key.startsWith("kubelet:")) {
          out.put(key + "@source", s.get().source().name());
        }
      }
    }
    readonlyRequests(facts.configFiles()).ifPresent(v -> out.put("metrics:readonly_requests", v));
    return new NodeSummary(facts.nodeName(), facts.dump().getNodePool(), out);
  }

  /**
   * Sums the read-only server's request counter. The importer stores Prometheus text as JSON;
   * samples are objects with {@code name} (or a parent key naming the metric), {@code labels} and
   * {@code value}, anywhere in the tree.
   */
  static Optional<String> readonlyRequests(List<ConfigFileRow> files) {
    BigDecimal sum = null;
    for (ConfigFileRow r : files) {
      if (!"KUBELET_READONLY_METRICS".equals(r.getKind()) || r.getContentJson() == null) {
        continue;
      }
      try {
        BigDecimal s = walk(Values.JSON.readTree(r.getContentJson()), null);
        if (s != null) {
          sum = sum == null ? s : sum.add(s);
        }
      } catch (JsonProcessingException e) {
        // content_json is written by the importer; a broken one is already a collection error.
      }
    }
    return sum == null ? Optional.empty() : Optional.of(sum.stripTrailingZeros().toPlainString());
  }

  private static BigDecimal walk(JsonNode n, String metric) {
    BigDecimal sum = null;
    if (n.isObject()) {
      String name = n.path("name").isTextual() ? n.path("name").textValue() : metric;
      if ("kubelet_http_requests_total".equals(name)
          && n.has("value")
          && "readonly".equals(n.path("labels").path("server_type").asText())) {
        JsonNode v = n.get("value");
        try {
          return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String childMetric = e.getKey().equals("kubelet_http_requests_total") ? e.getKey() : name;
        BigDecimal s = walk(e.getValue(), childMetric);
        if (s != null) {
          sum = sum == null ? s : sum.add(s);
        }
      }
    } else if (n.isArray()) {
      for (JsonNode e : n) {
        BigDecimal s = walk(e, metric);
        if (s != null) {
          sum = sum == null ? s : sum.add(s);
        }
      }
    }
    return sum;
  }
}
