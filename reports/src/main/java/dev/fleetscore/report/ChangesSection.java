package dev.fleetscore.report;

import dev.fleetscore.report.ReportView.ChangeView;
import dev.fleetscore.schema.Table;
import java.util.List;
import java.util.Map;

/**
 * "What changed": cluster x control states compared with the previous snapshot, counted per kind
 * and listed most important first (changes).
 */
final class ChangesSection extends ReportSection {

  ChangesSection(ReportPage p) {
    super(p, "changes", "Changes");
  }

  @Override
  void write(Html h) {
    open(h, "What changed");
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
          .raw(Badges.badge("ch-", e.getKey()))
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
    HtmlTable t =
        HtmlTable.head(h)
            .th("Change", "Cluster", "Control", "Title", "Severity", "State")
            .thn("Failing nodes")
            .body();
    for (ChangeView c : top.subList(0, limit)) {
      t.row()
          .tdHtml(Badges.badge("ch-", c.change()))
          .tdHtml(p.clusterLink(c.clusterId()))
          .td("mono", c.framework() + ":" + c.controlId())
          .td(c.title())
          .tdHtml(Badges.badge("sev-", c.severity()))
          .td("small", nz(c.previousState()) + " \u2192 " + nz(c.currentState()))
          .num(count(c.previousFail()) + " \u2192 " + count(c.currentFail()));
    }
    t.end();
    if (limit < top.size()) {
      p.more(h, top.size() - limit, "changes", Table.CHANGES);
    }
    h.raw("</section>\n");
  }

  private static String nz(String s) {
    return s == null ? "none" : s;
  }

  private static String count(Long n) {
    return n == null ? "\u2013" : Fmt.num(n);
  }
}
