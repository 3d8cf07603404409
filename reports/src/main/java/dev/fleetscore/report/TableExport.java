package dev.fleetscore.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.SnapshotCheck;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Exports the rows of any table (output or raw) as CSV, a JSON array or JSON Lines, streaming: one
 * row in memory per open file. Guarantees:
 *
 * <ul>
 *   <li>CSV is RFC 4180: a header row of column names, CRLF line ends, a field quoted when it holds
 *       a comma, a quote, CR or LF, quotes doubled; UTF-8 without a byte-order mark; null is an
 *       empty field. Text a spreadsheet would run as a formula (first character {@code = + - @},
 *       tab or CR) is written as {@code "'text"}; plain decimal numbers such as {@code -0.25} are
 *       not (see {@link #csv}).
 *   <li>Dates are {@code YYYY-MM-DD}; timestamps ISO-8601 in UTC with milliseconds ({@code
 *       2026-11-22T02:00:00.000Z}); arrays and maps are JSON text in CSV (map keys sorted) and JSON
 *       values in JSON; doubles never use an exponent in CSV.
 *   <li>Row order is deterministic: snapshot dates ascending; within a date, the files of a
 *       partition are merged by cluster_id, node_name and dump_id (nulls first, as the warehouse
 *       contract sorts them), ties kept in file-name then file order. So the output depends only on
 *       the rows, not on how many buckets or import runs wrote them.
 * </ul>
 */
public final class TableExport {

  /** Output formats. */
  public enum Format {
    CSV,
    JSON,
    JSONL
  }

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String[] MERGE_KEYS = {"cluster_id", "node_name", "dump_id"};
  private static final String FORMULA_START = "=+-@\t\r";
  private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private TableExport() {}

  /**
   * Writes the rows of {@code table} for {@code dates} (every date in the warehouse when empty) to
   * {@code out}, which is flushed but not closed. Returns the number of rows written. A torn date
   * (see {@link SnapshotCheck}) fails before anything is written.
   */
  public static long export(
      Path warehouse, Table table, List<LocalDate> dates, Format format, OutputStream out) {
    return export(warehouse, table, dates, format, FindingFilter.NONE, out);
  }

  /**
   * {@link #export} of only the rows {@code filter} passes; a filter on a column the table lacks
   * does not apply (callers that must refuse it call {@link FindingFilter#require}).
   */
  public static long export(
      Path warehouse,
      Table table,
      List<LocalDate> dates,
      Format format,
      FindingFilter filter,
      OutputStream out) {
    List<LocalDate> days = checkedDates(warehouse, table, dates);
    Schema schema = table.schema();
    try {
      RowSink sink =
          switch (format) {
            case CSV -> new CsvSink(out, schema);
            case JSON -> new JsonSink(out, schema, true);
            case JSONL -> new JsonSink(out, schema, false);
          };
      long n = 0;
      for (LocalDate day : days) {
        n += merge(LocalTables.files(warehouse, table, day), schema, filter, sink);
      }
      sink.finish();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of " + table.tableName(), e);
    }
  }

  /**
   * Hands {@code consumer} the rows of {@code table} for {@code date} that {@code filter} passes,
   * in the export's order (see the class comment). A record is valid only during its call.
   */
  public static long forEach(
      Path warehouse,
      Table table,
      LocalDate date,
      FindingFilter filter,
      java.util.function.Consumer<GenericRecord> consumer) {
    checkedDates(warehouse, table, List.of(date));
    try {
      return merge(
          LocalTables.files(warehouse, table, date),
          table.schema(),
          filter,
          new RowSink() {
            @Override
            public void row(GenericRecord r) {
              consumer.accept(r);
            }

            @Override
            public void finish() {}
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table.tableName() + " of " + date, e);
    }
  }

  /** The dates to read ({@code dates}, or all when empty), each checked present and complete. */
  private static List<LocalDate> checkedDates(Path warehouse, Table table, List<LocalDate> dates) {
    List<LocalDate> present = LocalTables.dates(warehouse, table);
    List<LocalDate> days = dates.isEmpty() ? present : dates;
    for (LocalDate day : days) {
      if (!present.contains(day)) {
        throw new UserError(
            table.tableName()
                + " has no snapshot "
                + day
                + " in "
                + warehouse
                + "; its dates: "
                + (present.isEmpty()
                    ? "none"
                    : String.join(", ", present.stream().map(LocalDate::toString).toList())));
      }
    }
    for (LocalDate day : days) {
      SnapshotCheck.requireComplete(warehouse, day, List.of(table));
    }
    return days;
  }

  private record Head(GenericRecord row, int file, TableReader reader) {}

  private static long merge(List<Path> files, Schema schema, FindingFilter filter, RowSink sink)
      throws IOException {
    List<String> keys = new ArrayList<>();
    for (String k : MERGE_KEYS) {
      if (schema.getField(k) != null) {
        keys.add(k);
      }
    }
    Comparator<Head> order = (a, b) -> 0;
    for (String k : keys) {
      order =
          order.thenComparing(
              h -> Rows.str(h.row(), k), Comparator.nullsFirst(Comparator.naturalOrder()));
    }
    order = order.thenComparingInt(Head::file);
    PriorityQueue<Head> heap = new PriorityQueue<>(Math.max(1, files.size()), order);
    List<TableReader> open = new ArrayList<>();
    long n = 0;
    try {
      for (int i = 0; i < files.size(); i++) {
        TableReader r = TableReader.open(files.get(i), schema);
        open.add(r);
        if (r.hasNext()) {
          heap.add(new Head(r.next(), i, r));
        }
      }
      while (!heap.isEmpty()) {
        Head h = heap.poll();
        if (filter.test(h.row())) {
          sink.row(h.row());
          n++;
        }
        if (h.reader().hasNext()) {
          heap.add(new Head(h.reader().next(), h.file(), h.reader()));
        }
      }
    } finally {
      for (TableReader r : open) {
        r.close();
      }
    }
    return n;
  }

  private interface RowSink {
    void row(GenericRecord r) throws IOException;

    void finish() throws IOException;
  }

  private static final class CsvSink implements RowSink {
    private final Writer w;
    private final List<Schema.Field> fields;

    CsvSink(OutputStream out, Schema schema) throws IOException {
      this.w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      this.fields = schema.getFields();
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          w.write(',');
        }
        w.write(csv(fields.get(i).name()));
      }
      w.write("\r\n");
    }

    @Override
    public void row(GenericRecord r) throws IOException {
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          w.write(',');
        }
        Schema.Field f = fields.get(i);
        w.write(csv(text(r.get(f.pos()), f.schema())));
      }
      w.write("\r\n");
    }

    @Override
    public void finish() throws IOException {
      w.flush();
    }
  }

  /**
   * The one function every CSV cell goes through (header and rows): RFC 4180 quoting, plus OWASP's
   * defence against CSV (formula) injection, since these files are opened in spreadsheets and a
   * cell like {@code =HYPERLINK(...)} or {@code @SUM(...)} in a finding's actual value came from a
   * node or cloud API, not from us. Text beginning with {@code =}, {@code +}, {@code -}, {@code @},
   * tab or CR gets a leading {@code '} and is quoted. A cell that is exactly a plain decimal number
   * ({@code -5}, {@code -0.25}) is left alone, whatever its column: a spreadsheet reads it as that
   * number and runs nothing, so numeric columns stay numeric.
   */
  static String csv(String v) {
    if (v == null) {
      return "";
    }
    if (!v.isEmpty()
        && FORMULA_START.indexOf(v.charAt(0)) >= 0
        && !PLAIN_NUMBER.matcher(v).matches()) {
      return "\"'" + v.replace("\"", "\"\"") + '"';
    }
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  /** One CSV cell as {@link #csv} writes it, for the other CSV writers (the quarter scores). */
  public static String csvCell(String v) {
    return csv(v);
  }

  /** The CSV text of one value: scalars as text, arrays and maps as JSON. */
  static String text(Object v, Schema s) throws IOException {
    if (v == null) {
      return null;
    }
    Schema t = nonNull(s);
    return switch (t.getType()) {
      case ARRAY, MAP, RECORD -> {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(sw)) {
          json(g, v, t);
        }
        yield sw.toString();
      }
      default -> scalar(v, t);
    };
  }

  private static Schema nonNull(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      for (Schema b : s.getTypes()) {
        if (b.getType() != Schema.Type.NULL) {
          return b;
        }
      }
    }
    return s;
  }

  private static String scalar(Object v, Schema t) {
    LogicalType lt = t.getLogicalType();
    if (lt instanceof LogicalTypes.Date) {
      return v instanceof LocalDate d
          ? d.toString()
          : LocalDate.ofEpochDay(((Number) v).longValue()).toString();
    }
    if (lt instanceof LogicalTypes.TimestampMillis) {
      return TS.format(v instanceof Instant i ? i : Instant.ofEpochMilli(((Number) v).longValue()));
    }
    return switch (t.getType()) {
      case DOUBLE, FLOAT -> plain(((Number) v).doubleValue());
      case BYTES -> hex(((java.nio.ByteBuffer) v).duplicate());
      default -> v.toString();
    };
  }

  private static String plain(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    String p = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    return p.equals("-0") ? "0" : p;
  }

  private static String hex(java.nio.ByteBuffer b) {
    StringBuilder sb = new StringBuilder();
    while (b.hasRemaining()) {
      sb.append(String.format(Locale.ROOT, "%02x", b.get()));
    }
    return sb.toString();
  }

  private static void json(JsonGenerator g, Object v, Schema s) throws IOException {
    if (v == null) {
      g.writeNull();
      return;
    }
    Schema t = nonNull(s);
    switch (t.getType()) {
      case ARRAY -> {
        g.writeStartArray();
        for (Object o : (Collection<?>) v) {
          json(g, o, t.getElementType());
        }
        g.writeEndArray();
      }
      case MAP -> {
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          sorted.put(e.getKey().toString(), e.getValue());
        }
        g.writeStartObject();
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
          g.writeFieldName(e.getKey());
          json(g, e.getValue(), t.getValueType());
        }
        g.writeEndObject();
      }
      case RECORD -> {
        GenericRecord r = (GenericRecord) v;
        g.writeStartObject();
        for (Schema.Field f : t.getFields()) {
          g.writeFieldName(f.name());
          json(g, r.get(f.pos()), f.schema());
        }
        g.writeEndObject();
      }
      case INT, LONG -> {
        if (t.getLogicalType() != null) {
          g.writeString(scalar(v, t));
        } else {
          g.writeNumber(((Number) v).longValue());
        }
      }
      case DOUBLE, FLOAT -> {
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          g.writeString(Double.toString(d));
        } else {
          g.writeNumber(plain(d));
        }
      }
      case BOOLEAN -> g.writeBoolean((Boolean) v);
      default -> g.writeString(scalar(v, t));
    }
  }

  private static final class JsonSink implements RowSink {
    private final JsonGenerator g;
    private final OutputStream out;
    private final Schema schema;
    private final boolean array;
    private boolean first = true;

    JsonSink(OutputStream out, Schema schema, boolean array) throws IOException {
      this.out = out;
      this.g = JSON.createGenerator(new NonClosing(out), JsonEncoding.UTF8);
      this.g.setRootValueSeparator(null);
      this.schema = schema;
      this.array = array;
      if (array) {
        g.writeRaw("[");
      }
    }

    @Override
    public void row(GenericRecord r) throws IOException {
      if (array) {
        g.writeRaw(first ? "\n" : ",\n");
      }
      first = false;
      json(g, r, schema);
      if (!array) {
        g.writeRaw("\n");
      }
    }

    @Override
    public void finish() throws IOException {
      if (array) {
        g.writeRaw(first ? "]\n" : "\n]\n");
      }
      g.close();
      out.flush();
    }
  }

  /** Lets the JSON generator close without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** The table named {@code name}, or a {@link UserError} listing the names there are. */
  public static Table table(String name) {
    return Table.byName(name)
        .orElseThrow(
            () -> {
              List<String> names = new ArrayList<>();
              for (Table t : Table.values()) {
                names.add(t.tableName());
              }
              return new UserError(
                  "no table named '" + name + "'; tables: " + String.join(", ", names));
            });
  }
}
