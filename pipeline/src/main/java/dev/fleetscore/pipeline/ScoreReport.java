package dev.fleetscore.pipeline;

import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.Table;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary {@code fleetscore score} prints: the reconciliation counts, a score per cluster and
 * framework, and where the tables are.
 */
public final class ScoreReport {

  private ScoreReport() {}

  public static String render(ScoreRun.Result r) {
    StringBuilder sb = new StringBuilder();
    FleetSummaryRow t = r.totals();
    sb.append(
        String.format(
            Locale.ROOT,
            "scored snapshot %s (%s) on %s in %.1f s%n",
            r.run().snapshotDate(),
            r.run().snapshotId(),
            r.run().runner(),
            r.millis() / 1000.0));
    sb.append(
        String.format(
            Locale.ROOT,
            "  dumps in %d = nodes scored %d + nodes quarantined %d; records quarantined %d;"
                + " clusters %d%n",
            t.getDumpsIn(),
            t.getNodesScored(),
            t.getNodesQuarantined(),
            t.getRecordsQuarantined(),
            t.getClusters()));
    sb.append(
        String.format(
            Locale.ROOT,
            "  fleet score %s; changes since %s: %d new failures, %d regressed, %d fixed%n",
            score(t.getScore()),
            t.getPreviousSnapshotDate() == null
                ? "(no previous snapshot)"
                : t.getPreviousSnapshotDate(),
            t.getNewFailures(),
            t.getRegressed(),
            t.getFixed()));
    TreeMap<String, TreeMap<String, ClusterComplianceRow>> byCluster = new TreeMap<>();
    TreeMap<String, Boolean> frameworks = new TreeMap<>();
    for (ClusterComplianceRow c : r.clusters()) {
      byCluster.computeIfAbsent(c.getClusterId(), k -> new TreeMap<>()).put(c.getFramework(), c);
      frameworks.put(c.getFramework(), true);
    }
    int width = Math.max(8, byCluster.keySet().stream().mapToInt(String::length).max().orElse(8));
    sb.append(
        String.format(
            Locale.ROOT, "%n  %-" + width + "s  %6s %8s", "cluster", "nodes", "coverage"));
    for (String f : frameworks.keySet()) {
      sb.append(String.format(Locale.ROOT, " %20s", f));
    }
    sb.append('\n');
    for (Map.Entry<String, TreeMap<String, ClusterComplianceRow>> e : byCluster.entrySet()) {
      ClusterComplianceRow any = e.getValue().firstEntry().getValue();
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s  %6d %8s",
              e.getKey(),
              any.getNodesScored(),
              any.getCoverage() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f%%", 100 * any.getCoverage())));
      for (String f : frameworks.keySet()) {
        ClusterComplianceRow c = e.getValue().get(f);
        sb.append(String.format(Locale.ROOT, " %20s", c == null ? "" : score(c.getScore())));
      }
      sb.append('\n');
    }
    sb.append("\n  tables (snapshot_date=").append(r.run().snapshotDate()).append("):\n");
    for (Table tb : Staging.COMMIT_ORDER) {
      sb.append("    ").append(ScoreRun.partition(r.run(), tb)).append('\n');
    }
    return sb.toString();
  }

  static String score(Double s) {
    return s == null ? "n/a" : String.format(Locale.ROOT, "%.2f", s);
  }
}
