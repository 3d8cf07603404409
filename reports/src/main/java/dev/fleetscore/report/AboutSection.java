package dev.fleetscore.report;

import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.Table;
import java.util.Map;

/**
 * "About these numbers": the tables read and their row counts, where the effective values came
 * from, the score formula, and the versions of everything that wrote the page's inputs.
 */
final class AboutSection extends ReportSection {

  AboutSection(ReportPage p) {
    super(p, "about", "About these numbers");
  }

  @Override
  void write(Html h) {
    open(h, "About these numbers");
    h.raw("<p class=\"lead\">Every figure above is read from the output tables of snapshot ")
        .text(d.date().toString())
        .raw(
            " (Hive-partitioned Parquet, <code>&lt;warehouse&gt;/&lt;table&gt;/snapshot_date="
                + "YYYY-MM-DD/</code>); nothing is estimated. The small tables are read whole, the"
                + " node-level ones streamed; lists are cut to the worst entries, and every row is"
                + " in the CSV files beside this page or written by <code>fleetscore export</code>"
                + " (“Full detail” below).</p>");
    h.raw("<div class=\"two\"><div><h4>Tables read</h4>");
    tablesRead(h);
    h.raw("</div><div><h4>Where effective values came from</h4>");
    sources(h);
    h.raw("</div></div>");
    h.raw(
            "<h4>Score formula</h4><pre class=\"cmd\">score = 100 \u00d7 \u03a3 w(severity)\u00b7[PASS]")
        .raw(" / \u03a3 w(severity)\u00b7[PASS or FAIL or NO_EVIDENCE]\n")
        .raw("w(CRITICAL)=10, w(HIGH)=5, w(MEDIUM)=3, w(LOW)=1, w(INFO)=0</pre>");
    h.raw("<h4>Versions</h4>");
    HtmlTable.headless(h)
        .row()
        .td("Report")
        .td("mono", "fleetscore " + FleetscoreVersion.VERSION)
        .row()
        .td("Tables written by")
        .td("mono", String.join(", ", d.details().producerVersions()))
        .row()
        .td("Rule packs (fleet_summary)")
        .td("mono", v.all == null ? "\u2013" : String.join(", ", v.all.getRulePacks()))
        .row()
        .td("Rule pack versions (findings)")
        .td("mono", String.join(", ", d.details().packVersions()))
        .row()
        .td("Snapshot id")
        .td("mono", String.join(", ", d.snapshotIds()))
        .end();
    h.raw("</section>\n");
  }

  private void tablesRead(Html h) {
    HtmlTable t = HtmlTable.head(h).th("Table").thn("Rows").th("Full detail").body();
    for (Table table : Table.values()) {
      if (table.kind() != Table.Kind.OUTPUT) {
        continue;
      }
      String name = table.tableName();
      Long n = d.details().rowsRead().get(table);
      t.row()
          .td("mono", name)
          .num(n == null ? "\u2013" : Fmt.num(n))
          .td(null, c -> p.fullTable(c, table));
    }
    t.end();
  }

  private void sources(Html h) {
    HtmlTable t = HtmlTable.head(h).th("Source").thn("Settings").body();
    for (Map.Entry<String, Long> e : d.details().settingsBySource().entrySet()) {
      t.row()
          .td(
              null,
              c ->
                  c.raw(Badges.source(e.getKey()))
                      .raw(" ")
                      .el("span", "mono small muted", e.getKey()))
          .num(e.getValue());
    }
    t.end();
  }
}
