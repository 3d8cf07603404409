package dev.fleetscore.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One cluster of the demo fleet: its identity (consistent with the cluster ids of
 * docs/contracts.md, so that dumps and cloud exports join), versions, pools and network, all
 * derived from the fleet seed and the cluster's index. Cheap to build: no keys, no certificates.
 */
final class ClusterPlan {

  /** The distributions, in the order clusters take them. */
  enum Type {
    GKE,
    EKS,
    AKS,
    KUBEADM,
    K3S,
    GKE_LEGACY
  }

  static final Type[] ROSTER = {
    Type.GKE, Type.EKS, Type.AKS, Type.KUBEADM, Type.K3S, Type.GKE_LEGACY
  };

  private static final String[] GKE_NAMES = {"payments", "search", "ledger", "identity", "media"};
  private static final String[] GKE_PROJECTS = {"acme-prod", "acme-data", "acme-shared"};
  private static final String[] GKE_REGIONS = {"europe-west1", "us-central1", "asia-northeast1"};
  private static final String[] GKE_VERSIONS = {
    "1.33.5-gke.1201000", "1.32.9-gke.1108000", "1.31.13-gke.1023000"
  };
  private static final String[] GKE_INITIAL = {
    "1.29.8-gke.1211000", "1.30.5-gke.1014001", "1.32.2-gke.1182001"
  };
  private static final String[] GKE_PREVIOUS = {
    "1.32.9-gke.1108000", "1.31.13-gke.1023000", "1.30.14-gke.1185000"
  };
  private static final String[] GKE_LEGACY_NAMES = {"batch", "reporting", "legacy-api"};
  private static final String[] GKE_LEGACY_VERSIONS = {
    "1.25.16-gke.1041000", "1.26.15-gke.1090000"
  };
  private static final String[] GKE_LEGACY_INITIAL = {"1.24.17-gke.2200", "1.25.8-gke.1000"};
  private static final String[] GKE_LEGACY_ZONES = {"us-central1-a", "europe-west4-b"};

  private static final String[] EKS_NAMES = {"checkout", "orders", "inventory", "shipping"};
  private static final String[] EKS_ACCOUNTS = {"111122223333", "444455556666", "777788889999"};
  private static final String[] EKS_REGIONS = {"eu-west-1", "us-east-2", "ap-southeast-2"};
  private static final int[] EKS_MINORS = {31, 32, 30};
  private static final String[] EKS_PATCH = {"1.31.7", "1.32.3", "1.30.11", "1.29.15", "1.28.15"};
  private static final String[] EKS_AMI_DATES = {"20250620", "20250403", "20241121"};

  private static final String[] AKS_NAMES = {"portal", "crm", "billing"};
  private static final String[] AKS_VERSIONS = {"1.29.9", "1.30.5", "1.31.2"};
  private static final String[] AKS_LOCATIONS = {"westeurope", "eastus2", "uksouth"};

  private static final String[] KUBEADM_NAMES = {"lab-onprem", "factory", "dc2-core"};
  private static final String[] KUBEADM_VERSIONS = {"1.30.14", "1.31.10", "1.29.15"};

  private static final String[] K3S_NAMES = {"edge-stores", "edge-kiosks", "edge-branch"};
  private static final String[] K3S_NEW = {"v1.33.4+k3s1", "v1.32.8+k3s1"};
  private static final String[] K3S_OLD = {"v1.31.12+k3s1", "v1.30.14+k3s2"};

  final int index;
  final Type type;
  final int ordinal;
  final long seed;
  final Instant snapshot;
  final String provider;
  final String name;
  final String id;

  /** GKE project, EKS account, AKS subscription. */
  final String owner;

  /** GKE location, EKS region, AKS resource group. */
  final String location;

  /** AKS Azure region; GKE zone prefix; EKS region. */
  final String region;

  final String version;
  final String initialVersion;
  final Instant created;
  final List<Pool> pools;
  final int dumpNodes;
  final int inventoryExtra;
  final int octet;
  final String serviceIp;
  final String clusterDns;
  final String serviceCidr;
  final String podCidr;
  final String endpoint;
  final boolean etcdSharesCa;

