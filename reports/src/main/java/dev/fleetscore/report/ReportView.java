package dev.fleetscore.report;

import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.report.ReadonlyPort.NodeState;
import dev.fleetscore.report.ReportData.PoolPort;
import dev.fleetscore.schema.ChangeRow;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FleetSummaryRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the HTML and Markdown reports both derive from {@link ReportData}: clusters worst first, the
 * framework list, the reconciliation and coverage totals, the worst controls, the top changes and a
 * verdict per pool in the read-only-port migration view. Every number here is a sum or a selection
 * of table values, never a new measure.
 */
final class ReportView {

  final ReportData d;
  final List<String> frameworks;
  final Map<String, Map<String, ClusterComplianceRow>> byCluster = new TreeMap<>();
  final List<String> clusterOrder;
  final FleetSummaryRow all;
  final Map<String, FleetSummaryRow> fleetByFramework = new TreeMap<>();
  final Map<String, Double> previousScore = new TreeMap<>();
  final SortedMap<String, Long> changeCounts = new TreeMap<>();
  final List<ChangeView> topChanges;
  final List<ControlAgg> worstControls;
  final List<PortView> ports;
  final long coverageScored;
  final long coverageExpected;
  final int clustersWithoutInventory;

  ReportView(ReportData d) {
    this.d = d;
    TreeSet<String> fws = new TreeSet<>();
    FleetSummaryRow allRow = null;
    for (FleetSummaryRow r : d.fleet()) {
      if ("ALL".equals(r.getFramework())) {
        allRow = r;
      } else {
        fws.add(r.getFramework());
        fleetByFramework.put(r.getFramework(), r);
      }
    }
    this.all = allRow;
    for (ClusterComplianceRow r : d.clusters()) {
      fws.add(r.getFramework());
      byCluster.computeIfAbsent(r.getClusterId(), k -> new TreeMap<>()).put(r.getFramework(), r);
    }
    for (String c : d.details().clusters().keySet()) {
      byCluster.computeIfAbsent(c, k -> new TreeMap<>());
    }
    this.frameworks = new ArrayList<>(fws);

    if (d.previousDate() != null && d.fleetTrend().containsKey(d.previousDate())) {
      for (FleetSummaryRow r : d.fleetTrend().get(d.previousDate())) {
        if (r.getScore() != null) {
          previousScore.put(r.getFramework(), r.getScore());
        }
      }
    }

    Map<String, Integer> failingControls = new HashMap<>();
    for (ControlSummaryRow r : d.controls()) {
      if ("FAIL".equals(r.getState())) {
        failingControls.merge(r.getClusterId(), 1, Integer::sum);
      }
    }
    List<String> order = new ArrayList<>(byCluster.keySet());
    order.sort(
        Comparator.comparingDouble((String c) -> minScore(c))
            .thenComparing(c -> -failingControls.getOrDefault(c, 0))
            .thenComparing(Comparator.naturalOrder()));
    this.clusterOrder = order;

    long scored = 0;
    long expected = 0;
    int without = 0;
    for (Map.Entry<String, Map<String, ClusterComplianceRow>> e : byCluster.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      ClusterComplianceRow r = e.getValue().values().iterator().next();
      if (r.getNodesExpected() == null) {
        without++;
      } else {
        scored += r.getNodesScored();
        expected += r.getNodesExpected();
      }
    }
    this.coverageScored = scored;
    this.coverageExpected = expected;
    this.clustersWithoutInventory = without;

    for (ChangeRow c : d.changes()) {
      changeCounts.merge(c.getChange(), 1L, Long::sum);
    }
    this.topChanges = topChanges(d);
    this.worstControls = worstControls(d);
    this.ports = ports(d);
  }

  /** The lowest framework score of a cluster; clusters without a score sort last. */
  double minScore(String cluster) {
    double min = 1000;
    for (ClusterComplianceRow r : byCluster.getOrDefault(cluster, Map.of()).values()) {
      if (r.getScore() != null) {
        min = Math.min(min, r.getScore());
      }
    }
    return min;
  }

  ClusterComplianceRow anyRow(String cluster) {
    Map<String, ClusterComplianceRow> m = byCluster.getOrDefault(cluster, Map.of());
    return m.isEmpty() ? null : m.values().iterator().next();
  }

  String provider(String cluster) {
    ClusterComplianceRow r = anyRow(cluster);
    if (r != null && r.getProvider() != null) {
      return r.getProvider();
    }
    ReportData.ClusterDetail cd = d.details().clusters().get(cluster);
    return cd == null ? null : cd.provider();
  }

