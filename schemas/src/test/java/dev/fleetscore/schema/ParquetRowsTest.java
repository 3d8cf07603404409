package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.schema.io.ParquetRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRowsTest {

  static NodeDumpRow row(int i) {
    return NodeDumpRow.newBuilder()
        .setSnapshotId("2026-11-22")
        .setSnapshotDate(LocalDate.of(2026, 11, 22))
        .setClusterId("gke:proj/europe-west1/c" + (i % 3))
        .setNodeName("node-" + i)
        .setCollectedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .setProducerVersion("fleetscore-test/0")
        .setDumpId("d" + i)
        .setSource("dumps/node-" + i + ".tar.gz")
        .setStatus("ACCEPTED")
        .setMeta(Map.of("cluster", "c", "node", "node-" + i))
        .setFilesCount(3)
        .setBytesTotal(100L * i)
        .setErrorsCount(0)
        .build();
  }

  @Test
  void writesAndReadsBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("part-00000.parquet");
    List<NodeDumpRow> rows = List.of(row(1), row(2), row(3));
    ParquetRows.write(ParquetRows.localOut(file), NodeDumpRow.class, rows);
    assertEquals(rows, ParquetRows.readAll(ParquetRows.local(file), NodeDumpRow.class));
  }

  @Test
  void sameRowsGiveByteIdenticalFiles(@TempDir Path dir) throws Exception {
    List<NodeDumpRow> rows = List.of(row(1), row(2), row(3));
    Path a = dir.resolve("a.parquet");
    Path b = dir.resolve("b.parquet");
    ParquetRows.write(ParquetRows.localOut(a), NodeDumpRow.class, rows);
    ParquetRows.write(ParquetRows.localOut(b), NodeDumpRow.class, rows);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }
}
