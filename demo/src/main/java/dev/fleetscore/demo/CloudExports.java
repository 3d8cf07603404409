package dev.fleetscore.demo;

import static dev.fleetscore.demo.Formats.map;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The cloud and Kubernetes API exports of a cluster, in the JSON and YAML shapes the CLIs print:
 * {@code gcloud container clusters describe/list} and {@code node-pools list} ({@code
 * --format=json}: sorted keys, int64 as strings), {@code aws eks describe-cluster}, {@code
 * describe-nodegroup}, {@code list-access-entries} and {@code describe-access-entry} (AWS CLI JSON,
 * four-space indent, API order), {@code kubectl get configmap aws-auth -n kube-system -o yaml}
 * (mapRoles, mapUsers, mapAccounts as YAML strings inside YAML), {@code kubectl get nodes -o json}
 * and the cluster's RBAC objects ({@link RbacExports}). Identities (project, location, name;
 * account, region, name) match the cluster ids of the node dumps.
 */
final class CloudExports {

  /** One file of the exports folder. */
  record ExportFile(String path, String kind, String clusterId, String command, String content) {}

  /** What one cluster contributes: its files, the planted cloud defects, and (GKE) its object. */
  record ClusterExports(
      String clusterId,
      String provider,
      String name,
      String version,
      int dumpNodes,
      int inventoryNodes,
      List<ExportFile> files,
      List<PlantedItem> planted,
      Map<String, Object> gkeCluster,
      String gkeProject) {}

