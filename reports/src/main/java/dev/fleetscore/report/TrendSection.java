package dev.fleetscore.report;

import dev.fleetscore.schema.FleetSummaryRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** "Trend": the fleet score per framework over the snapshots, and the ALL row of each one. */
final class TrendSection extends ReportSection {

  TrendSection(ReportPage p) {
    super(p, "trend", "Trend");
  }

  @Override
  void write(Html h) {
    open(h, "Trend");
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
    HtmlTable t =
        HtmlTable.head(h)
            .th("Snapshot")
            .thn("Score", "Dumps in", "Scored", "Quarantined", "Fail", "New", "Regressed", "Fixed")
            .body();
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
      t.row()
          .td(dates.get(i).toString())
          .tdHtml("n", Badges.score(a.getScore()))
          .num(a.getDumpsIn())
          .num(a.getNodesScored())
          .num(a.getNodesQuarantined())
          .num(a.getFailCount())
          .num(a.getNewFailures())
          .num(a.getRegressed())
          .num(a.getFixed());
    }
    t.end();
    h.raw("</section>\n");
  }
}
