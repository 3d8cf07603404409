package dev.fleetscore.collect.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect rbac --from}: kubectl RBAC exports into the rbac_* tables. */
class RbacExportTest {

  static CloudBatch.Tables read(String clusterId, Path... inputs) {
    return ExportReaderTest.read(ExportReader.Scope.RBAC, clusterId, inputs);
  }

  static String errors(CloudBatch.Tables t) {
    return String.join(
        "\n",
        t.errors().stream()
            .map(
                e ->
                    e.getSeverity()
                        + " "
                        + e.getErrorCode()
                        + " "
                        + e.getClusterId()
                        + " "
                        + e.getSource()
                        + " "
                        + e.getPath())
            .toList());
  }

  @Test
  void aKubectlListOfMixedKindsBecomesRows() {
    CloudBatch.Tables t = read(null, ExportReaderTest.fixtures("rbac/prod"));
    List<RbacRoleRow> roles = t.rbacRoles();
    assertEquals(3, roles.size());
    RbacRoleRow view =
        roles.stream().filter(r -> r.getName().equals("view")).findFirst().orElseThrow();
    assertEquals("kubeadm:prod", view.getClusterId(), "from the index.json above the folder");
    assertTrue(view.getBootstrap());
    assertEquals(
        "{\"clusterRoleSelectors\":[{\"matchLabels\":{\"rbac.authorization.k8s.io/aggregate-to-view\":\"true\"}}]}",
        view.getAggregationRuleJson());
    assertEquals(
        "[{\"apiGroups\":[\"\"],\"resources\":[\"pods\",\"services\",\"configmaps\"],\"verbs\":[\"get\",\"list\",\"watch\"]}]",
        view.getRulesJson());
    assertEquals("prod/rbac.json", view.getSource(), "relative to the folder given");
    RbacRoleRow podReader =
        roles.stream().filter(r -> r.getKind().equals("Role")).findFirst().orElseThrow();
    assertEquals("team-a", podReader.getNamespace());
    List<RbacBindingRow> b = t.rbacBindings();
    assertEquals(4, b.size(), "one row per subject; the binding without subjects has one row");
    RbacBindingRow empty =
        b.stream().filter(r -> r.getName().equals("empty")).findFirst().orElseThrow();
    assertEquals(-1, empty.getSubjectIndex());
    assertNull(empty.getSubjectKind());
    RbacBindingRow ci =
        b.stream()
            .filter(r -> "ServiceAccount".equals(r.getSubjectKind()))
            .findFirst()
            .orElseThrow();
    assertNull(ci.getSubjectNamespace(), "kept as written; the engine defaults it");
    assertEquals("RoleBinding", ci.getKind());
    List<RbacServiceAccountRow> sas = t.rbacServiceAccounts();
    assertEquals(2, sas.size());
    assertEquals(false, sas.get(0).getAutomountToken());
    assertNull(sas.get(1).getAutomountToken());
    assertEquals("", errors(t));
    assertTrue(
        t.summary().contains("3 roles, 4 binding subjects, 2 service accounts"), t.summary());
  }

  @Test
  void badObjectsTypedListsAndPartialExportsAreRows() {
    CloudBatch.Tables t = read(null, ExportReaderTest.fixtures("rbac/lab"));
    assertEquals(2, t.rbacRoles().size(), "the typed ClusterRoleList items, kind from the list");
    assertEquals(1, t.rbacBindings().size());
    String e = errors(t);
    assertTrue(
        e.contains(
            "WARNING MISSING_FIELD gke:acme/europe-west1/lab lab/rbac.yaml items[1] (RoleBinding)"),
        e);
    assertTrue(
        e.contains(
            "WARNING UNEXPECTED_KIND gke:acme/europe-west1/lab lab/rbac.yaml items[2] (Pod)"),
        e);
    assertTrue(
        e.contains(
            "WARNING BAD_VALUE gke:acme/europe-west1/lab lab/rbac.yaml items[3] (ClusterRole)"),
        e);
    CollectionErrorRow partial =
        t.errors().stream()
            .filter(x -> x.getErrorCode().equals("PARTIAL_EXPORT"))
            .findFirst()
            .orElseThrow();
    assertTrue(partial.getMessage().startsWith("no ServiceAccount object"), partial.getMessage());
  }

  @Test
  void filesWithoutAClusterAndBrokenFilesAreErrorRows() {
    CloudBatch.Tables t =
        read(
            null,
            ExportReaderTest.fixtures("rbac/orphan"),
            ExportReaderTest.fixtures("rbac/broken"));
    assertEquals(0, t.rbacRoles().size());
    List<String> codes = ExportReaderTest.codes(t);
    assertEquals(List.of("INVALID_JSON", "MISSING_CLUSTER_ID"), codes, errors(t));
    CloudBatch.Tables hinted = read("kubeadm:lab", ExportReaderTest.fixtures("rbac/orphan"));
    assertEquals("kubeadm:lab", hinted.rbacRoles().get(0).getClusterId());
  }

  @Test
  void otherCollectorsSkipRbacExportsAndRbacSkipsTheirs() {
    CloudBatch.Tables inv =
        ExportReaderTest.read(
            ExportReader.Scope.INVENTORY, null, ExportReaderTest.fixtures("rbac/prod"));
    assertEquals(0, inv.rbacRoles().size());
    assertEquals("", errors(inv));
  }

  @Test
  void writesTheRbacTablesByteIdentically(@TempDir Path wh) throws IOException {
    CloudBatch.Stamp stamp = CloudRun.stamp(null, ExportReaderTest.DATE, null);
    ExportReader.Options o = new ExportReader.Options(ExportReader.Scope.RBAC, null, null, 0);
    CloudRun.Imported a =
        CloudRun.importExports(
            List.of(ExportReaderTest.fixtures("rbac/prod")), o, stamp, wh.resolve("a"), null);
    CloudRun.importExports(
        List.of(ExportReaderTest.fixtures("rbac/prod")), o, stamp, wh.resolve("b"), null);
    assertEquals(3, a.written().tables().rbacRoles().size());
    for (Table table :
        List.of(Table.RBAC_ROLES, Table.RBAC_BINDINGS, Table.RBAC_SERVICE_ACCOUNTS)) {
      Path rel = Path.of(table.tableName(), "snapshot_date=2026-11-22", "rbac.parquet");
      assertTrue(Files.exists(wh.resolve("a").resolve(rel)), rel.toString());
      assertEquals(-1L, Files.mismatch(wh.resolve("a").resolve(rel), wh.resolve("b").resolve(rel)));
    }
    List<RbacBindingRow> back =
        ParquetRows.readAll(
            ParquetRows.local(wh.resolve("a/rbac_bindings/snapshot_date=2026-11-22/rbac.parquet")),
            RbacBindingRow.class);
    assertEquals(a.written().tables().rbacBindings(), back);
  }
}
