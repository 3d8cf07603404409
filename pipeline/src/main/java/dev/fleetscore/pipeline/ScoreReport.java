package dev.fleetscore.pipeline;

import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.FleetSummaryRow;
import java.util.ArrayList;
import java.util.List;
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
    sb.append('\n');
    Table table = Table.of(byCluster.keySet(), frameworks.keySet());
    sb.append(table.header());
    for (Map.Entry<String, TreeMap<String, ClusterComplianceRow>> e : byCluster.entrySet()) {
      ClusterComplianceRow any = e.getValue().firstEntry().getValue();
      List<String> scores = new ArrayList<>();
      for (String f : frameworks.keySet()) {
        ClusterComplianceRow c = e.getValue().get(f);
        scores.add(c == null ? "" : score(c.getScore()));
      }
      sb.append(
          table.row(
              e.getKey(),
              any.getNodesScored(),
              any.getCoverage() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f%%", 100 * any.getCoverage()),
              scores));
    }
    sb.append("\n  tables (snapshot_date=")
        .append(r.run().snapshotDate())
        .append(") under ")
        .append(r.run().warehouse())
        .append(":\n");
    for (dev.fleetscore.schema.Table tb : Staging.COMMIT_ORDER) {
      sb.append("    ").append(tb.tableName()).append('\n');
    }
    return sb.toString();
  }

  /**
   * The per-cluster table laid out to fit {@link #WIDTH} columns whatever the ids: a framework
   * column is as wide as its name, or the name is shortened in the middle when the names alone
   * would leave the cluster column less than {@link #MIN_CLUSTER}; a cluster id longer than its
   * column keeps its head and tail around {@code ..}. Deterministic: the same rows give the same
   * text. The full ids are in cluster_compliance.
   */
  record Table(int clusterWidth, List<String> headers, List<Integer> widths) {

    /** Columns of a terminal the table must fit. */
    static final int WIDTH = 120;

    static final int MIN_CLUSTER = 24;
    private static final int MIN_FRAMEWORK = 8;
    // "  " cluster "  " nodes(6) " " coverage(8)
    private static final int FIXED = 2 + 2 + 6 + 1 + 8;

    static Table of(java.util.Collection<String> clusters, java.util.Collection<String> fws) {
      List<String> names = new ArrayList<>(fws);
      int frameworkCap = Integer.MAX_VALUE;
      while (FIXED + MIN_CLUSTER + columns(names, frameworkCap) > WIDTH
          && frameworkCap > MIN_FRAMEWORK) {
        frameworkCap = Math.min(frameworkCap, longest(names)) - 1;
      }
      List<String> headers = new ArrayList<>();
      List<Integer> widths = new ArrayList<>();
      for (String n : names) {
        String h = shorten(n, frameworkCap);
        headers.add(h);
        widths.add(Math.max(6, h.length()));
      }
      int longestCluster = Math.max("cluster".length(), longest(clusters));
      int room = WIDTH - FIXED - widths.stream().mapToInt(w -> w + 1).sum();
      return new Table(Math.max(8, Math.min(longestCluster, room)), headers, widths);
    }

    private static int columns(List<String> names, int cap) {
      return names.stream().mapToInt(n -> Math.max(6, Math.min(n.length(), cap)) + 1).sum();
    }

    private static int longest(java.util.Collection<String> s) {
      return s.stream().mapToInt(String::length).max().orElse(0);
    }

    String header() {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "  %-" + clusterWidth + "s  %6s %8s",
                  "cluster",
                  "nodes",
                  "coverage"));
      for (int i = 0; i < headers.size(); i++) {
        sb.append(String.format(Locale.ROOT, " %" + widths.get(i) + "s", headers.get(i)));
      }
      return sb.append('\n').toString();
    }

    String row(String cluster, long nodes, String coverage, List<String> scores) {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "  %-" + clusterWidth + "s  %6d %8s",
                  shorten(cluster, clusterWidth),
                  nodes,
                  coverage));
      for (int i = 0; i < scores.size(); i++) {
        sb.append(String.format(Locale.ROOT, " %" + widths.get(i) + "s", scores.get(i)));
      }
      return sb.append('\n').toString();
    }

    /** {@code s} in at most {@code max} characters: head, "..", tail (the tail names it). */
    static String shorten(String s, int max) {
      if (s.length() <= max) {
        return s;
      }
      int tail = (max - 2) / 2 + (max - 2) % 2;
      int head = max - 2 - tail;
      return s.substring(0, head) + ".." + s.substring(s.length() - tail);
    }
  }

  static String score(Double s) {
    return s == null ? "n/a" : String.format(Locale.ROOT, "%.2f", s);
  }
}