  private ClusterPlan(FleetSpec spec, int index) {
    this.index = index;
    this.type = ROSTER[index % ROSTER.length];
    this.ordinal = index / ROSTER.length;
    this.seed = spec.seed();
    this.snapshot = spec.snapshotDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    this.dumpNodes = spec.nodesPerCluster();
    this.octet = 16 + index % 200;
    Random r = Seeds.random(seed, "cluster", index);
    this.created =
        snapshot.minus(400 + r.nextInt(1000), ChronoUnit.DAYS).plusSeconds(r.nextInt(86400));
    List<Pool> ps = new ArrayList<>();
    switch (type) {
      case GKE -> {
        provider = "gke";
        name = pickName(GKE_NAMES);
        owner = GKE_PROJECTS[ordinal % GKE_PROJECTS.length];
        location = GKE_REGIONS[ordinal % GKE_REGIONS.length];
        region = location;
        version = GKE_VERSIONS[ordinal % GKE_VERSIONS.length];
        initialVersion = GKE_INITIAL[ordinal % GKE_INITIAL.length];
        id = "gke:" + owner + "/" + location + "/" + name;
        String previous = GKE_PREVIOUS[ordinal % GKE_PREVIOUS.length];
        ps.add(gkePool("default-pool", version, null, r, "e2-standard-4"));
        ps.add(gkePool("legacy-pool", previous, Boolean.TRUE, r, "n2-standard-8"));
        ps.add(gkePool("hardened-pool", version, Boolean.FALSE, r, "e2-standard-8"));
        inventoryExtra = 2;
        serviceCidr = "34.118.224.0/20";
        serviceIp = "34.118.224.1";
        clusterDns = "34.118.224.10";
        podCidr = "10." + (100 + octet % 100) + ".0.0/14";
        endpoint =
            "https://34."
                + (64 + r.nextInt(60))
                + "."
                + r.nextInt(256)
                + "."
                + (1 + r.nextInt(254));
      }
      case GKE_LEGACY -> {
        provider = "gke";
        name = pickName(GKE_LEGACY_NAMES);
        owner = "acme-legacy";
        location = GKE_LEGACY_ZONES[ordinal % GKE_LEGACY_ZONES.length];
        region = location.substring(0, location.lastIndexOf('-'));
        version = GKE_LEGACY_VERSIONS[ordinal % GKE_LEGACY_VERSIONS.length];
        initialVersion = GKE_LEGACY_INITIAL[ordinal % GKE_LEGACY_INITIAL.length];
        id = "gke:" + owner + "/" + location + "/" + name;
        ps.add(gkePool("default-pool", version, null, r, "n1-standard-4"));
        inventoryExtra = 0;
        serviceCidr = "10." + (200 + octet % 50) + ".0.0/20";
        serviceIp = "10." + (200 + octet % 50) + ".0.1";
        clusterDns = "10." + (200 + octet % 50) + ".0.10";
        podCidr = "10." + (100 + octet % 100) + ".0.0/14";
        endpoint =
            "https://35."
                + (180 + r.nextInt(60))
                + "."
                + r.nextInt(256)
                + "."
                + (1 + r.nextInt(254));
      }
      case EKS -> {
        provider = "eks";
        name = pickName(EKS_NAMES);
        owner = EKS_ACCOUNTS[ordinal % EKS_ACCOUNTS.length];
        location = EKS_REGIONS[ordinal % EKS_REGIONS.length];
        region = location;
        int minor = EKS_MINORS[ordinal % EKS_MINORS.length];
        version = "1." + minor;
        initialVersion = "1." + (minor - 3);
        id = "eks:" + owner + "/" + location + "/" + name;
        String date = EKS_AMI_DATES[ordinal % EKS_AMI_DATES.length];
        String build = Seeds.hex(r, 7);
        String cur = eksPatch(minor);
        String old = eksPatch(minor - 2);
        ps.add(
            new Pool(
                "ng-al2023",
                NodeKind.EKS_AL2023,
                "v" + cur + "-eks-" + build,
                null,
                Seeds.hex(r, 8),
                "m6i.large",
                "AL2023_x86_64_STANDARD",
                cur + "-" + date,
                nodeRole(owner, name, "ng-al2023", r)));
        ps.add(
            new Pool(
                "ng-al2-legacy",
                NodeKind.EKS_AL2,
                "v" + old + "-eks-" + build,
                null,
                Seeds.hex(r, 8),
                "t3.large",
                "AL2_x86_64",
                old + "-" + date,
                nodeRole(owner, name, "ng-al2-legacy", r)));
        ps.add(
            new Pool(
                "ng-bottlerocket",
                NodeKind.EKS_BOTTLEROCKET,
                "v" + cur + "-eks-" + build,
                null,
                Seeds.hex(r, 8),
                "c6i.xlarge",
                "BOTTLEROCKET_x86_64",
                "1.39.1-" + Seeds.hex(r, 8),
                nodeRole(owner, name, "ng-bottlerocket", r)));
        inventoryExtra = 1;
        serviceCidr = "172.20.0.0/16";
        serviceIp = "172.20.0.1";
        clusterDns = "172.20.0.10";
        podCidr = null;
        endpoint =
            "https://"
                + Seeds.hex(r, 32).toUpperCase(Locale.ROOT)
                + ".gr7."
                + location
                + ".eks.amazonaws.com";
      }
      case AKS -> {
        provider = "aks";
        name = pickName(AKS_NAMES);
        owner = uuid(r);
        location = "rg-" + name + "-prod";
        region = AKS_LOCATIONS[ordinal % AKS_LOCATIONS.length];
        version = AKS_VERSIONS[ordinal % AKS_VERSIONS.length];
        initialVersion = version;
        id = "aks:" + owner + "/" + location + "/" + name;
        String numeric = String.format(Locale.ROOT, "%08d", r.nextInt(100_000_000));
        ps.add(
            Pool.of("nodepool1", NodeKind.AKS_UBUNTU, "v" + version, numeric, "Standard_D4s_v3"));
        ps.add(
            Pool.of(
                "userpool",
                NodeKind.AKS_UBUNTU,
                "v" + version,
                String.format(Locale.ROOT, "%08d", r.nextInt(100_000_000)),
                "Standard_D8s_v3"));
        inventoryExtra = 1;
        serviceCidr = "10.0.0.0/16";
        serviceIp = "10.0.0.1";
        clusterDns = "10.0.0.10";
        podCidr = "10.244.0.0/16";
        endpoint =
            "https://" + name + "-dns-" + Seeds.hex(r, 8) + ".hcp." + region + ".azmk8s.io:443";
      }
      case KUBEADM -> {
        provider = "kubeadm";
        name = pickName(KUBEADM_NAMES);
        owner = null;
        location = null;
        region = null;
        version = KUBEADM_VERSIONS[ordinal % KUBEADM_VERSIONS.length];
        initialVersion = version;
        id = "kubeadm:" + name;
        ps.add(
            Pool.of(
                "control-plane",
                NodeKind.KUBEADM_CONTROL_PLANE,
                "v" + version,
                "cp",
                "bare-metal"));
        ps.add(Pool.of("workers", NodeKind.KUBEADM_WORKER, "v" + version, "workers", "bare-metal"));
        inventoryExtra = 0;
        serviceCidr = "10.96.0.0/12";
        serviceIp = "10.96.0.1";
        clusterDns = "10.96.0.10";
        podCidr = "10.244.0.0/16";
        endpoint = "https://10." + octet + ".0.4:6443";
      }
      case K3S -> {
        provider = "k3s";
        name = pickName(K3S_NAMES);
        owner = null;
        location = null;
        region = null;
        version = K3S_NEW[ordinal % K3S_NEW.length];
        initialVersion = K3S_OLD[ordinal % K3S_OLD.length];
        id = "k3s:" + name;
        ps.add(Pool.of("server", NodeKind.K3S_CONFIG_DIR, version, "server", "edge-box"));
        ps.add(Pool.of("agents", NodeKind.K3S_CONFIG_DIR, version, "agents", "edge-box"));
        ps.add(
            Pool.of("agents-not-upgraded", NodeKind.K3S_FLAGS, initialVersion, "old", "edge-box"));
        inventoryExtra = 0;
        serviceCidr = "10.43.0.0/16";
        serviceIp = "10.43.0.1";
        clusterDns = "10.43.0.10";
        podCidr = "10.42.0.0/16";
        endpoint = "https://10." + octet + ".0.4:6443";
      }
      default -> throw new IllegalStateException(type.toString());
    }
    this.pools = List.copyOf(ps);
    this.etcdSharesCa = type == Type.KUBEADM && ordinal % 2 == 0;
  }

