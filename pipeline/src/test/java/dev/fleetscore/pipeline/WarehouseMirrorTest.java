package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.pipeline.WarehouseMirror.DatePart;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror and the upload through Beam's file systems, on local folders given as {@code file://}
 * URIs (the same calls an {@code s3://} warehouse gets): the mirror copies the records and exactly
 * the files they name, never a file no record names; the upload publishes a scratch warehouse's run
 * with its record last and then deletes what the scope's previous record named and the new one does
 * not.
 */
class WarehouseMirrorTest {

  static final LocalDate D = LocalDate.of(2026, 11, 22);
  static final LocalDate EARLIER = LocalDate.of(2026, 11, 15);

  @TempDir Path tmp;

  /** Writes {@code names} (content: the name) as a committed import of {@code date}. */
  static void commit(Path wh, LocalDate date, String label, String... names) throws IOException {
    Path dir = LocalTables.partition(wh, Table.NODE_DUMPS, date);
    Files.createDirectories(dir);
    for (String n : names) {
      Files.writeString(dir.resolve(n), n);
    }
    RunRecord.ofLocal(
            RunScope.importRun(date, label),
            "run-" + label + names.length,
            Map.of(Table.NODE_DUMPS, List.of(names).stream().map(dir::resolve).toList()))
        .writeLocal(wh);
  }

  @Test
  void theMirrorCopiesTheRecordsAndOnlyTheFilesTheyName() throws IOException {
    Path wh = tmp.resolve("wh");
    commit(wh, D, "a", "part-00000-of-00001-a.parquet");
    commit(wh, EARLIER, "a", "part-00000-of-00001-a.parquet");
    // A run still uploading: its file is there, its record is not.
    Files.writeString(
        LocalTables.partition(wh, Table.NODE_DUMPS, D).resolve("part-00000-of-00001-b.parquet"),
        "b");
    Path refused = wh.resolve("_rejected/snapshot_date=" + D + "/abc/summary.json");
    Files.createDirectories(refused.getParent());
    Files.writeString(refused, "{}");
    FileTime old = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(refused, old);

    Path into = tmp.resolve("mirror");
    WarehouseMirror.Copied c =
        WarehouseMirror.copy(
            "file://" + wh, into, d -> d.equals(D) ? DatePart.WHOLE : DatePart.NONE);

    assertEquals(Set.of(EARLIER, D), c.dates());
    assertEquals(
        List.of("part-00000-of-00001-a.parquet"),
        LocalTables.files(into, Table.NODE_DUMPS, D).stream()
            .map(p -> p.getFileName().toString())
            .toList());
    assertEquals(List.of(), LocalTables.files(into, Table.NODE_DUMPS, EARLIER));
    assertEquals(1, RunRecord.readLocal(into, D).size());
    Path copied = into.resolve("_rejected/snapshot_date=" + D + "/abc/summary.json");
    assertTrue(Files.isRegularFile(copied));
    assertEquals(old.toMillis(), Files.getLastModifiedTime(copied).toMillis(), "time kept");
  }

  @Test
  void theUploadWritesTheRecordLastAndThenDeletesTheSupersededFiles() throws IOException {
    Path remote = tmp.resolve("remote");
    commit(remote, D, "a", "part-00000-of-00002-a.parquet", "part-00001-of-00002-a.parquet");
    commit(remote, D, "other", "part-00000-of-00002-other.parquet");
    Path scratch = tmp.resolve("scratch");
    commit(scratch, D, "a", "part-00000-of-00001-a.parquet");

    RunUpload.Uploaded u = RunUpload.upload(scratch, "file://" + remote);

    assertEquals(1, u.records().size());
    assertEquals(2, u.deleted());
    assertEquals(
        List.of("part-00000-of-00001-a.parquet", "part-00000-of-00002-other.parquet"),
        LocalTables.files(remote, Table.NODE_DUMPS, D).stream()
            .map(p -> p.getFileName().toString())
            .toList());
    RunRecord a =
        RunRecord.readLocal(remote, D).stream()
            .filter(r -> "a".equals(r.scope().label()))
            .findFirst()
            .orElseThrow();
    assertEquals("run-a1", a.runId());
    try (var s = Files.list(remote.resolve("_runs/snapshot_date=" + D))) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temp record");
    }
  }
}
