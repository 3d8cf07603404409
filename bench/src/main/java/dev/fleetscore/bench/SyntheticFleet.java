package dev.fleetscore.bench;

import dev.fleetscore.demo.evidence.NodeTemplate;
import dev.fleetscore.demo.evidence.NodeTemplates;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.NodeKey;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.ContentId;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RawBucketWriter;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A raw snapshot of {@code nodes} nodes for benchmarks: {@link NodeTemplate}s replicated under many
 * cluster and node names (about 250 nodes per cluster, providers in turn), written in the bucketed
 * layout, with the cloud tables of the GKE and EKS clusters and an inventory. Deterministic for a
 * seed. With a {@code largestCluster} above 250 the first cluster holds that many nodes and the
 * rest keep 250 each (to measure memory bounded by the largest cluster); the default layout is
 * unchanged. It deliberately holds bad input at low rates: an older duplicate dump for one node in
 * 997, a rejected dump per 1000 nodes, an unparseable kubelet config in one node per 2003, one
 * collection error in 773, and inventory listing 1% more nodes than dumped.
 */
public final class SyntheticFleet {

  public static final int NODES_PER_CLUSTER = 250;

  private final LocalDate date;
  private final int nodes;
  private final long seed;
  private final List<NodeTemplate> templates;
  private final int largestCluster;

  public SyntheticFleet(LocalDate date, int nodes, long seed, List<NodeTemplate> templates) {
    this(date, nodes, seed, templates, NODES_PER_CLUSTER);
  }

  /** A fleet whose first cluster has {@code largestCluster} nodes (at least 250). */
  public SyntheticFleet(
      LocalDate date, int nodes, long seed, List<NodeTemplate> templates, int largestCluster) {
    if (largestCluster < NODES_PER_CLUSTER) {
      throw new IllegalArgumentException(
          "the largest cluster must have at least " + NODES_PER_CLUSTER + " nodes");
    }
    this.date = date;
    this.nodes = nodes;
    this.seed = seed;
    this.templates = List.copyOf(templates);
    this.largestCluster = largestCluster;
  }

  int clusters() {
    int rest = Math.max(0, nodes - largestCluster);
    return 1 + (rest + NODES_PER_CLUSTER - 1) / NODES_PER_CLUSTER;
  }

  /**
   * The cluster of node {@code i}: the first {@code largestCluster} nodes in cluster 0, then 250
   * per cluster (with the default, {@code i / 250}).
   */
  int clusterOf(int i) {
    return i < largestCluster ? 0 : 1 + (i - largestCluster) / NODES_PER_CLUSTER;
  }

  NodeTemplate template(int cluster) {
    return templates.get(cluster % templates.size());
  }

  String clusterId(int k) {
    return switch (template(k).provider()) {
      case "gke" -> "gke:bench-" + (k % 7) + "/europe-west1/c" + k;
      case "eks" -> "eks:1111222233" + (k % 10) + "/eu-west-1/c" + k;
      default -> template(k).provider() + ":c" + k;
    };
  }

  String nodeName(int i) {
    int k = clusterOf(i);
    return template(k).provider() + "-c" + k + "-pool-" + (i % 2) + "-" + Integer.toHexString(i);
  }

  /** One dump to write: node index, whether it is the older duplicate or a rejected dump. */
  private record Dump(NodeKey key, int node, int kind) {}

  private static final int MAIN = 0;
  private static final int OLDER_DUPLICATE = 1;
  private static final int REJECTED = 2;