  static ClusterPlan of(FleetSpec spec, int index) {
    return new ClusterPlan(spec, index);
  }

  private String pickName(String[] names) {
    String base = names[ordinal % names.length];
    return ordinal < names.length ? base : base + "-" + (ordinal / names.length + 1);
  }

  private static String eksPatch(int minor) {
    for (String p : EKS_PATCH) {
      if (Versions.minor(p) == minor) {
        return p;
      }
    }
    return "1." + minor + ".0";
  }

  private Pool gkePool(String pool, String v, Boolean readOnly, Random r, String machine) {
    return new Pool(
        pool, NodeKind.GKE_COS, "v" + v, readOnly, Seeds.hex(r, 8), machine, null, null, null);
  }

  private static String nodeRole(String account, String cluster, String ng, Random r) {
    return "arn:aws:iam::"
        + account
        + ":role/eksctl-"
        + cluster
        + "-nodegroup-"
        + ng
        + "-NodeInstanceRole-"
        + Seeds.alnum(r, 12).toUpperCase(Locale.ROOT);
  }

  private static String uuid(Random r) {
    String h = Seeds.hex(r, 32);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  /** The pool node {@code j} belongs to. */
  Pool poolFor(int j) {
    return switch (type) {
      case GKE -> pools.get(j < 4 ? new int[] {0, 1, 2, 2}[j] : j % 3);
      case GKE_LEGACY -> pools.get(0);
      case EKS -> pools.get(new int[] {0, 1, 2, 0}[j % 4]);
      case AKS -> pools.get(j % 2);
      case KUBEADM -> pools.get(j == 0 ? 0 : 1);
      case K3S -> pools.get(j == 0 ? 0 : (j % 4 == 1 || j % 4 == 0) ? 1 : 2);
    };
  }

  /** Folder name of this cluster under dumps/ and exports/kubectl/: the id made path-safe. */
  String dirName() {
    return id.replace(':', '_').replace('/', '_');
  }

  /** Whether GKE leaves the read-only port on when a pool does not set it (created before 1.32). */
  boolean gkeUnsetMeansOpen() {
    return Versions.minor(initialVersion) < 32;
  }

  /** Nodes the cluster's API reports: every dumped node plus those nobody dumped. */
  int inventoryNodes() {
    return dumpNodes + inventoryExtra;
  }
}
