package dev.fleetscore.report;

import static dev.fleetscore.report.Html.esc;

import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.Table;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Score per cluster": a chart of the lowest-scoring clusters and a table of every cluster with its
 * score per framework, a sparkline of its worst framework, and its coverage (cluster_compliance).
 */
final class ClustersSection extends ReportSection {

  /** Clusters listed in the table, the lowest-scoring first; the rest are counted. */
  static final int ROWS = 50;

  private static final Pattern VERSIONED = Pattern.compile("^(.*)-(\\d[^-]*)$");

  ClustersSection(ReportPage p) {
    super(p, "clusters", "Clusters");
  }

  @Override
  void write(Html h) {
    open(h, "Score per cluster");
    h.raw(
        "<p class=\"lead\">Each cluster\u2019s score in every framework that applies to it"
            + " (cluster_compliance), worst cluster first. Coverage is nodes scored out of the nodes"
            + " the cluster reports having; failing controls fail or warn on some node, not assessed"
            + " counts the findings without evidence (NO_EVIDENCE: they lower the score but are"
            + " not failures; the cluster detail groups them by cause).</p>");
    chart(h);
    table(h);
    h.raw("</section>\n");
  }

  private void chart(Html h) {
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
  }

  private void table(Html h) {
    HtmlTable t = HtmlTable.head(h).th("Cluster", "Provider");
    for (String fw : v.frameworks) {
      t.thHtml("n", frameworkHeader(fw));
    }
    t.th("Trend")
        .thn("Nodes scored", "Coverage", "Quarantined", "Failing controls", "Not assessed")
        .body();
    int rows = Math.min(v.clusterOrder.size(), ROWS);
    for (String c : v.clusterOrder.subList(0, rows)) {
      Map<String, ClusterComplianceRow> m = v.byCluster.get(c);
      ClusterComplianceRow any = v.anyRow(c);
      t.row().tdHtml(p.clusterLink(c)).tdHtml(Badges.badge("prov ", v.provider(c)));
      int failing = 0;
      String worstFw = null;
      double worst = 1000;
      for (String fw : v.frameworks) {
        ClusterComplianceRow r = m.get(fw);
        t.tdHtml(
            "n", r == null ? "<span class=\"muted\">\u00b7</span>" : Badges.score(r.getScore()));
        if (r != null) {
          failing += r.getControlsFailing();
          if (r.getScore() != null && r.getScore() < worst) {
            worst = r.getScore();
            worstFw = fw;
          }
        }
      }
      t.tdHtml(
          worstFw == null
              ? ""
              : Svg.sparkline(trend(c, worstFw), c + " " + worstFw + " score over the snapshots"));
      if (any == null) {
        t.tdWith(x -> x.text("no cluster_compliance row"), "class", "n", "colspan", "5");
        continue;
      }
      ReportData.ClusterDetail cd = d.details().clusters().get(c);
      t.td(
              "n",
              x ->
                  x.text(any.getNodesScored())
                      .text(
                          any.getNodesExpected() == null
                              ? ""
                              : " of " + Fmt.num(any.getNodesExpected())))
          .num(any.getCoverage() == null ? "\u2013" : Fmt.pct(any.getCoverage()))
          .num(any.getNodesQuarantined())
          .num(failing)
          .num(cd == null ? 0 : cd.notAssessedFindings());
    }
    t.end();
    if (rows < v.clusterOrder.size()) {
      p.more(
          h,
          v.clusterOrder.size() - rows,
          "clusters, all scoring higher than these",
          Table.CLUSTER_COMPLIANCE);
    }
  }

  /** The cluster's score in one framework at every snapshot of the fleet trend. */
  private List<Double> trend(String cluster, String framework) {
    List<Double> series = new ArrayList<>();
    SortedMap<LocalDate, SortedMap<String, Double>> t =
        d.clusterTrend().getOrDefault(cluster, new TreeMap<>());
    for (LocalDate day : d.fleetTrend().keySet()) {
      SortedMap<String, Double> s = t.get(day);
      series.add(s == null ? null : s.get(framework));
    }
    return series;
  }

  /** A framework id as a two-line header: name, then version. */
  private static String frameworkHeader(String fw) {
    Matcher m = VERSIONED.matcher(fw);
    return m.matches() ? esc(m.group(1)) + "<br>" + esc(m.group(2)) : esc(fw);
  }
}