  /** dumps in = nodes scored + nodes quarantined, from the ALL row of fleet_summary. */
  boolean reconciles() {
    return all != null && all.getDumpsIn() == all.getNodesScored() + all.getNodesQuarantined();
  }

  long quarantinedNodes() {
    return d.quarantine().stream()
        .filter(q -> "DUMP".equals(q.getRecordKind()) || "NODE".equals(q.getRecordKind()))
        .count();
  }

  /** A change with what control_summary says about its control. */
  record ChangeView(
      String change,
      String clusterId,
      String framework,
      String controlId,
      String ruleId,
      String title,
      String severity,
      String previousState,
      String currentState,
      Long previousFail,
      Long currentFail) {}

  static int changeRank(String change) {
    return switch (change) {
      case "REGRESSED" -> 0;
      case "NEW_FAILURE" -> 1;
      case "FIXED" -> 2;
      default -> 3;
    };
  }

  private static List<ChangeView> topChanges(ReportData d) {
    Map<String, ControlSummaryRow> current = new HashMap<>();
    for (ControlSummaryRow r : d.controls()) {
      current.put(key(r.getClusterId(), r.getFramework(), r.getControlId(), r.getRuleId()), r);
    }
    List<ChangeView> out = new ArrayList<>();
    for (ChangeRow c : d.changes()) {
      if (changeRank(c.getChange()) > 2) {
        continue;
      }
      ControlSummaryRow r =
          current.get(key(c.getClusterId(), c.getFramework(), c.getControlId(), c.getRuleId()));
      out.add(
          new ChangeView(
              c.getChange(),
              c.getClusterId(),
              c.getFramework(),
              c.getControlId(),
              c.getRuleId(),
              r == null ? c.getRuleId() : r.getTitle(),
              r == null ? null : r.getSeverity(),
              c.getPreviousState(),
              c.getCurrentState(),
              c.getPreviousFailCount(),
              c.getCurrentFailCount()));
    }
    out.sort(
        Comparator.comparingInt((ChangeView c) -> changeRank(c.change()))
            .thenComparingInt(c -> Severity.rank(c.severity()))
            .thenComparing(c -> -Math.max(nz(c.currentFail()), nz(c.previousFail())))
            .thenComparing(ChangeView::clusterId)
            .thenComparing(ChangeView::framework)
            .thenComparing(ChangeView::controlId, NaturalOrder.INSTANCE)
            .thenComparing(ChangeView::ruleId));
    return out;
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }

  private static String key(String... parts) {
    return String.join("\u0000", parts);
  }

  /** One control across the fleet. */
  record ControlAgg(
      String framework,
      String controlId,
      String ruleId,
      String title,
      String severity,
      String scope,
      long clustersFailing,
      long clusters,
      long failNodes,
      long warnNodes,
      long noEvidenceNodes,
      long exemptNodes) {}

