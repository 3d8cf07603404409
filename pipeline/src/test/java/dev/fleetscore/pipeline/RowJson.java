package dev.fleetscore.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Renders table rows as one JSON object per line (fields in schema order, maps sorted). */
final class RowJson {

  private static final ObjectMapper M =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private RowJson() {}

  static String line(SpecificRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Schema.Field f : r.getSchema().getFields()) {
      m.put(f.name(), plain(r.get(f.pos())));
    }
    try {
      return M.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object plain(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(RowJson::plain).toList();
    }
    if (v instanceof Map<?, ?> map) {
      TreeMap<String, Object> t = new TreeMap<>();
      map.forEach((k, x) -> t.put(String.valueOf(k), plain(x)));
      return t;
    }
    return v.toString();
  }

  /** Every row of a committed partition, file by file in name order, as "file: json" lines. */
  static List<String> partition(Path warehouse, Table t, java.time.LocalDate d) throws IOException {
    Path dir = warehouse.resolve(t.tableName()).resolve("snapshot_date=" + d);
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    for (Path f : files) {
      out.add("# " + f.getFileName());
      for (SpecificRecord r : ParquetRows.readAll(ParquetRows.local(f), t.rowClass())) {
        out.add(line(r));
      }
    }
    return out;
  }
}
