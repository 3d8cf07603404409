package dev.fleetscore.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every table of the warehouse: its name (the folder under the warehouse root), the generated row
 * class, and how its files are laid out. This enum and the {@code .avsc} files are the whole table
 * contract between modules.
 */
public enum Table {
  NODE_DUMPS("node_dumps", NodeDumpRow.class, Kind.RAW, Layout.NODE_BUCKETED),
  PROCESSES("processes", ProcessRow.class, Kind.RAW, Layout.NODE_BUCKETED),
  CONFIG_FILES("config_files", ConfigFileRow.class, Kind.RAW, Layout.NODE_BUCKETED),
  CERTIFICATES("certificates", CertificateRow.class, Kind.RAW, Layout.NODE_BUCKETED),
  FILE_STATS("file_stats", FileStatRow.class, Kind.RAW, Layout.NODE_BUCKETED),
  /** Node-dump errors are bucketed like their dump; cloud collectors add per-source files. */
  COLLECTION_ERRORS(
      "collection_errors", CollectionErrorRow.class, Kind.RAW, Layout.NODE_BUCKETED_AND_SOURCES),
  CLOUD_CLUSTERS("cloud_clusters", CloudClusterRow.class, Kind.RAW, Layout.PER_SOURCE),
  CLOUD_NODE_POOLS("cloud_node_pools", CloudNodePoolRow.class, Kind.RAW, Layout.PER_SOURCE),
  AUTH_MAPPINGS("auth_mappings", AuthMappingRow.class, Kind.RAW, Layout.PER_SOURCE),
  INVENTORY("inventory", InventoryRow.class, Kind.RAW, Layout.PER_SOURCE),
  RBAC_ROLES("rbac_roles", RbacRoleRow.class, Kind.RAW, Layout.PER_SOURCE),
  RBAC_BINDINGS("rbac_bindings", RbacBindingRow.class, Kind.RAW, Layout.PER_SOURCE),
  RBAC_SERVICE_ACCOUNTS(
      "rbac_service_accounts", RbacServiceAccountRow.class, Kind.RAW, Layout.PER_SOURCE),

  EFFECTIVE_SETTINGS(
      "effective_settings", EffectiveSettingRow.class, Kind.OUTPUT, Layout.NODE_BUCKETED),
  FINDINGS("findings", FindingRow.class, Kind.OUTPUT, Layout.NODE_BUCKETED),
  NODE_SCORES("node_scores", NodeScoreRow.class, Kind.OUTPUT, Layout.NODE_BUCKETED),
  CONTROL_SUMMARY("control_summary", ControlSummaryRow.class, Kind.OUTPUT, Layout.SINGLE),
  CLUSTER_COMPLIANCE("cluster_compliance", ClusterComplianceRow.class, Kind.OUTPUT, Layout.SINGLE),
  FLEET_SUMMARY("fleet_summary", FleetSummaryRow.class, Kind.OUTPUT, Layout.SINGLE),
  CHANGES("changes", ChangeRow.class, Kind.OUTPUT, Layout.SINGLE),
  QUARANTINE("quarantine", QuarantineRow.class, Kind.OUTPUT, Layout.SINGLE),
  /** Effective RBAC access per cluster, computed by {@code score} from the rbac_* raw tables. */
  RBAC_ACCESS("rbac_access", RbacAccessRow.class, Kind.OUTPUT, Layout.SINGLE);

  /**
   * The raw tables of one node dump, bucketed by node: what the importer writes per bucket and the
   * pipeline joins per bucket, in join order.
   */
  public static final List<Table> RAW_BUCKETED =
      List.of(NODE_DUMPS, PROCESSES, CONFIG_FILES, CERTIFICATES, FILE_STATS, COLLECTION_ERRORS);

  /**
   * The raw tables written per collector source: what a cloud run writes and the pipeline reads
   * whole.
   */
  public static final List<Table> RAW_PER_SOURCE =
      List.of(
          CLOUD_CLUSTERS,
          CLOUD_NODE_POOLS,
          AUTH_MAPPINGS,
          INVENTORY,
          RBAC_ROLES,
          RBAC_BINDINGS,
          RBAC_SERVICE_ACCOUNTS,
          COLLECTION_ERRORS);

  /** Raw tables are written by collectors; output tables by {@code fleetscore score}. */
  public enum Kind {
    RAW,
    OUTPUT
  }

  /** How a table's files are laid out inside a snapshot_date partition. */
  public enum Layout {
    /**
     * Files {@code part-BBBBB-of-NNNNN[-label].parquet}: every row of a node lives in bucket {@link
     * Warehouse#bucketOf}, and rows in a file are sorted by {@link NodeKey} order.
     */
    NODE_BUCKETED,
    /** Bucketed node rows, plus per-source files {@code <source>[-label].parquet}. */
    NODE_BUCKETED_AND_SOURCES,
    /** One file per collector source and run: {@code <source>[-label].parquet}. */
    PER_SOURCE,
    /** One file {@code part-00000-of-00001.parquet}, rows in a documented stable order. */
    SINGLE
  }

  private final String tableName;
  private final Class<? extends SpecificRecord> rowClass;
  private final Kind kind;
  private final Layout layout;

  Table(String tableName, Class<? extends SpecificRecord> rowClass, Kind kind, Layout layout) {
    this.tableName = tableName;
    this.rowClass = rowClass;
    this.kind = kind;
    this.layout = layout;
  }

  /** The folder name under the warehouse root, e.g. {@code effective_settings}. */
  public String tableName() {
    return tableName;
  }

  public Class<? extends SpecificRecord> rowClass() {
    return rowClass;
  }

  public Kind kind() {
    return kind;
  }

  public Layout layout() {
    return layout;
  }

  public Schema schema() {
    return SpecificData.getForClass(rowClass).getSchema(rowClass);
  }

  public static Optional<Table> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.tableName.equals(name)).findFirst();
  }
}
