package dev.fleetscore.report;

import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.common.UserError;
import dev.fleetscore.report.ReportData.CertFinding;
import dev.fleetscore.report.ReportData.ClusterDetail;
import dev.fleetscore.report.ReportData.Details;
import dev.fleetscore.report.ReportData.Exemption;
import dev.fleetscore.report.ReportData.FailGroup;
import dev.fleetscore.report.ReportData.FailNode;
import dev.fleetscore.report.ReportData.InUseNode;
import dev.fleetscore.report.ReportData.NodeScore;
import dev.fleetscore.report.ReportData.NotAssessed;
import dev.fleetscore.report.ReportData.PoolPort;
import dev.fleetscore.schema.ChangeRow;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.States;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one snapshot's output tables into a {@link ReportData}. The small tables (fleet_summary,
 * cluster_compliance, control_summary, changes, quarantine) are read whole; the node-level tables
 * (node_scores, effective_settings, findings) are streamed bucket by bucket with only the columns
 * the report uses, keeping per node only a few values and per cluster only counts and top-N lists,
 * so memory is bounded by the bucket size and the limits in {@link ReportOptions}, not by the
 * fleet. The result does not depend on the order files or rows are read in.
 */
public final class ReportLoader {

  private static final Pattern EXEMPT_REASON =
      Pattern.compile(
          "^Exempt under (\\S+) \\(approved by (.*?), until [^)]*\\): (.*?) Without it");

  private static final Schema FINDINGS =
      TableReader.projection(
          Table.FINDINGS,
          "cluster_id",
          "node_name",
          "collected_at",
          "producer_version",
          "scope",
          "provider",
          "node_pool",
          "rule_id",
          "pack",
          "pack_version",
          "title",
          "component",
          "state",
          "severity",
          "actual",
          "expected",
          "reason",
          "setting",
          "source",
          "origin",
          "framework_ids",
          "exemption_id",
          "exemption_expires",
          "no_evidence_cause",
          "no_evidence_fix",
          "remediation");

  private static final Schema SETTINGS =
      TableReader.projection(
          Table.EFFECTIVE_SETTINGS,
          "cluster_id",
          "node_name",
          "producer_version",
          "component",
          "setting",
          "value",
          "source");

  private static final Schema SCORES =
      TableReader.projection(
          Table.NODE_SCORES,
          "cluster_id",
          "node_name",
          "producer_version",
          "provider",
          "node_pool",
          "framework",
          "fail_count",
          "score");

  /** The order the report lists quarantine rows in. */
  static final Comparator<QuarantineRow> QUARANTINE_ORDER =
      Comparator.comparing(QuarantineRow::getStage)
          .thenComparing(QuarantineRow::getReasonCode)
          .thenComparing(QuarantineRow::getRecordKey);

  private ReportLoader() {}

  /** Reads the snapshot; a missing or unreadable table is a {@link UserError}. */
  public static ReportData load(SnapshotFiles snap, ReportOptions options) {
    return load(snap, options, FindingFilter.NONE);
  }

