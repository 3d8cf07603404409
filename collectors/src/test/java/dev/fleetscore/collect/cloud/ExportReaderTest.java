package dev.fleetscore.collect.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportReaderTest {

  static final LocalDate DATE = LocalDate.of(2026, 11, 22);

  static Path fixtures(String sub) {
    try {
      return Path.of(ExportReaderTest.class.getResource("/cloud/" + sub).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static CloudBatch.Tables read(ExportReader.Scope scope, String clusterId, Path... inputs) {
    CloudBatch batch = new CloudBatch(CloudRun.stamp(null, DATE, null));
    ExportReader.Counts c =
        new ExportReader(batch, new ExportReader.Options(scope, clusterId, null, 0))
            .read(List.of(inputs));
    assertEquals(c.files(), c.read() + c.skippedOtherScope() + c.failed(), "counts reconcile");
    return batch.tables();
  }

  static <T> Map<String, T> by(List<T> rows, Function<T, String> key) {
    return rows.stream().collect(Collectors.toMap(key, r -> r));
  }

  static List<String> codes(CloudBatch.Tables t) {
    return t.errors().stream().map(CollectionErrorRow::getErrorCode).sorted().toList();
  }

  @Test
  void gkeStandardClusterPoolsOverrideAndVersionDefault() {
    CloudBatch.Tables t = read(ExportReader.Scope.GKE, null, fixtures("gke"));
    Map<String, CloudClusterRow> c = by(t.clusters(), CloudClusterRow::getClusterId);
    CloudClusterRow prod = c.get("gke:acme-prod/europe-west1/prod-eu");
    assertEquals("1.31.5-gke.1169000", prod.getVersion());
    assertEquals("1.25.6-gke.1000", prod.getInitialVersion());
    assertEquals(Boolean.FALSE, prod.getDefaultReadonlyPortEnabled());
    assertEquals(Boolean.TRUE, prod.getLegacyNodeConfigReadonlyPortEnabled());
    assertEquals(Boolean.FALSE, prod.getAutopilot());
    assertEquals(Boolean.TRUE, prod.getEndpointPublicAccess());
    assertEquals(List.of("newFieldFrom2027"), prod.getUnknownFields());
    assertTrue(prod.getRawJson().contains("newFieldFrom2027"), "unknown fields are kept");
    Map<String, CloudNodePoolRow> p =
        by(t.pools(), r -> r.getClusterId().substring(4) + "/" + r.getPoolName());
    // The pool sets the field itself, overriding the cluster's legacy nodeConfig (true).
    CloudNodePoolRow def = p.get("acme-prod/europe-west1/prod-eu/default-pool");
    assertEquals(Boolean.FALSE, def.getInsecureKubeletReadonlyPortEnabled());
    assertEquals(Boolean.FALSE, def.getReadonlyPortEnabled());
    assertEquals("POOL", def.getReadonlyPortSource());
    assertEquals(4096L, def.getPodPidsLimit(), "int64 sent as a JSON string");
    assertEquals(Boolean.TRUE, def.getCanDisableReadonlyPort());
    assertTrue(def.getSource().endsWith("node-pools-standard.json[0]"), def.getSource());
    // No field on the pool: the version default of a cluster created on 1.25 is "on".
    CloudNodePoolRow batch = p.get("acme-prod/europe-west1/prod-eu/batch");
    assertNull(batch.getInsecureKubeletReadonlyPortEnabled());
    assertEquals(Boolean.TRUE, batch.getReadonlyPortEnabled());
    assertEquals("GKE_VERSION_DEFAULT", batch.getReadonlyPortSource());
    assertEquals("static", batch.getCpuManagerPolicy());
    assertEquals(
        Map.of("memory.available", "200Mi", "nodefs.available", "10%"), batch.getEvictionSoft());
    assertEquals(Map.of("memory.available", "5%"), batch.getEvictionMinimumReclaim());
    assertEquals(
        List.of("kernel.msg*", "net.ipv4.route.min_pmtu"), batch.getAllowedUnsafeSysctls());
    assertEquals("best-effort", batch.getTopologyManagerPolicy());
    assertEquals("pod", batch.getTopologyManagerScope());
    assertEquals("Static", batch.getMemoryManagerPolicy());
    assertEquals(3, batch.getMaxParallelImagePulls());
    assertEquals(Boolean.TRUE, batch.getSingleProcessOomKill());
    assertNull(batch.getPodPidsLimit(), "a bad int64 is left empty, with a warning");
    assertTrue(batch.getKubeletConfigJson().contains("\"cpuManagerPolicy\":\"static\""));
    CloudNodePoolRow legacy = p.get("acme-prod/europe-west1/prod-eu/legacy-apps");
    assertEquals(Boolean.FALSE, legacy.getCanDisableReadonlyPort(), "1.25 cannot turn it off");
    assertEquals(Boolean.TRUE, legacy.getReadonlyPortEnabled());
    assertTrue(
        t.errors().stream()
            .anyMatch(
                e ->
                    e.getErrorCode().equals("BAD_VALUE")
                        && e.getMessage().contains("podPidsLimit")
                        && e.getSeverity().equals("WARNING")));
    // default-pool is in both the describe (stale: true) and the node-pools list (false).
    assertTrue(
        t.errors().stream()
            .anyMatch(
                e ->
                    e.getErrorCode().equals("DUPLICATE_CLOUD_RECORD")
                        && e.getMessage().contains("default-pool")));
    assertEquals(
        1,
        t.pools().stream()
            .filter(
                r ->
                    r.getPoolName().equals("default-pool")
                        && r.getClusterId().equals("gke:acme-prod/europe-west1/prod-eu"))
            .count());
  }

  @Test
  void gkeClusterOn125AndAutopilot() {
    CloudBatch.Tables t =
        read(ExportReader.Scope.GKE, null, fixtures("gke/clusters-list-old-and-autopilot.json"));
    Map<String, CloudClusterRow> c = by(t.clusters(), CloudClusterRow::getClusterId);
    assertEquals(
        List.of("gke:acme-legacy/us-central1-a/old-125", "gke:acme-web/europe-west4/web-autopilot"),
        List.copyOf(c.keySet().stream().sorted().toList()));
    CloudNodePoolRow old =
        t.pools().stream()
            .filter(r -> r.getClusterId().endsWith("old-125"))
            .findFirst()
            .orElseThrow();
    assertEquals(Boolean.FALSE, old.getCanDisableReadonlyPort());
    assertEquals(Boolean.TRUE, old.getReadonlyPortEnabled());
    assertEquals("GKE_VERSION_DEFAULT", old.getReadonlyPortSource());
    CloudClusterRow ap = c.get("gke:acme-web/europe-west4/web-autopilot");
    assertEquals(Boolean.TRUE, ap.getAutopilot());
    assertEquals(Boolean.FALSE, ap.getAutopilotReadonlyPortEnabled());
    assertNull(ap.getEndpointPublicAccess(), "not in the export, so unknown");
    List<CloudNodePoolRow> apPools =
        t.pools().stream().filter(r -> r.getClusterId().endsWith("web-autopilot")).toList();
    assertEquals(2, apPools.size());
    for (CloudNodePoolRow r : apPools) {
      assertEquals("AUTOPILOT_DEFAULT", r.getReadonlyPortSource(), r.getPoolName());
      assertEquals(Boolean.FALSE, r.getReadonlyPortEnabled());
    }
    assertEquals(
        Boolean.TRUE,
        apPools.stream()
            .filter(r -> r.getPoolName().startsWith("nap-"))
            .findFirst()
            .orElseThrow()
            .getAutoprovisioned());
  }

  @Test
  void realAutopilotListFromBefore2023ReadsWithoutKubeletConfig() throws IOException {
    // Shape of the public v1 list response sample: no kubeletConfig at all, no selfLink project.
    Path dir = Files.createTempDirectory("gke-real");
    Files.writeString(
        dir.resolve("list.json"),
        """
        {"clusters": [{"name": "istio", "location": "us-central1", "autopilot": {"enabled": true},
          "initialClusterVersion": "1.20.8-gke.900", "currentMasterVersion": "1.20.8-gke.900",
          "createTime": "2021-08-12T16:24:57+00:00", "status": "RUNNING",
          "nodePools": [{"name": "default-pool", "version": "1.20.8-gke.900",
            "config": {"machineType": "e2-medium"}, "initialNodeCount": 1}]}]}
        """);
    CloudBatch.Tables noProject = read(ExportReader.Scope.GKE, null, dir);
    assertEquals(List.of("MISSING_CLUSTER_ID"), codes(noProject));
    assertTrue(noProject.clusters().isEmpty());
    CloudBatch batch = new CloudBatch(CloudRun.stamp(null, DATE, null));
    new ExportReader(batch, new ExportReader.Options(ExportReader.Scope.GKE, null, "acme-old", 0))
        .read(List.of(dir));
    CloudBatch.Tables t = batch.tables();
    assertEquals("gke:acme-old/us-central1/istio", t.clusters().get(0).getClusterId());
    CloudNodePoolRow pool = t.pools().get(0);
    assertEquals(
        "GKE_VERSION_DEFAULT",
        pool.getReadonlyPortSource(),
        "an Autopilot cluster without nodePoolAutoConfig falls back to the version default");
    assertEquals(Boolean.TRUE, pool.getReadonlyPortEnabled());
    assertEquals(Boolean.FALSE, pool.getCanDisableReadonlyPort());
  }

  @Test
  void eksClusterNodeGroupsAwsAuthAccessEntriesAndNodes() {
    CloudBatch.Tables t = read(ExportReader.Scope.EKS, null, fixtures("eks/prod"));
    assertEquals(1, t.clusters().size());
    CloudClusterRow c = t.clusters().get(0);
    assertEquals("eks:111122223333/eu-west-1/prod", c.getClusterId());
    assertEquals("API_AND_CONFIG_MAP", c.getAuthenticationMode());
    assertEquals(Boolean.TRUE, c.getBootstrapCreatorAdmin());
    assertEquals(Boolean.TRUE, c.getEndpointPublicAccess());
    assertEquals(List.of("someFieldAddedIn2027"), c.getUnknownFields());
    assertEquals(java.time.Instant.parse("2024-03-29T15:48:17.371Z"), c.getCreatedAt());
    Map<String, CloudNodePoolRow> p = by(t.pools(), CloudNodePoolRow::getPoolName);
    assertEquals("AL2023_x86_64_STANDARD", p.get("al2023-general").getImageType());
    assertEquals(
        "arn:aws:iam::111122223333:role/eks-node-general",
        p.get("al2023-general").getNodeRoleArn());
    assertEquals(List.of("m6i.large", "m6a.large"), p.get("al2023-general").getMachineTypes());
    assertEquals(4, p.get("al2023-general").getDesiredSize());
    assertEquals("NOT_APPLICABLE", p.get("br-secure").getReadonlyPortSource());
    assertEquals("BOTTLEROCKET_x86_64", p.get("br-secure").getImageType());

    List<AuthMappingRow> roles =
        t.mappings().stream().filter(m -> m.getSourceKind().equals("AWS_AUTH_MAP_ROLES")).toList();
    assertEquals(4, roles.size());
    AuthMappingRow masters = roles.get(1);
    assertEquals("arn:aws:iam::111122223333:role/eks-node-bottlerocket", masters.getPrincipalArn());
    assertTrue(masters.getGroups().contains("system:masters"));
    assertEquals("ROLE", masters.getPrincipalType());
    AuthMappingRow wrongUser = roles.get(2);
    assertEquals("legacy-node", wrongUser.getUsername());
    assertEquals(List.of("system:bootstrappers", "system:nodes"), wrongUser.getGroups());
    AuthMappingRow path = roles.get(3);
    assertTrue(path.getArnHasPath());
    assertFalse(roles.get(0).getArnHasPath());
    assertEquals("111122223333", path.getAccountId());
    List<AuthMappingRow> users =
        t.mappings().stream().filter(m -> m.getSourceKind().equals("AWS_AUTH_MAP_USERS")).toList();
    assertEquals(
        List.of("USER", "USER"), users.stream().map(AuthMappingRow::getPrincipalType).toList());
    assertEquals(List.of("system:masters"), users.get(0).getGroups());
    AuthMappingRow account =
        t.mappings().stream()
            .filter(m -> m.getSourceKind().equals("AWS_AUTH_MAP_ACCOUNTS"))
            .findFirst()
            .orElseThrow();
    assertEquals("ACCOUNT", account.getPrincipalType());
    assertEquals("444455556666", account.getAccountId());
    assertNull(account.getPrincipalArn());

    List<AuthMappingRow> entries =
        t.mappings().stream().filter(m -> m.getSourceKind().equals("ACCESS_ENTRY")).toList();
    assertEquals(3, entries.size());
    assertEquals("EC2_LINUX", entries.get(0).getAccessEntryType());
    assertEquals(List.of("system:nodes"), entries.get(0).getGroups());
    AuthMappingRow admin = entries.get(1);
    assertTrue(admin.getArnHasPath(), "access entries may have a path");
    assertEquals(
        List.of("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"),
        admin.getAccessPolicies());
    assertEquals("STANDARD", admin.getAccessEntryType());
    assertNull(entries.get(2).getAccessEntryType());
    assertTrue(
        t.errors().stream()
            .anyMatch(
                e ->
                    e.getErrorCode().equals("ACCESS_ENTRY_NOT_DESCRIBED")
                        && e.getPath().endsWith("role/not-described")));

    assertTrue(t.inventory().isEmpty(), "node lists are collect inventory's");
    Map<String, InventoryRow> inv =
        by(
            read(ExportReader.Scope.INVENTORY, null, fixtures("eks/prod")).inventory(),
            InventoryRow::getNodeName);
    assertEquals(2, inv.size());
    InventoryRow n1 = inv.get("ip-10-0-1-10.eu-west-1.compute.internal");
    assertEquals("eks:111122223333/eu-west-1/prod", n1.getClusterId(), "cluster of the folder");
    assertEquals("al2023-general", n1.getNodePool());
    assertEquals(Boolean.TRUE, n1.getReady());
    assertEquals("eks", n1.getProvider());
    assertEquals(Boolean.FALSE, inv.get("ip-10-0-2-20.eu-west-1.compute.internal").getReady());
  }

  @Test
  void awsAuthWithAnUnparseableMapRolesStillReadsMapUsers() {
    CloudBatch.Tables t = read(ExportReader.Scope.EKS, null, fixtures("eks/legacy"));
    assertEquals(1, t.clusters().size());
    CloudClusterRow c = t.clusters().get(0);
    assertNull(c.getAuthenticationMode(), "older clusters have no accessConfig");
    assertEquals(
        java.time.Instant.parse("2020-01-01T00:00:00Z"), c.getCreatedAt(), "epoch seconds");
    CollectionErrorRow e =
        t.errors().stream().filter(r -> r.getStage().equals("AWS_AUTH")).findFirst().orElseThrow();
    assertEquals("MALFORMED_YAML", e.getErrorCode());
    assertEquals("data.mapRoles", e.getPath());
    assertEquals("eks:999988887777/us-east-1/legacy", e.getClusterId());
    assertEquals(
        List.of("AWS_AUTH_MAP_USERS"),
        t.mappings().stream().map(AuthMappingRow::getSourceKind).toList());
  }

  @Test
  void badFilesBecomeErrorRowsAndTheRestIsRead() {
    CloudBatch.Tables t =
        read(ExportReader.Scope.EKS, null, fixtures("bad"), fixtures("eks/legacy"));
    assertEquals(
        List.of("INVALID_JSON", "MALFORMED_YAML", "NOT_TEXT", "UNRECOGNIZED_EXPORT"), codes(t));
    assertEquals(1, t.clusters().size());
  }

  @Test
  void filesWithoutClusterNeedAHint(@TempDir Path dir) throws IOException {
    Files.copy(fixtures("eks/prod/aws-auth.yaml"), dir.resolve("aws-auth.yaml"));
    CloudBatch.Tables none = read(ExportReader.Scope.EKS, null, dir);
    assertEquals(List.of("MISSING_CLUSTER_ID"), codes(none));
    assertTrue(none.mappings().isEmpty());
    CloudBatch.Tables given = read(ExportReader.Scope.EKS, "eks:111122223333/eu-west-1/prod", dir);
    assertEquals(7, given.mappings().size());
    Files.writeString(
        dir.resolve("index.json"),
        """
        {"format": "fleetscore-exports/1",
         "files": [{"path": "aws-auth.yaml", "cluster_id": "eks:111122223333/eu-west-1/other"}]}
        """);
    CloudBatch.Tables indexed = read(ExportReader.Scope.EKS, null, dir);
    assertEquals("eks:111122223333/eu-west-1/other", indexed.mappings().get(0).getClusterId());
  }

  @Test
  void secretsInApiObjectsAreRedacted() {
    CloudBatch.Tables t = read(ExportReader.Scope.GKE, null, fixtures("gke"));
    String all = t.clusters().toString() + t.pools() + t.errors();
    assertFalse(all.contains("planted-basic-auth-password-7731"), "masterAuth.password");
    assertFalse(all.contains("UFJJVkFURSBLRVkt"), "masterAuth.clientKey");
    assertTrue(all.contains("REDACTED"));
  }

  @Test
  void scopesSkipEachOthersFilesAndInventoryTakesNodeLists() {
    CloudBatch batch = new CloudBatch(CloudRun.stamp(null, DATE, null));
    ExportReader.Counts c =
        new ExportReader(batch, new ExportReader.Options(ExportReader.Scope.GKE, null, null, 0))
            .read(List.of(fixtures("eks/prod")));
    assertEquals(9, c.files());
    assertEquals(0, c.read());
    assertEquals(9, c.skippedOtherScope());
    assertTrue(batch.tables().clusters().isEmpty());
    CloudBatch.Tables inv = read(ExportReader.Scope.INVENTORY, null, fixtures("eks/prod"));
    assertEquals(2, inv.inventory().size());
    assertTrue(inv.clusters().isEmpty() && inv.mappings().isEmpty());
  }

  @Test
  void writesEveryTableOrNoneAndReplacesTheSameSource(@TempDir Path wh) {
    CloudBatch b1 = new CloudBatch(CloudRun.stamp(null, DATE, null));
    new ExportReader(b1, new ExportReader.Options(ExportReader.Scope.EKS, null, null, 0))
        .read(List.of(fixtures("eks")));
    CloudRun.write(b1, wh, DATE, "eks", null);
    assertEquals(
        2, LocalTables.readAll(wh, Table.CLOUD_CLUSTERS, DATE, CloudClusterRow.class).size());
    assertEquals(List.of("eks.parquet"), names(wh, Table.AUTH_MAPPINGS));
    // A second run with only the legacy cluster replaces the first run's files, in every table.
    CloudBatch b2 = new CloudBatch(CloudRun.stamp(null, DATE, null));
    new ExportReader(b2, new ExportReader.Options(ExportReader.Scope.EKS, null, null, 0))
        .read(List.of(fixtures("eks/legacy")));
    CloudRun.write(b2, wh, DATE, "eks", null);
    assertEquals(
        1, LocalTables.readAll(wh, Table.CLOUD_CLUSTERS, DATE, CloudClusterRow.class).size());
    assertEquals(List.of(), names(wh, Table.INVENTORY), "no node list this time: no stale rows");
    // Another label sits beside it.
    CloudRun.write(b1, wh, DATE, "eks", "us");
    assertEquals(List.of("eks-us.parquet", "eks.parquet"), names(wh, Table.CLOUD_CLUSTERS));
  }

  @Test
  void sameInputsGiveByteIdenticalTables(@TempDir Path wh) throws IOException {
    for (String run : List.of("a", "b")) {
      CloudBatch b = new CloudBatch(CloudRun.stamp(null, DATE, null));
      new ExportReader(b, new ExportReader.Options(ExportReader.Scope.GKE, null, null, 0))
          .read(List.of(fixtures("gke")));
      CloudRun.write(b, wh.resolve(run), DATE, "gke", null);
    }
    for (Table table :
        List.of(Table.CLOUD_CLUSTERS, Table.CLOUD_NODE_POOLS, Table.COLLECTION_ERRORS)) {
      byte[] a =
          Files.readAllBytes(
              LocalTables.partition(wh.resolve("a"), table, DATE).resolve("gke.parquet"));
      byte[] b =
          Files.readAllBytes(
              LocalTables.partition(wh.resolve("b"), table, DATE).resolve("gke.parquet"));
      assertTrue(java.util.Arrays.equals(a, b), table.tableName());
    }
  }

  @Test
  void aFolderMixingProvidersResolvesEachFileToItsOwnProvidersCluster(@TempDir Path dir)
      throws IOException {
    // Exports without selfLink (as gcloud prints them on some versions), beside an EKS cluster.
    Files.writeString(
        dir.resolve("describe.json"),
        """
        {"name": "shop", "location": "europe-west3", "currentMasterVersion": "1.33.2-gke.100",
         "initialClusterVersion": "1.33.1-gke.200", "status": "RUNNING"}
        """);
    Files.writeString(
        dir.resolve("pools.json"),
        """
        [{"name": "default-pool", "version": "1.33.2-gke.100",
          "config": {"kubeletConfig": {"cpuManagerPolicy": "none"}}}]
        """);
    Files.copy(fixtures("eks/legacy/describe-cluster.json"), dir.resolve("eks-cluster.json"));
    // The EKS docs print aws-auth as an excerpt without kind or metadata.
    Files.writeString(
        dir.resolve("aws-auth.yaml"),
        """
        data:
          mapUsers: |
            - userarn: arn:aws:iam::999988887777:user/ops
              username: ops
              groups: [system:masters]
        """);
    CloudBatch batch = new CloudBatch(CloudRun.stamp(null, DATE, null));
    new ExportReader(batch, new ExportReader.Options(ExportReader.Scope.GKE, null, "acme-shop", 0))
        .read(List.of(dir));
    CloudBatch.Tables gke = batch.tables();
    assertEquals(List.of(), codes(gke));
    CloudNodePoolRow pool = gke.pools().get(0);
    assertEquals("gke:acme-shop/europe-west3/shop", pool.getClusterId());
    assertEquals("GKE_VERSION_DEFAULT", pool.getReadonlyPortSource());
    assertEquals(Boolean.FALSE, pool.getReadonlyPortEnabled(), "created on 1.33: off");
    CloudBatch.Tables eks = read(ExportReader.Scope.EKS, null, dir);
    assertEquals(List.of(), codes(eks));
    assertEquals("eks:999988887777/us-east-1/legacy", eks.mappings().get(0).getClusterId());
    assertEquals(List.of("system:masters"), eks.mappings().get(0).getGroups());
  }

  static List<String> names(Path wh, Table t) {
    return LocalTables.files(wh, t, DATE).stream()
        .map(p -> p.getFileName().toString())
        .sorted()
        .toList();
  }
}
