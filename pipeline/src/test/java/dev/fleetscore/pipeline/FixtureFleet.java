package dev.fleetscore.pipeline;

import dev.fleetscore.demo.evidence.NodeTemplate;
import dev.fleetscore.demo.evidence.NodeTemplates;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RawBucketWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small fixture fleet written as raw tables, with every kind of bad input the pipeline must
 * quarantine: a REJECTED dump, two dumps of one node (and an exact re-import of a dump under a
 * second run label), a kubelet config the normalizer rejects, a node collection error, a cloud
 * collection error, a processes row with no dump, a misplaced file, duplicate and cluster-less
 * cloud rows. Node shapes come from {@link NodeTemplates} (based on shared/samples captures).
 *
 * <p>Clusters: {@code gke:acme/europe-west1/payments} (3 nodes, one with readOnlyPort 10255 via a
 * flag; the cloud says the port is off; inventory of 4), {@code eks:111122223333/eu-west-1/shop} (2
 * nodes; aws-auth maps system:masters; two cloud_clusters rows), {@code kubeadm:lab} (the broken
 * and duplicate cases).
 */
final class FixtureFleet {

  static final LocalDate DAY1 = LocalDate.of(2026, 11, 21);
  static final LocalDate DAY2 = LocalDate.of(2026, 11, 22);
  static final String GKE = "gke:acme/europe-west1/payments";
  static final String EKS = "eks:111122223333/eu-west-1/shop";
  static final String LAB = "kubeadm:lab";
  static final String EDGE = "k3s:edge";

  private FixtureFleet() {}

  static Instant at(LocalDate d, int minute) {
    return d.atTime(2, minute).toInstant(ZoneOffset.UTC);
  }

  static NodeEvidence node(
      NodeTemplate t,
      LocalDate d,
      String cluster,
      String node,
      int minute,
      NodeTemplate.Variant v) {
    return t.build(
        new NodeTemplate.Spec(
            d,
            cluster,
            node,
            NodeTemplates.sha256(cluster + "/" + node + "/" + minute),
            at(d, minute),
            "pool-a",
            "zone-a",
            v));
  }

  private static void addFlag(NodeEvidence e, String flag) {
    ProcessRow p = e.getProcesses().get(0);
    List<String> argv = new ArrayList<>(p.getArgv());
    argv.add(flag);
    p.setArgv(argv);
  }

  /** Writes the fleet of {@code d}; {@code day2} brings the changes of the second day. */
  static void write(Path warehouse, LocalDate d, boolean day2) throws IOException {
    List<NodeEvidence> main = new ArrayList<>();
    main.add(node(NodeTemplates.GKE, d, GKE, "gke-node-1", 1, NodeTemplate.Variant.NONE));
    main.add(node(NodeTemplates.GKE, d, GKE, "gke-node-2", 2, NodeTemplate.Variant.NONE));
    main.add(
        node(NodeTemplates.GKE, d, GKE, "gke-node-3", 3, NodeTemplate.Variant.COLLECTION_ERROR));
    main.add(
        node(
            NodeTemplates.EKS,
            d,
            EKS,
            "ip-10-0-1-7.eu-west-1.compute.internal",
            4,
            NodeTemplate.Variant.NONE));
    NodeEvidence eks2 =
        node(
            NodeTemplates.EKS,
            d,
            EKS,
            "ip-10-0-2-9.eu-west-1.compute.internal",
            5,
            NodeTemplate.Variant.NONE);
    main.add(eks2);
    if (day2) {
      // Day 2: the GKE nodes turn the read-only port off (FIXED), an EKS node turns anonymous
      // auth on (REGRESSED), and the edge cluster is gone (GONE).
      for (NodeEvidence e : main.subList(0, 3)) {
        addFlag(e, "--read-only-port=0");
      }
      addFlag(eks2, "--anonymous-auth=true");
    } else {
      main.add(node(NodeTemplates.KUBEADM, d, EDGE, "edge-1", 11, NodeTemplate.Variant.NONE));
    }
    main.add(node(NodeTemplates.KUBEADM, d, LAB, "lab-cp", 6, NodeTemplate.Variant.NONE));
    main.add(
        node(NodeTemplates.KUBEADM, d, LAB, "lab-broken", 7, NodeTemplate.Variant.BROKEN_CONFIG));
    // Two dumps of lab-worker: the newer (minute 9) is scored, the older is DUPLICATE_NODE.
    main.add(node(NodeTemplates.KUBEADM, d, LAB, "lab-worker", 8, NodeTemplate.Variant.NONE));
    NodeEvidence newer =
        node(NodeTemplates.KUBEADM, d, LAB, "lab-worker", 9, NodeTemplate.Variant.NONE);
    main.add(newer);
    NodeDumpRow rejected =
        new NodeDumpRow(
            d.toString(),
            d,
            null,
            null,
            null,
            "fleetscore-collectors/test",
            "0000000000000000000000000000000000000000000000000000000000000bad",
            "dumps/empty.tar.gz",
            "REJECTED",
            "meta.env is missing",
            null,
            null,
            null,
            null,
            Map.of(),
            1,
            10L,
            1);
    main.add(
        new NodeEvidence(
            rejected,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(
                new CollectionErrorRow(
                    d.toString(),
                    d,
                    null,
                    null,
                    null,
                    "fleetscore-collectors/test",
                    rejected.getDumpId(),
                    "dumps/empty.tar.gz",
                    null,
                    "META",
                    "MISSING_META",
                    "meta.env not found in the dump",
                    "ERROR"))));
    // A processes row whose dump is in no node_dumps file: an orphan.
    NodeEvidence ghost =
        node(NodeTemplates.KUBEADM, d, LAB, "lab-ghost", 10, NodeTemplate.Variant.NONE);
    RawBucketWriter.writeAll(RawBucketWriter.local(warehouse, d), null, 2, main, null);
    // The same lab-worker dump imported again by a second run: an exact duplicate.
    RawBucketWriter.writeAll(RawBucketWriter.local(warehouse, d), "run2", 2, List.of(newer), null);
    int ghostBucket = Warehouse.bucketOf(RawBucketWriter.key(ghost), 2);
    ParquetRows.write(
        ParquetRows.localOut(
            warehouse
                .resolve(Warehouse.partition("", Table.PROCESSES, d).substring(1))
                .resolve(Warehouse.bucketFile(ghostBucket, 2, "ghost"))),
        ProcessRow.class,
        ghost.getProcesses());
    Path stray = warehouse.resolve(Warehouse.partition("", Table.FILE_STATS, d).substring(1));
    Files.createDirectories(stray);
    ParquetRows.write(
        ParquetRows.localOut(stray.resolve("stray.parquet")),
        dev.fleetscore.schema.FileStatRow.class,
        List.of());
    writeCloud(RawBucketWriter.local(warehouse, d), d);
  }

