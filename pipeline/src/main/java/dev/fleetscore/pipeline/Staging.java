package dev.fleetscore.pipeline;

import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The hidden staging folders of one run and their commit, through Beam {@link FileSystems}. A run
 * writes every output file to {@code <table>/.staging-<run>/snapshot_date=D/} (invisible to
 * readers, whose globs skip dot folders), and only {@link #commit} moves them into {@code
 * <table>/snapshot_date=D/}, under names that carry the run's id, beside the previous run's files;
 * the completion record then switches readers to the new files, and the old ones are deleted. A run
 * that dies before its record is written leaves the previous snapshot readable as it was.
 *
 * <p>Tables are moved in {@link #COMMIT_ORDER}, node-level tables first and fleet_summary last, so
 * for readers that only glob (and ignore the record) a fleet_summary row for a date still means
 * every table of that date has its new files.
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
   *
   * <p>Every step leaves a state readers can use, also on an object store, where a rename is a copy
   * and a delete and nothing spans two objects: (1) each staged file is moved into its partition
   * under its run's own name ({@link #committedName}), beside the previous run's files, which stay;
   * (2) the completion record, one object written whole, names exactly the new files; (3) only then
   * are the partition's other data files deleted. Readers that take a partition's files from the
   * newest record see the previous snapshot until (2) and the new one from (2) on; a run killed
   * before (2) leaves files no record names, which readers skip and the next commit deletes.
   */
  public static void commit(RunInfo run, byte[] lineage) {
    Map<Table, List<RunRecord.FileEntry>> record = new EnumMap<>(Table.class);
    for (Table t : COMMIT_ORDER) {
      String partition = Warehouse.partition(run.warehouse(), t, run.snapshotDate());
      List<RunRecord.FileEntry> entries = new ArrayList<>();
      for (MatchResult.Metadata m : BeamFiles.match(dir(run, t) + "/*.parquet")) {
        String s = m.resourceId().toString();
        String name = committedName(BeamFiles.fileName(s), run.runId());
        entries.add(new RunRecord.FileEntry(name, m.sizeBytes()));
        try {
          FileSystems.rename(
              List.of(BeamFiles.resource(s)), List.of(BeamFiles.resource(partition + "/" + name)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot commit " + s + " into " + partition, e);
        }
        TestFaults.fileCommitted();
      }
      record.put(t, entries);
    }
    if (lineage != null) {
      writeAtomically(run, RunLineage.path(run.warehouse(), run.scope()), lineage);
    }
    writeRecord(run, new RunRecord(run.scope(), run.runId(), record));
    for (Table t : COMMIT_ORDER) {
      deleteUnlisted(
          Warehouse.partition(run.warehouse(), t, run.snapshotDate()),
          record.get(t).stream().map(RunRecord.FileEntry::name).collect(Collectors.toSet()));
    }
    discard(run);
  }

  /**
   * The name a staged file is committed under: its own name with the run's id (first 12 hex digits)
   * added as a label, so two runs' files never share a name, a bucket file stays a bucket file
   * ({@link Warehouse#parseBucketFile}), and identical runs still write identical names.
   */
  static String committedName(String stagedName, String runId) {
    String stem = stagedName.substring(0, stagedName.length() - ".parquet".length());
    String tag = "r" + runId.substring(0, Math.min(12, runId.length()));
    boolean labelled =
        Warehouse.parseBucketFile(stagedName).isPresent()
            && stem.length() > Warehouse.bucketFile(0, 1, null).length() - ".parquet".length();
    return stem + (labelled ? "_" : "-") + tag + ".parquet";
  }

  /** Deletes the data files of {@code partition} that are not in {@code keep}. */
  private static void deleteUnlisted(String partition, Set<String> keep) {
    List<ResourceId> stale = new ArrayList<>();
    for (MatchResult.Metadata m : BeamFiles.match(partition + "/*")) {
      String name = BeamFiles.fileName(m.resourceId().toString());
      if (SnapshotPlan.isDataFile(name) && !keep.contains(name)) {
        stale.add(m.resourceId());
      }
    }
    try {
      if (!stale.isEmpty()) {
        FileSystems.delete(stale, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the previous files of " + partition, e);
    }
  }

  /**
   * Test hook: the system property {@value #HALT_AFTER} = N halts the JVM (exit 137, no shutdown
   * hooks, as {@code kill -9} would) right after the commit moved its N-th file, so a test can kill
   * a run in the middle of its commit at a known point.
   */
  static final class TestFaults {
    static final String HALT_AFTER = "fleetscore.test.halt-after-committed-files";
    private static final int LIMIT = Integer.getInteger(HALT_AFTER, -1);
    private static int moved;

    private TestFaults() {}

    static synchronized void fileCommitted() {
      if (LIMIT >= 0 && ++moved >= LIMIT) {
        Runtime.getRuntime().halt(137);
      }
    }
  }

  /** Writes the record beside its final name, then renames it over the previous one. */
  private static void writeRecord(RunInfo run, RunRecord record) {
    writeAtomically(run, RunRecord.path(run.warehouse(), run.scope()), record.toJson());
  }

  private static void writeAtomically(RunInfo run, String path, byte[] content) {
    BeamFiles.writeAtomically(path, run.stagingName(), content);
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
