package dev.fleetscore.collect.cloud;

import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ContentId;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RunLock;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One cloud collection into a warehouse partition: the rows of a {@link CloudBatch} are written as
 * per-source files {@code <source>[-label].parquet} of cloud_clusters, cloud_node_pools,
 * auth_mappings, inventory, rbac_roles, rbac_bindings, rbac_service_accounts and collection_errors.
 * All files are staged first and moved into place only when every one is written, replacing the
 * files of the same source and label of an earlier run (also in tables this run has no rows for),
 * so a table is never half written.
 */
public final class CloudRun {

  private CloudRun() {}

  /** What was written, for the command's summary. */
  public record Written(CloudBatch.Tables tables, List<Path> files) {}

  /** What an import of exports read and wrote. */
  public record Imported(ExportReader.Counts counts, Written written) {}

  /**
   * Reads the exports of one scope and writes them under the scope's source name: what {@code
   * fleetscore collect gke|eks|inventory --from} does.
   */
  public static Imported importExports(
      List<Path> inputs,
      ExportReader.Options options,
      CloudBatch.Stamp stamp,
      Path warehouse,
      String label) {
    CloudBatch batch = new CloudBatch(stamp);
    ExportReader.Counts counts = new ExportReader(batch, options).read(inputs);
    return new Imported(
        counts, write(batch, warehouse, stamp.date(), options.scope().source(), label));
  }

  /** The file name of a source and label: {@code gke.parquet}, {@code eks-eu.parquet}. */
  static String fileName(String source, String label) {
    return source + (label == null || label.isBlank() ? "" : "-" + label) + ".parquet";
  }

  @SuppressWarnings("try") // the lock is held for the whole body
  public static Written write(
      CloudBatch batch, Path warehouse, LocalDate date, String source, String label) {
    CloudBatch.Tables t = batch.tables();
    String name = fileName(source, label);
    RunScope scope = RunScope.cloud(date, name.substring(0, name.length() - ".parquet".length()));
    String runId = runId(t, scope);
    List<LocalTables.Staging> staged = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    try (RunLock lock = RunLock.acquire(warehouse, scope, runId)) {
      for (Table table : Table.RAW_PER_SOURCE) {
        LocalTables.cleanStaging(warehouse.resolve(table.tableName()), scope);
      }
      Map<Table, List<? extends SpecificRecord>> rows = rows(t);
      for (Table table : Table.RAW_PER_SOURCE) {
        stage(staged, files, warehouse, scope, runId, table, name, rows.get(table));
      }
      Map<Table, List<Path>> committed = new EnumMap<>(Table.class);
      for (int i = 0; i < staged.size(); i++) {
        committed.put(Table.RAW_PER_SOURCE.get(i), staged.get(i).commit(f -> f.equals(name)));
      }
      RunRecord.ofLocal(scope, runId, committed).writeLocal(warehouse);
    } finally {
      staged.forEach(LocalTables.Staging::close);
    }
    return new Written(t, files);
  }

  /** The rows of each per-source table, in {@link Table#RAW_PER_SOURCE} order. */
  private static Map<Table, List<? extends SpecificRecord>> rows(CloudBatch.Tables t) {
    Map<Table, List<? extends SpecificRecord>> m = new EnumMap<>(Table.class);
    m.put(Table.CLOUD_CLUSTERS, t.clusters());
    m.put(Table.CLOUD_NODE_POOLS, t.pools());
    m.put(Table.AUTH_MAPPINGS, t.mappings());
    m.put(Table.INVENTORY, t.inventory());
    m.put(Table.RBAC_ROLES, t.rbacRoles());
    m.put(Table.RBAC_BINDINGS, t.rbacBindings());
    m.put(Table.RBAC_SERVICE_ACCOUNTS, t.rbacServiceAccounts());
    m.put(Table.COLLECTION_ERRORS, t.errors());
    if (!m.keySet().equals(java.util.Set.copyOf(Table.RAW_PER_SOURCE))) {
      throw new IllegalStateException("a per-source table has no rows here");
    }
    return m;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void stage(
      List<LocalTables.Staging> staged,
      List<Path> files,
      Path warehouse,
      RunScope scope,
      String runId,
      Table table,
      String name,
      List<? extends SpecificRecord> rows) {
    LocalTables.Staging s = LocalTables.stage(warehouse, table, scope);
    staged.add(s);
    if (rows.isEmpty()) {
      return;
    }
    Path f = s.file(name);
    try {
      ParquetRows.write(ParquetRows.localOut(f), (Class) table.rowClass(), (List) rows, runId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
    files.add(LocalTables.partition(warehouse, table, scope.date()).resolve(name));
  }

  /** Content-derived: the rows decide the files, so the rows (in file order) decide the id. */
  private static String runId(CloudBatch.Tables t, RunScope scope) {
    ContentId id = ContentId.of("cloud").add(scope.name()).add(scope.date().toString());
    List<List<? extends SpecificRecord>> parts =
        new ArrayList<>(List.of(t.clusters(), t.pools(), t.mappings(), t.inventory(), t.errors()));
    if (!t.rbacRoles().isEmpty()
        || !t.rbacBindings().isEmpty()
        || !t.rbacServiceAccounts().isEmpty()) {
      // appended only when present, so runs without RBAC keep the ids they always had
      parts.addAll(List.of(t.rbacRoles(), t.rbacBindings(), t.rbacServiceAccounts()));
    }
    for (List<? extends SpecificRecord> rows : parts) {
      id.add(rows.size());
      rows.forEach(r -> id.add(r.toString()));
    }
    return id.id();
  }

  /** The stamp of a run: snapshot id defaults to the date. */
  public static CloudBatch.Stamp stamp(String snapshotId, LocalDate date, Instant collectedAt) {
    return new CloudBatch.Stamp(
        snapshotId == null || snapshotId.isBlank() ? date.toString() : snapshotId,
        date,
        collectedAt);
  }
}
