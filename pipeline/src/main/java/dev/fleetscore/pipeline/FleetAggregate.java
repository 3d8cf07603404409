package dev.fleetscore.pipeline;

import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.States;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything small a scoring run adds up: reconciliation counters, per cluster and rule the
 * findings counted by state and severity, node counts and inventory sizes, the cluster-scoped
 * findings and every quarantine row. Partial aggregates are built per bundle of buckets and merged
 * with {@link #merge} (a commutative, associative combine), so the order buckets are scored in
 * never shows in the result; output rows are sorted when tables are built.
 */
public final class FleetAggregate implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Severities per state in the count matrix. */
  static final int NS = States.SEVERITIES.size();

  long dumpsIn;
  long nodesScored;
  long nodesQuarantined;
  long recordsQuarantined;
  Instant maxCollectedAt;
  final HashMap<String, ClusterAgg> clusters = new HashMap<>();
  final ArrayList<FindingRow> clusterFindings = new ArrayList<>();
  final ArrayList<dev.fleetscore.schema.RbacAccessRow> rbacAccess = new ArrayList<>();
  final ArrayList<QuarantineRow> quarantine = new ArrayList<>();

  /** One cluster's part. */
  static final class ClusterAgg implements Serializable {
    private static final long serialVersionUID = 1L;
    long nodesScored;
    long nodesQuarantined;

    /** Distinct inventory nodes; -1 when the cluster has no inventory rows. */
    long nodesExpected = -1;

    String cloudProvider;
    final HashMap<String, Long> nodeProviders = new HashMap<>();
    Instant maxCollectedAt;
    final HashMap<String, RuleAgg> rules = new HashMap<>();

    void merge(ClusterAgg o) {
      nodesScored += o.nodesScored;
      nodesQuarantined += o.nodesQuarantined;
      if (o.nodesExpected >= 0) {
        nodesExpected = Math.max(nodesExpected, 0) + o.nodesExpected;
      }
      if (o.cloudProvider != null
          && (cloudProvider == null || o.cloudProvider.compareTo(cloudProvider) < 0)) {
        cloudProvider = o.cloudProvider;
      }
      o.nodeProviders.forEach((k, v) -> nodeProviders.merge(k, v, Long::sum));
      maxCollectedAt = max(maxCollectedAt, o.maxCollectedAt);
      o.rules.forEach(
          (k, v) -> {
            RuleAgg mine = rules.get(k);
            if (mine == null) {
              rules.put(k, v.copy());
            } else {
              mine.merge(v);
            }
          });
    }

    /** The cloud API's provider, else the most common provider of its nodes (ties: smallest). */
    String provider() {
      if (cloudProvider != null) {
        return cloudProvider;
      }
      String best = null;
      long n = -1;
      for (Map.Entry<String, Long> e : nodeProviders.entrySet()) {
        if (e.getValue() > n || (e.getValue() == n && e.getKey().compareTo(best) < 0)) {
          best = e.getKey();
          n = e.getValue();
        }
      }
      return best;
    }
  }

  /** Findings of one rule in one cluster, counted by state and severity. */
  static final class RuleAgg implements Serializable {
    private static final long serialVersionUID = 1L;
    final String ruleId;
    final String pack;
    final String title;
    final String scope;
    final List<String> frameworkIds;

    /**
     * Counts by severity, then state; a severity's row exists once it has a count. A rule has one
     * severity almost always, so this holds one row of seven counts instead of a full matrix of 35:
     * a cluster holds an aggregate per rule, and that matrix was most of it.
     */
    private final long[][] bySeverity = new long[NS][];

    RuleAgg(String ruleId, String pack, String title, String scope, List<String> frameworkIds) {
      this.ruleId = shared(ruleId);
      this.pack = shared(pack);
      this.title = shared(title);
      this.scope = shared(scope);
      this.frameworkIds = shared(List.copyOf(frameworkIds));
    }

    /**
     * One instance per distinct rule id, title, pack, scope and framework list: every cluster holds
     * an aggregate of each rule, and each decoded copy (Flink decodes every partial) would
     * otherwise carry its own strings, most of a cluster's aggregate. Bounded like {@code
     * NodeSummary}'s, so odd values cannot grow it without limit.
     */
    @SuppressWarnings("unchecked")
    private static <T> T shared(T v) {
      if (v == null) {
        return null;
      }
      Object seen = SHARED.get(v);
      if (seen != null) {
        return (T) seen;
      }
      if (SHARED.size() >= MAX_SHARED) {
        return v;
      }
      seen = SHARED.putIfAbsent(v, v);
      return seen == null ? v : (T) seen;
    }

    private static final java.util.concurrent.ConcurrentHashMap<Object, Object> SHARED =
        new java.util.concurrent.ConcurrentHashMap<>();

    private static final int MAX_SHARED = 1 << 14;

    RuleAgg copy() {
      RuleAgg c = new RuleAgg(ruleId, pack, title, scope, frameworkIds);
      for (int v = 0; v < NS; v++) {
        if (bySeverity[v] != null) {
          c.bySeverity[v] = bySeverity[v].clone();
        }
      }
      return c;
    }

    void merge(RuleAgg o) {
      for (int v = 0; v < NS; v++) {
        long[] theirs = o.bySeverity[v];
        if (theirs != null) {
          for (int st = 0; st < theirs.length; st++) {
            add(st, v, theirs[st]);
          }
        }
      }
    }

    /** Adds {@code n} findings of this state and severity. */
    void add(int state, int severity, long n) {
      if (n == 0) {
        return;
      }
      long[] row = bySeverity[severity];
      if (row == null) {
        row = new long[States.STATES.size()];
        bySeverity[severity] = row;
      }
      row[state] += n;
    }

    long count(int state, int severity) {
      long[] row = bySeverity[severity];
      return row == null ? 0 : row[state];
    }

    long state(int state) {
      long n = 0;
      for (int s = 0; s < NS; s++) {
        n += count(state, s);
      }
      return n;
    }

    /** The highest severity any of its findings had. */
    String severity() {
      for (int s = 0; s < NS; s++) {
        for (int st = 0; st < States.STATES.size(); st++) {
          if (count(st, s) > 0) {
            return States.SEVERITIES.get(s);
          }
        }
      }
      return States.INFO;
    }
  }

  ClusterAgg cluster(String clusterId) {
    return clusters.computeIfAbsent(clusterId, k -> new ClusterAgg());
  }

  /** A node_dumps row was read. */
  void dumpIn() {
    dumpsIn++;
  }

  /** A node was scored with these findings. */
  void nodeScored(NodeDumpRow dump, List<FindingRow> findings) {
    nodesScored++;
    ClusterAgg c = cluster(dump.getClusterId());
    c.nodesScored++;
    if (dump.getProvider() != null) {
      c.nodeProviders.merge(dump.getProvider(), 1L, Long::sum);
    }
    c.maxCollectedAt = max(c.maxCollectedAt, dump.getCollectedAt());
    maxCollectedAt = max(maxCollectedAt, dump.getCollectedAt());
    addFindings(c, findings);
  }

  /** Cluster-scoped findings of one cluster. */
  void clusterScored(String clusterId, List<FindingRow> findings) {
    ClusterAgg c = cluster(clusterId);
    clusterFindings.addAll(findings);
    addFindings(c, findings);
  }

  /** The effective RBAC access rows of one cluster (rbac_access). */
  void rbacAccess(List<dev.fleetscore.schema.RbacAccessRow> rows) {
    rbacAccess.addAll(rows);
  }

  /** Facts from the cloud tables: provider, inventory size, when they were collected. */
  void cloud(String clusterId, String provider, long inventoryNodes, Instant collectedAt) {
    ClusterAgg c = cluster(clusterId);
    if (provider != null) {
      c.cloudProvider = provider;
    }
    if (inventoryNodes >= 0) {
      c.nodesExpected = Math.max(c.nodesExpected, 0) + inventoryNodes;
    }
    c.maxCollectedAt = max(c.maxCollectedAt, collectedAt);
    maxCollectedAt = max(maxCollectedAt, collectedAt);
  }

  /** A quarantine row; DUMP and NODE rows count as nodes not scored. */
  void quarantine(QuarantineRow q) {
    quarantine.add(q);
    if (Quarantines.isNodeLevel(q)) {
      nodesQuarantined++;
      if (q.getClusterId() != null) {
        cluster(q.getClusterId()).nodesQuarantined++;
      }
    } else {
      recordsQuarantined++;
    }
  }

  private static void addFindings(ClusterAgg c, List<FindingRow> findings) {
    for (FindingRow f : findings) {
      RuleAgg r = c.rules.get(f.getRuleId());
      if (r == null) {
        r =
            new RuleAgg(
                f.getRuleId(), f.getPack(), f.getTitle(), f.getScope(), f.getFrameworkIds());
        c.rules.put(f.getRuleId(), r);
      }
      r.add(stateIndex(f.getState()), severityIndex(f.getSeverity()), 1);
    }
  }

  static int stateIndex(String state) {
    int i = States.stateIndex(state);
    if (i < 0) {
      throw new IllegalStateException("rule engine returned unknown state " + state);
    }
    return i;
  }

  static int severityIndex(String severity) {
    int i = States.severityIndex(severity);
    if (i < 0) {
      throw new IllegalStateException("rule engine returned unknown severity " + severity);
    }
    return i;
  }

  /** Adds {@code o} into this one and returns this. */
  public FleetAggregate merge(FleetAggregate o) {
    dumpsIn += o.dumpsIn;
    nodesScored += o.nodesScored;
    nodesQuarantined += o.nodesQuarantined;
    recordsQuarantined += o.recordsQuarantined;
    maxCollectedAt = max(maxCollectedAt, o.maxCollectedAt);
    o.clusters.forEach((k, v) -> cluster(k).merge(v));
    clusterFindings.addAll(o.clusterFindings);
    rbacAccess.addAll(o.rbacAccess);
    quarantine.addAll(o.quarantine);
    return this;
  }

  /**
   * This aggregate without its clusters: the fleet-wide counters, the quarantine rows, cluster
   * findings and rbac_access rows. With {@link #clusterParts} it is a split of this aggregate that
   * merges back to it; both share this one's rows and clusters, so use them instead of this one.
   */
  FleetAggregate fleetPart() {
    FleetAggregate f = new FleetAggregate();
    f.dumpsIn = dumpsIn;
    f.nodesScored = nodesScored;
    f.nodesQuarantined = nodesQuarantined;
    f.recordsQuarantined = recordsQuarantined;
    f.maxCollectedAt = maxCollectedAt;
    f.clusterFindings.addAll(clusterFindings);
    f.rbacAccess.addAll(rbacAccess);
    f.quarantine.addAll(quarantine);
    return f;
  }

  /**
   * Per cluster id, an aggregate holding only that cluster's counts (no fleet-wide counters, no
   * rows), so the counts can be combined keyed by cluster.
   */
  Map<String, FleetAggregate> clusterParts() {
    Map<String, FleetAggregate> out = new HashMap<>();
    clusters.forEach(
        (id, c) -> {
          FleetAggregate one = new FleetAggregate();
          one.clusters.put(id, c);
          out.put(id, one);
        });
    return out;
  }

  public long dumpsIn() {
    return dumpsIn;
  }

  public long nodesScored() {
    return nodesScored;
  }

  public long nodesQuarantined() {
    return nodesQuarantined;
  }

  public long recordsQuarantined() {
    return recordsQuarantined;
  }

  static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }
}
