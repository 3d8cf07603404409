package dev.fleetscore.report;

import dev.fleetscore.schema.Table;
import java.util.HashMap;
import java.util.Map;

/**
 * What every section of the HTML report reads: the tables, the view computed from them, and the
 * anchors of the clusters that get a detail section, so any section can link to one.
 */
final class ReportPage {

  final ReportData d;
  final ReportView v;
  final ReportFiles files;
  private final Map<String, String> anchors = new HashMap<>();

  ReportPage(ReportData d, ReportFiles files) {
    this.d = d;
    this.v = new ReportView(d);
    this.files = files;
    for (int i = 0; i < v.clusterOrder.size(); i++) {
      anchors.put(v.clusterOrder.get(i), "c" + (i + 1));
    }
  }

  String anchor(String cluster) {
    return anchors.get(cluster);
  }

  /**
   * Where every row of {@code table} is: a link to its CSV file when one was written beside the
   * page, otherwise the export command that writes it (never a link to a file that is not there).
   */
  void fullTable(Html h, Table table) {
    String href = files.href(table);
    if (href != null) {
      h.open("a", "href", href).text(table.tableName() + ".csv").close("a");
    } else {
      h.open("code")
          .text("fleetscore export " + table.tableName() + " --date " + d.date())
          .close("code");
    }
  }

  /** {@code <p>N more <what>: <where every row is>.</p>} under a list cut at its limit. */
  void more(Html h, long n, String what, Table table) {
    h.raw("<p class=\"muted small more\">").text(Fmt.num(n)).raw(" more ").text(what).raw(": ");
    fullTable(h, table);
    h.raw(".</p>");
  }

  /** The cluster id, linked to its detail section when it has one. */
  String clusterLink(String cluster) {
    String a = anchors.get(cluster);
    boolean detailed =
        a != null && v.clusterOrder.indexOf(cluster) < d.options().detailedClusters();
    if (!detailed) {
      return Html.fragment("span", "mono cid", cluster);
    }
    return new Html(96)
        .open("a", "class", "mono cid", "href", "#" + a)
        .text(cluster)
        .close("a")
        .toString();
  }
}
