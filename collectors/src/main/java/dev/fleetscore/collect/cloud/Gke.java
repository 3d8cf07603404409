package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.ReadonlyPortSource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GKE clusters and node pools, from the JSON that {@code gcloud container clusters describe|list
 * --format=json}, {@code gcloud container node-pools list|describe --format=json} and the REST API
 * ({@code projects.locations.clusters}) print. Field names are proto3 JSON (lowerCamelCase), int64
 * values are strings, and an absent optional field means "the GKE default for that version".
 *
 * <p>Where the read-only port setting of a pool comes from ({@code readonly_port_source}):
 *
 * <ol>
 *   <li>{@code POOL}: the pool's own {@code
 *       config.kubeletConfig.insecureKubeletReadonlyPortEnabled}. This is what GKE applies to the
 *       pool's nodes; new pools get the cluster default written here when they are created.
 *   <li>{@code AUTOPILOT_DEFAULT}: for an Autopilot cluster or an auto-provisioned pool that does
 *       not set it, {@code nodePoolAutoConfig.nodeKubeletConfig}; then {@code
 *       AUTOPROVISIONING_DEFAULT} from the deprecated {@code
 *       autoscaling.autoprovisioningNodePoolDefaults}.
 *   <li>{@code LEGACY_NODE_CONFIG}: a pool object without any {@code config} (very old responses)
 *       takes the cluster's deprecated {@code nodeConfig}, which mirrors the default pool.
 *   <li>{@code GKE_VERSION_DEFAULT}: otherwise the version default: on for clusters created before
 *       1.32 ({@code initialClusterVersion}), off from 1.32. The cluster-level {@code
 *       nodePoolDefaults} only applies to pools created after it was set, which then carry it
 *       themselves, so a pool without the field predates it.
 *   <li>{@code UNKNOWN}: the creation version is not in the export.
 * </ol>
 */
final class Gke {

  /** The first GKE version that can turn the read-only port off. */
  static final KubeVersion CAN_DISABLE = KubeVersion.parse("1.26.4-gke.500").orElseThrow();

  private static final Pattern SELF_LINK =
      Pattern.compile(
          "projects/([^/]+)/(?:locations|zones)/([^/]+)/clusters/([^/]+)(?:/nodePools/([^/]+))?");

  private static final String RO = "insecureKubeletReadonlyPortEnabled";

  /** Top-level Cluster fields of container/v1 this version interprets or knowingly ignores. */
  private static final Set<String> KNOWN_CLUSTER_FIELDS =
      Set.of(
          "name",
          "description",
          "initialNodeCount",
          "nodeConfig",
          "masterAuth",
          "loggingService",
          "monitoringService",
          "network",
          "clusterIpv4Cidr",
          "addonsConfig",
          "subnetwork",
          "nodePools",
          "locations",
          "enableKubernetesAlpha",
          "resourceLabels",
          "labelFingerprint",
          "legacyAbac",
          "networkPolicy",
          "ipAllocationPolicy",
          "masterAuthorizedNetworksConfig",
          "maintenancePolicy",
          "binaryAuthorization",
          "autoscaling",
          "networkConfig",
          "defaultMaxPodsConstraint",
          "resourceUsageExportConfig",
          "authenticatorGroupsConfig",
          "privateClusterConfig",
          "databaseEncryption",
          "verticalPodAutoscaling",
          "shieldedNodes",
          "releaseChannel",
          "workloadIdentityConfig",
          "meshCertificates",
          "costManagementConfig",
          "notificationConfig",
          "confidentialNodes",
          "identityServiceConfig",
          "selfLink",
          "zone",
          "endpoint",
          "initialClusterVersion",
          "currentMasterVersion",
          "currentNodeVersion",
          "createTime",
          "status",
          "statusMessage",
          "nodeIpv4CidrSize",
          "servicesIpv4Cidr",
          "instanceGroupUrls",
          "currentNodeCount",
          "expireTime",
          "location",
          "enableTpu",
          "tpuIpv4CidrBlock",
          "conditions",
          "autopilot",
          "id",
          "nodePoolDefaults",
          "loggingConfig",
          "monitoringConfig",
          "nodePoolAutoConfig",
          "etag",
          "fleet",
          "securityPostureConfig",
          "enableK8sBetaApis",
          "controlPlaneEndpointsConfig",
          "enterpriseConfig",
          "secretManagerConfig",
          "compliancePostureConfig",
          "satisfiesPzs",
          "satisfiesPzi",
          "userManagedKeysConfig",
          "rbacBindingConfig",
          "gkeAutoUpgradeConfig",
          "anonymousAuthenticationConfig",
          "podAutoscaling",
          "masterIpv4CidrBlock",
          "privateCluster",
          "clusterTelemetry",
          "tpuConfig",
          "podSecurityPolicyConfig",
          "workloadCertificates",
          "workloadAltsConfig",
          "protectConfig");

