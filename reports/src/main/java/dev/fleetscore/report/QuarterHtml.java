package dev.fleetscore.report;

import dev.fleetscore.report.QuarterSummary.CoveragePoint;
import dev.fleetscore.report.QuarterSummary.ExemptionRow;
import dev.fleetscore.report.QuarterSummary.Gap;
import dev.fleetscore.report.QuarterSummary.Series;
import dev.fleetscore.report.QuarterSummary.SeverityFix;
import dev.fleetscore.report.QuarterSummary.Spell;
import dev.fleetscore.schema.FleetscoreVersion;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The quarter summary ({@link QuarterSummary}) as one self-contained HTML page (the report's
 * stylesheet inline, SVG charts, no script, nothing loaded): the fleet score per framework over the
 * range as a chart, then the same tables as {@link QuarterMarkdown}, each cluster's score with a
 * sparkline. Every table value is escaped.
 */
public final class QuarterHtml {

  private QuarterHtml() {}

  public static String render(QuarterSummary q) {
    Html h = new Html(64 * 1024);
    String title = "Quarter summary \u2013 " + q.from() + " to " + q.to();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<meta name=\"generator\" content=\"fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw("\"><title>")
        .text(title)
        .raw("</title><style>")
        .raw(HtmlReport.css())
        .raw("</style></head><body>\n<header class=\"top\"><div class=\"wrap\">")
        .el("div", "eyebrow", "fleetscore evidence")
        .el("h1", null, title)
        .el("p", "meta", QuarterText.headline(q))
        .raw("</div></header>\n<main>\n");

    h.raw("<section id=\"scores\">").el("h2", null, "Score per cluster and framework");
    List<String> dates = q.dates().stream().map(LocalDate::toString).toList();
    List<String> names = new ArrayList<>();
    List<List<Double>> values = new ArrayList<>();
    for (Series s : q.fleet()) {
      names.add(s.framework());
      values.add(s.values());
    }
    if (dates.size() > 1 && !names.isEmpty()) {
      h.el("h4", null, "Fleet score per framework").raw(Svg.trend(dates, names, values));
    }
    scoreTable(h, q.fleet(), false);
    h.el("h4", null, "Per cluster");
    scoreTable(h, q.scores(), true);
    h.raw("</section>\n");

    h.raw("<section id=\"failing-longest\">")
        .el("h2", null, "Controls failing longest")
        .el("p", "lead", QuarterText.SPELL_NOTE);
    if (q.failingLongest().isEmpty()) {
      h.el("p", null, "No control failed in the range.");
    } else {
      head(
          h,
          "cluster",
          "rule",
          "severity",
          "first seen failing",
          "last seen failing",
          "first seen fixed",
          "#days",
          "#most nodes failing");
      for (Spell s : q.failingLongest()) {
        h.raw("<tr>");
        td(h, s.cluster());
        td(h, s.ruleId() + (s.title() == null ? "" : " \u2013 " + s.title()));
        td(h, s.severity());
        td(h, s.firstSeen() + (s.openAtStart() ? " (range start)" : ""));
        td(h, s.lastSeen().toString());
        td(h, s.fixedOn() == null ? "still failing" : s.fixedOn().toString());
        num(h, QuarterText.days(s, q.lastDate()));
        num(h, Fmt.num(s.maxFailing()));
        h.raw("</tr>\n");
      }
      h.raw("</tbody></table>");
    }
    h.raw("</section>\n");

    h.raw("<section id=\"time-to-fix\">")
        .el("h2", null, "Time to fix (first seen failing \u2192 first seen fixed)");
    if (q.timeToFix().isEmpty()) {
      h.el("p", null, "No control failed in the range.");
    } else {
      head(
          h,
          "severity",
          "#fixed",
          "#median days",
          "#longest days",
          "#of them failing at range start",
          "#still failing",
          "#started in range");
      for (SeverityFix f : q.timeToFix()) {
        h.raw("<tr>");
        td(h, f.severity());
        num(h, Integer.toString(f.fixed()));
        num(h, f.medianDays() == null ? "\u2013" : f.medianDays().toString());
        num(h, f.maxDays() == null ? "\u2013" : f.maxDays().toString());
        num(h, Integer.toString(f.fixedOpenAtStart()));
        num(h, Integer.toString(f.stillOpen()));
        num(h, Integer.toString(f.opened()));
        h.raw("</tr>\n");
      }
      h.raw("</tbody></table>");
    }
    h.raw("</section>\n");

