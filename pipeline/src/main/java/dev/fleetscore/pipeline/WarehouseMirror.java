package dev.fleetscore.pipeline;

import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * A local copy of the committed part of a warehouse on any Beam file system ({@code s3://}, {@code
 * gs://}, ...), so the readers that work on local folders (report, export, evidence, explain) run
 * unchanged on an object store. For each date the caller asks for, it copies the completion records
 * ({@code _runs/snapshot_date=D/*.json}) and lineages first, then exactly the files those records
 * name for the tables asked for, never a file no record names: a run still uploading, or the
 * superseded files of a run being replaced, are not copied. Refused runs ({@code _rejected/}) are
 * copied for the dates asked. Modification times are kept, because the report orders a refused run
 * against the commit by them. Copying costs one listing of {@code _runs/} and one read of every
 * copied file; nothing is cached between commands.
 */
public final class WarehouseMirror {

  /**
   * The folder, under a warehouse, of the runs a data-quality gate refused (as score writes it).
   */
  public static final String REJECTED = "_rejected";

  private static final String DATE_PREFIX = Warehouse.PARTITION_KEY + "=";

  /**
   * What to copy of one date.
   *
   * @param tables the tables whose committed files are copied (empty: the date is skipped)
   * @param rejected whether its refused runs are copied too
   */
  public record DatePart(Set<Table> tables, boolean rejected) {
    public static final DatePart NONE = new DatePart(Set.of(), false);

    /** Every table of the date and its refused runs: what the snapshot check of a reader needs. */
    public static final DatePart WHOLE = new DatePart(Set.of(Table.values()), true);
  }

  /** What was copied: the dates with records, and the number and size of the files copied. */
  public record Copied(Set<LocalDate> dates, long files, long bytes) {}

  private WarehouseMirror() {}

  /**
   * Copies what {@code select} asks of every date that has completion records in {@code root} into
   * the empty local folder {@code into}, laid out as a warehouse.
   */
  public static Copied copy(String root, Path into, Function<LocalDate, DatePart> select) {
    Counter n = new Counter();
    Set<LocalDate> dates = dates(root);
    for (LocalDate d : dates) {
      DatePart part = select.apply(d);
      if (part.tables().isEmpty() && !part.rejected()) {
        continue;
      }
      String runs = Warehouse.join(root, RunRecord.DIR, DATE_PREFIX + d);
      Path localRuns = into.resolve(RunRecord.DIR).resolve(DATE_PREFIX + d);
      for (MatchResult.Metadata m : BeamFiles.match(runs + "/*.json")) {
        copyVisible(m, localRuns, n);
      }
      for (MatchResult.Metadata m : BeamFiles.match(runs + "/" + RunLineage.DIR + "/*.json")) {
        copyVisible(m, localRuns.resolve(RunLineage.DIR), n);
      }
      for (RunRecord r : RunRecord.readLocal(into, d)) {
        for (var e : r.tables().entrySet()) {
          if (!part.tables().contains(e.getKey())) {
            continue;
          }
          String partition = Warehouse.partition(root, e.getKey(), d);
          Path local = into.resolve(e.getKey().tableName()).resolve(DATE_PREFIX + d);
          mkdirs(local);
          for (RunRecord.FileEntry f : e.getValue()) {
            copy(single(partition + "/" + f.name()), local.resolve(f.name()), n);
          }
        }
      }
      if (part.rejected()) {
        String rejected = Warehouse.join(root, REJECTED, DATE_PREFIX + d);
        for (MatchResult.Metadata m : BeamFiles.match(rejected + "/**")) {
          String s = m.resourceId().toString();
          String rel = s.substring(s.indexOf(DATE_PREFIX + d) + (DATE_PREFIX + d).length() + 1);
          copy(m, into.resolve(REJECTED).resolve(DATE_PREFIX + d).resolve(rel), n);
        }
      }
    }
    return new Copied(dates, n.files, n.bytes);
  }

  /** The dates that have at least one completion record in {@code root}, ascending. */
  public static Set<LocalDate> dates(String root) {
    Set<LocalDate> out = new TreeSet<>();
    for (MatchResult.Metadata m :
        BeamFiles.match(Warehouse.join(root, RunRecord.DIR, DATE_PREFIX + "*", "*.json"))) {
      String s = m.resourceId().toString();
      int i = s.lastIndexOf(DATE_PREFIX);
      int j = s.indexOf('/', i);
      if (i < 0 || j < 0 || BeamFiles.fileName(s).startsWith(".")) {
        continue;
      }
      try {
        out.add(LocalDate.parse(s.substring(i + DATE_PREFIX.length(), j)));
      } catch (DateTimeParseException e) {
        // A folder that is not ours; readers ignore it as Hive-style engines do.
      }
    }
    return out;
  }

  private static MatchResult.Metadata single(String path) {
    try {
      return FileSystems.matchSingleFileSpec(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot find " + path + ", which a completion record names", e);
    }
  }

  private static void copyVisible(MatchResult.Metadata m, Path dir, Counter n) {
    String name = BeamFiles.fileName(m.resourceId().toString());
    if (!name.startsWith(".") && !name.startsWith("_")) {
      copy(m, dir.resolve(name), n);
    }
  }

  private static void copy(MatchResult.Metadata m, Path target, Counter n) {
    mkdirs(target.getParent());
    try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()))) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      if (m.lastModifiedMillis() > 0) {
        Files.setLastModifiedTime(target, FileTime.fromMillis(m.lastModifiedMillis()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + m.resourceId() + " to " + target, e);
    }
    n.files++;
    n.bytes += m.sizeBytes();
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static final class Counter {
    long files;
    long bytes;
  }
}