  private static void writeCloud(RawBucketWriter.Destination out, LocalDate d) throws IOException {
    String sid = d.toString();
    Instant at = d.atTime(1, 0).toInstant(ZoneOffset.UTC);
    String p = "fleetscore-collectors/test";
    CloudClusterRow gke =
        new CloudClusterRow(
            sid,
            d,
            GKE,
            at,
            p,
            "gke",
            "acme",
            "europe-west1",
            "payments",
            "1.30.5-gke.1014001",
            null,
            null,
            "RUNNING",
            false,
            true,
            null,
            null,
            false,
            null,
            null,
            null,
            List.of(),
            "gke-export.json",
            "{}");
    CloudClusterRow eksOld =
        new CloudClusterRow(
            sid,
            d,
            EKS,
            at.minusSeconds(600),
            p,
            "eks",
            "111122223333",
            "eu-west-1",
            "shop",
            "1.30",
            null,
            null,
            "ACTIVE",
            null,
            true,
            "CONFIG_MAP",
            true,
            null,
            null,
            null,
            null,
            List.of(),
            "eks-old.json",
            "{}");
    CloudClusterRow eksNew =
        new CloudClusterRow(
            sid,
            d,
            EKS,
            at,
            p,
            "eks",
            "111122223333",
            "eu-west-1",
            "shop",
            "1.30",
            null,
            null,
            "ACTIVE",
            null,
            true,
            "API_AND_CONFIG_MAP",
            true,
            null,
            null,
            null,
            null,
            List.of(),
            "eks.json",
            "{}");
    CloudClusterRow noId =
        new CloudClusterRow(
            sid,
            d,
            "",
            at,
            p,
            "gke",
            "acme",
            "europe-west1",
            "orphan",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            "gke-export.json",
            "{}");
    ParquetRows.write(
        out.of(Table.CLOUD_CLUSTERS, "gke.parquet"), CloudClusterRow.class, List.of(gke, noId));
    ParquetRows.write(
        out.of(Table.CLOUD_CLUSTERS, "eks.parquet"),
        CloudClusterRow.class,
        List.of(eksNew, eksOld));
    AuthMappingRow masters =
        AuthMappingRow.newBuilder()
            .setSnapshotId(sid)
            .setSnapshotDate(d)
            .setClusterId(EKS)
            .setCollectedAt(at)
            .setProducerVersion(p)
            .setProvider("eks")
            .setSourceKind("AWS_AUTH_MAP_USERS")
            .setEntryIndex(0)
            .setPrincipalArn("arn:aws:iam::111122223333:user/admin")
            .setPrincipalType("USER")
            .setAccountId("111122223333")
            .setArnHasPath(false)
            .setUsername("admin")
            .setGroups(List.of("system:masters"))
            .setAccessPolicies(List.of())
            .setSource("aws-auth.yaml")
            .setRaw("{}")
            .build();
    ParquetRows.write(
        out.of(Table.AUTH_MAPPINGS, "eks.parquet"), AuthMappingRow.class, List.of(masters));
    List<InventoryRow> inv = new ArrayList<>();
    for (String n : List.of("gke-node-1", "gke-node-2", "gke-node-3", "gke-node-4")) {
      inv.add(
          new InventoryRow(
              sid,
              d,
              GKE,
              n,
              at,
              p,
              "gke",
              "pool-a",
              null,
              "v1.30.5",
              "COS",
              "containerd://1.7.22",
              true,
              false,
              "kubectl"));
    }
    inv.add(
        new InventoryRow(
            sid,
            d,
            GKE,
            "gke-node-1",
            at.minusSeconds(60),
            p,
            "gke",
            "pool-a",
            null,
            "v1.30.5",
            "COS",
            "containerd://1.7.22",
            true,
            false,
            "kubectl-old"));
    ParquetRows.write(out.of(Table.INVENTORY, "kubectl.parquet"), InventoryRow.class, inv);
    ParquetRows.write(
        out.of(Table.COLLECTION_ERRORS, "eks.parquet"),
        CollectionErrorRow.class,
        List.of(
            new CollectionErrorRow(
                sid,
                d,
                EKS,
                null,
                at,
                p,
                null,
                "eks:describe-nodegroup",
                "nodegroups/spot",
                "CLOUD_EKS",
                "API_ERROR",
                "AccessDenied on DescribeNodegroup",
                "ERROR")));
  }
}
