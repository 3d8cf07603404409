package dev.fleetscore.report;

import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.report.ReportData.CertFinding;
import dev.fleetscore.report.ReportData.ClusterDetail;
import dev.fleetscore.report.ReportData.Exemption;
import dev.fleetscore.report.ReportData.FailGroup;
import dev.fleetscore.report.ReportData.FailNode;
import dev.fleetscore.report.ReportData.NodeScore;
import dev.fleetscore.report.ReportData.NotAssessed;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.Table;
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

  /** Rules named per NO_EVIDENCE cause; the rest are counted. */
  static final int RULES_PER_CAUSE = 6;

  ClusterArticle(ReportPage p, String cluster, List<ControlSummaryRow> controls) {
    this.p = p;
    this.d = p.d;
    this.cluster = cluster;
    this.controls = controls;
  }

  /**
   * The cluster's heading and one line of counts stay visible; every block below it is a collapsed
   * {@code <details>} whose summary says what it holds and how many, so the page reads in one
   * screen per question and opens where the reader wants more.
   */
  void write(Html h) {
    ClusterDetail cd = d.details().clusters().get(cluster);
    h.open("article", "class", "cluster", "id", p.anchor(cluster))
        .raw("<h3>")
        .el("span", "mono", cluster)
        .raw(" ")
        .raw(Badges.badge("prov ", p.v.provider(cluster)))
        .raw("</h3>");
    summary(h, cd);
    failingControls(h);
    if (cd != null) {
      notAssessed(h, cd);
      failing(h, cd);
      exemptions(h, cd);
      certificates(h, cd);
      worstNodes(h, cd);
    }
    h.raw("</article>");
  }

  /** {@code <details><summary>title <span>count</span></summary>}; the caller closes it. */
  private static void block(Html h, String title, String count) {
    h.raw("<details class=\"blk\"><summary>")
        .el("span", "bt", title)
        .raw(" ")
        .el("span", "muted small", count)
        .raw("</summary>");
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

  /**
   * The controls that fail or warn somewhere (or are exempted), from control_summary. Controls
   * whose only shortfall is missing evidence are not listed one by one: {@link #notAssessed} groups
   * them by cause.
   */
  private void failingControls(Html h) {
    List<ControlSummaryRow> failing = new ArrayList<>();
    Map<String, Long> others = new TreeMap<>();
    long notAssessed = 0;
    for (ControlSummaryRow r : controls) {
      if (r.getFailCount() + r.getWarnCount() + r.getExemptCount() > 0
          || "FAIL".equals(r.getState())
          || "WARN".equals(r.getState())) {
        failing.add(r);
      } else if (r.getNoEvidenceCount() > 0 || "NO_EVIDENCE".equals(r.getState())) {
        notAssessed++;
      } else {
        others.merge(r.getState(), 1L, Long::sum);
      }
    }
    failing.sort(
        Comparator.comparingInt((ControlSummaryRow r) -> Severity.stateRank(r.getState()))
            .thenComparingInt(r -> Severity.rank(r.getSeverity()))
            .thenComparing(r -> -r.getFailCount())
            .thenComparing(ControlSummaryRow::getFramework)
            .thenComparing(ControlSummaryRow::getControlId, NaturalOrder.INSTANCE));
    StringBuilder sb = new StringBuilder();
    if (notAssessed > 0) {
      sb.append(Fmt.num(notAssessed)).append(" not assessed (below, by cause)");
    }
    others.forEach(
        (s, k) ->
            sb.append(sb.length() == 0 ? "" : ", ")
                .append(Fmt.num(k))
                .append(' ')
                .append(s.replace('_', ' ').toLowerCase(Locale.ROOT)));
    if (failing.isEmpty()) {
      h.raw("<p class=\"small\">No control fails or warns on any node.");
      if (sb.length() > 0) {
        h.raw(" Other controls: ").text(sb.toString()).raw(".");
      }
      h.raw("</p>");
      return;
    }
    block(
        h,
        "Failing controls",
        Fmt.plural(failing.size(), "control fails", "controls fail")
            + " or warns on some node"
            + (sb.length() == 0 ? "" : " \u00b7 other controls: " + sb));
    HtmlTable t =
        HtmlTable.head(h)
            .th("Control", "Title", "Severity", "State")
            .thn("Pass", "Fail", "Warn", "No evidence", "Exempt")
            .body();
    for (ControlSummaryRow r : failing) {
      t.row()
          .td("mono code", r.getFramework() + ":" + r.getControlId())
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
    h.raw("</details>");
  }

  /**
   * "Not assessed": the cluster's NO_EVIDENCE findings grouped by cause, with how many findings
   * each cause blocks, on how many nodes, which rules it leaves unjudged, and what would resolve
   * it. These count against the score as defined (docs/rules.md) but are not failures.
   */
  private void notAssessed(Html h, ClusterDetail cd) {
    if (cd.notAssessed().isEmpty()) {
      return;
    }
    block(
        h,
        "Not assessed (no evidence)",
        Fmt.plural(cd.notAssessedFindings(), "finding", "findings")
            + " without evidence, "
            + Fmt.plural(cd.notAssessed().size(), "cause", "causes"));
    HtmlTable t =
        HtmlTable.head(h, "fixed", c -> colgroup(c, 19, 9, 7, 35, 30))
            .th("Cause")
            .thn("Findings", "Nodes")
            .th("Rules left unjudged", "Example reason and fix")
            .body();
    for (NotAssessed a : cd.notAssessed()) {
      t.row()
          .td("mono code", a.cause())
          .num(a.findings())
          .num(a.nodes() == 0 ? "\u2013" : Fmt.num(a.nodes()))
          .td("small", c -> rules(c, a))
          .td(
              "small",
              c -> {
                c.text(a.example());
                if (a.fix() != null) {
                  c.raw("<div><b>Fix:</b> ").text(a.fix()).raw("</div>");
                }
              });
    }
    t.end();
    h.raw("</details>");
  }

  private static void rules(Html c, NotAssessed a) {
    int shown = 0;
    for (Map.Entry<String, String> e : a.rules().entrySet()) {
      if (shown++ == RULES_PER_CAUSE) {
        break;
      }
      c.raw(shown > 1 ? "<br>" : "").text(e.getValue());
    }
    if (a.rules().size() > RULES_PER_CAUSE) {
      c.raw("<br>")
          .el("span", "muted", "and " + Fmt.num(a.rules().size() - RULES_PER_CAUSE) + " more");
    }
  }

  /** The failing nodes of each failing rule, the first few by name, with what was found. */
  private void failing(Html h, ClusterDetail cd) {
    if (cd.failing().isEmpty()) {
      return;
    }
    long findings = cd.failing().stream().mapToLong(FailGroup::failCount).sum();
    block(
        h,
        "Failing nodes",
        Fmt.plural(cd.failing().size(), "rule", "rules")
            + ", "
            + Fmt.plural(findings, "failing finding", "failing findings"));
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
            .td("mono", c -> finding(c, f))
            .tdHtml(Badges.source(f.source()))
            .td("mono", f.origin());
      }
      t.end();
      if (g.nodes().size() < g.failCount()) {
        p.more(h, g.failCount() - g.nodes().size(), "failing nodes", Table.FINDINGS);
      }
      h.raw("</div>");
    }
    h.raw("</details>");
  }

  /**
   * One failing finding's cell: the value judged, then the finding's reason. A per-finding line
   * (such as how to remediate it) goes after the reason, as one more {@code div}.
   */
  private static void finding(Html c, FailNode f) {
    c.text(f.actual() == null ? "(none)" : f.actual()).el("div", "reason", f.reason());
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
    block(h, "Exemptions", Fmt.plural(cd.exemptions().size(), "exemption", "exemptions"));
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
    h.raw("</details>");
  }

  private void certificates(Html h, ClusterDetail cd) {
    if (cd.certificates().isEmpty()) {
      return;
    }
    Long soonest = cd.certificates().get(0).minDays();
    block(
        h,
        "Certificates expiring soon",
        Fmt.plural(cd.certificatesTotal(), "finding", "findings")
            + (soonest == null
                ? ""
                : soonest < 0
                    ? ", one expired " + Fmt.plural(-soonest, "day", "days") + " ago"
                    : ", the soonest in " + Fmt.plural(soonest, "day", "days")));
    HtmlTable t =
        HtmlTable.head(h).th("Node", "Certificate").thn("Days left").th("State", "Rule").body();
    for (CertFinding f : cd.certificates()) {
      t.row()
          .td("mono", f.nodeName() == null ? "(cluster)" : f.nodeName())
          .td("mono small", f.certificate() == null ? f.actual() : f.certificate())
          .num(f.minDays() == null ? "\u2013" : Fmt.num(f.minDays()))
          .td(
              null,
              c -> {
                c.raw(Badges.badge("st-", f.state()));
                if (f.exemptionId() != null) {
                  c.raw(" ").el("span", "small mono", f.exemptionId());
                }
              })
          .td("small", f.title());
    }
    t.end();
    if (cd.certificatesTotal() > cd.certificates().size()) {
      p.more(
          h,
          cd.certificatesTotal() - cd.certificates().size(),
          "certificate findings",
          Table.FINDINGS);
    }
    h.raw("</details>");
  }

  private void worstNodes(Html h, ClusterDetail cd) {
    if (cd.worstNodes().isEmpty() || cd.worstNodes().get(0).score() >= 100) {
      return;
    }
    int limit = Math.max(3, d.options().nodesPerControl());
    List<NodeScore> shown = new ArrayList<>();
    for (NodeScore s : cd.worstNodes()) {
      if (s.score() >= 100 || shown.size() >= limit) {
        break;
      }
      shown.add(s);
    }
    block(
        h,
        "Lowest-scoring nodes",
        "the lowest " + Fmt.score(shown.get(0).score()) + " on " + shown.get(0).nodeName());
    HtmlTable t = HtmlTable.head(h).th("Node", "Pool", "Framework").thn("Score", "Failing").body();
    for (NodeScore s : shown) {
      t.row()
          .td("mono", s.nodeName())
          .td("mono", s.pool())
          .td(s.framework())
          .tdHtml("n", Badges.score(s.score()))
          .num(s.failCount());
    }
    t.end();
    h.raw("</details>");
  }
}
