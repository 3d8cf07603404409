package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud collect commands' wiring and exit codes. What they read is tested in the collectors
 * module (ExportReaderTest; EksLiveTest, GkeLiveTest and KubeLiveTest against stub servers).
 */
class CollectCloudCommandTest {

  @TempDir Path tmp;

  @Test
  void eksExportsAndAnInventoryLandInTheWarehouse() throws IOException {
    Path dir = tmp.resolve("prod");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("describe-cluster.json"),
        """
        {"cluster": {"name": "prod", "arn": "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
          "version": "1.31", "status": "ACTIVE",
          "accessConfig": {"authenticationMode": "CONFIG_MAP"}}}
        """);
    Files.writeString(
        dir.resolve("aws-auth.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: aws-auth, namespace: kube-system}
        data:
          mapRoles: |
            - rolearn: arn:aws:iam::111122223333:role/node
              username: system:node:{{EC2PrivateDNSName}}
              groups: [system:bootstrappers, system:nodes]
        """);
    Files.writeString(
        dir.resolve("nodes.json"),
        """
        {"kind": "List", "apiVersion": "v1", "items": [{"kind": "Node",
          "metadata": {"name": "ip-10-0-0-1"}, "status": {"nodeInfo": {}}}]}
        """);
    Path wh = tmp.resolve("wh");
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "collect",
            "eks",
            "--from",
            dir.toString(),
            "--warehouse",
            wh.toString(),
            "--date",
            "2026-11-22");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("1 clusters, 0 node pools, 1 identity mappings"), r.out());
    assertTrue(r.out().contains("1 belong to another collector"), r.out());
    assertTrue(
        Files.isRegularFile(wh.resolve("auth_mappings/snapshot_date=2026-11-22/eks.parquet")));
    FleetscoreCommandTest.Run inv =
        FleetscoreCommandTest.run(
            "collect",
            "inventory",
            "--from",
            dir.toString(),
            "--warehouse",
            wh.toString(),
            "--date",
            "2026-11-22");
    assertEquals(ExitCodes.OK, inv.code(), inv.err());
    assertTrue(inv.out().contains("1 inventory nodes"), inv.out());
    assertTrue(
        Files.isRegularFile(wh.resolve("inventory/snapshot_date=2026-11-22/kubectl.parquet")));
  }

  @Test
  void collectRbacReadsAKubectlExport() throws IOException {
    Path f = tmp.resolve("rbac.json");
    Files.writeString(
        f,
        """
        {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
         {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
          "metadata": {"name": "prometheus"},
          "rules": [{"apiGroups": [""], "resources": ["nodes/proxy"], "verbs": ["get"]}]},
         {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
          "metadata": {"name": "prometheus"},
          "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "prometheus"},
          "subjects": [{"kind": "ServiceAccount", "name": "prometheus", "namespace": "monitoring"}]},
         {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "default"}}
        ]}
        """);
    Path wh = tmp.resolve("wh-rbac");
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "collect",
            "rbac",
            "--from",
            f.toString(),
            "--cluster-id",
            "kubeadm:lab",
            "--warehouse",
            wh.toString(),
            "--date",
            "2026-11-22");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("1 roles, 1 binding subjects, 1 service accounts"), r.out());
    assertTrue(
        Files.isRegularFile(wh.resolve("rbac_bindings/snapshot_date=2026-11-22/rbac.parquet")));
    FleetscoreCommandTest.Run none =
        FleetscoreCommandTest.run(
            "collect", "rbac", "--warehouse", tmp.toString(), "--date", "2026-11-22");
    assertEquals(ExitCodes.INPUT, none.code());
    assertTrue(none.err().contains("--kubeconfig"), none.err());
  }

  @Test
  void aBadExportIsAnErrorRowNotAFailure() throws IOException {
    Path f = tmp.resolve("clusters.json");
    Files.writeString(f, "[{\"name\": \"x\", \"currentMasterVersion\": ");
    Path wh = tmp.resolve("wh");
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "collect",
            "gke",
            "--from",
            f.toString(),
            "--warehouse",
            wh.toString(),
            "--date",
            "2026-11-22");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.err().contains("ERROR INVALID_JSON"), r.err());
    assertTrue(
        Files.isRegularFile(wh.resolve("collection_errors/snapshot_date=2026-11-22/gke.parquet")));
  }

  @Test
  void withoutInputsTheCommandsSayWhatTheyNeed() {
    FleetscoreCommandTest.Run gke =
        FleetscoreCommandTest.run(
            "collect", "gke", "--warehouse", tmp.toString(), "--date", "2026-11-22");
    assertEquals(ExitCodes.INPUT, gke.code());
    assertTrue(gke.err().contains("--project"), gke.err());
    FleetscoreCommandTest.Run eks =
        FleetscoreCommandTest.run(
            "collect", "eks", "--warehouse", tmp.toString(), "--date", "2026-11-22");
    assertEquals(ExitCodes.INPUT, eks.code());
    assertTrue(eks.err().contains("--region"), eks.err());
    FleetscoreCommandTest.Run inv =
        FleetscoreCommandTest.run(
            "collect",
            "inventory",
            "--warehouse",
            tmp.toString(),
            "--date",
            "2026-11-22",
            "--kubeconfig",
            "k");
    assertEquals(ExitCodes.INPUT, inv.code());
    assertTrue(inv.err().contains("--context"), inv.err());
  }
}
