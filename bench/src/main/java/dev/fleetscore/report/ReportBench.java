package dev.fleetscore.report;

import dev.fleetscore.common.HeapSampler;
import dev.fleetscore.schema.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * {@code fleetscore bench report}: times {@link ReportWriter#write} (HTML, Markdown and CSV) on a
 * scored warehouse in this JVM, with the peak heap sampled every 20 ms and the size of each file
 * written, so the claim that the report stays bounded whatever the fleet size is a number.
 */
public final class ReportBench {

  /**
   * One run's figures.
   *
   * @param millis wall time of the whole report
   * @param peakHeapBytes largest used heap sampled during it (garbage included)
   * @param htmlBytes size of report.html
   * @param markdownBytes size of summary.md
   * @param csvBytes total size of the CSV files
   * @param csvFiles number of CSV files
   * @param findingsRead findings rows the report read
   * @param nodes nodes in the snapshot (node_scores rows' distinct nodes)
   */
  public record Measurement(
      long millis,
      long peakHeapBytes,
      long htmlBytes,
      long markdownBytes,
      long csvBytes,
      int csvFiles,
      long findingsRead,
      long nodes) {}

  private ReportBench() {}

  public static Measurement run(
      Path warehouse,
      LocalDate date,
      Path outDir,
      ReportOptions options,
      ReportWriter.CsvMode csv,
      PrintStream out) {
    System.gc();
    HeapSampler heap = new HeapSampler();
    heap.start();
    long t = System.nanoTime();
    ReportWriter.Written w;
    try {
      w = ReportWriter.write(warehouse, date, outDir, options, csv);
    } finally {
      heap.finish();
    }
    long ms = (System.nanoTime() - t) / 1_000_000;
    long csvBytes = 0;
    for (Path f : w.csv()) {
      csvBytes += size(f);
    }
    long nodes =
        w.data().details().clusters().values().stream()
            .mapToLong(ReportData.ClusterDetail::nodes)
            .sum();
    Measurement m =
        new Measurement(
            ms,
            heap.peak(),
            size(w.html()),
            size(w.markdown()),
            csvBytes,
            w.csv().size(),
            w.data().details().rowsRead().getOrDefault(Table.FINDINGS, 0L),
            nodes);
    out.printf(
        Locale.ROOT,
        "report of %s (%,d nodes, %,d findings read) in %s%n"
            + "  wall time      %8.1f s%n"
            + "  peak heap      %8d MiB%n"
            + "  report.html    %,12d bytes%n"
            + "  summary.md     %,12d bytes%n"
            + "  csv (%d files) %,12d bytes (--csv %s)%n",
        date,
        m.nodes(),
        m.findingsRead(),
        outDir,
        ms / 1000.0,
        m.peakHeapBytes() >> 20,
        m.htmlBytes(),
        m.markdownBytes(),
        m.csvFiles(),
        m.csvBytes(),
        csv);
    return m;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
