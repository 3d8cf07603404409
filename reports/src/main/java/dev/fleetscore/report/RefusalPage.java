package dev.fleetscore.report;

import dev.fleetscore.report.RefusedRuns.Refused;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.QuarantineRow;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the report says about runs a data-quality gate refused: a page of its own for a date with no
 * committed snapshot ("not committed, because …": the gate, the ratio, the reasons with their
 * counts, the quarantined dumps), and a banner on a committed snapshot's page when a later run of
 * the same date was refused, so nobody reads that page as the outcome of the latest run.
 */
final class RefusalPage {

  /** Reasons listed per refused run; the rest are counted. */
  static final int REASONS = 10;

  /** Quarantined dumps listed per refused run; the rest are in its quarantine file. */
  static final int DUMPS = 50;

  private RefusalPage() {}

  /** The page for {@code date}, which has refused runs and no committed snapshot. */
  static String render(LocalDate date, List<Refused> refused) {
    Html h = new Html(1 << 14);
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<meta name=\"generator\" content=\"fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw("\"><title>Fleet security report \u2013 ")
        .text(date.toString())
        .raw(" \u2013 not committed</title><style>")
        .raw(HtmlReport.css())
        .raw("</style></head><body>\n");
    h.raw("<header class=\"top\"><div class=\"wrap\"><div class=\"status\">")
        .raw("<span class=\"badge b-fail\">not committed</span></div>")
        .raw("<div class=\"eyebrow\">fleetscore \u00b7 Kubernetes node security posture</div>")
        .raw("<h1>Fleet security report \u2013 ")
        .text(date.toString())
        .raw(": not committed</h1><div class=\"meta\">")
        .text(Fmt.plural(refused.size(), "run was", "runs were"))
        .raw(" refused by the data-quality gate and no snapshot of ")
        .text(date.toString())
        .raw(" is committed, so there are no scores to show.</div></div></header>\n<main>\n");
    for (Refused r : refused) {
      h.open("section", "id", "run-" + r.runId());
      h.raw("<h2>Not committed, because ").text(r.gate()).raw("</h2>");
      facts(h, r);
      reasons(h, r);
      dumps(h, r);
      h.raw("<h4>Every quarantined record, by reason</h4>");
      QuarantineSection.write(h, r.quarantine(), null);
      h.raw("</section>\n");
    }
    h.raw("</main>\n<footer>fleetscore ")
        .text(FleetscoreVersion.VERSION)
        .raw(
            " \u00b7 read from <code>_rejected/</code> of the warehouse; score the date again"
                + " once the inputs are fixed (or with a higher --max-quarantine-ratio) to commit"
                + " it.</footer>\n</body></html>\n");
    return h.toString();
  }

  /** The Markdown summary for the same date. */
  static String markdown(LocalDate date, List<Refused> refused) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Fleet security report \u2013 ").append(date).append(": not committed\n\n");
    for (Refused r : refused) {
      sb.append("Run `")
          .append(r.runId())
          .append("` was not committed, because ")
          .append(r.gate())
          .append(".\n\nTop reasons: ")
          .append(topReasons(r))
          .append(".\n\nQuarantined rows: `")
          .append(r.folder())
          .append('/')
          .append(RefusedRuns.QUARANTINE)
          .append("`\n\n");
    }
    return sb.toString();
  }

  /** On a committed snapshot's page: the refused runs that came after it, if any. */
  static void laterRunsBanner(Html h, ReportData d) {
    if (d.refusedAfter().isEmpty()) {
      return;
    }
    h.raw("<div class=\"banner\" role=\"note\"><b>")
        .text(
            Fmt.plural(d.refusedAfter().size(), "later run", "later runs")
                + " of "
                + d.date()
                + " "
                + (d.refusedAfter().size() == 1 ? "was" : "were")
                + " refused by the data-quality gate")
        .raw("</b>; this page shows the snapshot committed before it, unchanged.");
    for (Refused r : d.refusedAfter()) {
      h.raw("<br>Run <span class=\"mono\">")
          .text(r.runId())
          .raw("</span>: ")
          .text(r.gate())
          .raw("; top reasons: ")
          .text(topReasons(r))
          .raw("; quarantined rows in <code>")
          .text(r.folder() + "/" + RefusedRuns.QUARANTINE)
          .raw("</code>.");
    }
    h.raw("</div>\n");
  }

  private static void facts(Html h, Refused r) {
    HtmlTable.headless(h)
        .row()
        .td("Run id")
        .td("mono", r.runId())
        .row()
        .td("Dumps read")
        .td(Fmt.num(r.dumpsIn()))
        .row()
        .td("Dumps quarantined instead of scored")
        .td(
            Fmt.num(r.nodesQuarantined())
                + (r.ratio() == null
                    ? ""
                    : String.format(Locale.ROOT, " (%.2f%%)", 100 * r.ratio())))
        .row()
        .td("Quarantined records")
        .td(Fmt.num(r.quarantineRows()))
        .row()
        .td("Kept in")
        .td("mono", r.folder() + "/" + RefusedRuns.QUARANTINE)
        .end();
  }

  private static void reasons(Html h, Refused r) {
    if (r.reasons().isEmpty()) {
      return;
    }
    h.raw("<h4>Top reasons</h4>");
    HtmlTable t = HtmlTable.head(h).th("Reason code").thn("Records").body();
    int k = 0;
    for (Map.Entry<String, Long> e : r.reasons().entrySet()) {
      if (k++ == REASONS) {
        break;
      }
      t.row().td("mono code", e.getKey()).num(e.getValue());
    }
    t.end();
    if (r.reasons().size() > REASONS) {
      h.raw("<p class=\"muted small more\">")
          .text(Fmt.num(r.reasons().size() - REASONS))
          .raw(" more reason codes are in the run\u2019s summary.json.</p>");
    }
  }

  private static void dumps(Html h, Refused r) {
    List<QuarantineRow> dumps =
        r.quarantine().stream()
            .filter(q -> "DUMP".equals(q.getRecordKind()) || "NODE".equals(q.getRecordKind()))
            .toList();
    if (dumps.isEmpty()) {
      return;
    }
    h.raw("<h4>Quarantined dumps</h4>");
    HtmlTable t = HtmlTable.head(h).th("Cluster", "Node", "Reason code", "Reason").body();
    for (QuarantineRow q : dumps.subList(0, Math.min(DUMPS, dumps.size()))) {
      t.row()
          .td("mono", q.getClusterId())
          .td("mono", q.getNodeName())
          .td("mono code", q.getReasonCode())
          .td("small", q.getReason());
    }
    t.end();
    if (dumps.size() > DUMPS) {
      h.raw("<p class=\"muted small more\">")
          .text(Fmt.num(dumps.size() - DUMPS))
          .raw(" more quarantined dumps are in ")
          .el("code", null, r.folder() + "/" + RefusedRuns.QUARANTINE)
          .raw(".</p>");
    }
  }

  private static String topReasons(Refused r) {
    StringBuilder sb = new StringBuilder();
    int k = 0;
    for (Map.Entry<String, Long> e : r.reasons().entrySet()) {
      if (k++ == 5) {
        sb.append(", and ").append(r.reasons().size() - 5).append(" more");
        break;
      }
      sb.append(sb.length() == 0 ? "" : ", ")
          .append(e.getKey())
          .append(" \u00d7")
          .append(Fmt.num(e.getValue()));
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }
}
