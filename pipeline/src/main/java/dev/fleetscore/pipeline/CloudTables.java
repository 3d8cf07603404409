package dev.fleetscore.pipeline;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the per-source cloud tables and turns them into one {@link ClusterInputs} per cluster.
 * Reading a file yields partial inputs per cluster plus quarantine rows (rows without a cluster id,
 * and every cloud collection_errors row); {@link #resolve} then keeps one row per cluster, pool and
 * inventory node (the newest collected_at, ties to the smallest source) and quarantines the others
 * as DUPLICATE_* cloud records.
 */
public final class CloudTables {

  private CloudTables() {}

  /** What one per-source file held. */
  public record FileRows(Map<String, ClusterInputs> clusters, List<QuarantineRow> quarantine) {}

  public record Resolved(ClusterInputs inputs, List<QuarantineRow> quarantine) {}

  /** The file's table, from its path ({@code <warehouse>/<table>/snapshot_date=D/<file>}). */
  static Table tableOf(String path) {
    String[] parts = path.split("/");
    if (parts.length < 3) {
      throw new IllegalArgumentException("not a warehouse file: " + path);
    }
    return Table.byName(parts[parts.length - 3])
        .orElseThrow(() -> new IllegalArgumentException("not a warehouse table file: " + path));
  }

  /**
   * Reads one per-source file: its rows grouped into one {@link ClusterInputs} per cluster (built
   * once per cluster, so a 20,000-node inventory costs its rows, not a copy per row), rows without
   * a cluster id and every collection_errors row as quarantine rows.
   */
  public static FileRows read(String path, RunInfo run) {
    Table t = tableOf(path);
    TreeMap<String, List<SpecificRecord>> rows = new TreeMap<>();
    List<QuarantineRow> q = new ArrayList<>();
    try {
      if (t == Table.COLLECTION_ERRORS) {
        try (ParquetRows.Reader<CollectionErrorRow> r =
            ParquetRows.reader(BeamFiles.input(path), CollectionErrorRow.class)) {
          r.forEachRemaining(e -> q.add(Quarantines.collectionError(run, e)));
        }
      } else if (t.layout() == Table.Layout.PER_SOURCE) { // one cluster per row, by cluster_id
        collect(path, t, run, q, rows);
      } else {
        throw new IllegalArgumentException(t + " is not a per-source table");
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UserError("cannot read " + path + ": " + e.getMessage(), e);
    }
    TreeMap<String, ClusterInputs> out = new TreeMap<>();
    rows.forEach((id, r) -> out.put(id, ClusterInputs.of(id, r)));
    return new FileRows(out, q);
  }

  private static void collect(
      String path,
      Table t,
      RunInfo run,
      List<QuarantineRow> q,
      TreeMap<String, List<SpecificRecord>> out)
      throws IOException {
    String table = t.tableName();
    String file = BeamFiles.fileName(path);
    long index = 0;
    try (ParquetRows.Reader<? extends SpecificRecord> r =
        ParquetRows.reader(BeamFiles.input(path), t.rowClass())) {
      while (r.hasNext()) {
        SpecificRecord row = r.next();
        Object id = row.get(row.getSchema().getField("cluster_id").pos());
        if (id == null || id.toString().isBlank()) {
          q.add(
              Quarantines.row(
                  run,
                  null,
                  null,
                  collectedAt(row),
                  Quarantines.CLOUD,
                  Quarantines.CLOUD_RECORD,
                  table + "/" + file + "#" + index,
                  "MISSING_CLUSTER_ID",
                  table + " row " + index + " of " + file + " has no cluster_id; it joins nothing",
                  run.relative(path)));
        } else {
          out.computeIfAbsent(id.toString(), k -> new ArrayList<>()).add(row);
        }
        index++;
      }
    }
  }

  private static Instant collectedAt(SpecificRecord r) {
    return (Instant) r.get(r.getSchema().getField("collected_at").pos());
  }

  private static <T> Comparator<T> newestFirst(
      Function<T, Instant> at, Function<T, String> source) {
    return Comparator.comparing(at, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(source);
  }

  /** Keeps one row per cluster, pool and inventory node; sorts everything. */
  public static Resolved resolve(String clusterId, Iterable<ClusterInputs> parts, RunInfo run) {
    ClusterInputs all = ClusterInputs.concat(clusterId, parts);
    List<QuarantineRow> q = new ArrayList<>();
    List<CloudClusterRow> clusters =
        dedupe(
            all.clusters(),
            r -> "",
            newestFirst(CloudClusterRow::getCollectedAt, CloudClusterRow::getSource),
            (r, kept) ->
                q.add(
                    dup(
                        run,
                        clusterId,
                        r.getCollectedAt(),
                        r.getSource(),
                        "cloud_clusters",
                        "",
                        "DUPLICATE_CLUSTER",
                        "another cloud_clusters row of "
                            + clusterId
                            + " was kept, from "
                            + kept.getSource())));
    List<CloudNodePoolRow> pools =
        dedupe(
            all.pools(),
            CloudNodePoolRow::getPoolName,
            newestFirst(CloudNodePoolRow::getCollectedAt, CloudNodePoolRow::getSource),
            (r, kept) ->
                q.add(
                    dup(
                        run,
                        clusterId,
                        r.getCollectedAt(),
                        r.getSource(),
                        "cloud_node_pools",
                        r.getPoolName(),
                        "DUPLICATE_NODE_POOL",
                        "another row of node pool "
                            + r.getPoolName()
                            + " was kept, from "
                            + kept.getSource())));
    List<InventoryRow> inventory =
        dedupe(
            all.inventory(),
            InventoryRow::getNodeName,
            newestFirst(InventoryRow::getCollectedAt, InventoryRow::getSource),
            (r, kept) ->
                q.add(
                    dup(
                        run,
                        clusterId,
                        r.getCollectedAt(),
                        r.getSource(),
                        "inventory",
                        r.getNodeName(),
                        "DUPLICATE_INVENTORY_NODE",
                        "another inventory row of node "
                            + r.getNodeName()
                            + " was kept, from "
                            + kept.getSource())));
    List<AuthMappingRow> auth = new ArrayList<>(all.authMappings());
    auth.sort(
        Comparator.comparing(AuthMappingRow::getSource)
            .thenComparing(AuthMappingRow::getSourceKind)
            .thenComparingInt(AuthMappingRow::getEntryIndex));
    List<RbacRoleRow> roles =
        dedupe(
            all.rbacRoles(),
            r -> r.getKind() + "/" + nz(r.getNamespace()) + "/" + r.getName(),
            newestFirst(RbacRoleRow::getCollectedAt, RbacRoleRow::getSource),
            (r, kept) ->
                q.add(
                    dup(
                        run,
                        clusterId,
                        r.getCollectedAt(),
                        r.getSource(),
                        "rbac_roles",
                        r.getKind() + "/" + nz(r.getNamespace()) + "/" + r.getName(),
                        "DUPLICATE_RBAC_OBJECT",
                        "another row of this role was kept, from " + kept.getSource())));
    List<RbacBindingRow> bindings = bindings(clusterId, all.rbacBindings(), run, q);
    List<RbacServiceAccountRow> sas =
        dedupe(
            all.rbacServiceAccounts(),
            r -> r.getNamespace() + "/" + r.getName(),
            newestFirst(RbacServiceAccountRow::getCollectedAt, RbacServiceAccountRow::getSource),
            (r, kept) ->
                q.add(
                    dup(
                        run,
                        clusterId,
                        r.getCollectedAt(),
                        r.getSource(),
                        "rbac_service_accounts",
                        r.getNamespace() + "/" + r.getName(),
                        "DUPLICATE_RBAC_OBJECT",
                        "another row of this service account was kept, from " + kept.getSource())));
    return new Resolved(
        new ClusterInputs(clusterId, clusters, pools, auth, inventory, roles, bindings, sas), q);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /**
   * One copy of each binding: every subject row from the preferred source (newest collected_at,
   * ties to the smallest source), so subjects of two copies are never mixed.
   */
  private static List<RbacBindingRow> bindings(
      String clusterId, List<RbacBindingRow> rows, RunInfo run, List<QuarantineRow> q) {
    TreeMap<String, List<RbacBindingRow>> byBinding = new TreeMap<>();
    for (RbacBindingRow r : rows) {
      byBinding
          .computeIfAbsent(
              r.getKind() + "/" + nz(r.getNamespace()) + "/" + r.getName(), k -> new ArrayList<>())
          .add(r);
    }
    List<RbacBindingRow> out = new ArrayList<>();
    Comparator<RbacBindingRow> pref =
        newestFirst(RbacBindingRow::getCollectedAt, RbacBindingRow::getSource);
    for (Map.Entry<String, List<RbacBindingRow>> e : byBinding.entrySet()) {
      List<RbacBindingRow> same = e.getValue();
      same.sort(pref.thenComparingInt(RbacBindingRow::getSubjectIndex));
      String source = same.get(0).getSource();
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (RbacBindingRow r : same) {
        if (r.getSource().equals(source) && seen.add(r.getSubjectIndex())) {
          out.add(r);
        } else {
          q.add(
              dup(
                  run,
                  clusterId,
                  r.getCollectedAt(),
                  r.getSource(),
                  "rbac_bindings",
                  e.getKey() + "#" + r.getSubjectIndex(),
                  "DUPLICATE_RBAC_OBJECT",
                  "another copy of this binding was kept, from " + source));
        }
      }
    }
    return out;
  }

  /** The resolved cluster's contribution to the run's counts: provider, inventory, quarantine. */
  public static FleetAggregate aggregate(Resolved r) {
    FleetAggregate agg = new FleetAggregate();
    ClusterInputs in = r.inputs();
    String provider = in.clusters().isEmpty() ? null : in.clusters().get(0).getProvider();
    Instant at = null;
    for (CloudClusterRow c : in.clusters()) {
      at = FleetAggregate.max(at, c.getCollectedAt());
    }
    for (CloudNodePoolRow p : in.pools()) {
      at = FleetAggregate.max(at, p.getCollectedAt());
    }
    for (AuthMappingRow a : in.authMappings()) {
      at = FleetAggregate.max(at, a.getCollectedAt());
    }
    for (InventoryRow i : in.inventory()) {
      at = FleetAggregate.max(at, i.getCollectedAt());
    }
    for (RbacRoleRow role : in.rbacRoles()) {
      at = FleetAggregate.max(at, role.getCollectedAt());
    }
    agg.cloud(in.clusterId(), provider, in.inventory().isEmpty() ? -1 : in.inventory().size(), at);
    r.quarantine().forEach(agg::quarantine);
    return agg;
  }

  /** Files of node-bucketed tables whose names are not bucket files: quarantined, not read. */
  public static FleetAggregate misplaced(List<String> paths, RunInfo run) {
    FleetAggregate agg = new FleetAggregate();
    for (String p : paths) {
      agg.quarantine(
          Quarantines.row(
              run,
              null,
              null,
              null,
              Quarantines.JOIN,
              Quarantines.FILE,
              run.relative(p),
              "NOT_A_BUCKET_FILE",
              "file name is not part-BBBBB-of-NNNNN[-label].parquet, so its bucket is unknown;"
                  + " its rows were not read",
              run.relative(p)));
    }
    return agg;
  }

  private interface OnDuplicate<T> {
    void accept(T dropped, T kept);
  }

  /** One row per key (the first in {@code preference}), sorted by key. */
  private static <T> List<T> dedupe(
      List<T> rows, Function<T, String> key, Comparator<T> preference, OnDuplicate<T> dup) {
    TreeMap<String, List<T>> byKey = new TreeMap<>();
    for (T r : rows) {
      byKey.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    List<T> out = new ArrayList<>(byKey.size());
    for (List<T> same : byKey.values()) {
      same.sort(preference);
      out.add(same.get(0));
      for (T r : same.subList(1, same.size())) {
        dup.accept(r, same.get(0));
      }
    }
    return out;
  }

  private static QuarantineRow dup(
      RunInfo run,
      String clusterId,
      Instant at,
      String source,
      String table,
      String key,
      String code,
      String reason) {
    return Quarantines.row(
        run,
        clusterId,
        null,
        at,
        Quarantines.CLOUD,
        Quarantines.CLOUD_RECORD,
        table + ":" + clusterId + (key.isEmpty() ? "" : "/" + key) + "@" + source,
        code,
        reason,
        source);
  }
}
