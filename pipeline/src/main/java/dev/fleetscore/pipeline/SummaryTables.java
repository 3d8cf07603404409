package dev.fleetscore.pipeline;

import dev.fleetscore.model.ScoreFormula;
import dev.fleetscore.rules.Frameworks;
import dev.fleetscore.schema.ChangeRow;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.States;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the run's {@link FleetAggregate} (and the previous snapshot's control_summary) into the
 * rows of the single-file tables, each sorted in its documented order:
 *
 * <ul>
 *   <li>control_summary: cluster_id, framework, control_id, rule_id;
 *   <li>cluster_compliance: cluster_id, framework (every framework of the loaded packs, for every
 *       cluster);
 *   <li>fleet_summary: framework, with {@code ALL} first (the reconciliation row);
 *   <li>changes: cluster_id, framework, control_id, rule_id;
 *   <li>quarantine: see {@link Quarantines#ORDER}; cluster-scoped findings: cluster_id, rule_id;
 *   <li>rbac_access: cluster_id, then the engine's grant order (binding kind, namespace, name,
 *       subject, rule).
 * </ul>
 *
 * It checks the reconciliation {@code dumps_in = nodes_scored + nodes_quarantined} and fails (a
 * bug, not bad data) if it does not hold.
 */
public record SummaryTables(
    List<ControlSummaryRow> controlSummary,
    List<ClusterComplianceRow> clusterCompliance,
    List<FleetSummaryRow> fleetSummary,
    List<ChangeRow> changes,
    List<QuarantineRow> quarantine,
    List<FindingRow> clusterFindings,
    List<dev.fleetscore.schema.RbacAccessRow> rbacAccess) {

  public static final String ALL = "ALL";

  private static final Comparator<ControlSummaryRow> CONTROL_ORDER =
      Comparator.comparing(ControlSummaryRow::getClusterId)
          .thenComparing(ControlSummaryRow::getFramework)
          .thenComparing(ControlSummaryRow::getControlId)
          .thenComparing(ControlSummaryRow::getRuleId);

  private static final Comparator<FindingRow> CLUSTER_FINDING_ORDER =
      Comparator.comparing(FindingRow::getClusterId).thenComparing(FindingRow::getRuleId);

  private record ControlKey(String cluster, String framework, String control, String rule)
      implements Comparable<ControlKey> {
    private static final Comparator<ControlKey> ORDER =
        Comparator.comparing(ControlKey::cluster)
            .thenComparing(ControlKey::framework)
            .thenComparing(ControlKey::control)
            .thenComparing(ControlKey::rule);

    static ControlKey of(ControlSummaryRow r) {
      return new ControlKey(r.getClusterId(), r.getFramework(), r.getControlId(), r.getRuleId());
    }

    @Override
    public int compareTo(ControlKey o) {
      return ORDER.compare(this, o);
    }
  }

  public static SummaryTables build(
      FleetAggregate agg,
      List<ControlSummaryRow> previous,
      Optional<LocalDate> previousDate,
      List<String> frameworks,
      List<String> packVersions,
      RunInfo run) {
    if (agg.dumpsIn != agg.nodesScored + agg.nodesQuarantined) {
      throw new IllegalStateException(
          "counts do not reconcile: dumps in "
              + agg.dumpsIn
              + " != scored "
              + agg.nodesScored
              + " + quarantined "
              + agg.nodesQuarantined);
    }
    List<String> clusterIds = new ArrayList<>(new TreeSet<>(agg.clusters.keySet()));
    List<ControlSummaryRow> controls = new ArrayList<>();
    List<ClusterComplianceRow> compliance = new ArrayList<>();
    TreeMap<String, Totals> fleet = new TreeMap<>();
    Totals all = new Totals();
    for (String f : frameworks) {
      fleet.put(f, new Totals());
    }
    for (String id : clusterIds) {
      FleetAggregate.ClusterAgg c = agg.clusters.get(id);
      TreeMap<String, Totals> byFw = new TreeMap<>();
      for (String f : frameworks) {
        byFw.put(f, new Totals());
      }
      List<FleetAggregate.RuleAgg> rules = new ArrayList<>(c.rules.values());
      rules.sort(Comparator.comparing(r -> r.ruleId));
      for (FleetAggregate.RuleAgg r : rules) {
        String state = state(r);
        all.add(r);
        Map<String, TreeSet<String>> fwControls =
            Frameworks.controls(r.frameworkIds, r.pack, r.ruleId);
        for (Map.Entry<String, TreeSet<String>> e : fwControls.entrySet()) {
          Totals t = byFw.computeIfAbsent(e.getKey(), k -> new Totals());
          t.add(r);
          fleet.computeIfAbsent(e.getKey(), k -> new Totals()).add(r);
          for (String control : e.getValue()) {
            t.controls.add(control);
            if (States.FAIL.equals(state)) {
              t.failingControls.add(control);
            }
            controls.add(controlRow(run, id, c, e.getKey(), control, r, state));
          }
        }
      }
      String provider = c.provider();
      Integer expected = c.nodesExpected < 0 ? null : (int) c.nodesExpected;
      Double coverage =
          expected == null || expected == 0 ? null : (double) c.nodesScored / expected;
      byFw.forEach(
          (fw, t) ->
              compliance.add(
                  ClusterComplianceRow.newBuilder()
                      .setSnapshotId(run.snapshotId())
                      .setSnapshotDate(run.snapshotDate())
                      .setClusterId(id)
                      .setCollectedAt(c.maxCollectedAt)
                      .setProducerVersion(run.producerVersion())
                      .setFramework(fw)
                      .setProvider(provider)
                      .setScore(t.score())
                      .setPassCount(t.state[0])
                      .setFailCount(t.state[1])
                      .setWarnCount(t.state[2])
                      .setManualCount(t.state[3])
                      .setNotApplicableCount(t.state[4])
                      .setNoEvidenceCount(t.state[5])
                      .setExemptCount(t.state[6])
                      .setFailBySeverity(t.bySeverity(1))
                      .setPassBySeverity(t.bySeverity(0))
                      .setNoEvidenceBySeverity(t.bySeverity(5))
                      .setControlsTotal(t.controls.size())
                      .setControlsFailing(t.failingControls.size())
                      .setNodesScored((int) c.nodesScored)
                      .setNodesQuarantined((int) c.nodesQuarantined)
                      .setNodesExpected(expected)
                      .setCoverage(coverage)
                      .build()));
    }
    controls.sort(CONTROL_ORDER);
    List<ChangeRow> changes = changes(controls, previous, previousDate, run);
    List<FleetSummaryRow> fleetRows = new ArrayList<>();
    fleetRows.add(fleetRow(agg, ALL, all, changes, previousDate, packVersions, clusterIds, run));
    fleet.forEach(
        (fw, t) ->
            fleetRows.add(
                fleetRow(agg, fw, t, changes, previousDate, packVersions, clusterIds, run)));
    List<QuarantineRow> quarantine = new ArrayList<>(agg.quarantine);
    quarantine.sort(Quarantines.ORDER);
    List<FindingRow> clusterFindings = new ArrayList<>(agg.clusterFindings);
    clusterFindings.sort(CLUSTER_FINDING_ORDER);
    // Each cluster's grants come from one evaluation in a deterministic order; a stable sort by
    // cluster keeps that order whichever order partial aggregates merged in.
    List<dev.fleetscore.schema.RbacAccessRow> rbac = new ArrayList<>(agg.rbacAccess);
    rbac.sort(Comparator.comparing(dev.fleetscore.schema.RbacAccessRow::getClusterId));
    return new SummaryTables(
        controls, compliance, fleetRows, changes, quarantine, clusterFindings, rbac);
  }

  /**
   * The cluster's state for a control: FAIL if any finding fails, else NO_EVIDENCE if any lacks
   * evidence, else PASS if any passes, else the most common remaining state (ties in the order
   * WARN, MANUAL, EXEMPT, NOT_APPLICABLE).
   */
  static String state(FleetAggregate.RuleAgg r) {
    if (r.state(1) > 0) {
      return States.FAIL;
    }
    if (r.state(5) > 0) {
      return States.NO_EVIDENCE;
    }
    if (r.state(0) > 0) {
      return States.PASS;
    }
    String best = States.NOT_APPLICABLE;
    long n = 0;
    for (int s : new int[] {2, 3, 6, 4}) {
      if (r.state(s) > n) {
        n = r.state(s);
        best = States.STATES.get(s);
      }
    }
    return best;
  }

  private static ControlSummaryRow controlRow(
      RunInfo run,
      String clusterId,
      FleetAggregate.ClusterAgg c,
      String framework,
      String control,
      FleetAggregate.RuleAgg r,
      String state) {
    return ControlSummaryRow.newBuilder()
        .setSnapshotId(run.snapshotId())
        .setSnapshotDate(run.snapshotDate())
        .setClusterId(clusterId)
        .setCollectedAt(c.maxCollectedAt)
        .setProducerVersion(run.producerVersion())
        .setFramework(framework)
        .setControlId(control)
        .setRuleId(r.ruleId)
        .setTitle(r.title)
        .setSeverity(r.severity())
        .setScope(r.scope)
        .setPassCount(r.state(0))
        .setFailCount(r.state(1))
        .setWarnCount(r.state(2))
        .setManualCount(r.state(3))
        .setNotApplicableCount(r.state(4))
        .setNoEvidenceCount(r.state(5))
        .setExemptCount(r.state(6))
        .setState(state)
        .build();
  }

  private static List<ChangeRow> changes(
      List<ControlSummaryRow> current,
      List<ControlSummaryRow> previous,
      Optional<LocalDate> previousDate,
      RunInfo run) {
    TreeMap<ControlKey, ControlSummaryRow[]> pairs = new TreeMap<>();
    for (ControlSummaryRow r : previous) {
      pairs.computeIfAbsent(ControlKey.of(r), k -> new ControlSummaryRow[2])[0] = r;
    }
    for (ControlSummaryRow r : current) {
      pairs.computeIfAbsent(ControlKey.of(r), k -> new ControlSummaryRow[2])[1] = r;
    }
    List<ChangeRow> out = new ArrayList<>(pairs.size());
    pairs.forEach(
        (k, p) -> {
          ControlSummaryRow before = p[0];
          ControlSummaryRow now = p[1];
          out.add(
              ChangeRow.newBuilder()
                  .setSnapshotId(run.snapshotId())
                  .setSnapshotDate(run.snapshotDate())
                  .setClusterId(k.cluster())
                  .setCollectedAt(now != null ? now.getCollectedAt() : before.getCollectedAt())
                  .setProducerVersion(run.producerVersion())
                  .setFramework(k.framework())
                  .setControlId(k.control())
                  .setRuleId(k.rule())
                  .setChange(
                      Changes.classify(
                          before == null ? null : before.getState(),
                          now == null ? null : now.getState()))
                  .setPreviousSnapshotDate(previousDate.orElse(null))
                  .setPreviousState(before == null ? null : before.getState())
                  .setCurrentState(now == null ? null : now.getState())
                  .setPreviousFailCount(before == null ? null : before.getFailCount())
                  .setCurrentFailCount(now == null ? null : now.getFailCount())
                  .build());
        });
    return out;
  }

  private static FleetSummaryRow fleetRow(
      FleetAggregate agg,
      String framework,
      Totals t,
      List<ChangeRow> changes,
      Optional<LocalDate> previousDate,
      List<String> packVersions,
      List<String> clusterIds,
      RunInfo run) {
    long newFailures = 0;
    long fixed = 0;
    long regressed = 0;
    for (ChangeRow c : changes) {
      if (ALL.equals(framework) || framework.equals(c.getFramework())) {
        switch (c.getChange()) {
          case Changes.NEW_FAILURE -> newFailures++;
          case Changes.FIXED -> fixed++;
          case Changes.REGRESSED -> regressed++;
          default -> {}
        }
      }
    }
    Instant collected = agg.maxCollectedAt;
    return FleetSummaryRow.newBuilder()
        .setSnapshotId(run.snapshotId())
        .setSnapshotDate(run.snapshotDate())
        .setClusterId(null)
        .setCollectedAt(collected)
        .setProducerVersion(run.producerVersion())
        .setFramework(framework)
        .setClusters(clusterIds.size())
        .setDumpsIn(agg.dumpsIn)
        .setNodesScored(agg.nodesScored)
        .setNodesQuarantined(agg.nodesQuarantined)
        .setRecordsQuarantined(agg.recordsQuarantined)
        .setScore(t.score())
        .setPassCount(t.state[0])
        .setFailCount(t.state[1])
        .setWarnCount(t.state[2])
        .setManualCount(t.state[3])
        .setNotApplicableCount(t.state[4])
        .setNoEvidenceCount(t.state[5])
        .setExemptCount(t.state[6])
        .setNewFailures(newFailures)
        .setFixed(fixed)
        .setRegressed(regressed)
        .setPreviousSnapshotDate(previousDate.orElse(null))
        .setRulePacks(packVersions.stream().sorted().toList())
        .setRunner(run.runner())
        .build();
  }

  /** Findings counted by state and severity over a set of rules. */
  static final class Totals {
    final long[] state = new long[States.STATES.size()];
    final long[][] bySeverity = new long[States.STATES.size()][FleetAggregate.NS];
    final TreeSet<String> controls = new TreeSet<>();
    final TreeSet<String> failingControls = new TreeSet<>();

    void add(FleetAggregate.RuleAgg r) {
      for (int s = 0; s < state.length; s++) {
        for (int v = 0; v < FleetAggregate.NS; v++) {
          long n = r.count(s, v);
          state[s] += n;
          bySeverity[s][v] += n;
        }
      }
    }

    TreeMap<String, Long> bySeverity(int st) {
      TreeMap<String, Long> m = new TreeMap<>();
      for (int v = 0; v < FleetAggregate.NS; v++) {
        m.put(States.SEVERITIES.get(v), bySeverity[st][v]);
      }
      return m;
    }

    /** {@link ScoreFormula} over counts: the same weights and rounding. */
    Double score() {
      long pass = 0;
      long total = 0;
      for (int v = 0; v < FleetAggregate.NS; v++) {
        int w = ScoreFormula.weight(States.SEVERITIES.get(v));
        pass += w * bySeverity[0][v];
        total += w * (bySeverity[0][v] + bySeverity[1][v] + bySeverity[5][v]);
      }
      return total == 0 ? null : Math.round(10_000.0 * pass / total) / 100.0;
    }
  }
}
