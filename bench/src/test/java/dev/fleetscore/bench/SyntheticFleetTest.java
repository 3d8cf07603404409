package dev.fleetscore.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.demo.evidence.NodeTemplates;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.SnapshotCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic fleet is written as one import run: every node file carries the run id of the
 * completion record beside it, so readers that hold a snapshot to its records (the report, the
 * export) accept it, and the same parameters give byte-identical files.
 */
class SyntheticFleetTest {

  static final LocalDate DATE = LocalDate.of(2026, 11, 22);

  @TempDir Path tmp;

  @Test
  void theSnapshotIsCompleteStampedAndDeterministic() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    long dumps = new SyntheticFleet(DATE, 600, 7, NodeTemplates.standard()).write(a);
    new SyntheticFleet(DATE, 600, 7, NodeTemplates.standard()).write(b);
    assertEquals(600 + 1, dumps, "600 nodes, one older duplicate (node 500)");

    SnapshotCheck.requireComplete(a, DATE, List.of(Table.values()));
    List<RunRecord> records = RunRecord.readLocal(a, DATE);
    assertEquals(1, records.size());
    String runId = records.get(0).runId();
    for (Table t : Table.RAW_BUCKETED) {
      List<Path> files = LocalTables.files(a, t, DATE);
      assertEquals(1, files.size(), t.tableName());
      assertEquals(Optional.of(runId), ParquetRows.runId(ParquetRows.local(files.get(0))));
      assertArrayEquals(
          Files.readAllBytes(files.get(0)),
          Files.readAllBytes(LocalTables.files(b, t, DATE).get(0)),
          t.tableName());
    }
    assertEquals(records, RunRecord.readLocal(b, DATE));
  }

  @Test
  void theDefaultLayoutKeeps250NodesPerClusterAndALargestClusterTakesTheFirstNodes() {
    SyntheticFleet even = new SyntheticFleet(DATE, 1000, 7, NodeTemplates.standard());
    assertEquals(4, even.clusters());
    for (int i = 0; i < 1010; i++) {
      assertEquals(i / SyntheticFleet.NODES_PER_CLUSTER, even.clusterOf(i), "node " + i);
    }
    assertEquals(
        even.clusters(),
        new SyntheticFleet(DATE, 1000, 7, NodeTemplates.standard(), 250).clusters(),
        "250 is the default");
    SyntheticFleet big = new SyntheticFleet(DATE, 1000, 7, NodeTemplates.standard(), 600);
    assertEquals(3, big.clusters(), "600 nodes, then 250 and 150");
    assertEquals(0, big.clusterOf(599));
    assertEquals(1, big.clusterOf(600));
    assertEquals(1, big.clusterOf(849));
    assertEquals(2, big.clusterOf(850));
    assertEquals(big.clusterId(0), big.clusterId(big.clusterOf(599)));
    assertTrue(big.nodeName(599).contains("-c0-"), big.nodeName(599));
  }
}