  private static final DateTimeFormatter GKE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
  private static final DateTimeFormatter AWS_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT);

  private CloudExports() {}

  static ClusterExports of(FleetSpec spec, ClusterPlan c) {
    List<ExportFile> files = new ArrayList<>();
    List<PlantedItem> planted = new ArrayList<>();
    ClusterPki pki = ClusterPki.of(c);
    Map<String, Object> gke = null;
    String project = null;
    if (c.inventoryExtra > 0) {
      planted.add(
          PlantedItem.of(
              Planted.INVENTORY_NODES_WITHOUT_DUMPS,
              "inventory_nodes",
              String.valueOf(c.inventoryNodes()),
              "dumped_nodes",
              String.valueOf(c.dumpNodes)));
    }
    if (c.etcdSharesCa) {
      planted.add(
          PlantedItem.of(Planted.ETCD_SHARES_CLUSTER_CA, "path", KubeadmNode.PKI + "/etcd/ca.crt"));
    }
    switch (c.type) {
      case GKE, GKE_LEGACY -> {
        project = c.owner;
        gke = gkeCluster(c, pki, planted);
        String dir = "exports/gke/" + c.owner + "/" + c.location + "/" + c.name + "/";
        files.add(
            new ExportFile(
                dir + "describe.json",
                "gcloud-clusters-describe",
                c.id,
                "gcloud container clusters describe "
                    + c.name
                    + " --location "
                    + c.location
                    + " --project "
                    + c.owner
                    + " --format=json",
                Formats.sortedJson(gke, 2)));
        files.add(
            new ExportFile(
                dir + "node-pools.json",
                "gcloud-node-pools-list",
                c.id,
                "gcloud container node-pools list --cluster "
                    + c.name
                    + " --location "
                    + c.location
                    + " --project "
                    + c.owner
                    + " --format=json",
                Formats.sortedJson(gke.get("nodePools"), 2)));
      }
      case EKS -> eks(c, pki, files, planted);
      default -> {}
    }
    files.add(kubectlNodes(spec, c));
    files.add(RbacExports.of(c, planted));
    return new ClusterExports(
        c.id,
        c.provider,
        c.name,
        c.version,
        c.dumpNodes,
        c.inventoryNodes(),
        files,
        planted,
        gke,
        project);
  }

  /** The Autopilot cluster: in the GKE exports, nodes in its inventory, no node dumps at all. */
  static ClusterExports autopilot(FleetSpec spec) {
    ClusterPlan base = ClusterPlan.of(spec, 0);
    String project = base.owner;
    String location = base.location;
    String name = "autopilot-web";
    String id = "gke:" + project + "/" + location + "/" + name;
    Random r = Seeds.random(spec.seed(), "autopilot");
    Instant snapshot = base.snapshot;
    Instant created = snapshot.minus(200 + r.nextInt(200), ChronoUnit.DAYS);
    String version = "1.32.4-gke.1106006";
    List<Map<String, Object>> pools = new ArrayList<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (String pool : List.of("default-pool", "nap-" + Seeds.alnum(r, 8))) {
      String hash = Seeds.hex(r, 8);
      Map<String, Object> kc = map("insecureKubeletReadonlyPortEnabled", false);
      pools.add(
          gkePool(
              project,
              location,
              name,
              pool,
              version,
              hash,
              "e2-standard-4",
              kc,
              List.of(location + "-b", location + "-c"),
              1));
      for (int i = 0; i < 2; i++) {
        String node = "gk3-" + name + "-" + pool + "-" + hash + "-" + Seeds.alnum(r, 4);
        nodes.add(
            node(
                node,
                "v" + version,
                "Container-Optimized OS from Google",
                "containerd://1.7.24",
                map(
                    "cloud.google.com/gke-nodepool",
                    pool,
                    "topology.kubernetes.io/zone",
                    location + "-b"),
                "gce://" + project + "/" + location + "-b/" + node,
                "10.90.0." + (10 + nodes.size()),
                created,
                snapshot.plus(2, ChronoUnit.HOURS),
                r,
                false));
      }
    }
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("autopilot", map("enabled", true));
    cluster.put(
        "autoscaling",
        map(
            "autoprovisioningNodePoolDefaults",
            map("imageType", "COS_CONTAINERD", "insecureKubeletReadonlyPortEnabled", false),
            "autoscalingProfile",
            "OPTIMIZE_UTILIZATION",
            "enableNodeAutoprovisioning",
            true));
    cluster.put("createTime", GKE_TIME.format(created.atOffset(ZoneOffset.UTC)));
    cluster.put("currentMasterVersion", version);
    cluster.put("currentNodeCount", nodes.size());
    cluster.put("currentNodeVersion", version);
    cluster.put("defaultMaxPodsConstraint", map("maxPodsPerNode", "110"));
    cluster.put("endpoint", "34.76." + r.nextInt(256) + "." + (1 + r.nextInt(254)));
    cluster.put("id", Seeds.hex(r, 64));
    cluster.put("initialClusterVersion", "1.31.6-gke.1020000");
    cluster.put("location", location);
    cluster.put("locations", List.of(location + "-b", location + "-c", location + "-d"));
    cluster.put("name", name);
    cluster.put(
        "nodePoolAutoConfig",
        map("nodeKubeletConfig", map("insecureKubeletReadonlyPortEnabled", false)));
    cluster.put("nodePoolDefaults", map("nodeConfigDefaults", map()));
    cluster.put("nodePools", pools);
    cluster.put("releaseChannel", map("channel", "REGULAR"));
    cluster.put(
        "selfLink",
        "https://container.googleapis.com/v1/projects/"
            + project
            + "/locations/"
            + location
            + "/clusters/"
            + name);
    cluster.put("status", "RUNNING");
    cluster.put("zone", location);
    List<ExportFile> files = new ArrayList<>();
    String dir = "exports/gke/" + project + "/" + location + "/" + name + "/";
    files.add(
        new ExportFile(
            dir + "describe.json",
            "gcloud-clusters-describe",
            id,
            "gcloud container clusters describe "
                + name
                + " --location "
                + location
                + " --project "
                + project
                + " --format=json",
            Formats.sortedJson(cluster, 2)));
    files.add(
        new ExportFile(
            dir + "node-pools.json",
            "gcloud-node-pools-list",
            id,
            "gcloud container node-pools list --cluster "
                + name
                + " --location "
                + location
                + " --project "
                + project
                + " --format=json",
            Formats.sortedJson(pools, 2)));
    files.add(
        new ExportFile(
            "exports/kubectl/" + id.replace(':', '_').replace('/', '_') + "/nodes.json",
            "kubectl-get-nodes",
            id,
            "kubectl get nodes -o json",
            Formats.sortedJson(
                map(
                    "apiVersion",
                    "v1",
                    "items",
                    nodes,
                    "kind",
                    "List",
                    "metadata",
                    map("resourceVersion", "")),
                4)));
    List<PlantedItem> planted =
        List.of(
            PlantedItem.of(
                Planted.INVENTORY_NODES_WITHOUT_DUMPS,
                "inventory_nodes",
                String.valueOf(nodes.size()),
                "dumped_nodes",
                "0",
                "note",
                "Autopilot: no node access, so no node dumps"));
    return new ClusterExports(
        id, "gke", name, version, 0, nodes.size(), files, planted, cluster, project);
  }

  /** gcloud container clusters list for one project: the describe objects, as a JSON array. */
  static ExportFile gkeList(String project, List<Map<String, Object>> clusters) {
    return new ExportFile(
        "exports/gke/" + project + "/clusters.json",
        "gcloud-clusters-list",
        null,
        "gcloud container clusters list --project " + project + " --format=json",
        Formats.sortedJson(clusters, 2));
  }

  private static Map<String, Object> gkeCluster(
      ClusterPlan c, ClusterPki pki, List<PlantedItem> planted) {
    Random r = Seeds.random(c.seed, "gke-export", c.index);
    boolean regional = c.type == ClusterPlan.Type.GKE;
    List<String> zones =
        regional
            ? List.of(c.location + "-b", c.location + "-c", c.location + "-d")
            : List.of(c.location);
    List<Map<String, Object>> pools = new ArrayList<>();
    Map<String, Integer> counts = poolCounts(c);
    for (Pool p : c.pools) {
      Map<String, Object> kc = new LinkedHashMap<>();
      if (p.readOnlyPortEnabled() != null) {
        kc.put("insecureKubeletReadonlyPortEnabled", p.readOnlyPortEnabled());
        if (!p.readOnlyPortEnabled()) {
          kc.put("podPidsLimit", "4096");
          kc.put("cpuCfsQuota", true);
        }
        if (p.readOnlyPortEnabled()) {
          planted.add(
              PlantedItem.of(
                  Planted.GKE_POOL_READ_ONLY_PORT_ENABLED,
                  "node_pool",
                  p.name(),
                  "field",
                  "nodePools[].config.kubeletConfig.insecureKubeletReadonlyPortEnabled",
                  "value",
                  "true"));
        }
      } else if (c.gkeUnsetMeansOpen()) {
        planted.add(
            PlantedItem.of(
                Planted.GKE_POOL_READ_ONLY_PORT_UNSET_DEFAULT_ON,
                "node_pool",
                p.name(),
                "initial_cluster_version",
                c.initialVersion));
      }
      pools.add(
          gkePool(
              c.owner,
              c.location,
              c.name,
              p.name(),
              p.kubeletVersion().substring(1),
              p.hash(),
              p.machineType(),
              kc.isEmpty() ? null : kc,
              zones,
              counts.getOrDefault(p.name(), 0)));
    }
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put(
        "addonsConfig",
        map(
            "gcePersistentDiskCsiDriverConfig", map("enabled", true),
            "horizontalPodAutoscaling", map(),
            "httpLoadBalancing", map(),
            "kubernetesDashboard", map("disabled", true),
            "networkPolicyConfig", map("disabled", true)));
    cluster.put("autopilot", map());
    cluster.put("clusterIpv4Cidr", c.podCidr);
    cluster.put("createTime", GKE_TIME.format(c.created.atOffset(ZoneOffset.UTC)));
    cluster.put("currentMasterVersion", c.version);
    cluster.put("currentNodeCount", c.inventoryNodes());
    cluster.put("currentNodeVersion", c.version);
    cluster.put("databaseEncryption", map("state", "DECRYPTED"));
    cluster.put("defaultMaxPodsConstraint", map("maxPodsPerNode", "110"));
    cluster.put("endpoint", c.endpoint.substring("https://".length()));
    cluster.put("id", Seeds.hex(r, 64));
    cluster.put("initialClusterVersion", c.initialVersion);
    cluster.put(
        "ipAllocationPolicy",
        map("clusterIpv4Cidr", c.podCidr, "servicesIpv4Cidr", c.serviceCidr, "useIpAliases", true));
    cluster.put("labelFingerprint", Seeds.hex(r, 8));
    cluster.put("legacyAbac", map());
    cluster.put("location", c.location);
    cluster.put("locations", zones);
    cluster.put("loggingService", "logging.googleapis.com/kubernetes");
    cluster.put("masterAuth", map("clusterCaCertificate", Certs.pemBase64(pki.ca.cert())));
    cluster.put("monitoringService", "monitoring.googleapis.com/kubernetes");
    cluster.put("name", c.name);
    cluster.put("network", "default");
    if (!pools.isEmpty()) {
      cluster.put("nodeConfig", pools.get(0).get("config"));
    }
    if (c.type == ClusterPlan.Type.GKE) {
      cluster.put(
          "nodePoolDefaults",
          map(
              "nodeConfigDefaults",
              map("nodeKubeletConfig", map("insecureKubeletReadonlyPortEnabled", false))));
    } else {
      cluster.put("nodePoolDefaults", map("nodeConfigDefaults", map()));
    }
    cluster.put("nodePools", pools);
    cluster.put(
        "releaseChannel",
        map("channel", c.type == ClusterPlan.Type.GKE ? "REGULAR" : "UNSPECIFIED"));
    cluster.put(
        "selfLink",
        "https://container.googleapis.com/v1/projects/"
            + c.owner
            + "/locations/"
            + c.location
            + "/clusters/"
            + c.name);
    cluster.put("servicesIpv4Cidr", c.serviceCidr);
    cluster.put("shieldedNodes", map("enabled", true));
    cluster.put("status", "RUNNING");
    cluster.put("subnetwork", "default");
    cluster.put("zone", c.location);
    return cluster;
  }

  private static Map<String, Object> gkePool(
      String project,
      String location,
      String cluster,
      String pool,
      String version,
      String hash,
      String machine,
      Map<String, Object> kubeletConfig,
      List<String> zones,
      int nodes) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("diskSizeGb", 100);
    config.put("diskType", "pd-balanced");
    config.put("imageType", "COS_CONTAINERD");
    if (kubeletConfig != null) {
      config.put("kubeletConfig", kubeletConfig);
    }
    config.put("machineType", machine);
    config.put("metadata", map("disable-legacy-endpoints", "true"));
    config.put(
        "oauthScopes",
        List.of(
            "https://www.googleapis.com/auth/devstorage.read_only",
            "https://www.googleapis.com/auth/logging.write",
            "https://www.googleapis.com/auth/monitoring"));
    config.put("serviceAccount", "default");
    config.put("shieldedInstanceConfig", map("enableIntegrityMonitoring", true));
    config.put("workloadMetadataConfig", map("mode", "GKE_METADATA"));
    List<String> groups = new ArrayList<>();
    for (String z : zones) {
      groups.add(
          "https://www.googleapis.com/compute/v1/projects/"
              + project
              + "/zones/"
              + z
              + "/instanceGroupManagers/gke-"
              + cluster
              + "-"
              + pool
              + "-"
              + hash
              + "-grp");
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("autoscaling", map());
    p.put("config", config);
    p.put("initialNodeCount", Math.max(1, nodes / Math.max(1, zones.size())));
    p.put("instanceGroupUrls", groups);
    p.put("locations", zones);
    p.put("management", map("autoRepair", true, "autoUpgrade", true));
    p.put("maxPodsConstraint", map("maxPodsPerNode", "110"));
    p.put("name", pool);
    p.put("podIpv4CidrSize", 24);
    p.put(
        "selfLink",
        "https://container.googleapis.com/v1/projects/"
            + project
            + "/locations/"
            + location
            + "/clusters/"
            + cluster
            + "/nodePools/"
            + pool);
    p.put("status", "RUNNING");
    p.put("upgradeSettings", map("maxSurge", 1, "strategy", "SURGE"));
    p.put("version", version);
    return p;
  }

  private static Map<String, Integer> poolCounts(ClusterPlan c) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int j = 0; j < c.inventoryNodes(); j++) {
      counts.merge(c.poolFor(j).name(), 1, Integer::sum);
    }
    return counts;
  }

  private static void eks(
      ClusterPlan c, ClusterPki pki, List<ExportFile> files, List<PlantedItem> planted) {
    Random r = Seeds.random(c.seed, "eks-export", c.index);
    String dir = "exports/eks/" + c.owner + "/" + c.location + "/" + c.name + "/";
    String mode = new String[] {"API_AND_CONFIG_MAP", "API", "CONFIG_MAP"}[c.ordinal % 3];
    String arn = "arn:aws:eks:" + c.region + ":" + c.owner + ":cluster/" + c.name;
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", c.name);
    cluster.put("arn", arn);
    cluster.put("createdAt", AWS_TIME.format(c.created.atOffset(ZoneOffset.UTC)));
    cluster.put("version", c.version);
    cluster.put("endpoint", c.endpoint);
    cluster.put(
        "roleArn",
        "arn:aws:iam::"
            + c.owner
            + ":role/eksctl-"
            + c.name
            + "-cluster-ServiceRole-"
            + Seeds.alnum(r, 12).toUpperCase(Locale.ROOT));
    cluster.put(
        "resourcesVpcConfig",
        map(
            "subnetIds",
            List.of(
                "subnet-0" + Seeds.hex(r, 16),
                "subnet-0" + Seeds.hex(r, 16),
                "subnet-0" + Seeds.hex(r, 16)),
            "securityGroupIds",
            List.of("sg-0" + Seeds.hex(r, 16)),
            "clusterSecurityGroupId",
            "sg-0" + Seeds.hex(r, 16),
            "vpcId",
            "vpc-0" + Seeds.hex(r, 16),
            "endpointPublicAccess",
            true,
            "endpointPrivateAccess",
            true,
            "publicAccessCidrs",
            List.of("0.0.0.0/0")));
    cluster.put(
        "kubernetesNetworkConfig", map("serviceIpv4Cidr", c.serviceCidr, "ipFamily", "ipv4"));
    cluster.put(
        "logging",
        map(
            "clusterLogging",
            List.of(
                map(
                    "types",
                    List.of("api", "audit", "authenticator", "controllerManager", "scheduler"),
                    "enabled",
                    c.ordinal % 2 == 0))));
    cluster.put(
        "identity",
        map(
            "oidc",
            map(
                "issuer",
                "https://oidc.eks."
                    + c.region
                    + ".amazonaws.com/id/"
                    + c.endpoint.substring(8, 40))));
    cluster.put("status", "ACTIVE");
    cluster.put("certificateAuthority", map("data", Certs.pemBase64(pki.ca.cert())));
    cluster.put("platformVersion", "eks." + (10 + r.nextInt(20)));
    cluster.put("tags", map("alpha.eksctl.io/cluster-name", c.name));
    cluster.put("health", map("issues", List.of()));
    cluster.put("accessConfig", map("authenticationMode", mode));
    files.add(
        new ExportFile(
            dir + "describe-cluster.json",
            "aws-eks-describe-cluster",
            c.id,
            "aws eks describe-cluster --name " + c.name + " --region " + c.region,
            Formats.json(map("cluster", cluster), 4, true)));
    Map<String, Integer> counts = poolCounts(c);
    for (Pool p : c.pools) {
      Map<String, Object> ng = new LinkedHashMap<>();
      String id =
          Seeds.hex(r, 8)
              + "-"
              + Seeds.hex(r, 4)
              + "-"
              + Seeds.hex(r, 4)
              + "-"
              + Seeds.hex(r, 4)
              + "-"
              + Seeds.hex(r, 12);
      Instant created = c.created.plus(30 + r.nextInt(300), ChronoUnit.DAYS);
      int n = counts.getOrDefault(p.name(), 0);
      ng.put("nodegroupName", p.name());
      ng.put(
          "nodegroupArn",
          "arn:aws:eks:"
              + c.region
              + ":"
              + c.owner
              + ":nodegroup/"
              + c.name
              + "/"
              + p.name()
              + "/"
              + id);
      ng.put("clusterName", c.name);
      ng.put("version", "1." + p.minor());
      ng.put("releaseVersion", p.releaseVersion());
      ng.put("createdAt", AWS_TIME.format(created.atOffset(ZoneOffset.UTC)));
      ng.put("modifiedAt", AWS_TIME.format(created.plusSeconds(122).atOffset(ZoneOffset.UTC)));
      ng.put("status", "ACTIVE");
      ng.put("capacityType", "ON_DEMAND");
      ng.put(
          "scalingConfig",
          map("minSize", Math.min(1, n), "maxSize", Math.max(3, n * 2), "desiredSize", n));
      ng.put("instanceTypes", List.of(p.machineType()));
      ng.put("subnets", List.of("subnet-0" + Seeds.hex(r, 16), "subnet-0" + Seeds.hex(r, 16)));
      ng.put("amiType", p.amiType());
      ng.put("nodeRole", p.roleArn());
      ng.put("labels", map());
      ng.put(
          "resources",
          map("autoScalingGroups", List.of(map("name", "eks-" + p.name() + "-" + id))));
      ng.put("diskSize", 20);
      ng.put("health", map("issues", List.of()));
      ng.put("updateConfig", map("maxUnavailable", 1));
      ng.put("tags", map());
      files.add(
          new ExportFile(
              dir + "describe-nodegroup-" + p.name() + ".json",
              "aws-eks-describe-nodegroup",
              c.id,
              "aws eks describe-nodegroup --cluster-name "
                  + c.name
                  + " --nodegroup-name "
                  + p.name()
                  + " --region "
                  + c.region,
              Formats.json(map("nodegroup", ng), 4, true)));
    }
    boolean bad = c.ordinal == 0;
    if (!mode.equals("CONFIG_MAP")) {
      List<Map<String, Object>> entries = new ArrayList<>();
      for (Pool p : c.pools) {
        if (p.kind() != NodeKind.EKS_AL2) {
          entries.add(
              accessEntry(
                  c,
                  r,
                  p.roleArn(),
                  "system:node:{{EC2PrivateDNSName}}",
                  List.of("system:nodes"),
                  "EC2_LINUX"));
        }
      }
      entries.add(
          accessEntry(
              c,
              r,
              "arn:aws:iam::" + c.owner + ":role/Admin",
              "arn:aws:sts::" + c.owner + ":assumed-role/Admin/{{SessionName}}",
              List.of(),
              "STANDARD"));
      entries.add(
          accessEntry(
              c,
              r,
              "arn:aws:iam::" + c.owner + ":role/platform/ci-deployer",
              "arn:aws:sts::" + c.owner + ":assumed-role/ci-deployer/{{SessionName}}",
              List.of("ci-deployers"),
              "STANDARD"));
      List<String> arns = entries.stream().map(e -> (String) e.get("principalArn")).toList();
      files.add(
          new ExportFile(
              dir + "list-access-entries.json",
              "aws-eks-list-access-entries",
              c.id,
              "aws eks list-access-entries --cluster-name " + c.name + " --region " + c.region,
              Formats.json(map("accessEntries", arns), 4, true)));
      for (int i = 0; i < entries.size(); i++) {
        String principal = arns.get(i);
        files.add(
            new ExportFile(
                dir
                    + "describe-access-entry-"
                    + (i + 1)
                    + "-"
                    + principal.substring(principal.lastIndexOf('/') + 1)
                    + ".json",
                "aws-eks-describe-access-entry",
                c.id,
                "aws eks describe-access-entry --cluster-name "
                    + c.name
                    + " --principal-arn "
                    + principal
                    + " --region "
                    + c.region,
                Formats.json(map("accessEntry", entries.get(i)), 4, true)));
      }
    }
    StringBuilder roles = new StringBuilder();
    for (Pool p : c.pools) {
      String user = "system:node:{{EC2PrivateDNSName}}";
      List<String> groups = new ArrayList<>(List.of("system:bootstrappers", "system:nodes"));
      if (bad && p.kind() == NodeKind.EKS_AL2) {
        user = "system:node:{{SessionName}}";
        planted.add(
            PlantedItem.of(
                Planted.AWS_AUTH_NODE_ROLE_WRONG_USERNAME,
                "rolearn",
                p.roleArn(),
                "username",
                user,
                "authentication_mode",
                mode));
      }
      if (bad && p.kind() == NodeKind.EKS_BOTTLEROCKET) {
        groups.add("system:masters");
        planted.add(
            PlantedItem.of(
                Planted.AWS_AUTH_NODE_ROLE_SYSTEM_MASTERS,
                "rolearn",
                p.roleArn(),
                "group",
                "system:masters",
                "authentication_mode",
                mode));
      }
      roles.append("    - groups:\n");
      groups.forEach(g -> roles.append("      - ").append(g).append('\n'));
      roles.append("      rolearn: ").append(p.roleArn()).append('\n');
      roles.append("      username: ").append(user).append('\n');
    }
    StringBuilder users = new StringBuilder();
    String accounts = null;
    if (bad) {
      String pathRole = "arn:aws:iam::" + c.owner + ":role/platform/eks-admin";
      roles
          .append("    - groups:\n      - system:masters\n      rolearn: ")
          .append(pathRole)
          .append("\n      username: eks-admin\n");
      planted.add(
          PlantedItem.of(
              Planted.AWS_AUTH_ARN_WITH_PATH, "rolearn", pathRole, "authentication_mode", mode));
      String admin = "arn:aws:iam::" + c.owner + ":user/admin";
      users
          .append("    - groups:\n      - system:masters\n      userarn: ")
          .append(admin)
          .append("\n      username: admin\n");
      users
          .append(
              "    - groups:\n      - eks-console-dashboard-restricted-access-group\n      userarn: arn:aws:iam::")
          .append(c.owner)
          .append(":user/ci-reader\n      username: ci-reader\n");
      planted.add(
          PlantedItem.of(
              Planted.AWS_AUTH_USER_SYSTEM_MASTERS, "userarn", admin, "authentication_mode", mode));
      accounts = "777788889999";
      planted.add(
          PlantedItem.of(
              Planted.AWS_AUTH_MAP_ACCOUNTS, "account", accounts, "authentication_mode", mode));
    }
    StringBuilder cm = new StringBuilder("apiVersion: v1\ndata:\n");
    if (accounts != null) {
      cm.append("  mapAccounts: |\n    - \"").append(accounts).append("\"\n");
    }
    cm.append("  mapRoles: |\n").append(roles);
    if (users.length() > 0) {
      cm.append("  mapUsers: |\n").append(users);
    }
    Instant cmCreated = c.created.plus(1, ChronoUnit.HOURS);
    cm.append("kind: ConfigMap\nmetadata:\n  creationTimestamp: \"")
        .append(cmCreated.truncatedTo(ChronoUnit.SECONDS))
        .append("\"\n  name: aws-auth\n  namespace: kube-system\n  resourceVersion: \"")
        .append(1000 + r.nextInt(900000))
        .append("\"\n  uid: ")
        .append(Seeds.hex(r, 8))
        .append('-')
        .append(Seeds.hex(r, 4))
        .append('-')
        .append(Seeds.hex(r, 4))
        .append('-')
        .append(Seeds.hex(r, 4))
        .append('-')
        .append(Seeds.hex(r, 12))
        .append('\n');
    files.add(
        new ExportFile(
            dir + "aws-auth.yaml",
            "kubectl-aws-auth-configmap",
            c.id,
            "kubectl get configmap aws-auth -n kube-system -o yaml",
            cm.toString()));
  }

  private static Map<String, Object> accessEntry(
      ClusterPlan c,
      Random r,
      String principal,
      String username,
      List<String> groups,
      String type) {
    Instant created = c.created.plus(r.nextInt(400), ChronoUnit.DAYS).plusMillis(r.nextInt(1000));
    String kind = principal.contains(":user/") ? "user" : "role";
    String name = principal.substring(principal.lastIndexOf('/') + 1);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("clusterName", c.name);
    e.put("principalArn", principal);
    e.put("kubernetesGroups", groups);
    e.put(
        "accessEntryArn",
        "arn:aws:eks:"
            + c.region
            + ":"
            + c.owner
            + ":access-entry/"
            + c.name
            + "/"
            + kind
            + "/"
            + c.owner
            + "/"
            + name
            + "/"
            + Seeds.hex(r, 8)
            + "-"
            + Seeds.hex(r, 4)
            + "-"
            + Seeds.hex(r, 4)
            + "-"
            + Seeds.hex(r, 4)
            + "-"
            + Seeds.hex(r, 12));
    e.put("createdAt", AWS_TIME.format(created.atOffset(ZoneOffset.UTC)));
    e.put("modifiedAt", AWS_TIME.format(created.atOffset(ZoneOffset.UTC)));
    e.put("tags", map());
    e.put("username", username);
    e.put("type", type);
    return e;
  }

  private static ExportFile kubectlNodes(FleetSpec spec, ClusterPlan c) {
    List<Map<String, Object>> items = new ArrayList<>();
    Random r = Seeds.random(c.seed, "kubectl-nodes", c.index);
    for (int j = 0; j < c.inventoryNodes(); j++) {
      NodePlan p = NodePlan.of(spec, c, j);
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put("beta.kubernetes.io/arch", "amd64");
      labels.put("kubernetes.io/arch", "amd64");
      labels.put("kubernetes.io/hostname", p.hostname());
      labels.put("kubernetes.io/os", "linux");
      labels.put("node.kubernetes.io/instance-type", p.pool.machineType());
      if (p.zone != null) {
        labels.put("topology.kubernetes.io/zone", p.zone);
      }
      String providerId = null;
      switch (c.type) {
        case GKE, GKE_LEGACY -> {
          labels.put("cloud.google.com/gke-nodepool", p.pool.name());
          providerId = "gce://" + c.owner + "/" + p.zone + "/" + p.name;
        }
        case EKS -> {
          labels.put("eks.amazonaws.com/nodegroup", p.pool.name());
          providerId =
              "aws:///"
                  + p.zone
                  + "/i-0"
                  + Seeds.hex(Seeds.random(c.seed, "instance", c.index, j), 16);
        }
        case AKS -> {
          labels.put("agentpool", p.pool.name());
          labels.put("kubernetes.azure.com/agentpool", p.pool.name());
          providerId =
              "azure:///subscriptions/"
                  + c.owner
                  + "/resourceGroups/mc_"
                  + c.location
                  + "_"
                  + c.name
                  + "_"
                  + c.region
                  + "/providers/Microsoft.Compute/virtualMachineScaleSets/aks-"
                  + p.pool.name()
                  + "-"
                  + p.pool.hash()
                  + "-vmss/virtualMachines/"
                  + (j / 2);
        }
        case KUBEADM -> {
          if (p.kind == NodeKind.KUBEADM_CONTROL_PLANE) {
            labels.put("node-role.kubernetes.io/control-plane", "");
            labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
          }
        }
        case K3S -> {
          labels.put("node.kubernetes.io/instance-type", "k3s");
          if (j == 0) {
            labels.put("node-role.kubernetes.io/control-plane", "true");
            labels.put("node-role.kubernetes.io/master", "true");
          }
        }
        default -> {}
      }
      boolean ready = !(j == c.inventoryNodes() - 1 && c.inventoryExtra > 0);
      items.add(
          node(
              p.name,
              p.pool.kubeletVersion(),
              NodeGenerator.osImage(p),
              c.type == ClusterPlan.Type.K3S ? "containerd://2.0.5-k3s1" : "containerd://1.7.27",
              labels,
              providerId,
              p.ip,
              c.created.plus(30 + r.nextInt(300), ChronoUnit.DAYS),
              c.snapshot.plus(2, ChronoUnit.HOURS),
              r,
              !ready));
    }
    return new ExportFile(
        "exports/kubectl/" + c.dirName() + "/nodes.json",
        "kubectl-get-nodes",
        c.id,
        "kubectl get nodes -o json",
        Formats.sortedJson(
            map(
                "apiVersion",
                "v1",
                "items",
                items,
                "kind",
                "List",
                "metadata",
                map("resourceVersion", "")),
            4));
  }

  private static Map<String, Object> node(
      String name,
      String kubeletVersion,
      String osImage,
      String runtime,
      Map<String, Object> labels,
      String providerId,
      String ip,
      Instant created,
      Instant heartbeat,
      Random r,
      boolean notReady) {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (providerId != null) {
      spec.put("providerID", providerId);
    }
    if (labels.containsKey("node-role.kubernetes.io/control-plane")
        && !"true".equals(labels.get("node-role.kubernetes.io/control-plane"))) {
      spec.put(
          "taints",
          List.of(map("effect", "NoSchedule", "key", "node-role.kubernetes.io/control-plane")));
    }
    String when = created.truncatedTo(ChronoUnit.SECONDS).toString();
    // Heartbeats are minutes old at export time; a node that stopped posting is days behind.
    Instant beat = heartbeat.minusSeconds(notReady ? 86400L * (2 + r.nextInt(5)) : r.nextInt(50));
    Map<String, Object> ready =
        map(
            "lastHeartbeatTime",
            beat.toString(),
            "lastTransitionTime",
            notReady ? beat.plusSeconds(40).toString() : when,
            "message",
            notReady ? "Kubelet stopped posting node status." : "kubelet is posting ready status",
            "reason",
            notReady ? "NodeStatusUnknown" : "KubeletReady",
            "status",
            notReady ? "Unknown" : "True",
            "type",
            "Ready");
    return map(
        "apiVersion",
        "v1",
        "kind",
        "Node",
        "metadata",
        map(
            "creationTimestamp", when,
            "labels", labels,
            "name", name,
            "resourceVersion", String.valueOf(100000 + r.nextInt(9000000)),
            "uid",
                Seeds.hex(r, 8)
                    + "-"
                    + Seeds.hex(r, 4)
                    + "-"
                    + Seeds.hex(r, 4)
                    + "-"
                    + Seeds.hex(r, 4)
                    + "-"
                    + Seeds.hex(r, 12)),
        "spec",
        spec,
        "status",
        map(
            "addresses",
                List.of(
                    map("address", ip, "type", "InternalIP"),
                    map("address", name, "type", "Hostname")),
            "conditions", List.of(ready),
            "nodeInfo",
                map(
                    "architecture",
                    "amd64",
                    "bootID",
                    Seeds.hex(r, 32),
                    "containerRuntimeVersion",
                    runtime,
                    "kernelVersion",
                    "6.1.0-" + (20 + r.nextInt(10)),
                    "kubeProxyVersion",
                    kubeletVersion,
                    "kubeletVersion",
                    kubeletVersion,
                    "machineID",
                    Seeds.hex(r, 32),
                    "operatingSystem",
                    "linux",
                    "osImage",
                    osImage,
                    "systemUUID",
                    Seeds.hex(r, 32))));
  }
}
