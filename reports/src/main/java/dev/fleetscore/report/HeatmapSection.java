package dev.fleetscore.report;

import dev.fleetscore.schema.ControlSummaryRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * "Heat map": the lowest-scoring clusters by the controls that fail or lack evidence most widely,
 * each cell a control's state in a cluster (control_summary).
 */
final class HeatmapSection extends ReportSection {

  HeatmapSection(ReportPage p) {
    super(p, "heatmap", "Heat map");
  }

  @Override
  void write(Html h) {
    open(h, "Heat map: clusters by controls");
    Map<String, long[]> colStats = new TreeMap<>();
    Map<String, ControlSummaryRow> any = new HashMap<>();
    Map<String, ControlSummaryRow> cells = new HashMap<>();
    for (ControlSummaryRow r : d.controls()) {
      String col = r.getFramework() + ":" + r.getControlId() + "\u0000" + r.getRuleId();
      cells.put(r.getClusterId() + "\u0001" + col, r);
      any.putIfAbsent(col, r);
      long[] s = colStats.computeIfAbsent(col, k -> new long[3]);
      if ("FAIL".equals(r.getState())) {
        s[0]++;
      } else if (!"PASS".equals(r.getState()) && !"NOT_APPLICABLE".equals(r.getState())) {
        s[1]++;
      }
      s[2] += r.getFailCount();
    }
    List<String> cols = new ArrayList<>();
    for (Map.Entry<String, long[]> e : colStats.entrySet()) {
      if (e.getValue()[0] + e.getValue()[1] > 0) {
        cols.add(e.getKey());
      }
    }
    cols.sort(
        Comparator.comparing((String c) -> -colStats.get(c)[0])
            .thenComparing(c -> -colStats.get(c)[1])
            .thenComparing(c -> Severity.rank(any.get(c).getSeverity()))
            .thenComparing(c -> -colStats.get(c)[2])
            .thenComparing(Comparator.naturalOrder()));
    int ncols = Math.min(cols.size(), d.options().heatmapControls());
    int nrows = Math.min(v.clusterOrder.size(), d.options().heatmapClusters());
    h.raw("<p class=\"lead\">Each cell is a control\u2019s state in a cluster (control_summary:")
        .raw(" FAIL if any node fails, else NO EVIDENCE if any node lacks evidence, else PASS if")
        .raw(" any passes). Columns are the ")
        .text(ncols)
        .raw(ncols < cols.size() ? " most widely failing of " + Fmt.num(cols.size()) : "")
        .raw(" controls that do not pass everywhere; rows the ")
        .text(nrows)
        .raw(" lowest-scoring clusters. Hover a cell for its counts.</p>");
    if (ncols == 0) {
      h.raw("<p>Every control passes (or does not apply) in every cluster.</p></section>\n");
      return;
    }
    List<String> rows = v.clusterOrder.subList(0, nrows);
    List<String> colLabels = new ArrayList<>();
    List<String> colTitles = new ArrayList<>();
    Svg.Cell[][] grid = new Svg.Cell[nrows][ncols];
    for (int j = 0; j < ncols; j++) {
      ControlSummaryRow r = any.get(cols.get(j));
      colLabels.add(shortFramework(r.getFramework()) + " " + r.getControlId());
      colTitles.add(
          r.getFramework()
              + ":"
              + r.getControlId()
              + " \u2013 "
              + r.getTitle()
              + " ("
              + r.getSeverity()
              + ")");
    }
    for (int i = 0; i < nrows; i++) {
      for (int j = 0; j < ncols; j++) {
        ControlSummaryRow r = cells.get(rows.get(i) + "\u0001" + cols.get(j));
        if (r != null) {
          grid[i][j] = new Svg.Cell(r.getState(), cellTitle(rows.get(i), r));
        }
      }
    }
    h.raw("<div class=\"scroll\">")
        .raw(Svg.heatmap(rows, colLabels, colTitles, grid))
        .raw("</div>");
    h.raw("</section>\n");
  }

  private static String cellTitle(String cluster, ControlSummaryRow r) {
    return cluster
        + " \u2013 "
        + r.getFramework()
        + ":"
        + r.getControlId()
        + " "
        + r.getTitle()
        + ": "
        + r.getState()
        + " (pass "
        + r.getPassCount()
        + ", fail "
        + r.getFailCount()
        + ", warn "
        + r.getWarnCount()
        + ", no evidence "
        + r.getNoEvidenceCount()
        + ", exempt "
        + r.getExemptCount()
        + ")";
  }

  /** A short label for a framework in tight places (the heat map's column labels). */
  static String shortFramework(String fw) {
    String name = fw.replaceAll("-\\d[^-]*$", "");
    return switch (name) {
      case "cis-kubernetes" -> "CIS K8s";
      case "cis-gke" -> "CIS GKE";
      case "cis-eks" -> "CIS EKS";
      case "fleetscore" -> "FS";
      default -> name;
    };
  }
}
