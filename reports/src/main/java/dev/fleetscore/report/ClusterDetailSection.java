package dev.fleetscore.report;

import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Cluster detail": one {@link ClusterArticle} for each of the lowest-scoring clusters, up to
 * {@link ReportOptions#detailedClusters()}; the others are counted and left to the CSV files.
 */
final class ClusterDetailSection extends ReportSection {

  ClusterDetailSection(ReportPage p) {
    super(p, "detail", "Cluster detail");
  }

  @Override
  void write(Html h) {
    open(h, "Cluster detail");
    int n = Math.min(v.clusterOrder.size(), d.options().detailedClusters());
    h.raw("<p class=\"lead\">The ")
        .text(n)
        .raw(
            n < v.clusterOrder.size() ? " lowest-scoring of " + Fmt.num(v.clusterOrder.size()) : "")
        .raw(
            " clusters, each block collapsed until opened: controls that fail somewhere, findings"
                + " not assessed for lack of evidence grouped by cause, the failing nodes with the"
                + " value found, the value expected and where it came from, exemptions and their"
                + " expiry, certificates running out. Up to ")
        .text(d.options().nodesPerControl())
        .raw(" nodes are listed per control; every finding: ");
    p.fullTable(h, Table.FINDINGS);
    h.raw(".</p>");
    Map<String, List<ControlSummaryRow>> controlsByCluster = new HashMap<>();
    for (ControlSummaryRow r : d.controls()) {
      controlsByCluster.computeIfAbsent(r.getClusterId(), k -> new ArrayList<>()).add(r);
    }
    for (int i = 0; i < n; i++) {
      String c = v.clusterOrder.get(i);
      new ClusterArticle(p, c, controlsByCluster.getOrDefault(c, List.of())).write(h);
    }
    if (n < v.clusterOrder.size()) {
      h.raw("<h3 style=\"margin-top:22px\">Other clusters</h3><p class=\"muted small\">")
          .text(Fmt.num(v.clusterOrder.size() - n))
          .raw(" clusters score higher; their controls: ");
      p.fullTable(h, Table.CONTROL_SUMMARY);
      h.raw(", their findings: ");
      p.fullTable(h, Table.FINDINGS);
      h.raw(".</p>");
    }
    h.raw("</section>\n");
  }
}
