package dev.fleetscore.collect.node;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dump's meta.env: its KEY=value pairs and the cluster, node and collected_at they name, or why
 * the dump must be rejected (missing, not UTF-8, malformed, or lacking one of those three).
 */
final class DumpMeta {

  final Map<String, String> values = new TreeMap<>();
  String cluster;
  String node;
  Instant collectedAt;

  /** "CODE: reason" when the dump must be rejected; null when meta.env is usable. */
  final String reject;

  private DumpMeta(DumpFiles files) {
    reject = rejection(files);
  }

  static DumpMeta read(DumpFiles files) {
    return new DumpMeta(files);
  }

  private String rejection(DumpFiles files) {
    if (files.unreadable != null) {
      return files.unreadable;
    }
    byte[] raw = files.files.get("meta.env");
    if (raw == null) {
      for (DumpFiles.Problem p : files.problems) {
        if ("meta.env".equals(p.path()) && "UNREADABLE".equals(p.code())) {
          return "UNREADABLE: " + p.message();
        }
      }
      return "MISSING_META: the dump has no meta.env, so its cluster and node are unknown";
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      return "MALFORMED_META: meta.env is not UTF-8 text";
    }
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        return "MALFORMED_META: meta.env line " + (i + 1) + " is not KEY=value";
      }
      values.put(
          line.substring(0, eq).strip(), ConfigParser.unquote(line.substring(eq + 1).strip()));
    }
    cluster = blankToNull(values.get("cluster"));
    node = blankToNull(values.get("node"));
    if (cluster == null || node == null) {
      return "MALFORMED_META: meta.env lacks "
          + (cluster == null ? "cluster=" : "node=")
          + ", so the node cannot be joined to its cluster";
    }
    String at = values.get("collected_at");
    if (at == null) {
      return "MALFORMED_META: meta.env lacks collected_at=";
    }
    try {
      collectedAt = OffsetDateTime.parse(at).toInstant();
    } catch (DateTimeParseException e) {
      return "MALFORMED_META: collected_at '" + Processes.abbreviate(at) + "' is not RFC 3339";
    }
    return null;
  }

  /** The pairs as the node_dumps table keeps them, secrets redacted. */
  Map<String, String> forTable() {
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) ->
            out.put(
                k,
                Secrets.isSecretName(k) && !v.isEmpty()
                    ? Secrets.REDACTED
                    : Secrets.redactText(v, new int[1])));
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
