package dev.fleetscore.report;

import dev.fleetscore.schema.ChangeRow;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Everything one report shows, read from the output tables of one snapshot: the small tables whole,
 * the node-level tables (findings, effective_settings, node_scores) as bounded summaries and top-N
 * lists. Every collection is sorted, so rendering it is deterministic.
 *
 * @param date the snapshot date
 * @param snapshotIds the snapshot ids found in fleet_summary
 * @param previousDate the snapshot compared against (fleet_summary.previous_snapshot_date)
 * @param fleet fleet_summary rows of this snapshot, one per framework (ALL last)
 * @param fleetTrend fleet_summary rows of every snapshot up to this one
 * @param clusters cluster_compliance rows of this snapshot
 * @param clusterTrend cluster -> date -> framework -> score, for every snapshot up to this one
 * @param controls control_summary rows of this snapshot
 * @param changes changes rows of this snapshot
 * @param quarantine quarantine rows of this snapshot
 * @param details what the node-level tables add
 * @param options the limits the report was built with
 * @param refusedAfter runs of this date a gate refused after this snapshot was committed, newest
 *     first ({@link RefusedRuns})
 */
public record ReportData(
    LocalDate date,
    SortedSet<String> snapshotIds,
    LocalDate previousDate,
    List<FleetSummaryRow> fleet,
    SortedMap<LocalDate, List<FleetSummaryRow>> fleetTrend,
    List<ClusterComplianceRow> clusters,
    SortedMap<String, SortedMap<LocalDate, SortedMap<String, Double>>> clusterTrend,
    List<ControlSummaryRow> controls,
    List<ChangeRow> changes,
    List<QuarantineRow> quarantine,
    Details details,
    ReportOptions options,
    List<RefusedRuns.Refused> refusedAfter) {

  /**
   * What the streamed node-level tables add.
   *
   * @param clusters per-cluster detail
   * @param readonlyPools read-only-port migration view, one entry per (cluster, pool)
   * @param packVersions distinct findings.pack_version values
   * @param producerVersions distinct producer_version values of the rows read
   * @param collectedFrom earliest collected_at among findings, or null
   * @param collectedTo latest collected_at among findings, or null
   * @param findingsByState findings rows per state
   * @param settingsBySource effective_settings rows per source
   * @param rowsRead rows read per table
   * @param kubeletAccess identities that can read the kubelet (rbac_access), by cluster
   */
  public record Details(
      SortedMap<String, ClusterDetail> clusters,
      List<PoolPort> readonlyPools,
      SortedSet<String> packVersions,
      SortedSet<String> producerVersions,
      Instant collectedFrom,
      Instant collectedTo,
      SortedMap<String, Long> findingsByState,
      SortedMap<String, Long> settingsBySource,
      Map<Table, Long> rowsRead,
      List<KubeletAccess> kubeletAccess) {}

  /**
   * One cluster's node-level detail.
   *
   * @param clusterId cluster id
   * @param provider provider seen in findings, may be null
   * @param nodes distinct nodes in node_scores
   * @param nodesByPool nodes per pool ("" for none)
   * @param failing FAIL findings grouped by rule
   * @param exemptions exemptions cited by findings, by id
   * @param certificates certificate-expiry findings that are not PASS, soonest first
   * @param certificatesTotal how many there are in all
   * @param worstNodes nodes with the lowest score in any framework
   * @param notAssessed NO_EVIDENCE findings grouped by cause, most findings first
   */
  public record ClusterDetail(
      String clusterId,
      String provider,
      long nodes,
      SortedMap<String, Long> nodesByPool,
      List<FailGroup> failing,
      List<Exemption> exemptions,
      List<CertFinding> certificates,
      long certificatesTotal,
      List<NodeScore> worstNodes,
      List<NotAssessed> notAssessed) {

    /** NO_EVIDENCE findings of the cluster, all causes. */
    public long notAssessedFindings() {
      return notAssessed.stream().mapToLong(NotAssessed::findings).sum();
    }
  }

  /**
   * The NO_EVIDENCE findings of one cluster that share a cause: what they block.
   *
   * @param cause {@code findings.no_evidence_cause}, or the code derived from the reason ({@link
   *     NoEvidenceCauses})
   * @param fix {@code findings.no_evidence_fix} (the least one when they differ), or null
   * @param findings NO_EVIDENCE findings with this cause
   * @param nodes distinct nodes among them (0 for cluster findings only)
   * @param rules rule id to title of the rules left unjudged, in rule order
   * @param example one reason, the least in text order
   */
  public record NotAssessed(
      String cause,
      String fix,
      long findings,
      long nodes,
      SortedMap<String, String> rules,
      String example) {}

  /**
   * The FAIL findings of one rule in one cluster.
   *
   * @param ruleId rule id
   * @param title rule title
   * @param severity severity
   * @param frameworkIds framework controls the rule implements
   * @param expected what passing looks like
   * @param failCount nodes (or the cluster) failing
   * @param nodes the first failing nodes by name
   * @param remediation what to change (the rule's remediation), null when the findings carry none
   */
  public record FailGroup(
      String ruleId,
      String title,
      String severity,
      List<String> frameworkIds,
      String expected,
      long failCount,
      List<FailNode> nodes,
      String remediation) {}

  /**
   * One failing node of a rule.
   *
   * @param nodeName node name, null for a cluster finding
   * @param pool node pool
   * @param actual the judged value
   * @param source where the value came from (FLAG, CONFIG_FILE, DROP_IN, DEFAULT, CLOUD_API, ...)
   * @param origin file path, argv position or API field
   * @param reason the finding's reason
   */
  public record FailNode(
      String nodeName, String pool, String actual, String source, String origin, String reason) {}

  /**
   * An exemption as the findings cite it.
   *
   * @param id exemption id
   * @param expires expiry date
   * @param active findings it makes EXEMPT in this snapshot
   * @param expired findings that cite it but keep their state because it expired
   * @param rules rule ids it covers here
   * @param approver approver named in the finding reason, or null
   * @param justification justification named in the finding reason, or null
   */
  public record Exemption(
      String id,
      LocalDate expires,
      long active,
      long expired,
      SortedSet<String> rules,
      String approver,
      String justification) {}

  /**
   * A certificate-expiry finding.
   *
   * @param nodeName node
   * @param state finding state
   * @param title rule title
   * @param certificate the certificate (its file, from the finding's origin), or null
   * @param actual the judged values (certificate and days until expiry)
   * @param minDays the smallest days-until-expiry in {@code actual}, or null
   * @param exemptionId exemption cited, or null
   */
  public record CertFinding(
      String nodeName,
      String state,
      String title,
      String certificate,
      String actual,
      Long minDays,
      String exemptionId) {}

  /**
   * A node's lowest framework score.
   *
   * @param nodeName node
   * @param pool pool
   * @param framework the framework of that score
   * @param score the score
   * @param failCount FAIL findings of the node in that framework
   */
  public record NodeScore(
      String nodeName, String pool, String framework, double score, long failCount) {}

  /**
   * One pool in the read-only-port migration view.
   *
   * @param clusterId cluster
   * @param provider provider
   * @param pool pool name ("" when unknown)
   * @param nodes nodes seen
   * @param byState nodes per {@link ReadonlyPort.NodeState}
   * @param apiEnabled what the cloud API says for the pool: "true", "false", "mixed" or null
   * @param apiSource where the API setting came from (POOL, CLUSTER_DEFAULT, ...), or null
   * @param canDisable "true", "false", "mixed" or null (the version gate)
   * @param versions pool versions seen
   * @param drift nodes whose own port disagrees with the API
   * @param inUse nodes whose clients still call the port, most requests first
   * @param portSources readOnlyPort sources of the open nodes, with counts
   */
  public record PoolPort(
      String clusterId,
      String provider,
      String pool,
      long nodes,
      SortedMap<String, Long> byState,
      String apiEnabled,
      String apiSource,
      String canDisable,
      SortedSet<String> versions,
      long drift,
      List<InUseNode> inUse,
      SortedMap<String, Long> portSources) {

    public long count(ReadonlyPort.NodeState s) {
      return byState.getOrDefault(s.name(), 0L);
    }
  }

  /**
   * A node whose read-only port still serves requests.
   *
   * @param nodeName node
   * @param requests requests served, or null when only the state said so
   * @param portValue the node's readOnlyPort
   * @param portSource where that value came from
   */
  public record InUseNode(String nodeName, Long requests, String portValue, String portSource) {}
}
