package dev.fleetscore.report;

import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.report.ReportData.CertFinding;
import dev.fleetscore.report.ReportData.ClusterDetail;
import dev.fleetscore.report.ReportData.Exemption;
import dev.fleetscore.report.ReportData.FailGroup;
import dev.fleetscore.report.ReportData.FailNode;
import dev.fleetscore.report.ReportData.NodeScore;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cluster's part of "Cluster detail": its scores and pools, the controls that do not pass on
 * every node (control_summary), and from the node-level tables the failing nodes per rule, the
 * exemptions and their expiry, certificates running out and the lowest-scoring nodes.
 */
final class ClusterArticle {

  private final ReportPage p;
  private final ReportData d;
  private final String cluster;
  private final List<ControlSummaryRow> controls;

  ClusterArticle(ReportPage p, String cluster, List<ControlSummaryRow> controls) {
    this.p = p;
    this.d = p.d;
    this.cluster = cluster;
    this.controls = controls;
  }

  void write(Html h) {
    ClusterDetail cd = d.details().clusters().get(cluster);
    h.open("article", "class", "cluster", "id", p.anchor(cluster))
        .raw("<h3>")
        .el("span", "mono", cluster)
        .raw(" ")
        .raw(Badges.badge("prov ", p.v.provider(cluster)))
        .raw("</h3>");
    summary(h, cd);
    notPassing(h);
    if (cd != null) {
      failing(h, cd);
      exemptions(h, cd);
      certificates(h, cd);
      worstNodes(h, cd);
    }
    h.raw("</article>");
  }

