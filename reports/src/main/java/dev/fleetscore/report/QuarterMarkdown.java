package dev.fleetscore.report;

import static dev.fleetscore.report.MarkdownReport.md;

import dev.fleetscore.report.QuarterSummary.CoveragePoint;
import dev.fleetscore.report.QuarterSummary.ExemptionRow;
import dev.fleetscore.report.QuarterSummary.Gap;
import dev.fleetscore.report.QuarterSummary.Series;
import dev.fleetscore.report.QuarterSummary.SeverityFix;
import dev.fleetscore.report.QuarterSummary.Spell;
import java.time.LocalDate;
import java.util.List;

/**
 * The quarter summary ({@link QuarterSummary}) as Markdown: the same sections as {@link
 * QuarterHtml}, for a ticket or an audit file. Table values are escaped as in {@link
 * MarkdownReport}.
 */
public final class QuarterMarkdown {

  private QuarterMarkdown() {}

  public static String render(QuarterSummary q) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Quarter summary \u2013 ")
        .append(q.from())
        .append(" to ")
        .append(q.to())
        .append("\n\n")
        .append(QuarterText.headline(q))
        .append("\n\n");

    sb.append("### Fleet score per framework\n\n");
    scoreTable(sb, q.fleet(), false);

    sb.append("### Score per cluster and framework\n\n");
    scoreTable(sb, q.scores(), true);

    sb.append("### Controls failing longest\n\n").append(QuarterText.SPELL_NOTE).append("\n\n");
    if (q.failingLongest().isEmpty()) {
      sb.append("No control failed in the range.\n\n");
    } else {
      sb.append(
          "| cluster | rule | severity | first seen failing | last seen failing | first seen fixed"
              + " | days | most nodes failing |\n|---|---|---|---|---|---|---:|---:|\n");
      for (Spell s : q.failingLongest()) {
        sb.append("| ")
            .append(md(s.cluster()))
            .append(" | ")
            .append(md(s.ruleId()))
            .append(" | ")
            .append(md(s.severity()))
            .append(" | ")
            .append(s.firstSeen())
            .append(s.openAtStart() ? " (range start)" : "")
            .append(" | ")
            .append(s.lastSeen())
            .append(" | ")
            .append(s.fixedOn() == null ? "still failing" : s.fixedOn().toString())
            .append(" | ")
            .append(QuarterText.days(s, q.lastDate()))
            .append(" | ")
            .append(Fmt.num(s.maxFailing()))
            .append(" |\n");
      }
      sb.append('\n');
    }

    sb.append("### Time to fix (first seen failing \u2192 first seen fixed)\n\n");
    if (q.timeToFix().isEmpty()) {
      sb.append("No control failed in the range.\n\n");
    } else {
      sb.append(
          "| severity | fixed | median days | longest days | of them failing at range start |"
              + " still failing | started in range |\n|---|---:|---:|---:|---:|---:|---:|\n");
      for (SeverityFix f : q.timeToFix()) {
        sb.append("| ")
            .append(md(f.severity()))
            .append(" | ")
            .append(f.fixed())
            .append(" | ")
            .append(f.medianDays() == null ? "\u2013" : f.medianDays().toString())
            .append(" | ")
            .append(f.maxDays() == null ? "\u2013" : f.maxDays().toString())
            .append(" | ")
            .append(f.fixedOpenAtStart())
            .append(" | ")
            .append(f.stillOpen())
            .append(" | ")
            .append(f.opened())
            .append(" |\n");
      }
      sb.append('\n');
    }

    sb.append("### Exemptions granted, used and expired\n\n");
    if (q.exemptions().isEmpty()) {
      sb.append("No exemption was listed or cited in the range.\n\n");
    } else {
      sb.append(
          "| id | covers | clusters | approver | granted | first listed | expires | used in snapshots"
              + " | most findings exempted | status |\n|---|---|---|---|---|---|---|---:|---:|---|\n");
      for (ExemptionRow e : q.exemptions()) {
        sb.append("| ")
            .append(md(e.id()))
            .append(" | ")
            .append(md(e.covers()))
            .append(" | ")
            .append(md(e.clusters()))
            .append(" | ")
            .append(md(e.approver()))
            .append(" | ")
            .append(md(e.granted()))
            .append(" | ")
            .append(dateOr(e.firstListed()))
            .append(" | ")
            .append(dateOr(e.expires()))
            .append(" | ")
            .append(e.usedSnapshots())
            .append(" | ")
            .append(Fmt.num(e.maxExempted()))
            .append(" | ")
            .append(md(QuarterText.status(e, q)))
            .append(" |\n");
      }
      sb.append('\n');
    }

    sb.append("### Coverage over time\n\n");
    sb.append(
        "| date | clusters | dumps in | nodes scored | nodes quarantined | nodes expected | coverage"
            + " | clusters below 100% |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (CoveragePoint c : q.coverage()) {
      sb.append("| ")
          .append(c.date())
          .append(" | ")
          .append(c.clusters())
          .append(" | ")
          .append(Fmt.num(c.dumpsIn()))
          .append(" | ")
          .append(Fmt.num(c.nodesScored()))
          .append(" | ")
          .append(Fmt.num(c.nodesQuarantined()))
          .append(" | ")
          .append(c.nodesExpected() == null ? "\u2013" : Fmt.num(c.nodesExpected()))
          .append(" | ")
          .append(c.coverage() == null ? "\u2013" : Fmt.pct(c.coverage()))
          .append(" | ")
          .append(c.clustersBelowFull())
          .append(" |\n");
    }
    sb.append('\n');

    sb.append("### Gaps in the series\n\n").append(QuarterText.gapLead(q)).append("\n\n");
    List<Gap> gaps = q.gaps();
    for (int i = 0; i < Math.min(gaps.size(), QuarterSummary.GAPS_LISTED); i++) {
      sb.append("- ").append(QuarterText.gap(gaps.get(i), q)).append('\n');
    }
    if (gaps.size() > QuarterSummary.GAPS_LISTED) {
      sb.append("- ").append(QuarterText.moreGaps(q)).append('\n');
    }
    if (!gaps.isEmpty()) {
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void scoreTable(StringBuilder sb, List<Series> rows, boolean withCluster) {
    if (rows.isEmpty()) {
      sb.append("No scores.\n\n");
      return;
    }
    sb.append(withCluster ? "| cluster | framework " : "| framework ")
        .append("| first | last | change | min | max | snapshots |\n")
        .append(withCluster ? "|---|---" : "|---")
        .append("|---:|---:|---:|---:|---:|---:|\n");
    for (Series s : rows) {
      sb.append("| ");
      if (withCluster) {
        sb.append(md(s.cluster())).append(" | ");
      }
      sb.append(md(s.framework()))
          .append(" | ")
          .append(Fmt.score(s.first()))
          .append(" | ")
          .append(Fmt.score(s.last()))
          .append(" | ")
          .append(s.change() == null ? "\u2013" : Fmt.delta(s.change()))
          .append(" | ")
          .append(Fmt.score(s.min()))
          .append(" | ")
          .append(Fmt.score(s.max()))
          .append(" | ")
          .append(s.values().stream().filter(v -> v != null).count())
          .append(" |\n");
    }
    sb.append('\n');
  }

  private static String dateOr(LocalDate d) {
    return d == null ? "\u2013" : d.toString();
  }
}
