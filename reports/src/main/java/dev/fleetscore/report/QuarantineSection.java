package dev.fleetscore.report;

import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * "Quarantine": every record the pipeline set aside, counted per (stage, record kind, reason), each
 * group collapsed with its first records under it, so every row is shown once (quarantine).
 */
final class QuarantineSection extends ReportSection {

  /** Records listed per group; the rest are counted. */
  static final int ROWS_PER_GROUP = 10;

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
            + " scored. Open a reason to see its records.</p>");
    if (d.quarantine().isEmpty()) {
      h.raw("<p>Nothing was quarantined.</p></section>\n");
      return;
    }
    write(h, d.quarantine(), p);
    h.raw("</section>\n");
  }

  /** The groups of {@code rows}, each a collapsed list of its records; shared with the refusal. */
  static void write(Html h, List<QuarantineRow> rows, ReportPage p) {
    Map<String, List<QuarantineRow>> groups = new TreeMap<>();
    for (QuarantineRow q : rows) {
      String k = q.getStage() + "\u0000" + q.getRecordKind() + "\u0000" + q.getReasonCode();
      groups.computeIfAbsent(k, x -> new ArrayList<>()).add(q);
    }
    for (List<QuarantineRow> g : groups.values()) {
      QuarantineRow first = g.get(0);
      h.raw("<details class=\"blk\"><summary>")
          .el("span", "mono code bt", first.getReasonCode())
          .raw(" ")
          .el("span", "muted small", first.getStage() + " \u00b7 " + first.getRecordKind())
          .raw(" \u00b7 <b>")
          .text(Fmt.plural(g.size(), "record", "records"))
          .raw("</b></summary>");
      HtmlTable t = HtmlTable.head(h).th("Cluster", "Node", "Record", "Reason", "Source").body();
      int limit = Math.min(g.size(), ROWS_PER_GROUP);
      for (QuarantineRow q : g.subList(0, limit)) {
        t.row()
            .td("mono", q.getClusterId())
            .td("mono", q.getNodeName())
            .td("mono small", q.getRecordKey())
            .td("small", q.getReason())
            .td(
                "mono small",
                Objects.equals(q.getSource(), q.getRecordKey()) ? "(the record)" : q.getSource());
      }
      t.end();
      if (limit < g.size()) {
        if (p == null) {
          h.raw("<p class=\"muted small more\">")
              .text(Fmt.num(g.size() - limit))
              .raw(" more records of this reason.</p>");
        } else {
          p.more(h, g.size() - limit, "records of this reason", Table.QUARANTINE);
        }
      }
      h.raw("</details>");
    }
  }
}
