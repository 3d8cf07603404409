package dev.fleetscore.schema.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawBucketWriterTest {

  static final LocalDate DATE = LocalDate.of(2026, 11, 22);

  @TempDir Path wh;

  static NodeEvidence node(String name) {
    Instant at = Instant.parse("2026-11-22T02:00:00Z");
    NodeDumpRow dump =
        NodeDumpRow.newBuilder()
            .setSnapshotId(DATE.toString())
            .setSnapshotDate(DATE)
            .setClusterId("kubeadm:lab")
            .setNodeName(name)
            .setCollectedAt(at)
            .setProducerVersion("fleetscore-test/0")
            .setDumpId("d-" + name)
            .setSource("dumps/" + name + ".tar.gz")
            .setStatus("ACCEPTED")
            .setMeta(Map.of())
            .setFilesCount(1)
            .setBytesTotal(10L)
            .setErrorsCount(0)
            .build();
    FileStatRow stat =
        new FileStatRow(
            DATE.toString(),
            DATE,
            "kubeadm:lab",
            name,
            at,
            "fleetscore-test/0",
            "d-" + name,
            "/var/lib/kubelet/config.yaml",
            "644",
            "root",
            "root",
            1024L);
    return new NodeEvidence(dump, List.of(), List.of(), List.of(), List.of(stat), List.of());
  }

  @Test
  void everyFileOfABucketCarriesTheRunIdAndTheRowsComeBack() throws Exception {
    String name = Warehouse.bucketFile(0, 1, null);
    long[] rows;
    try (RawBucketWriter w = new RawBucketWriter(RawBucketWriter.local(wh, DATE), name, "run-1")) {
      w.write(node("a"));
      w.write(node("b"));
      rows = w.rows();
    }
    assertArrayEquals(new long[] {2, 0, 0, 0, 2, 0}, rows);
    for (Table t : Table.RAW_BUCKETED) {
      Path f = LocalTables.partition(wh, t, DATE).resolve(name);
      assertEquals(Optional.of("run-1"), ParquetRows.runId(ParquetRows.local(f)), t.tableName());
    }
    assertEquals(
        List.of(node("a").getDump(), node("b").getDump()),
        LocalTables.readAll(wh, Table.NODE_DUMPS, DATE, NodeDumpRow.class));
  }

  @Test
  void dumpsOutOfNodeKeyOrderAreRefused() throws Exception {
    try (RawBucketWriter w =
        new RawBucketWriter(RawBucketWriter.local(wh, DATE), "part.parquet", null)) {
      w.write(node("b"));
      assertThrows(IllegalArgumentException.class, () -> w.write(node("a")));
    }
  }

  @Test
  void writeAllSortsEachBucketAndIsByteIdenticalWhateverTheInputOrder() throws Exception {
    Path other = wh.resolve("other");
    Map<Table, List<String>> written =
        RawBucketWriter.writeAll(
            RawBucketWriter.local(wh, DATE), "x", 1, List.of(node("b"), node("a")), "run-2");
    RawBucketWriter.writeAll(
        RawBucketWriter.local(other, DATE), "x", 1, List.of(node("a"), node("b")), "run-2");
    assertEquals(EnumSet.copyOf(Table.RAW_BUCKETED), written.keySet());
    String file = Warehouse.bucketFile(0, 1, "x");
    for (Table t : Table.RAW_BUCKETED) {
      assertEquals(List.of(file), written.get(t));
      assertArrayEquals(
          Files.readAllBytes(LocalTables.partition(wh, t, DATE).resolve(file)),
          Files.readAllBytes(LocalTables.partition(other, t, DATE).resolve(file)));
    }
  }

  @Test
  void theRawTableListsFollowTheLayouts() {
    assertEquals(
        Arrays.stream(Table.values())
            .filter(t -> t.kind() == Table.Kind.RAW)
            .filter(t -> t.layout().name().startsWith("NODE_BUCKETED"))
            .toList(),
        Table.RAW_BUCKETED);
    assertEquals(
        EnumSet.of(
            Table.CLOUD_CLUSTERS,
            Table.CLOUD_NODE_POOLS,
            Table.AUTH_MAPPINGS,
            Table.INVENTORY,
            Table.RBAC_ROLES,
            Table.RBAC_BINDINGS,
            Table.RBAC_SERVICE_ACCOUNTS,
            Table.COLLECTION_ERRORS),
        EnumSet.copyOf(Table.RAW_PER_SOURCE));
    for (Table t : Table.RAW_PER_SOURCE) {
      assertEquals(Table.Kind.RAW, t.kind());
    }
  }
}
