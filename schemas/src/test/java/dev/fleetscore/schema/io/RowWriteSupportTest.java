package dev.fleetscore.schema.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct writer ({@link RowWriteSupport} with {@link InterningValuesWriterFactory}) must write
 * the very bytes parquet-avro's writer writes, for every table: rows are generated from each
 * table's schema with nulls, empty and filled lists and maps, strings repeated as the same
 * instance, as equal copies and never, strings too long to remember, and enough distinct long
 * strings that a dictionary overflows into plain encoding.
 */
class RowWriteSupportTest {

  @Test
  void everyTableHasTheDirectWriter() {
    for (Table t : Table.values()) {
      assertTrue(RowWriteSupport.plan(t.schema()).isPresent(), t.tableName());
    }
    assertTrue(ParquetRows.internsStrings(), "the interning dictionary is not installed");
  }

  @Test
  void everyTableIsWrittenByteForByteAsParquetAvroWritesIt(@TempDir Path dir) throws Exception {
    for (Table t : Table.values()) {
      assertSameBytes(dir, t.rowClass(), 1500);
    }
  }

  @Test
  void manyFindingsAcrossPagesAndADictionaryFallback(@TempDir Path dir) throws Exception {
    assertSameBytes(dir, FindingRow.class, 12_000);
  }

  @Test
  void freeTextColumnsHaveNoMinMaxStatisticsAndTheOthersDo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("findings.parquet");
    try (ParquetRows.Writer<FindingRow> w =
        ParquetRows.writer(ParquetRows.localOut(file), FindingRow.class, "r1")) {
      for (FindingRow r : rows(FindingRow.class, 200, new Random(7))) {
        w.write(r);
      }
    }
    try (org.apache.parquet.hadoop.ParquetFileReader reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            ParquetRows.local(file),
            org.apache.parquet.ParquetReadOptions.builder(
                    new org.apache.parquet.conf.PlainParquetConfiguration())
                .build())) {
      for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData c :
          reader.getFooter().getBlocks().get(0).getColumns()) {
        String column = c.getPath().toDotString();
        boolean freeText = ParquetRows.FREE_TEXT_COLUMNS.contains(column);
        assertEquals(!freeText, c.getStatistics().hasNonNullValue(), column);
      }
    }
  }

  @Test
  void aNullInARequiredFieldIsRefused(@TempDir Path dir) throws Exception {
    FindingRow row = rows(FindingRow.class, 1, new Random(1)).get(0);
    row.setRuleId(null);
    try (ParquetRows.Writer<FindingRow> w =
        ParquetRows.writer(ParquetRows.localOut(dir.resolve("x.parquet")), FindingRow.class)) {
      assertThrows(IllegalArgumentException.class, () -> w.write(row));
    }
  }

  private static <T extends SpecificRecord> void assertSameBytes(Path dir, Class<T> type, int count)
      throws IOException {
    List<T> rows = rows(type, count, new Random(type.getName().hashCode()));
    Path direct = dir.resolve(type.getSimpleName() + "-direct.parquet");
    Path avro = dir.resolve(type.getSimpleName() + "-avro.parquet");
    try (ParquetRows.Writer<T> w = ParquetRows.writer(ParquetRows.localOut(direct), type, "r1")) {
      for (T r : rows) {
        w.write(r);
      }
    }
    try (ParquetRows.Writer<T> w = ParquetRows.avroWriter(ParquetRows.localOut(avro), type, "r1")) {
      for (T r : rows) {
        w.write(r);
      }
    }
    assertArrayEquals(Files.readAllBytes(avro), Files.readAllBytes(direct), type.getSimpleName());
    assertEquals(rows, ParquetRows.readAll(ParquetRows.local(direct), type), type.getSimpleName());
  }

  /** {@code count} rows of {@code type} with values chosen by {@code random} from its schema. */
  static <T extends SpecificRecord> List<T> rows(Class<T> type, int count, Random random) {
    Values values = new Values(random);
    List<T> out = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        T row = type.getDeclaredConstructor().newInstance();
        for (Schema.Field f : row.getSchema().getFields()) {
          row.put(f.pos(), values.of(f.schema(), i));
        }
        out.add(row);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Field values: shared string instances, equal copies, unique texts, nulls, lists, maps. */
  private static final class Values {
    private final Random random;
    private final List<String> shared = new ArrayList<>();

    Values(Random random) {
      this.random = random;
      for (int i = 0; i < 40; i++) {
        shared.add(("shared text " + i + " ").repeat(1 + i % 20) + "é");
      }
    }

    Object of(Schema s, int row) {
      if (s.getType() == Schema.Type.UNION) {
        if (random.nextInt(4) == 0) {
          return null;
        }
        return of(
            s.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow(),
            row);
      }
      switch (s.getType()) {
        case STRING:
          return string(row);
        case BOOLEAN:
          return random.nextBoolean();
        case DOUBLE:
          return random.nextDouble();
        case INT:
          return s.getLogicalType() instanceof LogicalTypes.Date
              ? LocalDate.ofEpochDay(20_000 + random.nextInt(3))
              : random.nextInt(5);
        case LONG:
          return s.getLogicalType() instanceof LogicalTypes.TimestampMillis
              ? Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1000))
              : (long) random.nextInt(1_000_000);
        case ARRAY:
          {
            List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
              list.add(of(s.getElementType(), row));
            }
            return list;
          }
        case MAP:
          {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = random.nextInt(4); i > 0; i--) {
              map.put("k" + random.nextInt(6), of(s.getValueType(), row));
            }
            return map;
          }
        default:
          throw new IllegalArgumentException("no generator for " + s);
      }
    }

    private String string(int row) {
      int pick = random.nextInt(10);
      String s = shared.get(random.nextInt(shared.size()));
      if (pick < 6) {
        return s;
      }
      if (pick < 8) {
        return new String(s.toCharArray());
      }
      if (row % 300 == 0) {
        return "too long to remember " + row + "y".repeat(RowWriteSupport.LONGEST_REMEMBERED);
      }
      return "unique " + row + " " + random.nextLong() + " " + "x".repeat(random.nextInt(2000));
    }
  }
}
