package dev.fleetscore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Output tables as reviewable text for golden files: one JSON object per row (fields in schema
 * order, null fields left out, maps by key), rows sorted, so the text depends on the rows and not
 * on how they were split into files. Two values are written as placeholders because they change
 * with every release or pack edit and would otherwise touch every line of a diff: the build version
 * inside producer_version, and the content hash after a pack version's {@code +}. The hashes are
 * still compared, once, through {@link #packVersions}.
 */
final class GoldenRows {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PACK_HASH = Pattern.compile("^([^@\\s]+@[^+\\s]+)\\+[0-9a-f]+$");
  private static final int DIFF_LINES = 40;

  private GoldenRows() {}

  /** Every row of the committed partition of {@code t} on {@code date}, rendered and sorted. */
  static List<String> partition(Path warehouse, Table t, LocalDate date) throws IOException {
    Path dir = Path.of(Warehouse.partition(warehouse.toString(), t, date));
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    for (Path f : files) {
      for (SpecificRecord r : ParquetRows.readAll(ParquetRows.local(f), t.rowClass())) {
        out.add(line(r));
      }
    }
    out.sort(null);
    return out;
  }

  static String line(SpecificRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Schema.Field f : r.getSchema().getFields()) {
      Object v = r.get(f.pos());
      if (v != null) {
        m.put(f.name(), mask(f.name(), plain(v)));
      }
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object plain(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(GoldenRows::plain).toList();
    }
    if (v instanceof Map<?, ?> map) {
      TreeMap<String, Object> t = new TreeMap<>();
      map.forEach((k, x) -> t.put(String.valueOf(k), plain(x)));
      return t;
    }
    return v.toString();
  }

  private static Object mask(String field, Object v) {
    return switch (field) {
      case "producer_version" ->
          v instanceof String s && s.endsWith("/" + FleetscoreVersion.VERSION)
              ? s.substring(0, s.length() - FleetscoreVersion.VERSION.length()) + "<version>"
              : v;
      case "pack_version" -> v instanceof String s ? maskPack(s) : v;
      case "rule_packs" ->
          v instanceof List<?> l ? l.stream().map(x -> maskPack(String.valueOf(x))).toList() : v;
      default -> v;
    };
  }

  private static String maskPack(String version) {
    var m = PACK_HASH.matcher(version);
    return m.matches() ? m.group(1) + "+<hash>" : version;
  }

  /** The rule pack versions, content hashes included, that {@code fleet_summary} records. */
  static List<String> packVersions(Path warehouse, LocalDate date) throws IOException {
    Path dir = Path.of(Warehouse.partition(warehouse.toString(), Table.FLEET_SUMMARY, date));
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        for (FleetSummaryRow r : ParquetRows.readAll(ParquetRows.local(f), FleetSummaryRow.class)) {
          r.getRulePacks().forEach(p -> out.add(p.toString()));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * A unified-style diff of two sorted line lists: a walk of both in order, which for sorted input
   * is exact. Shows up to {@value #DIFF_LINES} changed lines with one line of context before each
   * run of changes; empty when the lists are equal.
   */
  static String diff(String name, List<String> expected, List<String> actual) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int j = 0;
    int shown = 0;
    int changed = 0;
    String lastSame = null;
    while (i < expected.size() || j < actual.size()) {
      String e = i < expected.size() ? expected.get(i) : null;
      String a = j < actual.size() ? actual.get(j) : null;
      int c = e == null ? 1 : a == null ? -1 : e.compareTo(a);
      if (c == 0) {
        lastSame = e;
        i++;
        j++;
        continue;
      }
      changed++;
      if (shown < DIFF_LINES) {
        if (lastSame != null) {
          sb.append("  ").append(lastSame).append('\n');
          lastSame = null;
        }
        sb.append(c < 0 ? "- " : "+ ").append(c < 0 ? e : a).append('\n');
        shown++;
      }
      if (c < 0) {
        i++;
      } else {
        j++;
      }
    }
    if (changed == 0) {
      return "";
    }
    String head =
        String.format(
            "--- %s (expected, %d rows)%n+++ %s (actual, %d rows)%n%d lines differ%s%n",
            name,
            expected.size(),
            name,
            actual.size(),
            changed,
            changed > shown ? ", first " + shown + " shown" : "");
    return head + sb;
  }
}