  /** The identity of a cluster: project, location, name. */
  record Id(String project, String location, String name) {
    String clusterId() {
      return "gke:" + project + "/" + location + "/" + name;
    }
  }

  private Gke() {}

  /**
   * A cluster's identity from its selfLink, location and name; the project may come from a hint.
   */
  static Optional<Id> idOf(JsonNode cluster, String projectHint) {
    String name = Json.str(cluster, "name");
    String location = Json.str(cluster, "location");
    if (location == null) {
      location = Json.str(cluster, "zone");
    }
    String project = projectHint;
    String link = Json.str(cluster, "selfLink");
    if (link != null) {
      Matcher m = SELF_LINK.matcher(link);
      if (m.find()) {
        project = m.group(1);
        location = location == null ? m.group(2) : location;
        name = name == null ? m.group(3) : name;
      }
    }
    if (name == null || location == null || project == null) {
      return Optional.empty();
    }
    return Optional.of(new Id(project, location, name));
  }

  /** A node pool's cluster from its selfLink, or empty. */
  static Optional<Id> poolClusterOf(JsonNode pool) {
    String link = Json.str(pool, "selfLink");
    if (link != null) {
      Matcher m = SELF_LINK.matcher(link);
      if (m.find() && m.group(4) != null) {
        return Optional.of(new Id(m.group(1), m.group(2), m.group(3)));
      }
    }
    return Optional.empty();
  }

  static boolean looksLikeCluster(JsonNode n) {
    return n.isObject()
        && n.has("name")
        && (n.has("currentMasterVersion")
            || n.has("nodePools")
            || n.has("initialClusterVersion")
            || Json.at(n, "selfLink").asText("").contains("/clusters/")
                && !Json.at(n, "selfLink").asText("").contains("/nodePools/"));
  }

  static boolean looksLikePool(JsonNode n) {
    return n.isObject()
        && n.has("name")
        && (Json.at(n, "selfLink").asText("").contains("/nodePools/")
            || n.has("config") && (n.has("version") || n.has("initialNodeCount")));
  }

  /** Adds a cluster and the pools it embeds; returns the cluster's row. */
  static CloudClusterRow cluster(
      CloudBatch batch, JsonNode c, Id id, String source, int rank, int poolRank) {
    String clusterId = id.clusterId();
    CloudClusterRow.Builder b =
        batch
            .clusterRow(clusterId, "gke", source, c, KNOWN_CLUSTER_FIELDS)
            .setCloudAccount(id.project())
            .setLocation(id.location())
            .setName(id.name());
    Fields f = new Fields(batch, clusterId, source, "cluster " + id.name());
    b.setVersion(f.str(c, "currentMasterVersion"));
    b.setInitialVersion(f.str(c, "initialClusterVersion"));
    b.setCreatedAt(f.time(c, "createTime"));
    b.setStatus(f.str(c, "status"));
    Boolean autopilot = f.bool(c, "autopilot.enabled");
    b.setAutopilot(autopilot != null && autopilot);
    b.setEndpointPublicAccess(publicEndpoint(f, c));
    b.setDefaultReadonlyPortEnabled(
        f.bool(c, "nodePoolDefaults.nodeConfigDefaults.nodeKubeletConfig." + RO));
    b.setAutopilotReadonlyPortEnabled(f.bool(c, "nodePoolAutoConfig.nodeKubeletConfig." + RO));
    b.setAutoprovisioningReadonlyPortEnabled(
        f.bool(c, "autoscaling.autoprovisioningNodePoolDefaults." + RO));
    b.setLegacyNodeConfigReadonlyPortEnabled(f.bool(c, "nodeConfig.kubeletConfig." + RO));
    CloudClusterRow row = b.build();
    batch.cluster(row, rank);
    JsonNode pools = c.path("nodePools");
    if (pools.isArray()) {
      int i = 0;
      for (JsonNode p : pools) {
        pool(batch, row, p, source + " nodePools[" + i + "]", poolRank);
        i++;
      }
    }
    return row;
  }

  private static Boolean publicEndpoint(Fields f, JsonNode c) {
    Boolean pub = f.bool(c, "controlPlaneEndpointsConfig.ipEndpointsConfig.enablePublicEndpoint");
    if (pub != null) {
      return pub;
    }
    Boolean privateEndpoint = f.bool(c, "privateClusterConfig.enablePrivateEndpoint");
    if (privateEndpoint != null) {
      return !privateEndpoint;
    }
    return Json.absent(Json.at(c, "endpoint")) ? null : Boolean.TRUE;
  }

