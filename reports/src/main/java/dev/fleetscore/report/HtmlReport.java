package dev.fleetscore.report;

import dev.fleetscore.schema.FleetscoreVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: inline CSS, inline SVG charts, no
 * script, no network, so it opens from a laptop or an evidence archive years later and prints.
 * Every value from the tables is HTML-escaped. The page carries no wall-clock time: the same tables
 * give the same bytes. Sections, in page order: at a glance (with the counts reconciliation), score
 * per cluster, trend, changes, worst controls, heat map, read-only-port migration, per-cluster
 * detail, quarantine, and where every number came from; each is one {@link ReportSection} class
 * writing through {@link Html} and {@link HtmlTable}.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /** The page as a string (UTF-8 when written). */
  public static String render(ReportData data) {
    ReportPage p = new ReportPage(data);
    List<ReportSection> sections =
        List.of(
            new GlanceSection(p),
            new ClustersSection(p),
            new TrendSection(p),
            new ChangesSection(p),
            new WorstControlsSection(p),
            new HeatmapSection(p),
            new ReadonlyPortSection(p),
            new ClusterDetailSection(p),
            new QuarantineSection(p),
            new AboutSection(p));
    Html h = new Html(1 << 16);
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<meta name=\"generator\" content=\"fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw("\"><title>Fleet security report \u2013 ")
        .text(data.date().toString())
        .raw("</title><style>")
        .raw(css())
        .raw("</style></head><body>\n");
    new PageHeader(p).write(h);
    h.raw("<nav class=\"toc\" aria-label=\"Sections\"><div class=\"wrap\">");
    for (ReportSection s : sections) {
      h.open("a", "href", "#" + s.id()).text(s.navLabel()).close("a");
    }
    h.raw("</div></nav>\n<main>\n");
    for (ReportSection s : sections) {
      s.write(h);
    }
    h.raw("</main>\n<footer>fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw(" \u00b7 snapshot ")
        .text(String.join(", ", data.snapshotIds()))
        .raw(
            " \u00b7 every number on this page is read from the output tables named under"
                + " \u201cAbout these numbers\u201d; the same tables give the same page, byte for"
                + " byte.</footer>\n</body></html>\n");
    return h.toString();
  }

  static String css() {
    try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
      if (in == null) {
        throw new IllegalStateException("report.css is missing from fleetscore-reports");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
