package dev.fleetscore.schema.io;

import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Local-folder access to warehouse partitions for the collectors and reports (the pipeline goes
 * through Beam file systems instead). Writes are staged in a hidden folder beside the partition and
 * moved into place only when every file is complete, so a crash never leaves a half-written
 * partition, and readers never see hidden ({@code .} or {@code _}) files.
 */
public final class LocalTables {

  private LocalTables() {}

  public static Path partition(Path warehouse, Table table, LocalDate date) {
    return Path.of(Warehouse.partition(warehouse.toString(), table, date));
  }

  /**
   * The Parquet files of a partition that readers use, sorted by name; empty when it does not
   * exist. When a completion record of the date ({@link RunRecord}) names files of the table, only
   * those: files of a run killed before its record, or of the run a newer record replaced, are
   * skipped. Otherwise every visible file (partitions written before run records existed).
   */
  public static List<Path> files(Path warehouse, Table table, LocalDate date) {
    List<Path> visible = visibleFiles(warehouse, table, date);
    if (visible.isEmpty()) {
      return visible;
    }
    Set<String> named = new HashSet<>();
    boolean claimed = false;
    for (RunRecord r : RunRecord.readLocal(warehouse, date)) {
      List<RunRecord.FileEntry> fs = r.tables().get(table);
      if (fs != null) {
        claimed = true;
        fs.forEach(f -> named.add(f.name()));
      }
    }
    if (!claimed) {
      return visible;
    }
    return visible.stream().filter(p -> named.contains(p.getFileName().toString())).toList();
  }

  /**
   * Every visible data file of a partition, sorted by name, whether or not a completion record
   * names it: what writers check before adding files (a file on disk with another bucket count
   * would break the partition's layout even if no record claims it yet).
   */
  public static List<Path> visibleFiles(Path warehouse, Table table, LocalDate date) {
    Path dir = partition(warehouse, table, date);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> isDataFile(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public static boolean isDataFile(String name) {
    return name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_");
  }

  /** The snapshot dates that have a partition for {@code table}, ascending. */
  public static List<LocalDate> dates(Path warehouse, Table table) {
    Path dir = warehouse.resolve(table.tableName());
    List<LocalDate> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Warehouse.PARTITION_KEY + "=*")) {
      for (Path p : ds) {
        String v = p.getFileName().toString().substring(Warehouse.PARTITION_KEY.length() + 1);
        try {
          out.add(LocalDate.parse(v));
        } catch (java.time.format.DateTimeParseException e) {
          // A folder that is not ours; readers ignore it just as Hive-style engines do.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Every row of a partition, file by file in name order. For small tables and tests. */
  public static <T extends SpecificRecord> List<T> readAll(
      Path warehouse, Table table, LocalDate date, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Path f : files(warehouse, table, date)) {
      try {
        out.addAll(ParquetRows.readAll(ParquetRows.local(f), type));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    return out;
  }

  /**
   * Opens a staging folder for new files of {@code table} written by a run of {@code scope}; see
   * {@link Staging#commit}.
   */
  public static Staging stage(Path warehouse, Table table, RunScope scope) {
    Path tableDir = warehouse.resolve(table.tableName());
    Path staging = tableDir.resolve(scope.newStagingName());
    try {
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + staging, e);
    }
    return new Staging(partition(warehouse, table, scope.date()), staging);
  }

  /**
   * Deletes the staging folders {@code scope} owns directly in {@code tableDir} (see {@link
   * RunScope#ownsStaging}); call it holding the scope's lock, when they can only be left by dead
   * runs. Returns how many were deleted.
   */
  public static int cleanStaging(Path tableDir, RunScope scope) {
    if (!Files.isDirectory(tableDir)) {
      return 0;
    }
    int n = 0;
    try (Stream<Path> s = Files.list(tableDir)) {
      for (Path p : s.toList()) {
        if (Files.isDirectory(p) && scope.ownsStaging(p.getFileName().toString())) {
          deleteTree(p);
          n++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean staging folders of " + tableDir, e);
    }
    return n;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** New files of one partition, invisible to readers until committed. */
  public static final class Staging implements AutoCloseable {
    private final Path partition;
    private final Path dir;
    private boolean done;

    private Staging(Path partition, Path dir) {
      this.partition = partition;
      this.dir = dir;
    }

    /** Where to write a new file called {@code fileName}. */
    public Path file(String fileName) {
      return dir.resolve(fileName);
    }

    /**
     * Moves the staged files into the partition. Existing files matching {@code replaced} are
     * removed first (pass {@code f -> true} to replace the whole partition, a prefix test to
     * replace one source's files). Each move is atomic; the partition folder itself is created if
     * needed. Returns the committed files, in name order.
     */
    public List<Path> commit(Predicate<String> replaced) {
      List<Path> committed = new ArrayList<>();
      try {
        Files.createDirectories(partition);
        try (Stream<Path> old = Files.list(partition)) {
          for (Path p : old.toList()) {
            String name = p.getFileName().toString();
            if (isDataFile(name) && replaced.test(name)) {
              Files.delete(p);
            }
          }
        }
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : s.sorted().toList()) {
            Path target = partition.resolve(p.getFileName());
            try {
              Files.move(
                  p, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
              Files.move(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed.add(target);
          }
        }
        done = true;
        return committed;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot commit into " + partition, e);
      } finally {
        close();
      }
    }

    /** Discards whatever was staged and not committed. */
    @Override
    public void close() {
      if (!Files.exists(dir)) {
        return;
      }
      try {
        deleteTree(dir);
      } catch (IOException e) {
        if (done) {
          throw new UncheckedIOException("cannot clean up " + dir, e);
        }
      }
    }
  }
}