  /**
   * Reads the snapshot keeping only the rows {@code filter} passes, in every table that has the
   * filtered column, except fleet_summary (the fleet's totals, which the page header shows): the
   * report renders what is left. Stored aggregates (scores, counts) are not recomputed.
   */
  public static ReportData load(SnapshotFiles snap, ReportOptions options, FindingFilter filter) {
    LocalDate date = snap.date();
    List<FleetSummaryRow> fleet =
        small(FindingFilter.NONE, snap, Table.FLEET_SUMMARY, date, FleetSummaryRow.class);
    fleet.sort(
        Comparator.comparing((FleetSummaryRow r) -> "ALL".equals(r.getFramework()))
            .thenComparing(FleetSummaryRow::getFramework));
    SortedSet<String> snapshotIds = new TreeSet<>();
    LocalDate previous = null;
    for (FleetSummaryRow r : fleet) {
      snapshotIds.add(r.getSnapshotId());
      if (r.getPreviousSnapshotDate() != null) {
        previous = r.getPreviousSnapshotDate();
      }
    }

    SortedMap<LocalDate, List<FleetSummaryRow>> fleetTrend = new TreeMap<>();
    List<LocalDate> fleetDates = snap.datesUpTo(Table.FLEET_SUMMARY);
    for (LocalDate d : last(fleetDates, options.trendSnapshots())) {
      List<FleetSummaryRow> rows =
          small(FindingFilter.NONE, snap, Table.FLEET_SUMMARY, d, FleetSummaryRow.class);
      rows.sort(Comparator.comparing(FleetSummaryRow::getFramework));
      fleetTrend.put(d, rows);
    }

    List<ClusterComplianceRow> clusters =
        small(filter, snap, Table.CLUSTER_COMPLIANCE, date, ClusterComplianceRow.class);
    clusters.sort(
        Comparator.comparing(ClusterComplianceRow::getClusterId)
            .thenComparing(ClusterComplianceRow::getFramework));
    SortedMap<String, SortedMap<LocalDate, SortedMap<String, Double>>> clusterTrend =
        new TreeMap<>();
    for (LocalDate d : last(snap.datesUpTo(Table.CLUSTER_COMPLIANCE), options.trendSnapshots())) {
      for (ClusterComplianceRow r :
          small(filter, snap, Table.CLUSTER_COMPLIANCE, d, ClusterComplianceRow.class)) {
        if (r.getScore() != null) {
          clusterTrend
              .computeIfAbsent(r.getClusterId(), k -> new TreeMap<>())
              .computeIfAbsent(d, k -> new TreeMap<>())
              .put(r.getFramework(), r.getScore());
        }
      }
    }

    List<ControlSummaryRow> controls =
        small(filter, snap, Table.CONTROL_SUMMARY, date, ControlSummaryRow.class);
    controls.sort(
        Comparator.comparing(ControlSummaryRow::getClusterId)
            .thenComparing(ControlSummaryRow::getFramework)
            .thenComparing(ControlSummaryRow::getControlId, NaturalOrder.INSTANCE)
            .thenComparing(ControlSummaryRow::getRuleId));
    List<ChangeRow> changes = small(filter, snap, Table.CHANGES, date, ChangeRow.class);
    changes.sort(
        Comparator.comparing(ChangeRow::getClusterId)
            .thenComparing(ChangeRow::getFramework)
            .thenComparing(ChangeRow::getControlId, NaturalOrder.INSTANCE)
            .thenComparing(ChangeRow::getRuleId));
    List<QuarantineRow> quarantine =
        small(filter, snap, Table.QUARANTINE, date, QuarantineRow.class);
    quarantine.sort(QUARANTINE_ORDER);

    Map<Table, Long> rowsRead = new EnumMap<>(Table.class);
    rowsRead.put(Table.FLEET_SUMMARY, (long) fleet.size());
    rowsRead.put(Table.CLUSTER_COMPLIANCE, (long) clusters.size());
    rowsRead.put(Table.CONTROL_SUMMARY, (long) controls.size());
    rowsRead.put(Table.CHANGES, (long) changes.size());
    rowsRead.put(Table.QUARANTINE, (long) quarantine.size());

    Digest digest = new Digest(options, filter);
    for (Map<Table, List<Path>> group :
        snap.bucketGroups(Table.NODE_SCORES, Table.EFFECTIVE_SETTINGS, Table.FINDINGS)) {
      digest.bucket(group);
    }
    rowsRead.putAll(digest.rowsRead);
    List<KubeletAccess> kubeletAccess = KubeletAccess.read(snap.files(Table.RBAC_ACCESS));

    return new ReportData(
        date,
        snapshotIds,
        previous,
        fleet,
        fleetTrend,
        clusters,
        clusterTrend,
        controls,
        changes,
        quarantine,
        digest.details(rowsRead, kubeletAccess),
        options,
        RefusedRuns.afterCommit(snap.warehouse(), date));
  }

