package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WarehouseTest {

  @Test
  void partitionsAreHiveStyle() {
    assertEquals(
        "/w/findings/snapshot_date=2026-11-22",
        Warehouse.partition("/w/", Table.FINDINGS, LocalDate.of(2026, 11, 22)));
    assertEquals(
        "gs://b/w/processes/snapshot_date=2026-01-02",
        Warehouse.partition("gs://b/w", Table.PROCESSES, LocalDate.of(2026, 1, 2)));
  }

  @Test
  void bucketFilesRoundTrip() {
    assertEquals("part-00003-of-00008.parquet", Warehouse.bucketFile(3, 8, null));
    assertEquals("part-00003-of-00008-eu.parquet", Warehouse.bucketFile(3, 8, "eu"));
    assertArrayEquals(
        new int[] {3, 8}, Warehouse.parseBucketFile("part-00003-of-00008-eu.parquet").get());
    assertTrue(Warehouse.parseBucketFile("gke.parquet").isEmpty());
  }

  @Test
  void bucketCountGrowsInPowersOfTwo() {
    assertEquals(1, Warehouse.bucketCountFor(0));
    assertEquals(1, Warehouse.bucketCountFor(2048));
    assertEquals(2, Warehouse.bucketCountFor(2049));
    assertEquals(512, Warehouse.bucketCountFor(1_000_000));
    assertEquals(Warehouse.MAX_BUCKETS, Warehouse.bucketCountFor(Long.MAX_VALUE / 2));
  }

  @Test
  void bucketsAreStableAndSpread() {
    NodeKey k = new NodeKey("gke:p/l/c", "node-1", "abc");
    // Pinned: changing the hash would silently re-bucket every existing warehouse.
    assertEquals(
        Warehouse.bucketOf(k, 64),
        Warehouse.bucketOf(new NodeKey("gke:p/l/c", "node-1", "other"), 64));
    assertEquals(Long.toHexString(Warehouse.hash64("gke:p/l/c\nnode-1")).length() > 0, true);
    int[] counts = new int[8];
    for (int i = 0; i < 8000; i++) {
      counts[Warehouse.bucketOf(new NodeKey("c", "n" + i, "d"), 8)]++;
    }
    for (int c : counts) {
      assertTrue(c > 800 && c < 1200, "uneven buckets: " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void rejectedDumpsSortFirstAndBucketByDumpId() {
    NodeKey rejected = new NodeKey(null, null, "ff");
    NodeKey node = new NodeKey("a", "b", "00");
    assertTrue(rejected.compareTo(node) < 0);
    assertEquals(
        Warehouse.bucketOf(rejected, 16), Warehouse.bucketOf(new NodeKey(null, "x", "ff"), 16));
  }
}