  private static List<ControlAgg> worstControls(ReportData d) {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, ControlSummaryRow> first = new HashMap<>();
    for (ControlSummaryRow r : d.controls()) {
      String k = key(r.getFramework(), r.getControlId(), r.getRuleId());
      long[] c = counts.computeIfAbsent(k, x -> new long[6]);
      first.putIfAbsent(k, r);
      c[0] += "FAIL".equals(r.getState()) ? 1 : 0;
      c[1] += 1;
      c[2] += r.getFailCount();
      c[3] += r.getWarnCount();
      c[4] += r.getNoEvidenceCount();
      c[5] += r.getExemptCount();
    }
    List<ControlAgg> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      if (c[2] == 0 && c[4] == 0) {
        continue;
      }
      ControlSummaryRow r = first.get(e.getKey());
      out.add(
          new ControlAgg(
              r.getFramework(),
              r.getControlId(),
              r.getRuleId(),
              r.getTitle(),
              r.getSeverity(),
              r.getScope(),
              c[0],
              c[1],
              c[2],
              c[3],
              c[4],
              c[5]));
    }
    out.sort(
        Comparator.comparingInt((ControlAgg a) -> a.failNodes() > 0 ? 0 : 1)
            .thenComparingInt(a -> Severity.rank(a.severity()))
            .thenComparing(a -> -a.failNodes())
            .thenComparing(a -> -a.clustersFailing())
            .thenComparing(a -> -a.noEvidenceNodes())
            .thenComparing(ControlAgg::framework)
            .thenComparing(ControlAgg::controlId, NaturalOrder.INSTANCE));
    return out;
  }

  /** What to do with a pool's read-only port, most urgent first. */
  enum Verdict {
    MIGRATE_CLIENTS("Migrate clients first", "warn"),
    UPGRADE_FIRST("Upgrade pool first", "warn"),
    CHECK_FIRST("Check usage first", "muted"),
    CLOSE_NOW("Close now", "fail"),
    CLOSED("Closed", "pass");

    final String label;
    final String css;

    Verdict(String label, String css) {
      this.label = label;
      this.css = css;
    }
  }

  /** A pool with its verdict and the commands that act on it. */
  record PortView(PoolPort pool, Verdict verdict, String why, String command) {
    long open() {
      return pool.count(NodeState.OPEN_IN_USE)
          + pool.count(NodeState.OPEN_UNUSED)
          + pool.count(NodeState.OPEN_UNKNOWN);
    }
  }

  static PortView port(PoolPort p) {
    long inUse = p.count(NodeState.OPEN_IN_USE);
    long unused = p.count(NodeState.OPEN_UNUSED);
    long unknownOpen = p.count(NodeState.OPEN_UNKNOWN);
    long unknown = p.count(NodeState.UNKNOWN);
    long open = inUse + unused + unknownOpen;
    boolean gke = p.clusterId().startsWith("gke:");
    String close = gke ? ReadonlyPort.gcloudClosePool(p.clusterId(), p.pool()) : null;
    String how =
        gke ? "" : " Set readOnlyPort: 0 in the kubelet config file (or pass --read-only-port=0).";
    if (inUse > 0) {
      return new PortView(
          p,
          Verdict.MIGRATE_CLIENTS,
          Fmt.plural(inUse, "node still serves", "nodes still serve")
              + " read-only requests: move those clients to port 10250 with a ClusterRole on"
              + " nodes/metrics (not nodes/proxy), then close the port.",
          null);
    }
    if (open > 0 && ("false".equals(p.canDisable()) || "mixed".equals(p.canDisable()))) {
      return new PortView(
          p,
          Verdict.UPGRADE_FIRST,
          "The pool runs a GKE version before 1.26.4-gke.500, which cannot turn the port off:"
              + " upgrade it, then close the port.",
          null);
    }
    if (unknownOpen > 0 || (open == 0 && unknown > 0)) {
      return new PortView(
          p,
          Verdict.CHECK_FIRST,
          Fmt.plural(unknownOpen + unknown, "node has", "nodes have")
              + " no kubelet metrics (or no port value): read"
              + " kubelet_http_requests_total{server_type=\"readonly\"} on them, then re-score.",
          null);
    }
    if (open > 0) {
      return new PortView(
          p,
          Verdict.CLOSE_NOW,
          "The port is open on "
              + Fmt.plural(open, "node", "nodes")
              + " and none has served a read-only request: it can be closed now."
              + how,
          close);
    }
    if ("true".equals(p.apiEnabled())) {
      return new PortView(
          p,
          Verdict.CLOSE_NOW,
          "Every node has the port closed, but the API still enables it, so nodes created from"
              + " this pool will open it again: turn it off in the API.",
          close);
    }
    return new PortView(p, Verdict.CLOSED, "The port is closed on every node.", null);
  }

  private static List<PortView> ports(ReportData d) {
    List<PortView> out = new ArrayList<>();
    for (PoolPort p : d.details().readonlyPools()) {
      out.add(port(p));
    }
    out.sort(
        Comparator.comparingInt((PortView v) -> v.verdict().ordinal())
            .thenComparing(v -> v.pool().clusterId().startsWith("gke:") ? 0 : 1)
            .thenComparing(v -> v.pool().clusterId())
            .thenComparing(v -> v.pool().pool()));
    return out;
  }

  /** Scores per framework over the trend dates, null where a framework has no score. */
  List<List<Double>> trendSeries(List<LocalDate> dates, List<String> names) {
    List<List<Double>> out = new ArrayList<>();
    for (String fw : names) {
      List<Double> vs = new ArrayList<>();
      for (LocalDate day : dates) {
        Double v = null;
        for (FleetSummaryRow r : d.fleetTrend().get(day)) {
          if (fw.equals(r.getFramework())) {
            v = r.getScore();
          }
        }
        vs.add(v);
      }
      out.add(vs);
    }
    return out;
  }
}
