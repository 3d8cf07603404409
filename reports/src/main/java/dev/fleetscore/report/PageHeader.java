package dev.fleetscore.report;

import dev.fleetscore.schema.FleetscoreVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The page's top banner: whether the counts reconcile, the snapshot and the one it is compared
 * with, when the evidence was collected, and which versions wrote the tables and the rules.
 */
final class PageHeader {

  private final ReportData d;
  private final ReportView v;

  PageHeader(ReportPage p) {
    this.d = p.d;
    this.v = p.v;
  }

  void write(Html h) {
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
}
