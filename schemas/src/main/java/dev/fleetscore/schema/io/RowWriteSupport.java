package dev.fleetscore.schema.io;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes table rows (Avro-generated records) to Parquet straight from their fields, for the flat
 * shapes the tables use: strings, numbers, booleans, dates, timestamps, optional ones of these,
 * lists of them and maps with string keys. It replaces parquet-avro's {@code AvroWriteSupport},
 * which looks up every field by name, resolves each value's logical-type conversion through a map
 * and UTF-8-encodes every string anew, and it feeds Parquet exactly the same calls: the same
 * Parquet schema ({@link AvroSchemaConverter}, old two-level lists), the same footer metadata
 * (writer model {@code avro} and the Avro schema under {@code parquet.avro.schema}), so the files
 * are byte for byte the ones parquet-avro writes and every reader reads them unchanged.
 *
 * <p>Its gain is in strings: rows repeat the same few strings (rule titles and remediations, pack
 * names, snapshot and cluster ids), so each column keeps the {@link Binary} it made for a string
 * and hands the same instance out again. Together with {@link InterningValuesWriterFactory}, whose
 * dictionary recognises such an instance without hashing or comparing its bytes, a repeated string
 * costs a hash-map lookup on the (cached) {@code String} hash instead of an encoding, a byte hash
 * and a byte comparison.
 *
 * <p>{@link #plan(Schema)} says whether a schema has only such shapes; {@link ParquetRows} keeps
 * parquet-avro's writer for any other.
 */
final class RowWriteSupport<T extends IndexedRecord> extends WriteSupport<T> {

  /** The footer key parquet-avro's readers take the Avro schema from. */
  static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  /** Distinct strings a column remembers before it starts over; bounds memory on free text. */
  static final int STRINGS_PER_COLUMN = 4096;

  /** Characters a column's remembered strings may total before it starts over. */
  static final int CHARS_PER_COLUMN = 1 << 20;

  /** Strings longer than this (file contents, say) are encoded each time, never remembered. */
  static final int LONGEST_REMEMBERED = 1 << 14;

  /**
   * Slots of each string column's identity cache (a power of two): enough for the distinct string
   * instances of a few nodes' rows, small enough to stay in the processor's cache.
   */
  static final int RECENT_SLOTS = 1 << 10;

  private final Schema avroSchema;
  private final MessageType parquetSchema;
  private final FieldWriter[] fields;
  private RecordConsumer consumer;

  private RowWriteSupport(Schema avroSchema, MessageType parquetSchema, FieldWriter[] fields) {
    this.avroSchema = avroSchema;
    this.parquetSchema = parquetSchema;
    this.fields = fields;
  }

  /** A write support for rows of {@code schema}, or empty if it has a shape this one lacks. */
  static <T extends IndexedRecord> Optional<RowWriteSupport<T>> plan(Schema schema) {
    MessageType parquet = new AvroSchemaConverter(new PlainParquetConfiguration()).convert(schema);
    List<FieldWriter> out = new ArrayList<>();
    int parquetIndex = 0;
    for (Schema.Field f : schema.getFields()) {
      Type type = parquet.getType(parquetIndex);
      boolean optional = isNullable(f.schema());
      Optional<ValueWriter> value = valueWriter(type, nonNull(f.schema()));
      if (value.isEmpty()) {
        return Optional.empty();
      }
      out.add(new FieldWriter(f.pos(), parquetIndex, type.getName(), optional, value.get()));
      parquetIndex++;
    }
    if (parquetIndex != parquet.getFieldCount()) {
      return Optional.empty();
    }
    return Optional.of(new RowWriteSupport<>(schema, parquet, out.toArray(new FieldWriter[0])));
  }

  @Override
  public String getName() {
    return "avro";
  }

  @Override
  @Deprecated // parquet's own signature; the writer calls the ParquetConfiguration one
  public WriteContext init(Configuration configuration) {
    return init((ParquetConfiguration) null);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    Map<String, String> meta = new HashMap<>();
    meta.put(AVRO_SCHEMA_KEY, avroSchema.toString());
    return new WriteContext(parquetSchema, meta);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(T record) {
    consumer.startMessage();
    for (FieldWriter f : fields) {
      f.write(consumer, record);
    }
    consumer.endMessage();
  }

  private static boolean isNullable(Schema s) {
    return s.getType() == Schema.Type.UNION
        && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
  }

  /** The one non-null branch of an optional field, or null if it has several. */
  private static Schema nonNull(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    List<Schema> branches =
        s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    return branches.size() == 1 ? branches.get(0) : null;
  }

  private static Optional<ValueWriter> valueWriter(Type type, Schema schema) {
    if (schema == null) {
      return Optional.empty();
    }
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case STRING:
        return type.isPrimitive()
                && type.getLogicalTypeAnnotation()
                    instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            ? Optional.of(new StringWriter())
            : Optional.empty();
      case BOOLEAN:
        return Optional.of((c, v) -> c.addBoolean((Boolean) v));
      case DOUBLE:
        return Optional.of((c, v) -> c.addDouble(((Number) v).doubleValue()));
      case FLOAT:
        return Optional.of((c, v) -> c.addFloat(((Number) v).floatValue()));
      case INT:
        if (logical == null) {
          return Optional.of((c, v) -> c.addInteger(((Number) v).intValue()));
        }
        if (logical instanceof LogicalTypes.Date) {
          return Optional.of(
              (c, v) ->
                  c.addInteger(
                      v instanceof LocalDate d ? (int) d.toEpochDay() : ((Number) v).intValue()));
        }
        return Optional.empty();
      case LONG:
        if (logical == null) {
          return Optional.of((c, v) -> c.addLong(((Number) v).longValue()));
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
          return Optional.of(
              (c, v) ->
                  c.addLong(v instanceof Instant i ? i.toEpochMilli() : ((Number) v).longValue()));
        }
        return Optional.empty();
      case ARRAY:
        return listWriter(type, schema);
      case MAP:
        return mapWriter(type, schema);
      default:
        return Optional.empty();
    }
  }

  /** parquet-avro's old list layout: a LIST group holding one repeated field named "array". */
  private static Optional<ValueWriter> listWriter(Type type, Schema schema) {
    if (type.isPrimitive() || type.asGroupType().getFieldCount() != 1) {
      return Optional.empty();
    }
    Type element = type.asGroupType().getType(0);
    if (!element.isRepetition(Type.Repetition.REPEATED) || isNullable(schema.getElementType())) {
      return Optional.empty();
    }
    String name = element.getName();
    return valueWriter(element, schema.getElementType())
        .map(
            each ->
                (c, v) -> {
                  List<?> list = (List<?>) v;
                  c.startGroup();
                  if (!list.isEmpty()) {
                    c.startField(name, 0);
                    for (Object e : list) {
                      if (e == null) {
                        throw new IllegalArgumentException("list contains a null element");
                      }
                      each.write(c, e);
                    }
                    c.endField(name, 0);
                  }
                  c.endGroup();
                });
  }

  /** parquet-avro's map layout: a MAP group holding repeated key_value groups (key, value). */
  private static Optional<ValueWriter> mapWriter(Type type, Schema schema) {
    if (type.isPrimitive() || type.asGroupType().getFieldCount() != 1) {
      return Optional.empty();
    }
    Type entry = type.asGroupType().getType(0);
    if (entry.isPrimitive() || entry.asGroupType().getFieldCount() != 2) {
      return Optional.empty();
    }
    GroupType kv = entry.asGroupType();
    boolean optionalValues = isNullable(schema.getValueType());
    Optional<ValueWriter> keys = valueWriter(kv.getType(0), Schema.create(Schema.Type.STRING));
    Optional<ValueWriter> values = valueWriter(kv.getType(1), nonNull(schema.getValueType()));
    if (keys.isEmpty() || values.isEmpty()) {
      return Optional.empty();
    }
    ValueWriter key = keys.get();
    ValueWriter value = values.get();
    String entryName = entry.getName();
    String keyName = kv.getType(0).getName();
    String valueName = kv.getType(1).getName();
    return Optional.of(
        (c, v) -> {
          Map<?, ?> map = (Map<?, ?>) v;
          c.startGroup();
          if (!map.isEmpty()) {
            c.startField(entryName, 0);
            for (Map.Entry<?, ?> e : map.entrySet()) {
              c.startGroup();
              c.startField(keyName, 0);
              key.write(c, e.getKey());
              c.endField(keyName, 0);
              if (e.getValue() != null) {
                c.startField(valueName, 1);
                value.write(c, e.getValue());
                c.endField(valueName, 1);
              } else if (!optionalValues) {
                throw new IllegalArgumentException("null map value for key " + e.getKey());
              }
              c.endGroup();
            }
            c.endField(entryName, 0);
          }
          c.endGroup();
        });
  }

  /** Writes one non-null value of a column (or of a list's or map's elements). */
  private interface ValueWriter {
    void write(RecordConsumer c, Object value);
  }

  /** One top-level field: its record position, Parquet position and name, and value writer. */
  private record FieldWriter(
      int avroIndex, int parquetIndex, String name, boolean optional, ValueWriter value) {
    void write(RecordConsumer c, IndexedRecord record) {
      Object v = record.get(avroIndex);
      if (v != null) {
        c.startField(name, parquetIndex);
        value.write(c, v);
        c.endField(name, parquetIndex);
      } else if (!optional) {
        throw new IllegalArgumentException("null value for required field " + name);
      }
    }
  }

  /**
   * Strings of one column as UTF-8 {@link Binary} values, each distinct string encoded once (up to
   * {@link #STRINGS_PER_COLUMN} of them or {@link #CHARS_PER_COLUMN} characters, then it starts
   * over; strings longer than {@link #LONGEST_REMEMBERED} are not remembered). The binaries are
   * constant, so the dictionary may keep them as they are.
   *
   * <p>In front of the map sits a small direct-mapped cache keyed by the string's identity: most
   * values are instances the column has seen before (ids repeated on every row of a node, rule
   * constants, texts the engine hands out canonically), and for those one identity-hash slot
   * comparison replaces the map's hashing and probing. A string met for the first time, or a fresh
   * but equal one, still goes through the map, so the bytes written do not depend on identity.
   */
  private static final class StringWriter implements ValueWriter {
    private final HashMap<String, Binary> seen = new HashMap<>();
    private final String[] recentStrings = new String[RECENT_SLOTS];
    private final Binary[] recentBinaries = new Binary[RECENT_SLOTS];
    private long chars;

    @Override
    public void write(RecordConsumer c, Object value) {
      String s = value instanceof String str ? str : value.toString();
      int slot = System.identityHashCode(s) & (RECENT_SLOTS - 1);
      if (recentStrings[slot] == s) {
        c.addBinary(recentBinaries[slot]);
        return;
      }
      if (s.length() > LONGEST_REMEMBERED) {
        c.addBinary(Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8)));
        return;
      }
      Binary b = seen.get(s);
      if (b == null) {
        if (seen.size() >= STRINGS_PER_COLUMN || chars + s.length() > CHARS_PER_COLUMN) {
          seen.clear();
          chars = 0;
        }
        b = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
        seen.put(s, b);
        chars += s.length();
      }
      recentStrings[slot] = s;
      recentBinaries[slot] = b;
      c.addBinary(b);
    }
  }
}
