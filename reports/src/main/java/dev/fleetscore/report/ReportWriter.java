package dev.fleetscore.report;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report of one snapshot into a folder: {@code report.html} (self-contained), {@code
 * summary.md} and {@code csv/<table>.csv} for the output tables. Each file is written under a
 * temporary name and moved into place, so a reader never sees half a report. The same tables give
 * the same bytes. A date that a data-quality gate refused and that has no committed snapshot gets a
 * page saying why it was not committed ({@link RefusalPage}) instead of an error.
 */
public final class ReportWriter {

  /** Which output tables get a CSV file. */
  public enum CsvMode {
    /** Every output table, node-level ones included (can be large: see the README). */
    ALL,
    /** Only the small aggregate tables (control_summary, cluster_compliance, ...). */
    SUMMARY,
    /** No CSV. */
    NONE
  }

  /**
   * What was written.
   *
   * @param html the HTML report
   * @param markdown the Markdown summary
   * @param csv the CSV files, in table order
   * @param data the numbers the report was built from; null when the date was not committed
   * @param refused the refused runs the page reports: of an uncommitted date all of them, of a
   *     committed one those after its commit
   */
  public record Written(
      Path html,
      Path markdown,
      List<Path> csv,
      ReportData data,
      List<RefusedRuns.Refused> refused) {

    /** Whether the date has a committed snapshot (otherwise the page says why not). */
    public boolean committed() {
      return data != null;
    }
  }

  private ReportWriter() {}

  public static final String HTML = "report.html";
  public static final String MARKDOWN = "summary.md";

  public static Written write(
      Path warehouse, LocalDate date, Path outDir, ReportOptions options, CsvMode csv) {
    return write(warehouse, date, outDir, options, csv, FindingFilter.NONE);
  }

  /**
   * The report of only the rows {@code filter} passes (in every table that has the filtered column,
   * CSV files included); its values are checked against the snapshot first.
   */
  public static Written write(
      Path warehouse,
      LocalDate date,
      Path outDir,
      ReportOptions options,
      CsvMode csv,
      FindingFilter filter) {
    Path html = outDir.resolve(HTML);
    Path md = outDir.resolve(MARKDOWN);
    if (Files.isDirectory(warehouse)
        && LocalTables.files(warehouse, Table.FLEET_SUMMARY, date).isEmpty()) {
      List<RefusedRuns.Refused> refused = RefusedRuns.of(warehouse, date);
      if (!refused.isEmpty()) {
        createFolder(outDir);
        writeString(md, RefusalPage.markdown(date, refused));
        writeString(html, RefusalPage.render(date, refused));
        return new Written(html, md, List.of(), null, refused);
      }
    }
    SnapshotFiles snap = SnapshotFiles.open(warehouse, date);
    filter.checkKnown(warehouse, date);
    ReportData data = ReportLoader.load(snap, options, filter);
    createFolder(outDir);
    List<Table> tables = csvTables(csv);
    List<Path> csvFiles = new ArrayList<>();
    ReportFiles files = ReportFiles.csv(tables);
    for (Table t : tables) {
      Path f = outDir.resolve(files.href(t));
      atomically(
          f,
          out ->
              TableExport.export(warehouse, t, List.of(date), TableExport.Format.CSV, filter, out));
      csvFiles.add(f);
    }
    // The page last: it links the CSV files, which are in place when it appears.
    writeString(md, MarkdownReport.render(data));
    writeString(html, HtmlReport.render(data, files));
    return new Written(html, md, csvFiles, data, data.refusedAfter());
  }

  private static void createFolder(Path outDir) {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new UserError("cannot create the report folder " + outDir + ": " + e.getMessage(), e);
    }
  }

  /** The output tables {@code mode} writes a CSV file of, in table order. */
  public static List<Table> csvTables(CsvMode mode) {
    List<Table> out = new ArrayList<>();
    for (Table t : Table.values()) {
      if (t.kind() == Table.Kind.OUTPUT
          && mode != CsvMode.NONE
          && (mode == CsvMode.ALL || t.layout() == Table.Layout.SINGLE)) {
        out.add(t);
      }
    }
    return out;
  }

  static void writeString(Path file, String content) {
    atomically(file, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  interface Body {
    void write(OutputStream out) throws IOException;
  }

  static void atomically(Path file, Body body) {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        body.write(out);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // Best effort: the move either happened or the error above is the one to report.
      }
    }
  }
}
