package dev.fleetscore.report;

import dev.fleetscore.report.ReportView.ControlAgg;
import java.util.List;

/**
 * "Worst controls": controls failing somewhere in the fleet, most severe first, with a bar of their
 * failing nodes (control_summary summed over clusters).
 */
final class WorstControlsSection extends ReportSection {

  WorstControlsSection(ReportPage p) {
    super(p, "controls", "Worst controls");
  }

  @Override
  void write(Html h) {
    open(h, "Worst controls");
    h.raw(
        "<p class=\"lead\">Controls that fail somewhere in the fleet, most severe first, then by"
            + " the number of failing nodes (control_summary summed over clusters). Controls"
            + " without evidence anywhere follow.</p>");
    List<ControlAgg> list = v.worstControls;
    if (list.isEmpty()) {
      h.raw("<p>No control fails or lacks evidence anywhere.</p></section>\n");
      return;
    }
    List<ControlAgg> shown = list.subList(0, Math.min(list.size(), d.options().topControls()));
    long max = 1;
    for (ControlAgg a : shown) {
      max = Math.max(max, a.failNodes());
    }
    HtmlTable t =
        HtmlTable.head(h)
            .th("Control", "Title", "Severity")
            .thn("Clusters failing", "Failing")
            .th("")
            .thn("No evidence", "Exempt")
            .body();
    for (ControlAgg a : shown) {
      String barWidth = Fmt.c(120.0 * a.failNodes() / max) + "px";
      t.row()
          .td("mono", a.framework() + ":" + a.controlId())
          .td(a.title())
          .tdHtml(Badges.badge("sev-", a.severity()))
          .num(a.clustersFailing() + " of " + a.clusters())
          .td(
              "n",
              c -> {
                c.text(a.failNodes());
                if ("CLUSTER".equals(a.scope())) {
                  c.raw(" ").el("span", "muted small", "cluster");
                }
              })
          .tdWith(
              c -> c.open("span", "class", "bar", "style", "width:" + barWidth).close("span"),
              "style",
              "width:130px")
          .num(a.noEvidenceNodes())
          .num(a.exemptNodes());
    }
    t.end();
    h.raw("</section>\n");
  }
}
