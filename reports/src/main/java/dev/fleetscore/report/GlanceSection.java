package dev.fleetscore.report;

import static dev.fleetscore.report.Html.esc;

import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * "At a glance": the headline figures, the counts reconciliation (dumps in = scored + quarantined),
 * the score per framework and the findings per state (fleet_summary, findings).
 */
final class GlanceSection extends ReportSection {

  GlanceSection(ReportPage p) {
    super(p, "glance", "At a glance");
  }

  @Override
  void write(Html h) {
    h.open("section", "id", id(), "aria-labelledby", "glance-h")
        .raw("<h2 id=\"glance-h\">At a glance</h2>");
    h.raw("<p class=\"lead\">The fleet\u2019s posture on ")
        .text(d.date().toString())
        .raw(
            ". Scores are severity-weighted shares of passing controls (0\u2013100; the formula is"
                + " under \u201cAbout these numbers\u201d); WARN, MANUAL, NOT_APPLICABLE and"
                + " EXEMPT findings do not count, NO_EVIDENCE counts as not passing.</p>");
    kpis(h);
    reconciliation(h);
    h.raw("<div class=\"two\"><div>");
    byFramework(h);
    h.raw("</div><div>");
    byState(h);
    h.raw("</div></div>");
    h.raw("</section>\n");
  }

  private void kpis(Html h) {
    h.raw("<div class=\"kpis\">");
    Double score = v.all == null ? null : v.all.getScore();
    Double prev = v.previousScore.get("ALL");
    kpi(
        h,
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
    kpi(h, "Clusters", Fmt.num(v.byCluster.size()), ps.toString());
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
    kpi(h, "Nodes scored", Fmt.num(scored), "coverage: " + cov);
    long fail = v.all == null ? 0 : v.all.getFailCount();
    kpi(
        h,
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
        h,
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
        h,
        "Quarantined",
        Fmt.num(v.all == null ? 0 : v.all.getNodesQuarantined()),
        "dumps or nodes not scored; "
            + Fmt.num(v.all == null ? 0 : v.all.getRecordsQuarantined())
            + " other records set aside");
    h.raw("</div>");
  }

  private static void kpi(Html h, String label, String valueHtml, String subHtml) {
    h.raw("<div class=\"kpi\">")
        .el("div", "l", label)
        .open("div", "class", "v")
        .raw(valueHtml)
        .close("div")
        .open("div", "class", "s")
        .raw(subHtml)
        .close("div")
        .raw("</div>");
  }

  private void reconciliation(Html h) {
    if (v.all == null) {
      h.raw(
          "<div class=\"recon bad\"><b>Counts reconciliation:</b> fleet_summary has no ALL row,"
              + " so dumps in cannot be reconciled with nodes scored and quarantined.</div>");
      return;
    }
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
  }

  private void byFramework(Html h) {
    h.raw("<h4>Score by framework</h4>");
    HtmlTable t =
        HtmlTable.head(h)
            .th("Framework")
            .thn("Score", "Change", "Pass", "Fail", "Warn", "No evidence", "Exempt")
            .body();
    for (FleetSummaryRow r : d.fleet()) {
      Double p = v.previousScore.get(r.getFramework());
      t.row()
          .tdHtml("ALL".equals(r.getFramework()) ? "<b>all frameworks</b>" : esc(r.getFramework()))
          .tdHtml("n", Badges.score(r.getScore()))
          .num(p == null || r.getScore() == null ? "\u2013" : Fmt.delta(r.getScore() - p))
          .num(r.getPassCount())
          .num(r.getFailCount())
          .num(r.getWarnCount())
          .num(r.getNoEvidenceCount())
          .num(r.getExemptCount());
    }
    t.end();
  }

  private void byState(Html h) {
    h.raw("<h4>Findings by state</h4>");
    List<String> states = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (String s : Severity.STATES) {
      states.add(s);
      counts.add(d.details().findingsByState().getOrDefault(s, 0L));
    }
    h.raw(Svg.stateBar(states, counts, 560));
    HtmlTable t = HtmlTable.headless(h);
    for (int i = 0; i < states.size(); i++) {
      String s = states.get(i);
      t.row().td(null, c -> c.el("span", "badge st-" + s, s)).num(counts.get(i));
    }
    t.end();
  }
}
