package dev.fleetscore.report;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.Table;
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
 * the same bytes.
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
   * @param data the numbers the report was built from
   */
  public record Written(Path html, Path markdown, List<Path> csv, ReportData data) {}

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
    SnapshotFiles snap = SnapshotFiles.open(warehouse, date);
    filter.checkKnown(warehouse, date);
    ReportData data = ReportLoader.load(snap, options, filter);
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new UserError("cannot create the report folder " + outDir + ": " + e.getMessage(), e);
    }
    Path html = outDir.resolve(HTML);
    Path md = outDir.resolve(MARKDOWN);
    writeString(html, HtmlReport.render(data));
    writeString(md, MarkdownReport.render(data));
    List<Path> csvFiles = new ArrayList<>();
    if (csv != CsvMode.NONE) {
      Path dir = outDir.resolve("csv");
      for (Table t : Table.values()) {
        if (t.kind() != Table.Kind.OUTPUT
            || (csv == CsvMode.SUMMARY && t.layout() != Table.Layout.SINGLE)) {
          continue;
        }
        Path f = dir.resolve(t.tableName() + ".csv");
        atomically(
            f,
            out ->
                TableExport.export(
                    warehouse, t, List.of(date), TableExport.Format.CSV, filter, out));
        csvFiles.add(f);
      }
    }
    return new Written(html, md, csvFiles, data);
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
