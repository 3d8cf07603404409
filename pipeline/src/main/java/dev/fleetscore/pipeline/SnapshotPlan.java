package dev.fleetscore.pipeline;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * What one scoring run reads, decided by listing the warehouse once before the pipeline starts: the
 * bucket file-sets of the node-bucketed raw tables, the per-source files of the cloud tables and of
 * cloud collection errors, files that do not fit the layout (quarantined, not read), and the
 * previous snapshot's control_summary for the changes table.
 *
 * <p>A snapshot with no node_dumps files, or whose bucketed files disagree on the bucket count, is
 * a {@link UserError}: the bucket join would be wrong, so the run does not start.
 */
public record SnapshotPlan(
    String warehouse,
    LocalDate date,
    int bucketCount,
    List<BucketFiles> buckets,
    Map<Table, List<String>> perSourceFiles,
    List<String> misplacedFiles,
    Optional<LocalDate> previousDate,
    List<String> previousControlSummary) {

  public static SnapshotPlan plan(String warehouse, LocalDate date) {
    SortedMap<Integer, Map<Table, List<String>>> buckets = new TreeMap<>();
    Map<Table, List<String>> perSource = new EnumMap<>(Table.class);
    List<String> misplaced = new ArrayList<>();
    int count = -1;
    String countFrom = null;
    boolean anyDumps = false;
    for (Table t : Table.RAW_BUCKETED) {
      for (MatchResult.Metadata m : dataFiles(warehouse, t, date)) {
        String path = m.resourceId().toString();
        Optional<int[]> b = Warehouse.parseBucketFile(BeamFiles.fileName(path));
        if (b.isEmpty()) {
          if (t.layout() == Table.Layout.NODE_BUCKETED_AND_SOURCES) {
            perSource.computeIfAbsent(t, x -> new ArrayList<>()).add(path);
          } else {
            misplaced.add(path);
          }
          continue;
        }
        if (count < 0) {
          count = b.get()[1];
          countFrom = path;
        } else if (count != b.get()[1]) {
          throw new UserError(
              "bucketed files of snapshot "
                  + date
                  + " disagree on the bucket count: "
                  + countFrom
                  + " has "
                  + count
                  + ", "
                  + path
                  + " has "
                  + b.get()[1]
                  + "; re-import the snapshot with one bucket count");
        }
        anyDumps |= t == Table.NODE_DUMPS;
        buckets
            .computeIfAbsent(b.get()[0], x -> new EnumMap<>(Table.class))
            .computeIfAbsent(t, x -> new ArrayList<>())
            .add(path);
      }
    }
    if (!anyDumps) {
      throw new UserError(
          "no node_dumps files for snapshot "
              + date
              + " under "
              + Warehouse.tableDir(warehouse, Table.NODE_DUMPS)
              + "; import node dumps first (fleetscore collect import)"
              + importedDates(warehouse));
    }
    for (Table t : Table.RAW_PER_SOURCE) {
      if (t.layout() == Table.Layout.PER_SOURCE) {
        for (MatchResult.Metadata m : dataFiles(warehouse, t, date)) {
          perSource.computeIfAbsent(t, x -> new ArrayList<>()).add(m.resourceId().toString());
        }
      }
    }
    List<BucketFiles> list = new ArrayList<>();
    int n = count;
    buckets.forEach((b, files) -> list.add(BucketFiles.of(b, n, files)));
    Optional<LocalDate> previous = previousDate(warehouse, date);
    List<String> previousFiles =
        previous
            .map(
                d ->
                    committedFiles(warehouse, Table.CONTROL_SUMMARY, d).stream()
                        .map(m -> m.resourceId().toString())
                        .toList())
            .orElse(List.of());
    return new SnapshotPlan(
        warehouse, date, count, list, perSource, misplaced, previous, previousFiles);
  }

  /** Visible Parquet files of one partition, sorted by path. */
  private static String importedDates(String warehouse) {
    java.util.SortedSet<LocalDate> d = dates(warehouse, Table.NODE_DUMPS);
    return d.isEmpty()
        ? "; no date has node dumps"
        : "; dates with node dumps: "
            + String.join(", ", d.stream().map(LocalDate::toString).toList());
  }

  static List<MatchResult.Metadata> dataFiles(String warehouse, Table t, LocalDate date) {
    List<MatchResult.Metadata> out =
        new ArrayList<>(BeamFiles.match(Warehouse.partition(warehouse, t, date) + "/*.parquet"));
    out.removeIf(m -> !isDataFile(BeamFiles.fileName(m.resourceId().toString())));
    return out;
  }

  /**
   * The files of a partition that readers use: those the date's completion records name for the
   * table ({@link RunRecord}; files of a run that died before its record, or of the run a newer
   * record replaced, are skipped), or every data file when no record speaks for the table.
   */
  static List<MatchResult.Metadata> committedFiles(String warehouse, Table t, LocalDate date) {
    Set<String> named = new HashSet<>();
    boolean claimed = false;
    String runs = Warehouse.join(warehouse, RunRecord.DIR, Warehouse.PARTITION_KEY + "=" + date);
    for (MatchResult.Metadata m : BeamFiles.match(runs + "/*.json")) {
      String path = m.resourceId().toString();
      if (BeamFiles.fileName(path).startsWith(".")) {
        continue;
      }
      RunRecord r;
      try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()))) {
        r = RunRecord.parse(in.readAllBytes(), path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the run record " + path, e);
      }
      List<RunRecord.FileEntry> fs = r.tables().get(t);
      if (fs != null) {
        claimed = true;
        fs.forEach(f -> named.add(f.name()));
      }
    }
    List<MatchResult.Metadata> out = dataFiles(warehouse, t, date);
    if (claimed) {
      out.removeIf(m -> !named.contains(BeamFiles.fileName(m.resourceId().toString())));
    }
    return out;
  }

  static boolean isDataFile(String name) {
    return name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_");
  }

  /** The latest snapshot date before {@code date} that has a control_summary partition. */
  static Optional<LocalDate> previousDate(String warehouse, LocalDate date) {
    LocalDate best = null;
    for (LocalDate d : dates(warehouse, Table.CONTROL_SUMMARY)) {
      if (d.isBefore(date) && (best == null || d.isAfter(best))) {
        best = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The dates that have a data file of {@code table}, in order. */
  static java.util.SortedSet<LocalDate> dates(String warehouse, Table table) {
    String prefix = Warehouse.PARTITION_KEY + "=";
    java.util.SortedSet<LocalDate> out = new java.util.TreeSet<>();
    for (MatchResult.Metadata m :
        BeamFiles.match(Warehouse.tableDir(warehouse, table) + "/" + prefix + "*/*.parquet")) {
      String path = m.resourceId().toString();
      if (!isDataFile(BeamFiles.fileName(path))) {
        continue;
      }
      String dir = path.substring(0, path.lastIndexOf('/'));
      String seg = BeamFiles.fileName(dir);
      if (!seg.startsWith(prefix)) {
        continue;
      }
      try {
        out.add(LocalDate.parse(seg.substring(prefix.length())));
      } catch (DateTimeParseException e) {
        // Not a partition of ours; Hive-style readers skip it too.
      }
    }
    return out;
  }
}
