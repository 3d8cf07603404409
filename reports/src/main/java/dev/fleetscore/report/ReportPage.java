package dev.fleetscore.report;

import java.util.HashMap;
import java.util.Map;

/**
 * What every section of the HTML report reads: the tables, the view computed from them, and the
 * anchors of the clusters that get a detail section, so any section can link to one.
 */
final class ReportPage {

  final ReportData d;
  final ReportView v;
  private final Map<String, String> anchors = new HashMap<>();

  ReportPage(ReportData d) {
    this.d = d;
    this.v = new ReportView(d);
    for (int i = 0; i < v.clusterOrder.size(); i++) {
      anchors.put(v.clusterOrder.get(i), "c" + (i + 1));
    }
  }

  String anchor(String cluster) {
    return anchors.get(cluster);
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