  /**
   * Adds one node pool of {@code cluster}, resolving its read-only port setting against the
   * cluster's defaults (pools read from {@code node-pools list} alone are resolved against the
   * cluster read elsewhere, or a placeholder without defaults).
   */
  static void pool(CloudBatch batch, CloudClusterRow cluster, JsonNode p, String source, int rank) {
    String clusterId = cluster.getClusterId();
    String name = Json.str(p, "name");
    Fields f = new Fields(batch, clusterId, source, "node pool " + name);
    if (name == null) {
      batch.error(
          clusterId, source, null, "CLOUD_GKE", "MISSING_FIELD", "a node pool without a name");
      return;
    }
    JsonNode kc = Json.at(p, "config.kubeletConfig");
    CloudNodePoolRow.Builder b =
        batch
            .poolRow(clusterId, "gke", name, source, p)
            .setVersion(f.str(p, "version"))
            .setStatus(f.str(p, "status"))
            .setImageType(f.str(p, "config.imageType"))
            .setMachineTypes(
                Json.absent(Json.at(p, "config.machineType"))
                    ? List.of()
                    : List.of(f.str(p, "config.machineType")))
            .setDesiredSize(f.int32(p, "initialNodeCount"))
            .setKubeletConfigJson(Json.absent(kc) ? null : CloudBatch.canonical(kc));
    Boolean autoprovisioned = f.bool(p, "autoscaling.autoprovisioned");
    b.setAutoprovisioned(autoprovisioned != null && autoprovisioned);
    kubeletConfig(f, kc, b);
    Boolean own = f.bool(kc, RO);
    b.setInsecureKubeletReadonlyPortEnabled(own);
    resolveReadonlyPort(f, cluster, p, own, Boolean.TRUE.equals(autoprovisioned), b);
    String version = b.getVersion();
    Optional<KubeVersion> v = version == null ? Optional.empty() : KubeVersion.parse(version);
    b.setCanDisableReadonlyPort(v.map(x -> x.atLeast(CAN_DISABLE)).orElse(null));
    batch.pool(b.build(), rank);
  }

  private static void resolveReadonlyPort(
      Fields f,
      CloudClusterRow cluster,
      JsonNode p,
      Boolean own,
      boolean autoprovisioned,
      CloudNodePoolRow.Builder b) {
    if (own != null) {
      b.setReadonlyPortEnabled(own).setReadonlyPortSource(ReadonlyPortSource.POOL.name());
      return;
    }
    if (Boolean.TRUE.equals(cluster.getAutopilot()) || autoprovisioned) {
      if (cluster.getAutopilotReadonlyPortEnabled() != null) {
        b.setReadonlyPortEnabled(cluster.getAutopilotReadonlyPortEnabled())
            .setReadonlyPortSource(ReadonlyPortSource.AUTOPILOT_DEFAULT.name());
        return;
      }
      if (cluster.getAutoprovisioningReadonlyPortEnabled() != null) {
        b.setReadonlyPortEnabled(cluster.getAutoprovisioningReadonlyPortEnabled())
            .setReadonlyPortSource(ReadonlyPortSource.AUTOPROVISIONING_DEFAULT.name());
        return;
      }
    }
    if (Json.absent(p.path("config")) && cluster.getLegacyNodeConfigReadonlyPortEnabled() != null) {
      b.setReadonlyPortEnabled(cluster.getLegacyNodeConfigReadonlyPortEnabled())
          .setReadonlyPortSource(ReadonlyPortSource.LEGACY_NODE_CONFIG.name());
      return;
    }
    String initial = cluster.getInitialVersion();
    Optional<KubeVersion> iv = initial == null ? Optional.empty() : KubeVersion.parse(initial);
    if (iv.isPresent()) {
      b.setReadonlyPortEnabled(!iv.get().atLeastMinor(1, 32))
          .setReadonlyPortSource(ReadonlyPortSource.GKE_VERSION_DEFAULT.name());
    } else {
      b.setReadonlyPortEnabled(null).setReadonlyPortSource(ReadonlyPortSource.UNKNOWN.name());
    }
  }

