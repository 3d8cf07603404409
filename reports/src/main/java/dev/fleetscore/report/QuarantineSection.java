package dev.fleetscore.report;

import dev.fleetscore.schema.QuarantineRow;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * "Quarantine": every record the pipeline set aside, counted per (stage, record kind, reason) with
 * an example, then the first rows themselves (quarantine).
 */
final class QuarantineSection extends ReportSection {

  QuarantineSection(ReportPage p) {
    super(p, "quarantine", "Quarantine");
  }

  @Override
  void write(Html h) {
    open(h, "Quarantine");
    h.raw(
        "<p class=\"lead\">Every record the pipeline set aside, with the stage and the reason"
            + " (quarantine table). DUMP and NODE rows are nodes that were not scored; FILE,"
            + " CLOUD_RECORD and COLLECTION_ERROR rows were set aside while their node was still"
            + " scored.</p>");
    if (d.quarantine().isEmpty()) {
      h.raw("<p>Nothing was quarantined.</p></section>\n");
      return;
    }
    groups(h);
    rows(h);
    h.raw("</section>\n");
  }

  private void groups(Html h) {
    Map<String, long[]> groups = new TreeMap<>();
    Map<String, QuarantineRow> example = new HashMap<>();
    for (QuarantineRow q : d.quarantine()) {
      String k = q.getStage() + "\u0000" + q.getRecordKind() + "\u0000" + q.getReasonCode();
      groups.computeIfAbsent(k, x -> new long[1])[0]++;
      example.putIfAbsent(k, q);
    }
    HtmlTable t =
        HtmlTable.head(h).th("Stage", "Record", "Reason code").thn("Rows").th("Example").body();
    for (Map.Entry<String, long[]> e : groups.entrySet()) {
      QuarantineRow q = example.get(e.getKey());
      t.row()
          .td(q.getStage())
          .td(q.getRecordKind())
          .td("mono", q.getReasonCode())
          .num(e.getValue()[0])
          .td("small", c -> c.el("span", "mono", q.getRecordKey()).raw("<br>").text(q.getReason()));
    }
    t.end();
  }

  private void rows(Html h) {
    int limit = Math.min(d.quarantine().size(), 20);
    h.raw("<h4>Records</h4>");
    HtmlTable t = HtmlTable.head(h).th("Stage", "Cluster", "Node", "Reason", "Source").body();
    for (QuarantineRow q : d.quarantine().subList(0, limit)) {
      t.row()
          .td(q.getStage())
          .td("mono", q.getClusterId())
          .td("mono", q.getNodeName())
          .td("small", q.getReasonCode() + ": " + q.getReason())
          .td("mono small", q.getSource());
    }
    t.end();
    if (limit < d.quarantine().size()) {
      h.raw("<p class=\"muted small\">")
          .text(Fmt.num(d.quarantine().size() - limit))
          .raw(" more rows are in quarantine.csv.</p>");
    }
  }
}
