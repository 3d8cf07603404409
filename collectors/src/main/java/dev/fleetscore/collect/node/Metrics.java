package dev.fleetscore.collect.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus text exposition (the kubelet read-only port's {@code /metrics}, as node-dump.sh
 * keeps it) into {@code {"samples": [{"name", "labels", "value"}]}}. A sample line that does not
 * parse makes the whole file unparsed: counting the requests that still reach the read-only port
 * from half a file would understate them.
 */
final class Metrics {

  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+([-+]?(?:[0-9.eE+-]+|NaN|Inf))(?:\\s+-?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]++|\\\\.)*+)\"\\s*,?");

  private Metrics() {}

  static ConfigParser.Parsed parse(String text) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode samples = root.putArray("samples");
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        return failed(i + 1, "not a sample line");
      }
      ObjectNode s = samples.addObject();
      s.put("name", m.group(1));
      ObjectNode labels = s.putObject("labels");
      if (m.group(2) != null && !m.group(2).isBlank()) {
        Matcher l = LABEL.matcher(m.group(2));
        int end = 0;
        while (l.lookingAt()) {
          labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
          end = l.end();
          l.region(end, m.group(2).length());
        }
        if (end != m.group(2).length()) {
          return failed(i + 1, "malformed labels");
        }
      }
      try {
        s.put("value", Double.parseDouble(m.group(3).replace("Inf", "Infinity")));
      } catch (NumberFormatException e) {
        return failed(i + 1, "value is not a number");
      }
    }
    return new ConfigParser.Parsed("PROMETHEUS", root, null, null, null, null, 0);
  }

  private static ConfigParser.Parsed failed(int line, String why) {
    return new ConfigParser.Parsed(
        "PROMETHEUS", null, null, null, "line " + line + ": " + why, "MALFORMED_METRICS", 0);
  }
}