    h.raw("<section id=\"exemptions\">").el("h2", null, "Exemptions granted, used and expired");
    if (q.exemptions().isEmpty()) {
      h.el("p", null, "No exemption was listed or cited in the range.");
    } else {
      head(
          h,
          "id",
          "covers",
          "clusters",
          "approver",
          "granted",
          "first listed",
          "expires",
          "#used in snapshots",
          "#most findings exempted",
          "status");
      for (ExemptionRow e : q.exemptions()) {
        h.raw("<tr>");
        td(h, e.id());
        td(h, e.covers());
        td(h, e.clusters());
        td(h, e.approver());
        td(h, e.granted());
        td(h, e.firstListed() == null ? "\u2013" : e.firstListed().toString());
        td(h, e.expires() == null ? "\u2013" : e.expires().toString());
        num(h, Integer.toString(e.usedSnapshots()));
        num(h, Fmt.num(e.maxExempted()));
        td(h, QuarterText.status(e, q));
        h.raw("</tr>\n");
      }
      h.raw("</tbody></table>");
    }
    h.raw("</section>\n");

    h.raw("<section id=\"coverage\">").el("h2", null, "Coverage over time");
    head(
        h,
        "date",
        "#clusters",
        "#dumps in",
        "#nodes scored",
        "#nodes quarantined",
        "#nodes expected",
        "#coverage",
        "#clusters below 100%");
    for (CoveragePoint c : q.coverage()) {
      h.raw("<tr>");
      td(h, c.date().toString());
      num(h, Integer.toString(c.clusters()));
      num(h, Fmt.num(c.dumpsIn()));
      num(h, Fmt.num(c.nodesScored()));
      num(h, Fmt.num(c.nodesQuarantined()));
      num(h, c.nodesExpected() == null ? "\u2013" : Fmt.num(c.nodesExpected()));
      num(h, c.coverage() == null ? "\u2013" : Fmt.pct(c.coverage()));
      num(h, Integer.toString(c.clustersBelowFull()));
      h.raw("</tr>\n");
    }
    h.raw("</tbody></table></section>\n");

    h.raw("<section id=\"gaps\">")
        .el("h2", null, "Gaps in the series")
        .el("p", "lead", QuarterText.gapLead(q));
    if (!q.gaps().isEmpty()) {
      h.raw("<ul>");
      List<Gap> gaps = q.gaps();
      for (int i = 0; i < Math.min(gaps.size(), QuarterSummary.GAPS_LISTED); i++) {
        h.el("li", null, QuarterText.gap(gaps.get(i), q));
      }
      if (gaps.size() > QuarterSummary.GAPS_LISTED) {
        h.el("li", null, QuarterText.moreGaps(q));
      }
      h.raw("</ul>");
    }
    h.raw("</section>\n</main>\n</body></html>\n");
    return h.toString();
  }

  private static void scoreTable(Html h, List<Series> rows, boolean withCluster) {
    if (rows.isEmpty()) {
      h.el("p", null, "No scores.");
      return;
    }
    List<String> cols = new ArrayList<>();
    if (withCluster) {
      cols.add("cluster");
    }
    cols.addAll(
        List.of(
            "framework", "#first", "#last", "#change", "#min", "#max", "#snapshots", "over time"));
    head(h, cols.toArray(String[]::new));
    for (Series s : rows) {
      h.raw("<tr>");
      if (withCluster) {
        td(h, s.cluster());
      }
      td(h, s.framework());
      num(h, Fmt.score(s.first()));
      num(h, Fmt.score(s.last()));
      num(h, s.change() == null ? "\u2013" : Fmt.delta(s.change()));
      num(h, Fmt.score(s.min()));
      num(h, Fmt.score(s.max()));
      num(h, Long.toString(s.values().stream().filter(v -> v != null).count()));
      h.raw("<td>")
          .raw(Svg.sparkline(s.values(), (withCluster ? s.cluster() + " " : "") + s.framework()))
          .raw("</td></tr>\n");
    }
    h.raw("</tbody></table>");
  }

  /** A table head; a column name starting with # is numeric (right-aligned). */
  private static void head(Html h, String... cols) {
    h.raw("<table><thead><tr>");
    for (String c : cols) {
      if (c.startsWith("#")) {
        h.el("th", "n", c.substring(1));
      } else {
        h.el("th", null, c);
      }
    }
    h.raw("</tr></thead><tbody>");
  }

  private static void td(Html h, String v) {
    h.el("td", null, v == null ? "\u2013" : v);
  }

  private static void num(Html h, String v) {
    h.el("td", "n", v);
  }
}
