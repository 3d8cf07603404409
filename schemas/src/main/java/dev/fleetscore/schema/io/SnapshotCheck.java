package dev.fleetscore.schema.io;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a complete snapshot from a torn one before a reader trusts it. A table's partition is
 * complete when every file a run record of the date ({@link RunRecord}) lists is there with the
 * listed size and the run id in its footer. Files no record names are not read ({@link
 * LocalTables#files}): they belong to a run that died before its record or to the run a newer
 * record replaced. In a partition no record speaks for, files without a run id were written before
 * run records existed and are accepted as they are.
 */
public final class SnapshotCheck {

  private SnapshotCheck() {}

  /** Fails with exit 3 naming the first table of {@code tables} whose partition is torn. */
  public static void requireComplete(Path warehouse, LocalDate date, Collection<Table> tables) {
    List<RunRecord> records = RunRecord.readLocal(warehouse, date);
    for (Table t : tables) {
      problem(warehouse, date, t, records)
          .ifPresent(
              p -> {
                throw new UserError(
                    "table "
                        + t.tableName()
                        + " of snapshot "
                        + date
                        + " is incomplete: "
                        + p
                        + " (a run was killed or overlapped while committing; run it again for "
                        + date
                        + " to repair the snapshot)");
              });
    }
  }

  /** What is wrong with {@code table}'s partition of {@code date}, if anything. */
  static Optional<String> problem(
      Path warehouse, LocalDate date, Table table, List<RunRecord> records) {
    Map<String, RunRecord> claimedBy = new HashMap<>();
    Map<String, RunRecord.FileEntry> entries = new HashMap<>();
    for (RunRecord r : records) {
      for (RunRecord.FileEntry f : r.tables().getOrDefault(table, List.of())) {
        claimedBy.put(f.name(), r);
        entries.put(f.name(), f);
      }
    }
    Path dir = LocalTables.partition(warehouse, table, date);
    for (Map.Entry<String, RunRecord> c : claimedBy.entrySet()) {
      if (!Files.isRegularFile(dir.resolve(c.getKey()))) {
        return Optional.of(
            c.getKey() + " of the completed " + c.getValue().scope() + " is missing");
      }
    }
    for (Path f : LocalTables.files(warehouse, table, date)) {
      String name = f.getFileName().toString();
      Optional<String> id;
      long size;
      try {
        id = ParquetRows.runId(ParquetRows.local(f));
        size = Files.size(f);
      } catch (IOException | RuntimeException e) {
        return Optional.of(f + " is not a readable Parquet file (" + e.getMessage() + ")");
      }
      RunRecord r = claimedBy.get(name);
      if (r == null) {
        if (id.isEmpty() && records.stream().noneMatch(x -> x.tables().containsKey(table))) {
          continue;
        }
        return Optional.of(
            name
                + " was written by run "
                + id.orElse("(none)")
                + ", which has no completion record for "
                + date);
      }
      if (!id.equals(Optional.of(r.runId())) || size != entries.get(name).bytes()) {
        return Optional.of(
            name
                + " is from run "
                + id.orElse("(none)")
                + ", not from the completed "
                + r.scope()
                + " (run "
                + r.runId()
                + ")");
      }
    }
    return Optional.empty();
  }
}