  private static <T> List<T> last(List<T> list, int n) {
    return list.subList(Math.max(0, list.size() - n), list.size());
  }

  private static <T extends SpecificRecord> List<T> small(
      FindingFilter filter, SnapshotFiles snap, Table table, LocalDate date, Class<T> type) {
    try {
      List<T> rows = new ArrayList<>(LocalTables.readAll(snap.warehouse(), table, date, type));
      rows.removeIf(r -> !filter.test(r));
      return rows;
    } catch (RuntimeException e) {
      // Parquet reports a damaged file with plain RuntimeExceptions: bad input, not a bug.
      throw new UserError(
          "cannot read " + table.tableName() + " for " + date + ": " + e.getMessage(), e);
    }
  }

  /** What one node contributes, gathered across the three tables of its bucket. */
  private static final class NodeAcc {
    String pool;
    String provider;
    boolean scored;
    Double minScore;
    String minFramework;
    long minFail;
    String portValue;
    String portSource;
    String apiEnabled;
    String apiSource;
    String canDisable;
    String version;
    String migrationState;
    Long requests;
  }

  private record NodeId(String cluster, String node) implements Comparable<NodeId> {
    @Override
    public int compareTo(NodeId o) {
      int c = cluster.compareTo(o.cluster);
      return c != 0 ? c : node.compareTo(o.node);
    }
  }

  private static final class ClusterAcc {
    final String clusterId;
    final SortedSet<String> providers = new TreeSet<>();
    long nodes;
    final SortedMap<String, Long> nodesByPool = new TreeMap<>();
    final SortedMap<String, FailAcc> failing = new TreeMap<>(NaturalOrder.INSTANCE);
    final SortedMap<String, ExemptionAcc> exemptions = new TreeMap<>();
    final TopN<CertFinding> certs;
    final TopN<NodeScore> worst;
    final SortedMap<String, CauseAcc> causes = new TreeMap<>();

    ClusterAcc(String clusterId, ReportOptions o) {
      this.clusterId = clusterId;
      this.certs =
          new TopN<>(
              Math.max(10, o.nodesPerControl()),
              Comparator.comparing(
                      CertFinding::minDays, Comparator.nullsLast(Comparator.<Long>naturalOrder()))
                  .thenComparing(CertFinding::nodeName, Comparator.nullsFirst(String::compareTo))
                  .thenComparing(CertFinding::title)
                  .thenComparing(CertFinding::state)
                  .thenComparing(c -> Objects.toString(c.certificate(), ""))
                  .thenComparing(c -> Objects.toString(c.actual(), "")));
      this.worst =
          new TopN<>(
              Math.max(10, o.nodesPerControl()),
              Comparator.comparingDouble(NodeScore::score)
                  .thenComparing(NodeScore::nodeName)
                  .thenComparing(NodeScore::framework));
    }
  }

  private static final class FailAcc {
    String title;
    String severity;
    List<String> frameworkIds;
    String expected;
    String remediation;
    final TopN<FailNode> nodes;

    FailAcc(int limit) {
      Comparator<String> s = Comparator.nullsFirst(Comparator.naturalOrder());
      nodes =
          new TopN<>(
              limit,
              Comparator.comparing(FailNode::nodeName, s)
                  .thenComparing(FailNode::actual, s)
                  .thenComparing(FailNode::origin, s)
                  .thenComparing(FailNode::source, s)
                  .thenComparing(FailNode::pool, s)
                  .thenComparing(FailNode::reason, s));
    }
  }

  private static final class CauseAcc {
    long findings;
    final SortedSet<String> nodes = new TreeSet<>();
    final SortedMap<String, String> rules = new TreeMap<>(NaturalOrder.INSTANCE);
    String fix;
    String example;
  }

