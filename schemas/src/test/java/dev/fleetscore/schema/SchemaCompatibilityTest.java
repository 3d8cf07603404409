package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.SnappyCodecFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The table contract: documented, with provenance, and readable across every released version. */
class SchemaCompatibilityTest {

  private static final Set<String> PROVENANCE =
      Set.of("snapshot_id", "snapshot_date", "cluster_id", "collected_at", "producer_version");

  static Path history() throws URISyntaxException {
    return Paths.get(SchemaCompatibilityTest.class.getResource("/schema-history").toURI());
  }

  static Stream<Arguments> historicalSchemas() throws IOException, URISyntaxException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> versions = Files.list(history())) {
      for (Path v : versions.filter(Files::isDirectory).sorted().toList()) {
        for (Table t : Table.values()) {
          out.add(Arguments.of(v.getFileName().toString(), t));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void everyFieldIsDocumentedAndRowsCarryProvenance(Table table) {
    Schema s = table.schema();
    assertFalse(s.getDoc() == null || s.getDoc().isBlank(), table + " has no doc");
    for (Schema.Field f : s.getFields()) {
      assertFalse(f.doc() == null || f.doc().isBlank(), table + "." + f.name() + " has no doc");
    }
    for (String p : PROVENANCE) {
      assertTrue(s.getField(p) != null, table + " lacks provenance column " + p);
    }
    boolean nodeTable =
        table.layout() == Table.Layout.NODE_BUCKETED
            || table.layout() == Table.Layout.NODE_BUCKETED_AND_SOURCES
            || table == Table.INVENTORY
            || table == Table.QUARANTINE;
    assertEquals(nodeTable, s.getField("node_name") != null, table + " node_name column");
  }

  @ParameterizedTest(name = "{1} written with {0}")
  @MethodSource("historicalSchemas")
  void currentSchemaReadsEveryReleasedVersion(String version, Table table, @TempDir Path dir)
      throws Exception {
    Path file = history().resolve(version).resolve(table.tableName() + ".avsc");
    assertTrue(
        Files.exists(file),
        table + " has no schema in release " + version + "; tables are never removed");
    Schema old;
    try (InputStream in = Files.newInputStream(file)) {
      old = new Schema.Parser().parse(in);
    }
    SchemaCompatibility.SchemaPairCompatibility compat =
        SchemaCompatibility.checkReaderWriterCompatibility(table.schema(), old);
    assertEquals(
        SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
        compat.getType(),
        () -> table + " cannot read data written with " + version + ": " + compat.getDescription());

    // And for real: a Parquet file written with the old schema reads back with the current class.
    GenericRecord written = sample(old);
    Path parquet = dir.resolve("old.parquet");
    try (ParquetWriter<GenericRecord> w =
        AvroParquetWriter.<GenericRecord>builder(ParquetRows.localOut(parquet))
            .withConf(new PlainParquetConfiguration())
            .withSchema(old)
            .withDataModel(GenericData.get())
            .withCodecFactory(SnappyCodecFactory.INSTANCE)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      w.write(written);
    }
    @SuppressWarnings("unchecked")
    Class<SpecificRecord> type = (Class<SpecificRecord>) table.rowClass();
    List<SpecificRecord> read = ParquetRows.readAll(ParquetRows.local(parquet), type);
    assertEquals(1, read.size());
    for (Schema.Field f : old.getFields()) {
      Object expected = written.get(f.name());
      Object actual = read.get(0).get(table.schema().getField(f.name()).pos());
      assertEquals(
          String.valueOf(normalize(expected)),
          String.valueOf(normalize(actual)),
          table + "." + f.name() + " changed meaning between " + version + " and now");
    }
  }

  @Test
  void historyHasTheCurrentRelease() throws Exception {
    Path current = history().resolve(FleetscoreVersion.VERSION);
    for (Table t : Table.values()) {
      Path f = current.resolve(t.tableName() + ".avsc");
      assertTrue(Files.exists(f), "schema-history/" + FleetscoreVersion.VERSION + " lacks " + t);
    }
  }

  /** A record with every field set, so each column is exercised. */
  private static GenericRecord sample(Schema s) {
    GenericData.Record r = new GenericData.Record(s);
    for (Schema.Field f : s.getFields()) {
      r.put(f.pos(), value(f.schema(), f.name()));
    }
    return r;
  }

  private static Object value(Schema s, String name) {
    return switch (s.getType()) {
      case UNION -> value(s.getTypes().get(s.getTypes().size() - 1), name);
      case STRING -> "v-" + name;
      case INT -> 7;
      case LONG -> 1_700_000_000_000L;
      case BOOLEAN -> true;
      case DOUBLE -> 0.5;
      case ARRAY -> List.of(value(s.getElementType(), name));
      case MAP -> Map.of("k", value(s.getValueType(), name));
      case BYTES -> ByteBuffer.wrap(new byte[] {1});
      case RECORD -> sample(s);
      default -> throw new IllegalArgumentException("unexpected type in schema: " + s);
    };
  }

  /** Compares logical values across the generic and specific representations. */
  private static Object normalize(Object o) {
    if (o instanceof java.time.Instant i) {
      return i.toEpochMilli();
    }
    if (o instanceof java.time.LocalDate d) {
      return (int) d.toEpochDay();
    }
    if (o instanceof Map<?, ?> m) {
      return new java.util.TreeMap<>(
          m.entrySet().stream()
              .collect(
                  java.util.stream.Collectors.toMap(
                      e -> e.getKey().toString(), e -> String.valueOf(e.getValue()))));
    }
    if (o instanceof CharSequence cs) {
      return cs.toString();
    }
    return o;
  }
}
