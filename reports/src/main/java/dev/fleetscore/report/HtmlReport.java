package dev.fleetscore.report;

import static dev.fleetscore.report.Html.esc;

import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.report.ReadonlyPort.NodeState;
import dev.fleetscore.report.ReportData.CertFinding;
import dev.fleetscore.report.ReportData.ClusterDetail;
import dev.fleetscore.report.ReportData.Exemption;
import dev.fleetscore.report.ReportData.FailGroup;
import dev.fleetscore.report.ReportData.FailNode;
import dev.fleetscore.report.ReportData.InUseNode;
import dev.fleetscore.report.ReportData.NodeScore;
import dev.fleetscore.report.ReportView.ChangeView;
import dev.fleetscore.report.ReportView.ControlAgg;
import dev.fleetscore.report.ReportView.PortView;
import dev.fleetscore.report.ReportView.Verdict;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: inline CSS, inline SVG charts, no
 * script, no network, so it opens from a laptop or an evidence archive years later and prints.
 * Every value from the tables is HTML-escaped. The page carries no wall-clock time: the same tables
 * give the same bytes. Sections: at a glance (with the counts reconciliation), score per cluster,
 * trend, changes, worst controls, heat map, read-only-port migration, per-cluster detail,
 * quarantine, and where every number came from.
 */
public final class HtmlReport {

  private final ReportData d;
  private final ReportView v;
  private final Html h = new Html(1 << 16);
  private final Map<String, String> anchors = new HashMap<>();

  private HtmlReport(ReportData d) {
    this.d = d;
    this.v = new ReportView(d);
    for (int i = 0; i < v.clusterOrder.size(); i++) {
      anchors.put(v.clusterOrder.get(i), "c" + (i + 1));
    }
  }

  /** The page as a string (UTF-8 when written). */
  public static String render(ReportData data) {
    return new HtmlReport(data).page();
  }

  private String page() {
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<meta name=\"generator\" content=\"fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw("\"><title>Fleet security report \u2013 ")
        .text(d.date().toString())
        .raw("</title><style>")
        .raw(css())
        .raw("</style></head><body>\n");
    header();
    h.raw(
        "<nav class=\"toc\" aria-label=\"Sections\"><div class=\"wrap\">"
            + "<a href=\"#glance\">At a glance</a><a href=\"#clusters\">Clusters</a>"
            + "<a href=\"#trend\">Trend</a><a href=\"#changes\">Changes</a>"
            + "<a href=\"#controls\">Worst controls</a><a href=\"#heatmap\">Heat map</a>"
            + "<a href=\"#readonly\">Read-only port</a><a href=\"#detail\">Cluster detail</a>"
            + "<a href=\"#quarantine\">Quarantine</a><a href=\"#about\">About these numbers</a>"
            + "</div></nav>\n<main>\n");
    glance();
    clusters();
    trend();
    changes();
    worstControls();
    heatmap();
    readonlyPort();
    detail();
    quarantine();
    about();
    h.raw("</main>\n<footer>fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw(" \u00b7 snapshot ")
        .text(String.join(", ", d.snapshotIds()))
        .raw(
            " \u00b7 every number on this page is read from the output tables named under"
                + " \u201cAbout these numbers\u201d; the same tables give the same page, byte for"
                + " byte.</footer>\n</body></html>\n");
    return h.toString();
  }