  /**
   * Writes the snapshot into the local {@code warehouse} as one import run would: every node file
   * stamped with a run id derived from the fleet's parameters, and the run's completion record, so
   * that readers which hold a partition to its record ({@code fleetscore report}) accept it.
   * Returns the number of node_dumps rows.
   */
  public long write(Path warehouse) {
    List<Dump> dumps = new ArrayList<>(nodes + nodes / 500 + 8);
    for (int i = 0; i < nodes; i++) {
      int k = clusterOf(i);
      dumps.add(new Dump(new NodeKey(clusterId(k), nodeName(i), dumpId(i, MAIN)), i, MAIN));
      if (i % 997 == 500) {
        dumps.add(
            new Dump(
                new NodeKey(clusterId(k), nodeName(i), dumpId(i, OLDER_DUPLICATE)),
                i,
                OLDER_DUPLICATE));
      }
      if (i % 1000 == 999) {
        dumps.add(new Dump(new NodeKey(null, null, dumpId(i, REJECTED)), i, REJECTED));
      }
    }
    int count = Warehouse.bucketCountFor(dumps.size());
    List<List<Dump>> byBucket = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      byBucket.add(new ArrayList<>());
    }
    for (Dump d : dumps) {
      byBucket.get(Warehouse.bucketOf(d.key(), count)).add(d);
    }
    RawBucketWriter.Destination out = RawBucketWriter.local(warehouse, date);
    String runId = runId();
    IntStream.range(0, count)
        .parallel()
        .forEach(
            b -> {
              List<Dump> list = byBucket.get(b);
              list.sort((x, y) -> NodeKey.ORDER.compare(x.key(), y.key()));
              String name = Warehouse.bucketFile(b, count, null);
              try (RawBucketWriter w = new RawBucketWriter(out, name, runId)) {
                for (Dump d : list) {
                  w.write(evidence(d));
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Map<Table, List<Path>> files = new EnumMap<>(Table.class);
    for (Table t : Table.RAW_BUCKETED) {
      files.put(t, LocalTables.files(warehouse, t, date));
    }
    RunRecord.ofLocal(RunScope.importRun(date, null), runId, files).writeLocal(warehouse);
    try {
      writeCloud(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dumps.size();
  }

  /** Content-derived like an import's: the parameters decide every row. */
  private String runId() {
    ContentId id =
        ContentId.of("import")
            .add(NodeTemplates.PRODUCER)
            .add(date.toString())
            .add(nodes)
            .add(seed)
            .add(templates.stream().map(NodeTemplate::provider).toList().toString());
    return largestCluster == NODES_PER_CLUSTER ? id.id() : id.add(largestCluster).id();
  }

  private NodeEvidence evidence(Dump d) {
    int i = d.node();
    Instant at = date.atTime(2, 0).toInstant(ZoneOffset.UTC).plusSeconds(i % 3600);
    if (d.kind() == REJECTED) {
      NodeDumpRow row =
          new NodeDumpRow(
              date.toString(),
              date,
              null,
              null,
              null,
              NodeTemplates.PRODUCER,
              d.key().dumpId(),
              "dumps/broken-" + i + ".tar.gz",
              "REJECTED",
              "meta.env is missing",
              null,
              null,
              null,
              null,
              Map.of(),
              3,
              812L,
              1);
      return new NodeEvidence(row, List.of(), List.of(), List.of(), List.of(), List.of());
    }
    int k = clusterOf(i);
    NodeTemplate.Variant v =
        i % 2003 == 1000
            ? NodeTemplate.Variant.BROKEN_CONFIG
            : i % 773 == 300 ? NodeTemplate.Variant.COLLECTION_ERROR : NodeTemplate.Variant.NONE;
    return template(k)
        .build(
            new NodeTemplate.Spec(
                date,
                clusterId(k),
                nodeName(i),
                d.key().dumpId(),
                d.kind() == OLDER_DUPLICATE ? at.minusSeconds(86_400) : at,
                "pool-" + (i % 2),
                "europe-west1-" + (char) ('b' + i % 3),
                v));
  }

  private void writeCloud(RawBucketWriter.Destination out) throws IOException {
    List<CloudClusterRow> gke = new ArrayList<>();
    List<CloudClusterRow> eks = new ArrayList<>();
    List<CloudNodePoolRow> pools = new ArrayList<>();
    List<AuthMappingRow> auth = new ArrayList<>();
    TreeMap<String, List<InventoryRow>> inventory = new TreeMap<>();
    String sid = date.toString();
    Instant at = date.atTime(1, 30).toInstant(ZoneOffset.UTC);
    String p = NodeTemplates.PRODUCER;
    for (int k = 0; k < clusters(); k++) {
      String id = clusterId(k);
      String provider = template(k).provider();
      boolean cloud = provider.equals("gke") || provider.equals("eks");
      if (cloud) {
        boolean g = provider.equals("gke");
        CloudClusterRow c =
            new CloudClusterRow(
                sid,
                date,
                id,
                at,
                p,
                provider,
                id.substring(4, id.indexOf('/')),
                "europe-west1",
                "c" + k,
                "1.30.5",
                null,
                null,
                "RUNNING",
                false,
                true,
                g ? null : "API_AND_CONFIG_MAP",
                g ? null : true,
                g ? (k % 3 != 0) : null,
                null,
                null,
                null,
                List.of(),
                provider + ".json",
                "{}");
        (g ? gke : eks).add(c);
        for (int pool = 0; pool < 2; pool++) {
          pools.add(
              CloudNodePoolRow.newBuilder()
                  .setSnapshotId(sid)
                  .setSnapshotDate(date)
                  .setClusterId(id)
                  .setCollectedAt(at)
                  .setProducerVersion(p)
                  .setProvider(provider)
                  .setPoolName("pool-" + pool)
                  .setMachineTypes(List.of("e2-standard-4"))
                  .setReadonlyPortEnabled(g ? k % 3 != 0 : null)
                  .setReadonlyPortSource(g ? "CLUSTER_DEFAULT" : "NOT_APPLICABLE")
                  .setAllowedUnsafeSysctls(List.of())
                  .setEvictionSoft(Map.of())
                  .setEvictionSoftGracePeriod(Map.of())
                  .setEvictionMinimumReclaim(Map.of())
                  .setSource(provider + ".json")
                  .setRawJson("{}")
                  .build());
        }
        if (!g) {
          auth.add(
              AuthMappingRow.newBuilder()
                  .setSnapshotId(sid)
                  .setSnapshotDate(date)
                  .setClusterId(id)
                  .setCollectedAt(at)
                  .setProducerVersion(p)
                  .setProvider("eks")
                  .setSourceKind("AWS_AUTH_MAP_ROLES")
                  .setEntryIndex(0)
                  .setPrincipalArn("arn:aws:iam::111122223333:role/nodes")
                  .setPrincipalType("ROLE")
                  .setAccountId("111122223333")
                  .setArnHasPath(false)
                  .setUsername("system:node:{{EC2PrivateDNSName}}")
                  .setGroups(
                      k % 10 == 1
                          ? List.of("system:bootstrappers", "system:nodes", "system:masters")
                          : List.of("system:bootstrappers", "system:nodes"))
                  .setAccessPolicies(List.of())
                  .setSource("eks.json")
                  .setRaw("{}")
                  .build());
        }
      }
    }
    for (int i = 0; i < nodes + nodes / 100; i++) {
      int k = Math.min(clusterOf(i), clusters() - 1);
      String id = clusterId(k);
      inventory
          .computeIfAbsent(id, x -> new ArrayList<>())
          .add(
              new InventoryRow(
                  sid,
                  date,
                  id,
                  i < nodes ? nodeName(i) : "unscanned-" + i,
                  at,
                  p,
                  template(k).provider(),
                  "pool-" + (i % 2),
                  null,
                  "v1.30.5",
                  "COS",
                  "containerd://1.7",
                  true,
                  false,
                  "kubectl"));
    }
    List<InventoryRow> inv = new ArrayList<>();
    inventory
        .values()
        .forEach(
            l -> {
              l.sort(Comparator.comparing(InventoryRow::getNodeName));
              inv.addAll(l);
            });
    ParquetRows.write(out.of(Table.CLOUD_CLUSTERS, "gke.parquet"), CloudClusterRow.class, gke);
    ParquetRows.write(out.of(Table.CLOUD_CLUSTERS, "eks.parquet"), CloudClusterRow.class, eks);
    ParquetRows.write(
        out.of(Table.CLOUD_NODE_POOLS, "cloud.parquet"), CloudNodePoolRow.class, pools);
    ParquetRows.write(out.of(Table.AUTH_MAPPINGS, "eks.parquet"), AuthMappingRow.class, auth);
    ParquetRows.write(out.of(Table.INVENTORY, "kubectl.parquet"), InventoryRow.class, inv);
  }

  private String dumpId(int node, int kind) {
    return NodeTemplates.sha256(seed + "/" + node + "/" + kind);
  }
}