  private static final class ExemptionAcc {
    LocalDate expires;
    long active;
    long expired;
    final SortedSet<String> rules = new TreeSet<>(NaturalOrder.INSTANCE);
    String approver;
    String justification;
  }

  private static final class PoolAcc {
    final String clusterId;
    final String pool;
    final SortedSet<String> providers = new TreeSet<>();
    long nodes;
    final SortedMap<String, Long> byState = new TreeMap<>();
    final SortedSet<String> apiEnabled = new TreeSet<>();
    final SortedSet<String> apiSource = new TreeSet<>();
    final SortedSet<String> canDisable = new TreeSet<>();
    final SortedSet<String> versions = new TreeSet<>();
    long drift;
    final SortedMap<String, Long> portSources = new TreeMap<>();
    final TopN<InUseNode> inUse;

    PoolAcc(String clusterId, String pool, int limit) {
      this.clusterId = clusterId;
      this.pool = pool;
      this.inUse =
          new TopN<>(
              limit,
              Comparator.comparing(
                      InUseNode::requests, Comparator.nullsLast(Comparator.<Long>reverseOrder()))
                  .thenComparing(InUseNode::nodeName));
    }
  }

  /** Streams the node-level tables one bucket at a time into bounded accumulators. */
  private static final class Digest {
    final ReportOptions options;
    final SortedMap<String, ClusterAcc> clusters = new TreeMap<>();
    final SortedMap<String, PoolAcc> pools = new TreeMap<>();
    final SortedSet<String> packVersions = new TreeSet<>();
    final SortedSet<String> producers = new TreeSet<>();
    final SortedMap<String, Long> byState = new TreeMap<>();
    final SortedMap<String, Long> bySource = new TreeMap<>();
    final Map<Table, Long> rowsRead = new EnumMap<>(Table.class);
    Instant collectedFrom;
    Instant collectedTo;

    final FindingFilter filter;

    Digest(ReportOptions options, FindingFilter filter) {
      this.options = options;
      this.filter = filter;
    }

    ClusterAcc cluster(String id) {
      return clusters.computeIfAbsent(id, k -> new ClusterAcc(k, options));
    }

    void bucket(Map<Table, List<Path>> group) {
      Map<NodeId, NodeAcc> nodes = new HashMap<>();
      for (Path f : group.getOrDefault(Table.NODE_SCORES, List.of())) {
        read(Table.NODE_SCORES, f, SCORES, r -> score(nodes, r));
      }
      for (Path f : group.getOrDefault(Table.EFFECTIVE_SETTINGS, List.of())) {
        read(Table.EFFECTIVE_SETTINGS, f, SETTINGS, r -> setting(nodes, r));
      }
      for (Path f : group.getOrDefault(Table.FINDINGS, List.of())) {
        read(Table.FINDINGS, f, FINDINGS, r -> finding(nodes, r));
      }
      List<NodeId> ids = new ArrayList<>(nodes.keySet());
      ids.sort(Comparator.naturalOrder());
      for (NodeId id : ids) {
        node(id, nodes.get(id));
      }
    }

    private void read(
        Table table, Path file, Schema schema, java.util.function.Consumer<GenericRecord> sink) {
      long n = 0;
      try (TableReader r = TableReader.open(file, schema)) {
        while (r.hasNext()) {
          GenericRecord row = r.next();
          if (filter.test(row)) {
            sink.accept(row);
          }
          n++;
        }
      }
      rowsRead.merge(table, n, Long::sum);
    }

    private NodeAcc acc(Map<NodeId, NodeAcc> nodes, String cluster, String node) {
      return nodes.computeIfAbsent(new NodeId(cluster, node), k -> new NodeAcc());
    }

