package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import dev.fleetscore.pipeline.RunUpload;
import dev.fleetscore.pipeline.WarehouseMirror;
import dev.fleetscore.pipeline.WarehouseMirror.DatePart;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How the commands that work on local folders (the collectors, report, export, evidence, explain)
 * take a {@code --warehouse} that is a URI of a Beam file system ({@code s3://bucket/wh}, {@code
 * gs://...}, {@code file:///...}; the s3 settings of {@link ObjectStoreOptions}). A local folder is
 * passed through untouched. For a URI, a reader runs on a {@link WarehouseMirror} of the committed
 * files it needs, copied into a temporary folder deleted when the command ends; a collector writes
 * its run into an empty temporary warehouse and {@link RunUpload} publishes it, data first and
 * completion record last. Errors that name the temporary folder name the URI instead.
 */
final class WarehouseAccess {

  private WarehouseAccess() {}

  /** Whether {@code warehouse} is a URI rather than a local folder. */
  static boolean isRemote(String warehouse) {
    return warehouse.contains("://");
  }

  /**
   * Runs {@code read} on a local view of {@code warehouse}: the folder itself, or a mirror of what
   * {@code select} asks of each date.
   */
  static <T> T read(
      ObjectStoreOptions store,
      String warehouse,
      Function<LocalDate, DatePart> select,
      Function<Path, T> read) {
    if (!isRemote(warehouse)) {
      return read.apply(Path.of(warehouse));
    }
    store.apply();
    Path mirror = tempDir("fleetscore-mirror-");
    try {
      WarehouseMirror.Copied c = WarehouseMirror.copy(warehouse, mirror, select);
      if (c.dates().isEmpty()) {
        throw new UserError(
            "no warehouse at " + warehouse + " (no completion record under _runs/: nothing there)");
      }
      return renamed(mirror, warehouse, () -> read.apply(mirror));
    } finally {
      deleteTree(mirror);
    }
  }

  /**
   * Runs the collector {@code write} into a local warehouse: {@code warehouse} itself, or an empty
   * temporary one whose committed runs are then uploaded. {@code nodeTablesOf} (null for none) is a
   * date whose node_dumps files are copied in first, for the importers that match the bucket count
   * of the date's other imports.
   */
  static <T> T write(
      ObjectStoreOptions store, String warehouse, LocalDate nodeTablesOf, Function<Path, T> write) {
    if (!isRemote(warehouse)) {
      return write.apply(Path.of(warehouse));
    }
    store.apply();
    Path scratch = tempDir("fleetscore-upload-");
    try {
      if (nodeTablesOf != null) {
        WarehouseMirror.copy(
            warehouse,
            scratch,
            d ->
                d.equals(nodeTablesOf)
                    ? new DatePart(Set.of(Table.NODE_DUMPS), false)
                    : DatePart.NONE);
        // Only the runs this command commits are uploaded: the copied records go.
        deleteTree(scratch.resolve(RunRecord.DIR));
      }
      T result = renamed(scratch, warehouse, () -> write.apply(scratch));
      RunUpload.upload(scratch, warehouse);
      return result;
    } finally {
      deleteTree(scratch);
    }
  }

  /**
   * For the readers of one snapshot (report, evidence, explain, CI files): every table of {@code
   * date} and its refused runs (the snapshot check reads them all), the trend tables of the dates
   * before it, and fleet_summary of the dates after (errors list the scored dates).
   */
  static Function<LocalDate, DatePart> snapshot(LocalDate date) {
    return range(date, date);
  }

  /** As {@link #snapshot}, for every date from {@code from} to {@code to}: a quarter bundle. */
  static Function<LocalDate, DatePart> range(LocalDate from, LocalDate to) {
    return d ->
        d.isBefore(from)
            ? HISTORY
            : d.isAfter(to) ? new DatePart(Set.of(Table.FLEET_SUMMARY), false) : DatePart.WHOLE;
  }

  /** One table of {@code dates} (every date when empty): what export of a table reads. */
  static Function<LocalDate, DatePart> table(Table table, java.util.Collection<LocalDate> dates) {
    return d ->
        dates.isEmpty() || dates.contains(d) ? new DatePart(Set.of(table), false) : DatePart.NONE;
  }

  /** The tables the report's trend charts read of earlier snapshots. */
  private static final DatePart HISTORY =
      new DatePart(Set.of(Table.FLEET_SUMMARY, Table.CLUSTER_COMPLIANCE), false);

  private static <T> T renamed(Path local, String warehouse, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (UserError e) {
      String m = e.getMessage();
      if (m == null || !m.contains(local.toString())) {
        throw e;
      }
      throw new UserError(e.exitCode(), m.replace(local.toString(), warehouse), e);
    }
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary folder " + dir, e);
    }
  }
}
