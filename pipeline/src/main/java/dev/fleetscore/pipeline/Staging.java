package dev.fleetscore.pipeline;

import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The hidden staging folders of one run and their commit, through Beam {@link FileSystems}. A run
 * writes every output file to {@code <table>/.staging-<run>/snapshot_date=D/} (invisible to
 * readers, whose globs skip dot folders), and only {@link #commit} moves them into {@code
 * <table>/snapshot_date=D/}: new files are renamed over the old ones (same deterministic names),
 * then files of the old partition that the new run did not write are deleted. A run that dies
 * before the commit leaves the previous partition as it was.
 *
 * <p>Tables are committed in {@link #COMMIT_ORDER}, node-level tables first and fleet_summary last,
 * so a fleet_summary row for a date means every table of that date is complete.
 */
public final class Staging {

  public static final List<Table> COMMIT_ORDER =
      List.of(
          Table.EFFECTIVE_SETTINGS,
          Table.FINDINGS,
          Table.NODE_SCORES,
          Table.QUARANTINE,
          Table.CONTROL_SUMMARY,
          Table.CLUSTER_COMPLIANCE,
          Table.CHANGES,
          Table.RBAC_ACCESS,
          Table.FLEET_SUMMARY);

  private Staging() {}

  /** The staging folder of {@code table} for this run. */
  public static String dir(RunInfo run, Table table) {
    return Warehouse.join(
        Warehouse.tableDir(run.warehouse(), table),
        run.stagingName(),
        Warehouse.PARTITION_KEY + "=" + run.snapshotDate());
  }

  public static String file(RunInfo run, Table table, String fileName) {
    return dir(run, table) + "/" + fileName;
  }

  /** The staged Parquet files of {@code table}, sorted by path. */
  public static List<String> staged(RunInfo run, Table table) {
    return BeamFiles.match(dir(run, table) + "/*.parquet").stream()
        .map(m -> m.resourceId().toString())
        .toList();
  }

  /**
   * Moves every staged file into place, removes what the new partition no longer has, and writes
   * the run's completion record last.
   */
  public static void commit(RunInfo run) {
    commit(run, null);
  }

  /**
   * As {@link #commit(RunInfo)}, writing {@code lineage} ({@link RunLineage}; null for none) just
   * before the completion record, replacing the previous run's.
   */
  public static void commit(RunInfo run, byte[] lineage) {
    Map<Table, List<RunRecord.FileEntry>> record = new EnumMap<>(Table.class);
    for (Table t : COMMIT_ORDER) {
      String partition = Warehouse.partition(run.warehouse(), t, run.snapshotDate());
      List<ResourceId> src = new ArrayList<>();
      List<ResourceId> dst = new ArrayList<>();
      Set<String> names = new HashSet<>();
      List<RunRecord.FileEntry> entries = new ArrayList<>();
      for (MatchResult.Metadata m : BeamFiles.match(dir(run, t) + "/*.parquet")) {
        String s = m.resourceId().toString();
        String name = BeamFiles.fileName(s);
        names.add(name);
        entries.add(new RunRecord.FileEntry(name, m.sizeBytes()));
        src.add(BeamFiles.resource(s));
        dst.add(BeamFiles.resource(partition + "/" + name));
      }
      record.put(t, entries);
      List<ResourceId> stale = new ArrayList<>();
      for (MatchResult.Metadata m : BeamFiles.match(partition + "/*")) {
        String name = BeamFiles.fileName(m.resourceId().toString());
        if (SnapshotPlan.isDataFile(name) && !names.contains(name)) {
          stale.add(m.resourceId());
        }
      }
      try {
        if (!src.isEmpty()) {
          FileSystems.rename(src, dst);
        }
        if (!stale.isEmpty()) {
          FileSystems.delete(stale, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot commit " + t.tableName() + " into " + partition, e);
      }
    }
    if (lineage != null) {
      writeAtomically(run, RunLineage.path(run.warehouse(), run.scope()), lineage);
    }
    writeRecord(run, new RunRecord(run.scope(), run.runId(), record));
    discard(run);
  }

  /** Writes the record beside its final name, then renames it over the previous one. */
  private static void writeRecord(RunInfo run, RunRecord record) {
    writeAtomically(run, RunRecord.path(run.warehouse(), run.scope()), record.toJson());
  }

  private static void writeAtomically(RunInfo run, String path, byte[] content) {
    String tmp = path.substring(0, path.lastIndexOf('/') + 1) + "." + run.stagingName() + ".json";
    try {
      try (WritableByteChannel c =
          FileSystems.create(BeamFiles.resource(tmp), "application/json")) {
        c.write(ByteBuffer.wrap(content));
      }
      FileSystems.rename(List.of(BeamFiles.resource(tmp)), List.of(BeamFiles.resource(path)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Deletes whatever this run staged (after a commit, only the empty folders are left). */
  public static void discard(RunInfo run) {
    for (Table t : COMMIT_ORDER) {
      List<ResourceId> files = new ArrayList<>();
      for (String s : staged(run, t)) {
        files.add(BeamFiles.resource(s));
      }
      try {
        if (!files.isEmpty()) {
          FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
        }
        LocalDirs.deleteEmpty(dir(run, t));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot clean up " + dir(run, t), e);
      }
    }
  }
}