    private void score(Map<NodeId, NodeAcc> nodes, GenericRecord r) {
      producers.add(Rows.str(r, "producer_version"));
      NodeAcc a = acc(nodes, Rows.str(r, "cluster_id"), Rows.str(r, "node_name"));
      a.scored = true;
      if (a.pool == null) {
        a.pool = Rows.str(r, "node_pool");
      }
      if (a.provider == null) {
        a.provider = Rows.str(r, "provider");
      }
      Double s = Rows.dbl(r, "score");
      String fw = Rows.str(r, "framework");
      if (s != null
          && (a.minScore == null
              || s < a.minScore
              || (s.equals(a.minScore) && fw.compareTo(a.minFramework) < 0))) {
        a.minScore = s;
        a.minFramework = fw;
        a.minFail = Rows.lng(r, "fail_count");
      }
    }

    private void setting(Map<NodeId, NodeAcc> nodes, GenericRecord r) {
      producers.add(Rows.str(r, "producer_version"));
      String source = Rows.str(r, "source");
      bySource.merge(source == null ? "" : source, 1L, Long::sum);
      String component = Rows.str(r, "component");
      String setting = Rows.str(r, "setting");
      if (ReadonlyPort.isNodePortSetting(component, setting)) {
        NodeAcc a = acc(nodes, Rows.str(r, "cluster_id"), Rows.str(r, "node_name"));
        a.portValue = Rows.str(r, "value");
        a.portSource = source;
      } else if (ReadonlyPort.isCloudSetting(component, setting)) {
        NodeAcc a = acc(nodes, Rows.str(r, "cluster_id"), Rows.str(r, "node_name"));
        String v = Rows.str(r, "value");
        switch (setting) {
          case ReadonlyPort.CLOUD_ENABLED -> a.apiEnabled = v;
          case ReadonlyPort.CLOUD_SOURCE -> a.apiSource = v;
          case ReadonlyPort.CLOUD_CAN_DISABLE -> a.canDisable = v;
          default -> a.version = v;
        }
      }
    }