  private static String css() {
    try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
      if (in == null) {
        throw new IllegalStateException("report.css is missing from fleetscore-reports");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- header and overview

  private void header() {
    String runner = v.all == null ? null : v.all.getRunner();
    h.raw("<header class=\"top\"><div class=\"wrap\">");
    h.raw("<div class=\"status\">")
        .raw(
            v.reconciles()
                ? "<span class=\"badge b-pass\">counts reconcile</span>"
                : "<span class=\"badge b-fail\">counts do not reconcile</span>")
        .raw("</div>");
    h.raw("<div class=\"eyebrow\">fleetscore \u00b7 Kubernetes node security posture</div>");
    h.raw("<h1>Fleet security report \u2013 ").text(d.date().toString()).raw("</h1>");
    h.raw("<div class=\"meta\">Snapshot <b>")
        .text(String.join(", ", d.snapshotIds()))
        .raw("</b> of <b>")
        .text(d.date().toString())
        .raw("</b>");
    if (d.previousDate() != null) {
      h.raw(" \u00b7 compared with <b>").text(d.previousDate().toString()).raw("</b>");
    } else {
      h.raw(" \u00b7 first snapshot (nothing to compare with)");
    }
    h.raw(" \u00b7 evidence collected ")
        .text(Fmt.time(d.details().collectedFrom()))
        .raw(" \u2013 ")
        .text(Fmt.time(d.details().collectedTo()))
        .raw("</div>");
    h.raw("<div class=\"meta\">Report by <b>fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw("</b> from tables written by <b>")
        .text(String.join(", ", d.details().producerVersions()))
        .raw("</b>");
    if (runner != null) {
      h.raw(" on the <b>").text(runner).raw("</b>");
    }
    h.raw("</div><div class=\"meta\">Rule packs: ");
    List<String> packs = new ArrayList<>(d.details().packVersions());
    if (packs.isEmpty() && v.all != null) {
      packs.addAll(v.all.getRulePacks());
    }
    h.raw("<b>").text(String.join(" \u00b7 ", packs)).raw("</b></div>");
    h.raw("</div></header>\n");
  }

  private void glance() {
    h.raw(
        "<section id=\"glance\" aria-labelledby=\"glance-h\"><h2 id=\"glance-h\">At a glance</h2>");
    h.raw("<p class=\"lead\">The fleet\u2019s posture on ")
        .text(d.date().toString())
        .raw(
            ". Scores are severity-weighted shares of passing controls (0\u2013100; the formula is"
                + " under \u201cAbout these numbers\u201d); WARN, MANUAL, NOT_APPLICABLE and"
                + " EXEMPT findings do not count, NO_EVIDENCE counts as not passing.</p>");
    h.raw("<div class=\"kpis\">");
    Double score = v.all == null ? null : v.all.getScore();
    Double prev = v.previousScore.get("ALL");
    kpi(
        "Fleet score",
        "<span style=\"color:" + Svg.scoreColor(score) + "\">" + Fmt.score(score) + "</span>",
        prev == null || score == null
            ? "all frameworks"
            : esc(Fmt.delta(score - prev)) + " since " + esc(d.previousDate().toString()));
    Map<String, Long> providers = new TreeMap<>();
    for (String c : v.byCluster.keySet()) {
      String p = v.provider(c);
      providers.merge(p == null ? "unknown" : p, 1L, Long::sum);
    }
    StringBuilder ps = new StringBuilder();
    providers.forEach(
        (k, n) ->
            ps.append(ps.length() == 0 ? "" : " \u00b7 ").append(n).append(' ').append(esc(k)));
    kpi("Clusters", Fmt.num(v.byCluster.size()), ps.toString());
    long scored = v.all == null ? 0 : v.all.getNodesScored();
    String cov =
        v.coverageExpected == 0
            ? "no inventory collected"
            : Fmt.num(v.coverageScored)
                + " of "
                + Fmt.num(v.coverageExpected)
                + " expected ("
                + Fmt.pct(v.coverageScored / (double) v.coverageExpected)
                + ")"
                + (v.clustersWithoutInventory > 0
                    ? "; "
                        + Fmt.plural(v.clustersWithoutInventory, "cluster", "clusters")
                        + " without inventory"
                    : "");
    kpi("Nodes scored", Fmt.num(scored), "coverage: " + cov);
    long fail = v.all == null ? 0 : v.all.getFailCount();
    kpi(
        "Failing findings",
        Fmt.num(fail),
        v.all == null
            ? ""
            : Fmt.num(v.all.getWarnCount())
                + " warn \u00b7 "
                + Fmt.num(v.all.getNoEvidenceCount())
                + " no evidence \u00b7 "
                + Fmt.num(v.all.getExemptCount())
                + " exempt");
    long nf = v.changeCounts.getOrDefault("NEW_FAILURE", 0L);
    long rg = v.changeCounts.getOrDefault("REGRESSED", 0L);
    long fx = v.changeCounts.getOrDefault("FIXED", 0L);
    kpi(
        "Changes",
        "<span style=\"color:#9f1b1b\">+"
            + Fmt.num(nf + rg)
            + "</span> <small>/ \u2212"
            + Fmt.num(fx)
            + "</small>",
        Fmt.num(nf)
            + " new \u00b7 "
            + Fmt.num(rg)
            + " regressed \u00b7 "
            + Fmt.num(fx)
            + " fixed (cluster \u00d7 control)"
            + (d.previousDate() == null ? "" : " since " + esc(d.previousDate().toString())));
    kpi(
        "Quarantined",
        Fmt.num(v.all == null ? 0 : v.all.getNodesQuarantined()),
        "dumps or nodes not scored; "
            + Fmt.num(v.all == null ? 0 : v.all.getRecordsQuarantined())
            + " other records set aside");
    h.raw("</div>");

    if (v.all != null) {
      FleetSummaryRow a = v.all;
      h.raw("<div class=\"recon ")
          .raw(v.reconciles() ? "ok" : "bad")
          .raw("\"><b>Counts reconciliation:</b> ")
          .text(Fmt.num(a.getDumpsIn()))
          .raw(" node dumps in = ")
          .text(Fmt.num(a.getNodesScored()))
          .raw(" nodes scored + ")
          .text(Fmt.num(a.getNodesQuarantined()))
          .raw(" quarantined ")
          .raw(v.reconciles() ? "\u2714 reconciles" : "\u2718 does NOT reconcile")
          .raw(". Quarantine table: ")
          .text(Fmt.num(v.quarantinedNodes()))
          .raw(" dump/node rows, ")
          .text(Fmt.num(d.quarantine().size() - v.quarantinedNodes()))
          .raw(" other rows. Findings read: ")
          .text(Fmt.num(d.details().rowsRead().getOrDefault(Table.FINDINGS, 0L)))
          .raw(".</div>");
    } else {
      h.raw(
          "<div class=\"recon bad\"><b>Counts reconciliation:</b> fleet_summary has no ALL row,"
              + " so dumps in cannot be reconciled with nodes scored and quarantined.</div>");
    }

    h.raw("<div class=\"two\"><div>");
    h.raw(
            "<h4>Score by framework</h4><table><thead><tr><th>Framework</th><th class=\"n\">Score</th>")
        .raw("<th class=\"n\">Change</th><th class=\"n\">Pass</th><th class=\"n\">Fail</th>")
        .raw("<th class=\"n\">Warn</th><th class=\"n\">No evidence</th><th class=\"n\">Exempt</th>")
        .raw("</tr></thead><tbody>");
    for (FleetSummaryRow r : d.fleet()) {
      Double p = v.previousScore.get(r.getFramework());
      h.raw("<tr><td>")
          .raw("ALL".equals(r.getFramework()) ? "<b>all frameworks</b>" : esc(r.getFramework()))
          .raw("</td><td class=\"n\">")
          .raw(scoreBadge(r.getScore()))
          .raw("</td><td class=\"n\">")
          .text(p == null || r.getScore() == null ? "\u2013" : Fmt.delta(r.getScore() - p))
          .raw("</td><td class=\"n\">")
          .text(r.getPassCount())
          .raw("</td><td class=\"n\">")
          .text(r.getFailCount())
          .raw("</td><td class=\"n\">")
          .text(r.getWarnCount())
          .raw("</td><td class=\"n\">")
          .text(r.getNoEvidenceCount())
          .raw("</td><td class=\"n\">")
          .text(r.getExemptCount())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table></div><div>");
    h.raw("<h4>Findings by state</h4>");
    List<String> states = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (String s : Severity.STATES) {
      states.add(s);
      counts.add(d.details().findingsByState().getOrDefault(s, 0L));
    }
    h.raw(Svg.stateBar(states, counts, 560));
    h.raw("<table><tbody>");
    for (int i = 0; i < states.size(); i++) {
      h.raw("<tr><td><span class=\"badge st-")
          .raw(states.get(i))
          .raw("\">")
          .text(states.get(i))
          .raw("</span></td><td class=\"n\">")
          .text(counts.get(i))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table></div></div>");
    h.raw("</section>\n");
  }

  private void kpi(String label, String valueHtml, String subHtml) {
    h.raw("<div class=\"kpi\"><div class=\"l\">")
        .text(label)
        .raw("</div><div class=\"v\">")
        .raw(valueHtml)
        .raw("</div><div class=\"s\">")
        .raw(subHtml)
        .raw("</div></div>");
  }

  /** A framework id as a two-line header: name, then version. */
  private static String frameworkHeader(String fw) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*)-(\\d[^-]*)$").matcher(fw);
    return m.matches() ? esc(m.group(1)) + "<br>" + esc(m.group(2)) : esc(fw);
  }

  /** A short label for a framework in tight places (the heat map's column labels). */
  static String shortFramework(String fw) {
    String name = fw.replaceAll("-\\d[^-]*$", "");
    return switch (name) {
      case "cis-kubernetes" -> "CIS K8s";
      case "cis-gke" -> "CIS GKE";
      case "cis-eks" -> "CIS EKS";
      case "fleetscore" -> "FS";
      default -> name;
    };
  }

  private static String scoreBadge(Double s) {
    return "<span class=\"score\" style=\"background:"
        + Svg.scoreColor(s)
        + "\">"
        + Fmt.score(s)
        + "</span>";
  }

  private static String badge(String cssPrefix, String value) {
    if (value == null) {
      return "";
    }
    return "<span class=\"badge "
        + cssPrefix
        + esc(value.replaceAll("[^A-Za-z_]", ""))
        + "\">"
        + esc(value.replace('_', ' '))
        + "</span>";
  }

  private static String sourceBadge(String source) {
    if (source == null) {
      return "<span class=\"muted\">\u2013</span>";
    }
    String label =
        switch (source) {
          case "FLAG" -> "flag";
          case "CONFIG_FILE" -> "config file";
          case "DROP_IN" -> "drop-in";
          case "DEFAULT" -> "default";
          case "LEGACY_DEFAULT" -> "legacy default";
          case "STATIC_POD_MANIFEST" -> "static pod";
          case "CLOUD_API" -> "cloud API";
          case "UNSET" -> "unset";
          default -> source;
        };
    return "<span class=\"badge src\" title=\"" + esc(source) + "\">" + esc(label) + "</span>";
  }

  private String clusterLink(String cluster) {
    String a = anchors.get(cluster);
    boolean detailed =
        a != null && v.clusterOrder.indexOf(cluster) < d.options().detailedClusters();
    if (!detailed) {
      return "<span class=\"mono cid\">" + esc(cluster) + "</span>";
    }
    return "<a class=\"mono cid\" href=\"#" + a + "\">" + esc(cluster) + "</a>";
  }

  // ---------------------------------------------------------------- clusters

  private void clusters() {
    h.raw("<section id=\"clusters\"><h2>Score per cluster</h2>");
    h.raw(
        "<p class=\"lead\">Each cluster\u2019s score in every framework that applies to it"
            + " (cluster_compliance), worst cluster first. Coverage is nodes scored out of the nodes"
            + " the cluster reports having.</p>");
    List<Svg.ClusterScores> rows = new ArrayList<>();
    int limit = Math.min(v.clusterOrder.size(), d.options().heatmapClusters());
    for (int i = 0; i < limit; i++) {
      String c = v.clusterOrder.get(i);
      Map<String, Double> s = new LinkedHashMap<>();
      for (ClusterComplianceRow r : v.byCluster.get(c).values()) {
        s.put(r.getFramework(), r.getScore());
      }
      rows.add(new Svg.ClusterScores(c, s));
    }
    h.raw("<div class=\"scroll\">").raw(Svg.clusterScores(rows, v.frameworks)).raw("</div>");
    if (limit < v.clusterOrder.size()) {
      h.raw("<p class=\"muted small\">The chart shows the ")
          .text(limit)
          .raw(" lowest-scoring of ")
          .text(v.clusterOrder.size())
          .raw(" clusters; the table lists every cluster.</p>");
    }
    h.raw("<div class=\"scroll\"><table><thead><tr><th>Cluster</th><th>Provider</th>");
    for (String fw : v.frameworks) {
      h.raw("<th class=\"n\">").raw(frameworkHeader(fw)).raw("</th>");
    }
    h.raw("<th>Trend</th><th class=\"n\">Nodes scored</th>")
        .raw("<th class=\"n\">Coverage</th><th class=\"n\">Quarantined</th>")
        .raw("<th class=\"n\">Failing controls</th></tr></thead><tbody>");
    for (String c : v.clusterOrder) {
      Map<String, ClusterComplianceRow> m = v.byCluster.get(c);
      ClusterComplianceRow any = v.anyRow(c);
      h.raw("<tr><td>")
          .raw(clusterLink(c))
          .raw("</td><td>")
          .raw(badge("prov ", v.provider(c)))
          .raw("</td>");
      int failing = 0;
      String worstFw = null;
      double worst = 1000;
      for (String fw : v.frameworks) {
        ClusterComplianceRow r = m.get(fw);
        h.raw("<td class=\"n\">")
            .raw(r == null ? "<span class=\"muted\">\u00b7</span>" : scoreBadge(r.getScore()))
            .raw("</td>");
        if (r != null) {
          failing += r.getControlsFailing();
          if (r.getScore() != null && r.getScore() < worst) {
            worst = r.getScore();
            worstFw = fw;
          }
        }
      }
      List<Double> series = new ArrayList<>();
      SortedMap<LocalDate, SortedMap<String, Double>> t =
          d.clusterTrend().getOrDefault(c, new TreeMap<>());
      for (LocalDate day : d.fleetTrend().keySet()) {
        SortedMap<String, Double> s = t.get(day);
        series.add(s == null || worstFw == null ? null : s.get(worstFw));
      }
      h.raw("<td>")
          .raw(
              worstFw == null
                  ? ""
                  : Svg.sparkline(series, c + " " + worstFw + " score over the snapshots"))
          .raw("</td>");
      if (any == null) {
        h.raw("<td class=\"n\" colspan=\"4\">no cluster_compliance row</td></tr>");
        continue;
      }
      h.raw("<td class=\"n\">")
          .text(any.getNodesScored())
          .text(any.getNodesExpected() == null ? "" : " of " + Fmt.num(any.getNodesExpected()))
          .raw("</td><td class=\"n\">")
          .text(any.getCoverage() == null ? "\u2013" : Fmt.pct(any.getCoverage()))
          .raw("</td><td class=\"n\">")
          .text(any.getNodesQuarantined())
          .raw("</td><td class=\"n\">")
          .text(failing)
          .raw("</td></tr>");
    }
    h.raw("</tbody></table></div></section>\n");
  }

  // ---------------------------------------------------------------- trend

  private void trend() {
    h.raw("<section id=\"trend\"><h2>Trend</h2>");
    List<LocalDate> dates = new ArrayList<>(d.fleetTrend().keySet());
    h.raw("<p class=\"lead\">The fleet score per framework over the ")
        .text(Fmt.plural(dates.size(), "snapshot", "snapshots"))
        .raw(" in the warehouse up to this one (fleet_summary).</p>");
    List<String> names = new ArrayList<>(v.frameworks);
    names.add("ALL");
    List<String> labels = new ArrayList<>();
    dates.forEach(x -> labels.add(x.toString()));
    if (dates.size() >= 2) {
      h.raw("<div class=\"scroll\">")
          .raw(Svg.trend(labels, names, v.trendSeries(dates, names)))
          .raw("</div>");
    } else {
      h.raw("<p class=\"muted\">Only one snapshot so far: the trend starts with the next one.</p>");
    }
    h.raw(
            "<table><thead><tr><th>Snapshot</th><th class=\"n\">Score</th><th class=\"n\">Dumps in</th>")
        .raw("<th class=\"n\">Scored</th><th class=\"n\">Quarantined</th><th class=\"n\">Fail</th>")
        .raw("<th class=\"n\">New</th><th class=\"n\">Regressed</th><th class=\"n\">Fixed</th>")
        .raw("</tr></thead><tbody>");
    for (int i = dates.size() - 1; i >= 0; i--) {
      FleetSummaryRow a = null;
      for (FleetSummaryRow r : d.fleetTrend().get(dates.get(i))) {
        if ("ALL".equals(r.getFramework())) {
          a = r;
        }
      }
      if (a == null) {
        continue;
      }
      h.raw("<tr><td>")
          .text(dates.get(i).toString())
          .raw("</td><td class=\"n\">")
          .raw(scoreBadge(a.getScore()))
          .raw("</td><td class=\"n\">")
          .text(a.getDumpsIn())
          .raw("</td><td class=\"n\">")
          .text(a.getNodesScored())
          .raw("</td><td class=\"n\">")
          .text(a.getNodesQuarantined())
          .raw("</td><td class=\"n\">")
          .text(a.getFailCount())
          .raw("</td><td class=\"n\">")
          .text(a.getNewFailures())
          .raw("</td><td class=\"n\">")
          .text(a.getRegressed())
          .raw("</td><td class=\"n\">")
          .text(a.getFixed())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table></section>\n");
  }

  // ---------------------------------------------------------------- changes

  private void changes() {
    h.raw("<section id=\"changes\"><h2>What changed</h2>");
    if (d.previousDate() == null) {
      h.raw(
          "<p class=\"lead\">This is the first snapshot in the warehouse: every failing control is"
              + " new.</p>");
    } else {
      h.raw("<p class=\"lead\">Cluster \u00d7 control states compared with ")
          .text(d.previousDate().toString())
          .raw(
              " (changes table). REGRESSED: passed before, fails now. NEW FAILURE: fails now and"
                  + " did not pass or fail before (new cluster, new control, or was exempt or"
                  + " without evidence). FIXED: failed before, does not now.</p>");
    }
    h.raw("<div class=\"chips\">");
    for (Map.Entry<String, Long> e : v.changeCounts.entrySet()) {
      h.raw("<span class=\"chip\">")
          .raw(badge("ch-", e.getKey()))
          .raw(" <b>")
          .text(e.getValue())
          .raw("</b></span>");
    }
    h.raw("</div>");
    List<ChangeView> top = v.topChanges;
    if (top.isEmpty()) {
      h.raw("<p class=\"muted\">No control changed state.</p></section>\n");
      return;
    }
    int limit = Math.min(top.size(), d.options().topChanges());
    h.raw("<table><thead><tr><th>Change</th><th>Cluster</th><th>Control</th><th>Title</th>")
        .raw(
            "<th>Severity</th><th>State</th><th class=\"n\">Failing nodes</th></tr></thead><tbody>");
    for (ChangeView c : top.subList(0, limit)) {
      h.raw("<tr><td>")
          .raw(badge("ch-", c.change()))
          .raw("</td><td>")
          .raw(clusterLink(c.clusterId()))
          .raw("</td><td class=\"mono\">")
          .text(c.framework() + ":" + c.controlId())
          .raw("</td><td>")
          .text(c.title())
          .raw("</td><td>")
          .raw(badge("sev-", c.severity()))
          .raw("</td><td class=\"small\">")
          .text(nz(c.previousState()) + " \u2192 " + nz(c.currentState()))
          .raw("</td><td class=\"n\">")
          .text(
              (c.previousFail() == null ? "\u2013" : Fmt.num(c.previousFail()))
                  + " \u2192 "
                  + (c.currentFail() == null ? "\u2013" : Fmt.num(c.currentFail())))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    if (limit < top.size()) {
      h.raw("<p class=\"muted small\">")
          .text(Fmt.num(top.size() - limit))
          .raw(" more changes are in changes.csv.</p>");
    }
    h.raw("</section>\n");
  }

  private static String nz(String s) {
    return s == null ? "none" : s;
  }

  // ---------------------------------------------------------------- worst controls

  private void worstControls() {
    h.raw("<section id=\"controls\"><h2>Worst controls</h2>");
    h.raw(
        "<p class=\"lead\">Controls that fail somewhere in the fleet, most severe first, then by"
            + " the number of failing nodes (control_summary summed over clusters). Controls"
            + " without evidence anywhere follow.</p>");
    List<ControlAgg> list = v.worstControls;
    if (list.isEmpty()) {
      h.raw("<p>No control fails or lacks evidence anywhere.</p></section>\n");
      return;
    }
    int limit = Math.min(list.size(), d.options().topControls());
    long max = 1;
    for (ControlAgg a : list.subList(0, limit)) {
      max = Math.max(max, a.failNodes());
    }
    h.raw("<table><thead><tr><th>Control</th><th>Title</th><th>Severity</th>")
        .raw("<th class=\"n\">Clusters failing</th><th class=\"n\">Failing</th><th></th>")
        .raw("<th class=\"n\">No evidence</th><th class=\"n\">Exempt</th></tr></thead><tbody>");
    for (ControlAgg a : list.subList(0, limit)) {
      h.raw("<tr><td class=\"mono\">")
          .text(a.framework() + ":" + a.controlId())
          .raw("</td><td>")
          .text(a.title())
          .raw("</td><td>")
          .raw(badge("sev-", a.severity()))
          .raw("</td><td class=\"n\">")
          .text(a.clustersFailing() + " of " + a.clusters())
          .raw("</td><td class=\"n\">")
          .text(a.failNodes())
          .raw("CLUSTER".equals(a.scope()) ? " <span class=\"muted small\">cluster</span>" : "")
          .raw("</td><td style=\"width:130px\"><span class=\"bar\" style=\"width:")
          .raw(Fmt.c(120.0 * a.failNodes() / max))
          .raw("px\"></span></td><td class=\"n\">")
          .text(a.noEvidenceNodes())
          .raw("</td><td class=\"n\">")
          .text(a.exemptNodes())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table></section>\n");
  }

  // ---------------------------------------------------------------- heat map

  private void heatmap() {
    h.raw("<section id=\"heatmap\"><h2>Heat map: clusters by controls</h2>");
    Map<String, long[]> colStats = new TreeMap<>();
    Map<String, ControlSummaryRow> any = new HashMap<>();
    Map<String, ControlSummaryRow> cells = new HashMap<>();
    for (ControlSummaryRow r : d.controls()) {
      String col = r.getFramework() + ":" + r.getControlId() + "\u0000" + r.getRuleId();
      cells.put(r.getClusterId() + "\u0001" + col, r);
      any.putIfAbsent(col, r);
      long[] s = colStats.computeIfAbsent(col, k -> new long[3]);
      if ("FAIL".equals(r.getState())) {
        s[0]++;
      } else if (!"PASS".equals(r.getState()) && !"NOT_APPLICABLE".equals(r.getState())) {
        s[1]++;
      }
      s[2] += r.getFailCount();
    }
    List<String> cols = new ArrayList<>();
    for (Map.Entry<String, long[]> e : colStats.entrySet()) {
      if (e.getValue()[0] + e.getValue()[1] > 0) {
        cols.add(e.getKey());
      }
    }
    cols.sort(
        java.util.Comparator.comparing((String c) -> -colStats.get(c)[0])
            .thenComparing(c -> -colStats.get(c)[1])
            .thenComparing(c -> Severity.rank(any.get(c).getSeverity()))
            .thenComparing(c -> -colStats.get(c)[2])
            .thenComparing(java.util.Comparator.naturalOrder()));
    int ncols = Math.min(cols.size(), d.options().heatmapControls());
    int nrows = Math.min(v.clusterOrder.size(), d.options().heatmapClusters());
    h.raw("<p class=\"lead\">Each cell is a control\u2019s state in a cluster (control_summary:")
        .raw(" FAIL if any node fails, else NO EVIDENCE if any node lacks evidence, else PASS if")
        .raw(" any passes). Columns are the ")
        .text(ncols)
        .raw(ncols < cols.size() ? " most widely failing of " + Fmt.num(cols.size()) : "")
        .raw(" controls that do not pass everywhere; rows the ")
        .text(nrows)
        .raw(" lowest-scoring clusters. Hover a cell for its counts.</p>");
    if (ncols == 0) {
      h.raw("<p>Every control passes (or does not apply) in every cluster.</p></section>\n");
      return;
    }
    List<String> rows = v.clusterOrder.subList(0, nrows);
    List<String> colLabels = new ArrayList<>();
    List<String> colTitles = new ArrayList<>();
    Svg.Cell[][] grid = new Svg.Cell[nrows][ncols];
    for (int j = 0; j < ncols; j++) {
      ControlSummaryRow r = any.get(cols.get(j));
      colLabels.add(shortFramework(r.getFramework()) + " " + r.getControlId());
      colTitles.add(
          r.getFramework()
              + ":"
              + r.getControlId()
              + " \u2013 "
              + r.getTitle()
              + " ("
              + r.getSeverity()
              + ")");
    }
    for (int i = 0; i < nrows; i++) {
      for (int j = 0; j < ncols; j++) {
        ControlSummaryRow r = cells.get(rows.get(i) + "\u0001" + cols.get(j));
        if (r != null) {
          grid[i][j] =
              new Svg.Cell(
                  r.getState(),
                  rows.get(i)
                      + " \u2013 "
                      + r.getFramework()
                      + ":"
                      + r.getControlId()
                      + " "
                      + r.getTitle()
                      + ": "
                      + r.getState()
                      + " (pass "
                      + r.getPassCount()
                      + ", fail "
                      + r.getFailCount()
                      + ", warn "
                      + r.getWarnCount()
                      + ", no evidence "
                      + r.getNoEvidenceCount()
                      + ", exempt "
                      + r.getExemptCount()
                      + ")");
        }
      }
    }
    h.raw("<div class=\"scroll\">")
        .raw(Svg.heatmap(rows, colLabels, colTitles, grid))
        .raw("</div>");
    h.raw("</section>\n");
  }

  // ---------------------------------------------------------------- read-only port

  private void readonlyPort() {
    h.raw("<section id=\"readonly\"><h2>Read-only port migration (kubelet port 10255)</h2>");
    h.raw(
        "<p class=\"lead\">Port 10255 serves pod and node data with no authentication. Following"
            + " GKE\u2019s guidance, a pool is closed once no client uses the port: clients move to"
            + " the authenticated port 10250 with a ClusterRole on <code>nodes/metrics</code> (never"
            + " <code>nodes/proxy</code>); GKE can turn the port off from 1.26.4-gke.500, and"
            + " existing pools are not updated when the cluster default changes. Per pool: the"
            + " node\u2019s own <code>readOnlyPort</code> (effective_settings), what the cloud API"
            + " says (<code>cloud</code> settings), and whether clients still call it (the"
            + " migration finding\u2019s <code>readonly_requests</code>, from"
            + " <code>kubelet_http_requests_total{server_type=\"readonly\"}</code>).</p>");
    List<PortView> ports = v.ports;
    if (ports.isEmpty()) {
      h.raw(
          "<p class=\"muted\">No node has a readOnlyPort value or a cloud read-only-port setting.</p></section>\n");
      return;
    }
    Map<Verdict, long[]> byVerdict = new TreeMap<>();
    for (PortView p : ports) {
      long[] c = byVerdict.computeIfAbsent(p.verdict(), k -> new long[3]);
      c[0]++;
      c[1] += p.pool().nodes();
      c[2] += p.open();
    }
    h.raw("<div class=\"chips\">");
    for (Map.Entry<Verdict, long[]> e : byVerdict.entrySet()) {
      h.raw("<span class=\"chip\"><span class=\"badge b-")
          .raw(e.getKey().css)
          .raw("\">")
          .text(e.getKey().label)
          .raw("</span> <b>")
          .text(Fmt.plural(e.getValue()[0], "pool", "pools"))
          .raw("</b>, ")
          .text(Fmt.plural(e.getValue()[1], "node", "nodes"))
          .raw(", ")
          .text(Fmt.num(e.getValue()[2]))
          .raw(" open</span>");
    }
    h.raw("</div>");
    List<PortView> action = new ArrayList<>();
    long closedPools = 0;
    long closedNodes = 0;
    for (PortView p : ports) {
      if (p.verdict() == Verdict.CLOSED) {
        closedPools++;
        closedNodes += p.pool().nodes();
      } else {
        action.add(p);
      }
    }
    int limit = Math.min(action.size(), 200);
    if (!action.isEmpty()) {
      h.raw("<div class=\"scroll\"><table><caption>Pools that still need action, by cluster, most")
          .raw(" urgent first</caption><thead><tr><th>Pool</th><th>Next step</th>")
          .raw("<th class=\"n\">Nodes</th><th class=\"n\">Open</th><th class=\"n\">In use</th>")
          .raw("<th class=\"n\">Unused</th><th class=\"n\">No metrics</th><th>API says</th>")
          .raw("<th>Can disable</th><th>Why</th></tr></thead><tbody>");
      List<PortView> shown = new ArrayList<>(action.subList(0, limit));
      Map<String, Integer> firstIndex = new HashMap<>();
      for (int i = 0; i < shown.size(); i++) {
        firstIndex.putIfAbsent(shown.get(i).pool().clusterId(), i);
      }
      shown.sort(
          java.util.Comparator.comparingInt((PortView p) -> firstIndex.get(p.pool().clusterId()))
              .thenComparingInt(p -> p.verdict().ordinal())
              .thenComparing(p -> p.pool().pool()));
      String current = null;
      for (PortView p : shown) {
        ReportData.PoolPort pp = p.pool();
        if (!pp.clusterId().equals(current)) {
          current = pp.clusterId();
          h.raw("<tr class=\"group\"><td colspan=\"10\">")
              .raw(clusterLink(current))
              .raw(" ")
              .raw(badge("prov ", pp.provider()))
              .raw("</td></tr>");
        }
        h.raw("<tr><td class=\"mono cid\">")
            .text(pp.pool().isEmpty() ? "(none)" : pp.pool())
            .raw("</td><td><span class=\"badge b-")
            .raw(p.verdict().css)
            .raw("\">")
            .text(p.verdict().label)
            .raw("</span></td><td class=\"n\">")
            .text(pp.nodes())
            .raw("</td><td class=\"n\">")
            .text(p.open())
            .raw("</td><td class=\"n\">")
            .text(pp.count(NodeState.OPEN_IN_USE))
            .raw("</td><td class=\"n\">")
            .text(pp.count(NodeState.OPEN_UNUSED))
            .raw("</td><td class=\"n\">")
            .text(pp.count(NodeState.OPEN_UNKNOWN) + pp.count(NodeState.UNKNOWN))
            .raw("</td><td class=\"small\">")
            .text(
                pp.apiEnabled() == null
                    ? "\u2013"
                    : "enabled="
                        + pp.apiEnabled()
                        + (pp.apiSource() == null ? "" : " (" + pp.apiSource() + ")"))
            .raw("</td><td class=\"small\">")
            .text(
                pp.canDisable() == null
                    ? "\u2013"
                    : pp.canDisable()
                        + (pp.versions().isEmpty()
                            ? ""
                            : " (" + String.join(", ", pp.versions()) + ")"))
            .raw("</td><td class=\"small\">")
            .text(p.why());
        if (pp.drift() > 0) {
          h.raw(" <b>")
              .text(Fmt.plural(pp.drift(), "node disagrees", "nodes disagree"))
              .raw(
                  " with the API</b> (configured outside GKE, or not recreated since the pool changed).");
        }
        if (!pp.portSources().isEmpty()) {
          h.raw(" <span class=\"muted\">Open because of: ");
          StringBuilder sb = new StringBuilder();
          pp.portSources()
              .forEach(
                  (k, n) ->
                      sb.append(sb.length() == 0 ? "" : ", ")
                          .append(k)
                          .append(" \u00d7")
                          .append(n));
          h.text(sb.toString()).raw(".</span>");
        }
        h.raw("</td></tr>");
      }
      h.raw("</tbody></table></div>");
      if (limit < action.size()) {
        h.raw("<p class=\"muted small\">")
            .text(Fmt.num(action.size() - limit))
            .raw(" more pools are in the CSV files.</p>");
      }
    }
    h.raw("<p class=\"small\">")
        .text(Fmt.plural(closedPools, "pool", "pools"))
        .raw(" (")
        .text(Fmt.plural(closedNodes, "node", "nodes"))
        .raw(") already have the port closed everywhere.</p>");

    List<String[]> inUse = new ArrayList<>();
    for (PortView p : action) {
      for (InUseNode n : p.pool().inUse()) {
        inUse.add(
            new String[] {
              p.pool().clusterId(),
              p.pool().pool(),
              n.nodeName(),
              n.requests() == null ? "yes (count not recorded)" : Fmt.num(n.requests()),
              n.portValue(),
              n.portSource()
            });
      }
    }
    if (!inUse.isEmpty()) {
      h.raw("<h4>Nodes that still receive requests on 10255</h4>")
          .raw(
              "<table><thead><tr><th>Cluster</th><th>Pool</th><th>Node</th><th class=\"n\">Requests served</th>")
          .raw("<th>Port</th><th>Port set by</th></tr></thead><tbody>");
      for (String[] r : inUse) {
        h.raw("<tr><td>")
            .raw(clusterLink(r[0]))
            .raw("</td><td class=\"mono\">")
            .text(r[1])
            .raw("</td><td class=\"mono\">")
            .text(r[2])
            .raw("</td><td class=\"n\">")
            .text(r[3])
            .raw("</td><td class=\"n\">")
            .text(r[4])
            .raw("</td><td>")
            .raw(sourceBadge(r[5]))
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    List<String> commands = new ArrayList<>();
    TreeSet<String> clustersToDefault = new TreeSet<>();
    for (PortView p : action) {
      if (p.verdict() == Verdict.CLOSE_NOW && p.command() != null) {
        commands.add(p.command());
        if (p.pool().clusterId().startsWith("gke:")) {
          clustersToDefault.add(p.pool().clusterId());
        }
      }
    }
    if (!commands.isEmpty()) {
      h.raw("<h4>Close now</h4><p class=\"small\">For the pools above that no client uses. GKE")
          .raw(" recommends also setting the cluster default, so new pools start closed:</p>");
      StringBuilder sb = new StringBuilder();
      for (String c : clustersToDefault) {
        String cmd = ReadonlyPort.gcloudCloseClusterDefault(c);
        if (cmd != null) {
          sb.append(cmd).append('\n');
        }
      }
      for (String c : commands) {
        sb.append(c).append('\n');
      }
      h.raw("<pre class=\"cmd\">").text(sb.toString().trim()).raw("</pre>");
    }
    h.raw("</section>\n");
  }

  // ---------------------------------------------------------------- per cluster

  private void detail() {
    h.raw("<section id=\"detail\"><h2>Cluster detail</h2>");
    int n = Math.min(v.clusterOrder.size(), d.options().detailedClusters());
    h.raw("<p class=\"lead\">The ")
        .text(n)
        .raw(
            n < v.clusterOrder.size() ? " lowest-scoring of " + Fmt.num(v.clusterOrder.size()) : "")
        .raw(
            " clusters: controls that do not pass on every node, the failing nodes with the value"
                + " found, the value expected and where the value came from, exemptions and their"
                + " expiry, certificates running out. Up to ")
        .text(d.options().nodesPerControl())
        .raw(" nodes are listed per control; findings.csv has them all.</p>");
    Map<String, List<ControlSummaryRow>> controlsByCluster = new HashMap<>();
    for (ControlSummaryRow r : d.controls()) {
      controlsByCluster.computeIfAbsent(r.getClusterId(), k -> new ArrayList<>()).add(r);
    }
    for (int i = 0; i < n; i++) {
      cluster(
          v.clusterOrder.get(i), controlsByCluster.getOrDefault(v.clusterOrder.get(i), List.of()));
    }
    if (n < v.clusterOrder.size()) {
      h.raw("<h3 style=\"margin-top:22px\">Other clusters</h3><p class=\"muted small\">")
          .text(Fmt.num(v.clusterOrder.size() - n))
          .raw(
              " clusters score higher; their detail is in the CSV files and <code>fleetscore export</code>.</p>");
    }
    h.raw("</section>\n");
  }

  private void cluster(String c, List<ControlSummaryRow> controls) {
    ClusterDetail cd = d.details().clusters().get(c);
    ClusterComplianceRow any = v.anyRow(c);
    h.raw("<article class=\"cluster\" id=\"")
        .raw(anchors.get(c))
        .raw("\"><h3><span class=\"mono\">")
        .text(c)
        .raw("</span> ")
        .raw(badge("prov ", v.provider(c)))
        .raw("</h3>");
    h.raw("<div class=\"sub\">");
    for (ClusterComplianceRow r : v.byCluster.get(c).values()) {
      h.raw(esc(r.getFramework())).raw(" ").raw(scoreBadge(r.getScore())).raw(" &nbsp; ");
    }
    if (any != null) {
      h.raw("\u00b7 ").text(Fmt.num(any.getNodesScored())).raw(" nodes scored");
      if (any.getNodesExpected() != null) {
        h.raw(" of ").text(Fmt.num(any.getNodesExpected())).raw(" expected");
      }
      if (any.getNodesQuarantined() > 0) {
        h.raw(" \u00b7 ").text(Fmt.num(any.getNodesQuarantined())).raw(" quarantined");
      }
    }
    if (cd != null && !cd.nodesByPool().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      cd.nodesByPool()
          .forEach(
              (p, k) ->
                  sb.append(sb.length() == 0 ? "" : ", ")
                      .append(p.isEmpty() ? "(no pool)" : p)
                      .append(" (")
                      .append(k)
                      .append(')'));
      h.raw(" \u00b7 pools: ").text(sb.toString());
    }
    h.raw("</div>");

    List<ControlSummaryRow> notPassing = new ArrayList<>();
    Map<String, Long> others = new TreeMap<>();
    for (ControlSummaryRow r : controls) {
      if (r.getFailCount() + r.getWarnCount() + r.getNoEvidenceCount() + r.getExemptCount() > 0
          || "FAIL".equals(r.getState())
          || "NO_EVIDENCE".equals(r.getState())) {
        notPassing.add(r);
      } else {
        others.merge(r.getState(), 1L, Long::sum);
      }
    }
    notPassing.sort(
        java.util.Comparator.comparingInt((ControlSummaryRow r) -> Severity.stateRank(r.getState()))
            .thenComparingInt(r -> Severity.rank(r.getSeverity()))
            .thenComparing(r -> -r.getFailCount())
            .thenComparing(ControlSummaryRow::getFramework)
            .thenComparing(ControlSummaryRow::getControlId, NaturalOrder.INSTANCE));
    h.raw("<h4>Controls that do not pass everywhere</h4>");
    if (notPassing.isEmpty()) {
      h.raw("<p class=\"small\">None.</p>");
    } else {
      h.raw("<table><thead><tr><th>Control</th><th>Title</th><th>Severity</th><th>State</th>")
          .raw("<th class=\"n\">Pass</th><th class=\"n\">Fail</th><th class=\"n\">Warn</th>")
          .raw("<th class=\"n\">No evidence</th><th class=\"n\">Exempt</th></tr></thead><tbody>");
      for (ControlSummaryRow r : notPassing) {
        h.raw("<tr><td class=\"mono\">")
            .text(r.getFramework() + ":" + r.getControlId())
            .raw("</td><td>")
            .text(r.getTitle())
            .raw("</td><td>")
            .raw(badge("sev-", r.getSeverity()))
            .raw("</td><td>")
            .raw(badge("st-", r.getState()))
            .raw("</td><td class=\"n\">")
            .text(r.getPassCount())
            .raw("</td><td class=\"n\">")
            .text(r.getFailCount())
            .raw("</td><td class=\"n\">")
            .text(r.getWarnCount())
            .raw("</td><td class=\"n\">")
            .text(r.getNoEvidenceCount())
            .raw("</td><td class=\"n\">")
            .text(r.getExemptCount())
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    if (!others.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      others.forEach(
          (s, k) ->
              sb.append(sb.length() == 0 ? "" : ", ")
                  .append(Fmt.num(k))
                  .append(' ')
                  .append(s.replace('_', ' ').toLowerCase(Locale.ROOT)));
      h.raw("<p class=\"muted small\">Other controls: ").text(sb.toString()).raw(".</p>");
    }
    if (cd == null) {
      h.raw("</article>");
      return;
    }
    if (!cd.failing().isEmpty()) {
      h.raw("<h4>Failing nodes</h4>");
      for (FailGroup g : cd.failing()) {
        h.raw("<div class=\"fg\"><div class=\"fgh\">")
            .raw(badge("sev-", g.severity()))
            .raw(" <b>")
            .text(g.title())
            .raw("</b> <span class=\"mono muted\">")
            .text(String.join(", ", g.frameworkIds()))
            .raw("</span> \u00b7 <b>")
            .text(
                Fmt.plural(
                    g.failCount(),
                    g.nodes().size() == 1 && g.nodes().get(0).nodeName() == null
                        ? "finding"
                        : "node",
                    g.nodes().size() == 1 && g.nodes().get(0).nodeName() == null
                        ? "findings"
                        : "nodes"))
            .raw(" fail</b>");
        if (g.nodes().size() < g.failCount()) {
          h.raw(" (").text(g.nodes().size()).raw(" shown)");
        }
        h.raw("<br><span class=\"small\">Expected: ").text(g.expected()).raw("</span></div>");
        h.raw(
            "<table class=\"fixed\"><colgroup><col style=\"width:22%\"><col style=\"width:11%\">"
                + "<col style=\"width:43%\"><col style=\"width:9%\"><col style=\"width:15%\">"
                + "</colgroup><thead><tr><th>Node</th><th>Pool</th><th>Actual</th><th>Source</th>"
                + "<th>Origin</th></tr></thead><tbody>");
        for (FailNode f : g.nodes()) {
          h.raw("<tr><td class=\"mono\">")
              .text(f.nodeName() == null ? "(cluster)" : f.nodeName())
              .raw("</td><td class=\"mono\">")
              .text(f.pool())
              .raw("</td><td class=\"mono\">")
              .text(f.actual() == null ? "(none)" : f.actual())
              .raw("<div class=\"reason\">")
              .text(f.reason())
              .raw("</div></td><td>")
              .raw(sourceBadge(f.source()))
              .raw("</td><td class=\"mono\">")
              .text(f.origin())
              .raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        if (g.nodes().size() < g.failCount()) {
          h.raw("<p class=\"muted small more\">")
              .text(Fmt.num(g.failCount() - g.nodes().size()))
              .raw(" more failing in findings.csv.</p>");
        }
        h.raw("</div>");
      }
    }
    if (!cd.exemptions().isEmpty()) {
      h.raw("<h4>Exemptions</h4><table><thead><tr><th>Exemption</th><th>Rules</th>")
          .raw("<th class=\"n\">Exempt findings</th><th class=\"n\">Expired findings</th>")
          .raw(
              "<th>Expires</th><th>Status</th><th>Approver</th><th>Justification</th></tr></thead><tbody>");
      for (Exemption e : cd.exemptions()) {
        String status;
        String css;
        if (e.expires() == null) {
          status = "no expiry recorded";
          css = "b-muted";
        } else {
          long days = ChronoUnit.DAYS.between(d.date(), e.expires());
          if (days < 0) {
            status = "expired " + Fmt.plural(-days, "day", "days") + " ago";
            css = "b-fail";
          } else {
            status = Fmt.plural(days, "day", "days") + " left";
            css = days <= 14 ? "b-warn" : "b-pass";
          }
        }
        h.raw("<tr><td class=\"mono\">")
            .text(e.id())
            .raw("</td><td class=\"mono small\">")
            .text(String.join(", ", e.rules()))
            .raw("</td><td class=\"n\">")
            .text(e.active())
            .raw("</td><td class=\"n\">")
            .text(e.expired())
            .raw("</td><td>")
            .text(e.expires() == null ? "\u2013" : e.expires().toString())
            .raw("</td><td><span class=\"badge ")
            .raw(css)
            .raw("\">")
            .text(status)
            .raw("</span></td><td>")
            .text(e.approver() == null ? "\u2013" : e.approver())
            .raw("</td><td class=\"small\">")
            .text(e.justification() == null ? "\u2013" : e.justification())
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    if (!cd.certificates().isEmpty()) {
      h.raw("<h4>Certificates expiring soon</h4><table><thead><tr><th>Node</th><th>Finding</th>")
          .raw(
              "<th class=\"n\">Days left</th><th>State</th><th>Certificates</th></tr></thead><tbody>");
      for (CertFinding f : cd.certificates()) {
        h.raw("<tr><td class=\"mono\">")
            .text(f.nodeName() == null ? "(cluster)" : f.nodeName())
            .raw("</td><td>")
            .text(f.title())
            .raw("</td><td class=\"n\">")
            .text(f.minDays() == null ? "\u2013" : Fmt.num(f.minDays()))
            .raw("</td><td>")
            .raw(badge("st-", f.state()));
        if (f.exemptionId() != null) {
          h.raw(" <span class=\"small mono\">").text(f.exemptionId()).raw("</span>");
        }
        h.raw("</td><td class=\"mono small\">").text(f.actual()).raw("</td></tr>");
      }
      h.raw("</tbody></table>");
      if (cd.certificatesTotal() > cd.certificates().size()) {
        h.raw("<p class=\"muted small\">")
            .text(Fmt.num(cd.certificatesTotal() - cd.certificates().size()))
            .raw(" more certificate findings are in findings.csv.</p>");
      }
    }
    if (!cd.worstNodes().isEmpty() && cd.worstNodes().get(0).score() < 100) {
      h.raw("<h4>Lowest-scoring nodes</h4><table><thead><tr><th>Node</th><th>Pool</th>")
          .raw(
              "<th>Framework</th><th class=\"n\">Score</th><th class=\"n\">Failing</th></tr></thead><tbody>");
      int k = 0;
      for (NodeScore s : cd.worstNodes()) {
        if (s.score() >= 100 || k++ >= Math.max(3, d.options().nodesPerControl())) {
          break;
        }
        h.raw("<tr><td class=\"mono\">")
            .text(s.nodeName())
            .raw("</td><td class=\"mono\">")
            .text(s.pool())
            .raw("</td><td>")
            .text(s.framework())
            .raw("</td><td class=\"n\">")
            .raw(scoreBadge(s.score()))
            .raw("</td><td class=\"n\">")
            .text(s.failCount())
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    h.raw("</article>");
  }

  // ---------------------------------------------------------------- quarantine and provenance

  private void quarantine() {
    h.raw("<section id=\"quarantine\"><h2>Quarantine</h2>");
    h.raw(
        "<p class=\"lead\">Every record the pipeline set aside, with the stage and the reason"
            + " (quarantine table). DUMP and NODE rows are nodes that were not scored; FILE,"
            + " CLOUD_RECORD and COLLECTION_ERROR rows were set aside while their node was still"
            + " scored.</p>");
    if (d.quarantine().isEmpty()) {
      h.raw("<p>Nothing was quarantined.</p></section>\n");
      return;
    }
    Map<String, long[]> groups = new TreeMap<>();
    Map<String, QuarantineRow> example = new HashMap<>();
    for (QuarantineRow q : d.quarantine()) {
      String k = q.getStage() + "\u0000" + q.getRecordKind() + "\u0000" + q.getReasonCode();
      groups.computeIfAbsent(k, x -> new long[1])[0]++;
      example.putIfAbsent(k, q);
    }
    h.raw(
            "<table><thead><tr><th>Stage</th><th>Record</th><th>Reason code</th><th class=\"n\">Rows</th>")
        .raw("<th>Example</th></tr></thead><tbody>");
    for (Map.Entry<String, long[]> e : groups.entrySet()) {
      QuarantineRow q = example.get(e.getKey());
      h.raw("<tr><td>")
          .text(q.getStage())
          .raw("</td><td>")
          .text(q.getRecordKind())
          .raw("</td><td class=\"mono\">")
          .text(q.getReasonCode())
          .raw("</td><td class=\"n\">")
          .text(e.getValue()[0])
          .raw("</td><td class=\"small\"><span class=\"mono\">")
          .text(q.getRecordKey())
          .raw("</span><br>")
          .text(q.getReason())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    int limit = Math.min(d.quarantine().size(), 20);
    h.raw("<h4>Records</h4><table><thead><tr><th>Stage</th><th>Cluster</th><th>Node</th>")
        .raw("<th>Reason</th><th>Source</th></tr></thead><tbody>");
    for (QuarantineRow q : d.quarantine().subList(0, limit)) {
      h.raw("<tr><td>")
          .text(q.getStage())
          .raw("</td><td class=\"mono\">")
          .text(q.getClusterId())
          .raw("</td><td class=\"mono\">")
          .text(q.getNodeName())
          .raw("</td><td class=\"small\">")
          .text(q.getReasonCode() + ": " + q.getReason())
          .raw("</td><td class=\"mono small\">")
          .text(q.getSource())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    if (limit < d.quarantine().size()) {
      h.raw("<p class=\"muted small\">")
          .text(Fmt.num(d.quarantine().size() - limit))
          .raw(" more rows are in quarantine.csv.</p>");
    }
    h.raw("</section>\n");
  }

  private void about() {
    h.raw("<section id=\"about\"><h2>About these numbers</h2>");
    h.raw("<p class=\"lead\">Every figure above is read from the output tables of snapshot ")
        .text(d.date().toString())
        .raw(
            " (Hive-partitioned Parquet, <code>&lt;warehouse&gt;/&lt;table&gt;/snapshot_date="
                + "YYYY-MM-DD/</code>); nothing is estimated. The small tables are read whole, the"
                + " node-level ones streamed; lists are cut to the worst entries and the CSV files"
                + " beside this page hold every row.</p>");
    h.raw("<div class=\"two\"><div><h4>Tables read</h4><table><thead><tr><th>Table</th>")
        .raw("<th class=\"n\">Rows</th><th>Full detail</th></tr></thead><tbody>");
    for (Table t : Table.values()) {
      if (t.kind() != Table.Kind.OUTPUT) {
        continue;
      }
      Long n = d.details().rowsRead().get(t);
      h.raw("<tr><td class=\"mono\">")
          .text(t.tableName())
          .raw("</td><td class=\"n\">")
          .text(n == null ? "\u2013" : Fmt.num(n))
          .raw("</td><td><a href=\"csv/")
          .text(t.tableName())
          .raw(".csv\">")
          .text(t.tableName())
          .raw(".csv</a></td></tr>");
    }
    h.raw("</tbody></table></div><div><h4>Where effective values came from</h4>")
        .raw("<table><thead><tr><th>Source</th><th class=\"n\">Settings</th></tr></thead><tbody>");
    for (Map.Entry<String, Long> e : d.details().settingsBySource().entrySet()) {
      h.raw("<tr><td>")
          .raw(sourceBadge(e.getKey()))
          .raw(" <span class=\"mono small muted\">")
          .text(e.getKey())
          .raw("</span></td><td class=\"n\">")
          .text(e.getValue())
          .raw("</td></tr>");
    }
    h.raw("</tbody></table></div></div>");
    h.raw(
            "<h4>Score formula</h4><pre class=\"cmd\">score = 100 \u00d7 \u03a3 w(severity)\u00b7[PASS]")
        .raw(" / \u03a3 w(severity)\u00b7[PASS or FAIL or NO_EVIDENCE]\n")
        .raw("w(CRITICAL)=10, w(HIGH)=5, w(MEDIUM)=3, w(LOW)=1, w(INFO)=0</pre>");
    h.raw("<h4>Versions</h4><table><tbody><tr><td>Report</td><td class=\"mono\">fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw("</td></tr><tr><td>Tables written by</td><td class=\"mono\">")
        .text(String.join(", ", d.details().producerVersions()))
        .raw("</td></tr><tr><td>Rule packs (fleet_summary)</td><td class=\"mono\">")
        .text(v.all == null ? "\u2013" : String.join(", ", v.all.getRulePacks()))
        .raw("</td></tr><tr><td>Rule pack versions (findings)</td><td class=\"mono\">")
        .text(String.join(", ", d.details().packVersions()))
        .raw("</td></tr><tr><td>Snapshot id</td><td class=\"mono\">")
        .text(String.join(", ", d.snapshotIds()))
        .raw("</td></tr></tbody></table>");
    h.raw("</section>\n");
  }
}
