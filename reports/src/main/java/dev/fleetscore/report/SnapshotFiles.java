package dev.fleetscore.report;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.SnapshotCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The files of one snapshot of a local warehouse, table by table, and the node-bucketed tables
 * grouped by bucket so that one node's rows of every table are read together (the warehouse
 * contract puts every row of a node in the same bucket number of each node-bucketed table).
 */
public final class SnapshotFiles {

  private final Path warehouse;
  private final LocalDate date;

  private SnapshotFiles(Path warehouse, LocalDate date) {
    this.warehouse = warehouse;
    this.date = date;
  }

  /**
   * Opens the snapshot {@code date} of {@code warehouse}; a missing warehouse or a date with no
   * scored snapshot (no fleet_summary partition) is a {@link UserError} naming the dates there are,
   * and so is a torn date (a table whose files are not those of a completed run, see {@link
   * SnapshotCheck}), naming the table.
   */
  public static SnapshotFiles open(Path warehouse, LocalDate date) {
    if (!Files.isDirectory(warehouse)) {
      throw new UserError("no warehouse at " + warehouse + " (not a directory)");
    }
    if (LocalTables.files(warehouse, Table.FLEET_SUMMARY, date).isEmpty()) {
      List<LocalDate> dates = LocalTables.dates(warehouse, Table.FLEET_SUMMARY);
      throw new UserError(
          "the warehouse "
              + warehouse
              + " has no scored snapshot for "
              + date
              + (dates.isEmpty()
                  ? " (no fleet_summary partition at all: run fleetscore score first)"
                  : "; scored snapshots: "
                      + dates.stream().map(LocalDate::toString).collect(Collectors.joining(", "))));
    }
    SnapshotCheck.requireComplete(warehouse, date, List.of(Table.values()));
    return new SnapshotFiles(warehouse, date);
  }

  public Path warehouse() {
    return warehouse;
  }

  public LocalDate date() {
    return date;
  }

  /** The visible data files of {@code table} for this snapshot, in name order. */
  public List<Path> files(Table table) {
    return LocalTables.files(warehouse, table, date);
  }

  /** The snapshot dates up to and including this one that have a partition of {@code table}. */
  public List<LocalDate> datesUpTo(Table table) {
    return LocalTables.dates(warehouse, table).stream().filter(d -> !d.isAfter(date)).toList();
  }

  /**
   * The files of {@code tables} grouped by bucket: group {@code b} holds bucket {@code b} of every
   * table (all labels). When a table's files are not all bucket files of one common count, the join
   * by bucket cannot be trusted and everything is one group (correct, only less frugal).
   */
  public List<Map<Table, List<Path>>> bucketGroups(Table... tables) {
    Map<Table, List<Path>> all = new EnumMap<>(Table.class);
    Integer count = null;
    boolean bucketed = true;
    for (Table t : tables) {
      List<Path> fs = files(t);
      all.put(t, fs);
      for (Path f : fs) {
        Optional<int[]> b = Warehouse.parseBucketFile(f.getFileName().toString());
        if (b.isEmpty() || (count != null && count != b.get()[1])) {
          bucketed = false;
        } else {
          count = b.get()[1];
        }
      }
    }
    if (!bucketed || count == null) {
      return List.of(all);
    }
    TreeMap<Integer, Map<Table, List<Path>>> groups = new TreeMap<>();
    for (Table t : tables) {
      for (Path f : all.get(t)) {
        int b = Warehouse.parseBucketFile(f.getFileName().toString()).orElseThrow()[0];
        groups
            .computeIfAbsent(b, k -> new EnumMap<>(Table.class))
            .computeIfAbsent(t, k -> new ArrayList<>())
            .add(f);
      }
    }
    return new ArrayList<>(groups.values());
  }
}