    private void finding(Map<NodeId, NodeAcc> nodes, GenericRecord r) {
      String cluster = Rows.str(r, "cluster_id");
      String node = Rows.str(r, "node_name");
      String state = Rows.str(r, "state");
      byState.merge(state, 1L, Long::sum);
      producers.add(Rows.str(r, "producer_version"));
      packVersions.add(Rows.str(r, "pack_version"));
      Instant at = Rows.instant(r, "collected_at");
      if (at != null) {
        collectedFrom = collectedFrom == null || at.isBefore(collectedFrom) ? at : collectedFrom;
        collectedTo = collectedTo == null || at.isAfter(collectedTo) ? at : collectedTo;
      }
      ClusterAcc c = cluster(cluster);
      String provider = Rows.str(r, "provider");
      if (provider != null) {
        c.providers.add(provider);
      }
      String pool = Rows.str(r, "node_pool");
      String ruleId = Rows.str(r, "rule_id");
      String setting = Rows.str(r, "setting");
      String actual = Rows.str(r, "actual");
      String component = Rows.str(r, "component");
      List<String> frameworks = Rows.strings(r, "framework_ids");

      if (States.FAIL.equals(state)) {
        FailAcc f = c.failing.computeIfAbsent(ruleId, k -> new FailAcc(options.nodesPerControl()));
        if (f.title == null) {
          f.title = Rows.str(r, "title");
          f.severity = Rows.str(r, "severity");
          f.frameworkIds = frameworks;
          f.expected = Rows.str(r, "expected");
          f.remediation = Rows.str(r, "remediation");
        }
        f.nodes.add(
            new FailNode(
                node, pool, actual, Rows.str(r, "source"), Rows.str(r, "origin"), reason(r)));
      }

      if (States.NO_EVIDENCE.equals(state)) {
        String reason = reason(r);
        CauseAcc a =
            c.causes.computeIfAbsent(
                NoEvidenceCauses.of(Rows.str(r, "no_evidence_cause"), reason), k -> new CauseAcc());
        a.findings++;
        if (node != null) {
          // A node has one finding per rule: bounded by the cluster's nodes, like nodesByPool.
          a.nodes.add(node);
        }
        a.rules.putIfAbsent(ruleId, Objects.toString(Rows.str(r, "title"), ruleId));
        a.fix = least(a.fix, Rows.str(r, "no_evidence_fix"));
        a.example = least(a.example, reason);
      }

      String exemptionId = Rows.str(r, "exemption_id");
      if (exemptionId != null) {
        ExemptionAcc e = c.exemptions.computeIfAbsent(exemptionId, k -> new ExemptionAcc());
        LocalDate expires = Rows.date(r, "exemption_expires");
        if (expires != null && (e.expires == null || expires.isAfter(e.expires))) {
          e.expires = expires;
        }
        e.rules.add(ruleId);
        if (States.EXEMPT.equals(state)) {
          e.active++;
          Matcher m = EXEMPT_REASON.matcher(Objects.toString(Rows.str(r, "reason"), ""));
          if (m.find() && m.group(1).equals(exemptionId)) {
            e.approver = least(e.approver, m.group(2));
            String j = m.group(3);
            // The engine ends the justification with a period when it has none.
            e.justification =
                least(e.justification, j.endsWith(".") ? j.substring(0, j.length() - 1) : j);
          }
        } else {
          e.expired++;
        }
      }

      if (!States.PASS.equals(state)
          && !States.NOT_APPLICABLE.equals(state)
          && CertificateExpiry.isCertExpiry(setting, actual, frameworks)) {
        c.certs.add(
            new CertFinding(
                node,
                state,
                Rows.str(r, "title"),
                Rows.str(r, "origin"),
                actual,
                CertificateExpiry.minDays(actual),
                exemptionId));
      }

      if (node != null
          && ReadonlyPort.isMigrationFinding(
              Rows.str(r, "scope"), component, setting, frameworks)) {
        NodeAcc a = acc(nodes, cluster, node);
        a.migrationState = ReadonlyPort.effectiveState(state, Rows.str(r, "reason"));
        a.requests = ReadonlyPort.requests(actual);
      }
      if (node != null && pool != null) {
        NodeAcc a = nodes.get(new NodeId(cluster, node));
        if (a != null && a.pool == null) {
          a.pool = pool;
        }
      }
      if (node != null && provider != null) {
        NodeAcc a = nodes.get(new NodeId(cluster, node));
        if (a != null && a.provider == null) {
          a.provider = provider;
        }
      }
    }

    private static String reason(GenericRecord r) {
      return Rows.str(r, "reason");
    }

    private static String least(String a, String b) {
      return a == null || (b != null && b.compareTo(a) < 0) ? b : a;
    }

    /** Folds one node's gathered values into its cluster and its pool. */
    private void node(NodeId id, NodeAcc a) {
      ClusterAcc c = cluster(id.cluster());
      String pool = a.pool == null ? "" : a.pool;
      if (a.scored) {
        c.nodes++;
        c.nodesByPool.merge(pool, 1L, Long::sum);
        if (a.minScore != null) {
          c.worst.add(new NodeScore(id.node(), pool, a.minFramework, a.minScore, a.minFail));
        }
      }
      ReadonlyPort.NodeState st = ReadonlyPort.classify(a.portValue, a.migrationState, a.requests);
      boolean hasApi = a.apiEnabled != null || a.canDisable != null;
      if (st == ReadonlyPort.NodeState.UNKNOWN && !hasApi) {
        return;
      }
      PoolAcc p =
          pools.computeIfAbsent(
              id.cluster() + "\u0000" + pool,
              k -> new PoolAcc(id.cluster(), pool, Math.max(10, options.nodesPerControl())));
      p.nodes++;
      if (a.provider != null) {
        p.providers.add(a.provider);
      }
      p.byState.merge(st.name(), 1L, Long::sum);
      if (a.apiEnabled != null) {
        p.apiEnabled.add(a.apiEnabled);
      }
      if (a.apiSource != null) {
        p.apiSource.add(a.apiSource);
      }
      if (a.canDisable != null) {
        p.canDisable.add(a.canDisable);
      }
      if (a.version != null) {
        p.versions.add(a.version);
      }
      boolean open =
          st == ReadonlyPort.NodeState.OPEN_IN_USE
              || st == ReadonlyPort.NodeState.OPEN_UNUSED
              || st == ReadonlyPort.NodeState.OPEN_UNKNOWN;
      if (open) {
        p.portSources.merge(a.portSource == null ? "UNKNOWN" : a.portSource, 1L, Long::sum);
      }
      if (("false".equals(a.apiEnabled) && open)
          || ("true".equals(a.apiEnabled) && st == ReadonlyPort.NodeState.CLOSED)) {
        p.drift++;
      }
      if (st == ReadonlyPort.NodeState.OPEN_IN_USE) {
        p.inUse.add(new InUseNode(id.node(), a.requests, a.portValue, a.portSource));
      }
    }