  private void summary(Html h, ClusterDetail cd) {
    ClusterComplianceRow any = p.v.anyRow(cluster);
    h.raw("<div class=\"sub\">");
    for (ClusterComplianceRow r : p.v.byCluster.get(cluster).values()) {
      h.text(r.getFramework()).raw(" ").raw(Badges.score(r.getScore())).raw(" &nbsp; ");
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
              (pool, k) ->
                  sb.append(sb.length() == 0 ? "" : ", ")
                      .append(pool.isEmpty() ? "(no pool)" : pool)
                      .append(" (")
                      .append(k)
                      .append(')'));
      h.raw(" \u00b7 pools: ").text(sb.toString());
    }
    h.raw("</div>");
  }

  private void notPassing(Html h) {
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
        Comparator.comparingInt((ControlSummaryRow r) -> Severity.stateRank(r.getState()))
            .thenComparingInt(r -> Severity.rank(r.getSeverity()))
            .thenComparing(r -> -r.getFailCount())
            .thenComparing(ControlSummaryRow::getFramework)
            .thenComparing(ControlSummaryRow::getControlId, NaturalOrder.INSTANCE));
    h.raw("<h4>Controls that do not pass everywhere</h4>");
    if (notPassing.isEmpty()) {
      h.raw("<p class=\"small\">None.</p>");
    } else {
      HtmlTable t =
          HtmlTable.head(h)
              .th("Control", "Title", "Severity", "State")
              .thn("Pass", "Fail", "Warn", "No evidence", "Exempt")
              .body();
      for (ControlSummaryRow r : notPassing) {
        t.row()
            .td("mono", r.getFramework() + ":" + r.getControlId())
            .td(r.getTitle())
            .tdHtml(Badges.badge("sev-", r.getSeverity()))
            .tdHtml(Badges.badge("st-", r.getState()))
            .num(r.getPassCount())
            .num(r.getFailCount())
            .num(r.getWarnCount())
            .num(r.getNoEvidenceCount())
            .num(r.getExemptCount());
      }
      t.end();
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
  }

  private static void failing(Html h, ClusterDetail cd) {
    if (cd.failing().isEmpty()) {
      return;
    }
    h.raw("<h4>Failing nodes</h4>");
    for (FailGroup g : cd.failing()) {
      boolean clusterFinding = g.nodes().size() == 1 && g.nodes().get(0).nodeName() == null;
      h.raw("<div class=\"fg\"><div class=\"fgh\">")
          .raw(Badges.badge("sev-", g.severity()))
          .raw(" ")
          .el("b", null, g.title())
          .raw(" ")
          .el("span", "mono muted", String.join(", ", g.frameworkIds()))
          .raw(" \u00b7 <b>")
          .text(
              Fmt.plural(
                  g.failCount(),
                  clusterFinding ? "finding" : "node",
                  clusterFinding ? "findings" : "nodes"))
          .raw(" fail</b>");
      if (g.nodes().size() < g.failCount()) {
        h.raw(" (").text(g.nodes().size()).raw(" shown)");
      }
      h.raw("<br><span class=\"small\">Expected: ").text(g.expected()).raw("</span>");
      if (g.remediation() != null) {
        h.raw("<br><span class=\"small\">Remediation: ").text(g.remediation()).raw("</span>");
      }
      h.raw("</div>");
      HtmlTable t =
          HtmlTable.head(h, "fixed", c -> colgroup(c, 22, 11, 43, 9, 15))
              .th("Node", "Pool", "Actual", "Source", "Origin")
              .body();
      for (FailNode f : g.nodes()) {
        t.row()
            .td("mono", f.nodeName() == null ? "(cluster)" : f.nodeName())
            .td("mono", f.pool())
            .td(
                "mono",
                c ->
                    c.text(f.actual() == null ? "(none)" : f.actual())
                        .el("div", "reason", f.reason()))
            .tdHtml(Badges.source(f.source()))
            .td("mono", f.origin());
      }
      t.end();
      if (g.nodes().size() < g.failCount()) {
        h.raw("<p class=\"muted small more\">")
            .text(Fmt.num(g.failCount() - g.nodes().size()))
            .raw(" more failing in findings.csv.</p>");
      }
      h.raw("</div>");
    }
  }

  private static void colgroup(Html h, int... percent) {
    h.raw("<colgroup>");
    for (int w : percent) {
      h.open("col", "style", "width:" + w + "%");
    }
    h.raw("</colgroup>");
  }

  private void exemptions(Html h, ClusterDetail cd) {
    if (cd.exemptions().isEmpty()) {
      return;
    }
    h.raw("<h4>Exemptions</h4>");
    HtmlTable t =
        HtmlTable.head(h)
            .th("Exemption", "Rules")
            .thn("Exempt findings", "Expired findings")
            .th("Expires", "Status", "Approver", "Justification")
            .body();
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
      t.row()
          .td("mono", e.id())
          .td("mono small", String.join(", ", e.rules()))
          .num(e.active())
          .num(e.expired())
          .td(e.expires() == null ? "\u2013" : e.expires().toString())
          .td(null, c -> c.el("span", "badge " + css, status))
          .td(e.approver() == null ? "\u2013" : e.approver())
          .td("small", e.justification() == null ? "\u2013" : e.justification());
    }
    t.end();
  }

  private static void certificates(Html h, ClusterDetail cd) {
    if (cd.certificates().isEmpty()) {
      return;
    }
    h.raw("<h4>Certificates expiring soon</h4>");
    HtmlTable t =
        HtmlTable.head(h).th("Node", "Finding").thn("Days left").th("State", "Certificates").body();
    for (CertFinding f : cd.certificates()) {
      t.row()
          .td("mono", f.nodeName() == null ? "(cluster)" : f.nodeName())
          .td(f.title())
          .num(f.minDays() == null ? "\u2013" : Fmt.num(f.minDays()))
          .td(
              null,
              c -> {
                c.raw(Badges.badge("st-", f.state()));
                if (f.exemptionId() != null) {
                  c.raw(" ").el("span", "small mono", f.exemptionId());
                }
              })
          .td("mono small", f.actual());
    }
    t.end();
    if (cd.certificatesTotal() > cd.certificates().size()) {
      h.raw("<p class=\"muted small\">")
          .text(Fmt.num(cd.certificatesTotal() - cd.certificates().size()))
          .raw(" more certificate findings are in findings.csv.</p>");
    }
  }

  private void worstNodes(Html h, ClusterDetail cd) {
    if (cd.worstNodes().isEmpty() || cd.worstNodes().get(0).score() >= 100) {
      return;
    }
    h.raw("<h4>Lowest-scoring nodes</h4>");
    HtmlTable t = HtmlTable.head(h).th("Node", "Pool", "Framework").thn("Score", "Failing").body();
    int k = 0;
    for (NodeScore s : cd.worstNodes()) {
      if (s.score() >= 100 || k++ >= Math.max(3, d.options().nodesPerControl())) {
        break;
      }
      t.row()
          .td("mono", s.nodeName())
          .td("mono", s.pool())
          .td(s.framework())
          .tdHtml("n", Badges.score(s.score()))
          .num(s.failCount());
    }
    t.end();
  }
}
