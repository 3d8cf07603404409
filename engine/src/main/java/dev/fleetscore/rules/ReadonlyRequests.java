package dev.fleetscore.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.common.Parsers;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.schema.ConfigFileRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How many requests the kubelet's read-only server (port 10255) has answered, read from the {@code
 * KUBELET_READONLY_METRICS} config_files row of the node: the sum of {@code
 * kubelet_http_requests_total} samples labelled {@code server_type="readonly"}. A parsed metrics
 * file without such samples means zero requests (the kubelet creates the series on the first
 * request); no metrics file, or one that did not parse, means the count is unknown.
 *
 * <p>The row's {@code content_json} may have one of three shapes, all produced from the Prometheus
 * text format: an array of samples {@code [{"name": ..., "labels": {...}, "value": ...}]}, an
 * object {@code {"samples": [...]}} holding that array, or an object keyed by metric name whose
 * values are arrays of {@code {"labels": {...}, "value": ...}}.
 */
public final class ReadonlyRequests {

  static final String METRIC = "kubelet_http_requests_total";
  static final String KIND = "KUBELET_READONLY_METRICS";
  private static final ObjectMapper JSON = Parsers.json();

  private ReadonlyRequests() {}

  /**
   * The count, or null with {@code why} when unknown; {@code path} is the metrics file.
   *
   * @param count requests seen by the read-only server, null when unknown
   * @param path the metrics file read, null when there was none
   * @param why why the count is unknown, null when known
   */
  public record Result(Long count, String path, String why) {}

  public static Result of(NodeFacts node) {
    List<ConfigFileRow> rows = new ArrayList<>();
    for (ConfigFileRow r : node.configFiles()) {
      if (KIND.equals(r.getKind())) {
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      return new Result(
          null, null, "the dump holds no kubelet metrics (no " + KIND + " config_files row)");
    }
    long total = 0;
    for (ConfigFileRow r : rows) {
      if (r.getContentJson() == null) {
        String err = r.getParseError() == null ? "it was not parsed" : r.getParseError();
        return new Result(null, r.getPath(), "the metrics file " + r.getPath() + ": " + err);
      }
      Long n = count(r.getContentJson());
      if (n == null) {
        return new Result(
            null,
            r.getPath(),
            "the metrics file " + r.getPath() + " is not in a shape fleetscore reads");
      }
      total += n;
    }
    return new Result(total, rows.get(0).getPath(), null);
  }

  /** The sum of read-only samples in one content_json, or null when its shape is unknown. */
  static Long count(String contentJson) {
    JsonNode root;
    try {
      root = JSON.readTree(contentJson);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (root == null) {
      return null;
    }
    if (root.isObject() && root.has("samples") && root.get("samples").isArray()) {
      return sumSamples(root.get("samples"), null);
    }
    if (root.isArray()) {
      return sumSamples(root, null);
    }
    if (root.isObject()) {
      long total = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isArray()) {
          return null;
        }
        if (METRIC.equals(e.getKey())) {
          Long n = sumSamples(e.getValue(), METRIC);
          if (n == null) {
            return null;
          }
          total += n;
        }
      }
      return total;
    }
    return null;
  }

  private static Long sumSamples(JsonNode samples, String impliedName) {
    double total = 0;
    for (JsonNode s : samples) {
      if (!s.isObject()) {
        return null;
      }
      String name = impliedName != null ? impliedName : s.path("name").asText(null);
      if (name == null) {
        return null;
      }
      if (!METRIC.equals(name)) {
        continue;
      }
      JsonNode labels = s.path("labels");
      if (!"readonly".equals(labels.path("server_type").asText(null))) {
        continue;
      }
      JsonNode v = s.get("value");
      if (v == null) {
        return null;
      }
      double d;
      if (v.isNumber()) {
        d = v.doubleValue();
      } else if (v.isTextual()) {
        try {
          d = Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
          return null;
        }
      } else {
        return null;
      }
      if (Double.isNaN(d) || d < 0) {
        return null;
      }
      total += d;
    }
    return Math.round(total);
  }
}