    Details details(Map<Table, Long> rowsRead, List<KubeletAccess> kubeletAccess) {
      SortedMap<String, ClusterDetail> out = new TreeMap<>();
      for (ClusterAcc c : clusters.values()) {
        List<FailGroup> failing = new ArrayList<>();
        for (Map.Entry<String, FailAcc> e : c.failing.entrySet()) {
          FailAcc f = e.getValue();
          failing.add(
              new FailGroup(
                  e.getKey(),
                  f.title,
                  f.severity,
                  List.copyOf(f.frameworkIds),
                  f.expected,
                  f.nodes.total(),
                  f.nodes.items(),
                  f.remediation));
        }
        failing.sort(
            Comparator.comparingInt((FailGroup g) -> Severity.rank(g.severity()))
                .thenComparing(Comparator.comparingLong(FailGroup::failCount).reversed())
                .thenComparing(FailGroup::ruleId, NaturalOrder.INSTANCE));
        List<Exemption> exemptions = new ArrayList<>();
        for (Map.Entry<String, ExemptionAcc> e : c.exemptions.entrySet()) {
          ExemptionAcc x = e.getValue();
          exemptions.add(
              new Exemption(
                  e.getKey(),
                  x.expires,
                  x.active,
                  x.expired,
                  x.rules,
                  x.approver,
                  x.justification));
        }
        out.put(
            c.clusterId,
            new ClusterDetail(
                c.clusterId,
                c.providers.isEmpty() ? null : String.join(",", c.providers),
                c.nodes,
                c.nodesByPool,
                failing,
                exemptions,
                c.certs.items(),
                c.certs.total(),
                c.worst.items(),
                notAssessed(c)));
      }
      List<PoolPort> ports = new ArrayList<>();
      for (PoolAcc p : pools.values()) {
        ports.add(
            new PoolPort(
                p.clusterId,
                p.providers.isEmpty() ? null : String.join(",", p.providers),
                p.pool,
                p.nodes,
                p.byState,
                collapse(p.apiEnabled),
                p.apiSource.isEmpty() ? null : String.join(",", p.apiSource),
                collapse(p.canDisable),
                p.versions,
                p.drift,
                p.inUse.items(),
                p.portSources));
      }
      return new Details(
          out,
          ports,
          packVersions,
          producers,
          collectedFrom,
          collectedTo,
          byState,
          bySource,
          rowsRead,
          kubeletAccess);
    }

    private static List<NotAssessed> notAssessed(ClusterAcc c) {
      List<NotAssessed> out = new ArrayList<>();
      c.causes.forEach(
          (cause, a) ->
              out.add(
                  new NotAssessed(cause, a.fix, a.findings, a.nodes.size(), a.rules, a.example)));
      out.sort(
          Comparator.comparingLong(NotAssessed::findings)
              .reversed()
              .thenComparing(NotAssessed::cause));
      return out;
    }

    private static String collapse(SortedSet<String> values) {
      if (values.isEmpty()) {
        return null;
      }
      return values.size() == 1 ? values.first() : "mixed";
    }
  }
}