  /** NodeKubeletConfig, with gcloud system-config spellings (cpuCFSQuota) accepted too. */
  private static void kubeletConfig(Fields f, JsonNode kc, CloudNodePoolRow.Builder b) {
    b.setCpuManagerPolicy(f.str(kc, "cpuManagerPolicy"));
    Boolean quota = f.bool(kc, "cpuCfsQuota");
    b.setCpuCfsQuota(quota != null ? quota : f.bool(kc, "cpuCFSQuota"));
    String period = f.str(kc, "cpuCfsQuotaPeriod");
    b.setCpuCfsQuotaPeriod(period != null ? period : f.str(kc, "cpuCFSQuotaPeriod"));
    b.setPodPidsLimit(f.int64(kc, "podPidsLimit"));
    b.setAllowedUnsafeSysctls(f.strings(kc, "allowedUnsafeSysctls"));
    b.setContainerLogMaxSize(f.str(kc, "containerLogMaxSize"));
    b.setContainerLogMaxFiles(f.int32(kc, "containerLogMaxFiles"));
    b.setImageGcLowThresholdPercent(f.int32(kc, "imageGcLowThresholdPercent"));
    b.setImageGcHighThresholdPercent(f.int32(kc, "imageGcHighThresholdPercent"));
    b.setImageMinimumGcAge(f.str(kc, "imageMinimumGcAge"));
    b.setImageMaximumGcAge(f.str(kc, "imageMaximumGcAge"));
    b.setTopologyManagerPolicy(f.str(kc, "topologyManager.policy"));
    b.setTopologyManagerScope(f.str(kc, "topologyManager.scope"));
    b.setMemoryManagerPolicy(f.str(kc, "memoryManager.policy"));
    b.setEvictionSoft(f.signals(kc, "evictionSoft"));
    b.setEvictionSoftGracePeriod(f.signals(kc, "evictionSoftGracePeriod"));
    b.setEvictionMinimumReclaim(f.signals(kc, "evictionMinimumReclaim"));
    b.setEvictionMaxPodGracePeriodSeconds(f.int32(kc, "evictionMaxPodGracePeriodSeconds"));
    b.setMaxParallelImagePulls(f.int32(kc, "maxParallelImagePulls"));
    b.setSingleProcessOomKill(f.bool(kc, "singleProcessOomKill"));
    b.setShutdownGracePeriodSeconds(f.int32(kc, "shutdownGracePeriodSeconds"));
    b.setShutdownGracePeriodCriticalPodsSeconds(
        f.int32(kc, "shutdownGracePeriodCriticalPodsSeconds"));
    b.setCrashLoopBackOffMaxRestartPeriod(f.str(kc, "crashLoopBackOff.maxContainerRestartPeriod"));
  }

  /** GKE eviction map keys and the kubelet signal names they stand for. */
  static final Map<String, String> SIGNALS =
      Map.of(
          "memoryAvailable", "memory.available",
          "nodefsAvailable", "nodefs.available",
          "nodefsInodesFree", "nodefs.inodesFree",
          "imagefsAvailable", "imagefs.available",
          "imagefsInodesFree", "imagefs.inodesFree",
          "pidAvailable", "pid.available");

  /**
   * Field readers that turn a value of the wrong type into a WARNING row (the field is then
   * unknown, the rest of the record is kept) instead of failing the record.
   */
  static final class Fields {
    private final CloudBatch batch;
    private final String clusterId;
    private final String source;
    private final String what;

    Fields(CloudBatch batch, String clusterId, String source, String what) {
      this.batch = batch;
      this.clusterId = clusterId;
      this.source = source;
      this.what = what;
    }

    private <T> T guard(java.util.function.Supplier<T> read, T fallback) {
      try {
        return read.get();
      } catch (Json.BadValue e) {
        batch.warning(
            clusterId,
            source,
            null,
            CloudBatch.stageOf(clusterId),
            "BAD_VALUE",
            what + ": " + e.getMessage() + "; the field is left empty");
        return fallback;
      }
    }

    String str(JsonNode n, String p) {
      return guard(() -> Json.str(n, p), null);
    }

    Boolean bool(JsonNode n, String p) {
      return guard(() -> Json.bool(n, p), null);
    }

    Long int64(JsonNode n, String p) {
      return guard(() -> Json.int64(n, p), null);
    }

    Integer int32(JsonNode n, String p) {
      return guard(() -> Json.int32(n, p), null);
    }

    List<String> strings(JsonNode n, String p) {
      return guard(() -> Json.strings(n, p), List.of());
    }

    java.time.Instant time(JsonNode n, String p) {
      return guard(() -> Json.time(n, p), null);
    }

    Map<String, String> signals(JsonNode n, String p) {
      JsonNode m = Json.at(n, p);
      Map<String, String> out = new TreeMap<>();
      if (Json.absent(m)) {
        return out;
      }
      if (!m.isObject()) {
        return guard(
            () -> {
              throw new Json.BadValue(p, m, "an object");
            },
            out);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = SIGNALS.getOrDefault(e.getKey(), e.getKey());
        JsonNode v = e.getValue();
        if (v.isTextual() || v.isNumber()) {
          out.put(key, v.asText());
        } else if (!v.isNull()) {
          guard(
              () -> {
                throw new Json.BadValue(p + "." + e.getKey(), v, "a string");
              },
              null);
        }
      }
      return out;
    }
  }
}
