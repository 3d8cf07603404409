package dev.fleetscore.rules;

import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.InventoryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one evaluation is about: a node (with its cluster's cloud facts) or a cluster (with the
 * summaries of its scored nodes), and the derived facts every rule asks for, computed once per node
 * or cluster: the platform, the node's role, the Kubernetes version, the node's pool.
 */
abstract sealed class Scope permits Scope.NodeScope, Scope.ClusterScope {

  final EvaluationContext ctx;
  final Instant asOf;

  Scope(EvaluationContext ctx) {
    this.ctx = ctx;
    this.asOf = ctx.asOf();
  }

  /** gke, eks, aks, kubeadm, k3s, ... or null when nothing says. */
  abstract String platform();

  /** The Kubernetes version rules are gated on, or null when unknown. */
  abstract KubeVersion version();

  abstract ClusterFacts cluster();

  Optional<CloudClusterRow> cloud() {
    return cluster() == null ? Optional.empty() : cluster().cloud();
  }

  List<CloudNodePoolRow> pools() {
    return cluster() == null ? List.of() : cluster().pools();
  }

  /**
   * The platform: the cloud API's word first, then the cluster id's prefix (gke:, eks:, ...) that
   * node dumps and cloud rows share, then what the node dump says.
   */
  static String platformOf(ClusterFacts cluster, String clusterId, String dumpProvider) {
    if (cluster != null && cluster.cloud().isPresent()) {
      String p = cluster.cloud().get().getProvider();
      if (p != null && !p.isBlank()) {
        return p.toLowerCase(Locale.ROOT);
      }
    }
    if (clusterId != null) {
      int colon = clusterId.indexOf(':');
      if (colon > 0) {
        String prefix = clusterId.substring(0, colon).toLowerCase(Locale.ROOT);
        if (Providers.KNOWN.contains(prefix)) {
          return prefix;
        }
      }
    }
    if (dumpProvider != null && !dumpProvider.isBlank()) {
      return dumpProvider.toLowerCase(Locale.ROOT);
    }
    return null;
  }

  /** One node's evaluation. */
  static final class NodeScope extends Scope {

    private static final List<String> CONTROL_PLANE_ROLES =
        List.of(
            FileRoles.APISERVER_MANIFEST,
            FileRoles.CONTROLLER_MANAGER_MANIFEST,
            FileRoles.SCHEDULER_MANIFEST,
            FileRoles.ETCD_MANIFEST);

    final NodeFacts node;
    private final String platform;
    private final KubeVersion version;
    final boolean controlPlane;
    final String controlPlaneWhy;
    final String poolName;
    final CloudNodePoolRow pool;
    private Map<String, List<CertificateRow>> certsByPath;
    private Map<String, ConfigFileRow> configByPath;
    private ReadonlyRequests.Result readonly;

    NodeScope(NodeFacts node, EvaluationContext ctx) {
      super(ctx);
      this.node = node;
      this.platform = platformOf(node.cluster(), node.clusterId(), node.dump().getProvider());
      InventoryRow inv = inventoryRow(node);
      String v = node.kubeletVersion().orElse(node.dump().getKubeletVersion());
      if (v == null && inv != null) {
        v = inv.getKubeletVersion();
      }
      this.version = KubeVersion.parse(v).orElse(null);
      String why = null;
      for (Component c :
          List.of(
              Component.KUBE_APISERVER,
              Component.ETCD,
              Component.KUBE_CONTROLLER_MANAGER,
              Component.KUBE_SCHEDULER)) {
        if (node.components().containsKey(c)) {
          why = c.id() + " runs on it";
          break;
        }
      }
      if (why == null) {
        for (String role : CONTROL_PLANE_ROLES) {
          if (!node.paths(role).isEmpty()) {
            why = "it has the " + role + " file";
            break;
          }
        }
      }
      if (why == null && inv != null && inv.getControlPlane()) {
        why = "the cluster's node list labels it control-plane";
      }
      this.controlPlane = why != null;
      this.controlPlaneWhy = why;
      String pn = node.dump().getNodePool();
      if (pn == null && inv != null) {
        pn = inv.getNodePool();
      }
      this.poolName = pn;
      this.pool = node.cluster() == null ? null : node.cluster().pool(pn).orElse(null);
    }

    private static InventoryRow inventoryRow(NodeFacts node) {
      if (node.cluster() == null || node.nodeName() == null) {
        return null;
      }
      for (InventoryRow r : node.cluster().inventory()) {
        if (node.nodeName().equals(r.getNodeName())) {
          return r;
        }
      }
      return null;
    }

    @Override
    String platform() {
      return platform;
    }

    @Override
    KubeVersion version() {
      return version;
    }

    @Override
    ClusterFacts cluster() {
      return node.cluster();
    }

    String dumpId() {
      return node.dump().getDumpId();
    }

    /** Certificate rows at {@code path}, bundle order. */
    List<CertificateRow> certificatesAt(String path) {
      if (certsByPath == null) {
        Map<String, List<CertificateRow>> m = new HashMap<>();
        for (CertificateRow c : node.certificates()) {
          m.computeIfAbsent(c.getPath(), k -> new ArrayList<>(2)).add(c);
        }
        certsByPath = m;
      }
      return certsByPath.getOrDefault(path, List.of());
    }

    ConfigFileRow configAt(String path) {
      if (configByPath == null) {
        Map<String, ConfigFileRow> m = new HashMap<>();
        for (ConfigFileRow c : node.configFiles()) {
          m.putIfAbsent(c.getPath(), c);
        }
        configByPath = m;
      }
      return configByPath.get(path);
    }

    ReadonlyRequests.Result readonlyRequests() {
      if (readonly == null) {
        readonly = ReadonlyRequests.of(node);
      }
      return readonly;
    }
  }

  /** One cluster's evaluation. */
  static final class ClusterScope extends Scope {

    final ClusterFacts cluster;
    final List<NodeSummary> nodes;
    private final String platform;
    private final KubeVersion version;
    private dev.fleetscore.rbac.RbacPolicy policy;
    private List<dev.fleetscore.rbac.Grant> grants;

    ClusterScope(ClusterFacts cluster, List<NodeSummary> nodes, EvaluationContext ctx) {
      super(ctx);
      this.cluster = cluster;
      this.nodes = nodes;
      this.platform = platformOf(cluster, cluster.clusterId(), null);
      this.version = cluster.cloud().flatMap(c -> KubeVersion.parse(c.getVersion())).orElse(null);
    }

    @Override
    String platform() {
      return platform;
    }

    @Override
    KubeVersion version() {
      return version;
    }

    @Override
    ClusterFacts cluster() {
      return cluster;
    }

    /** The cluster's roles with aggregation resolved, computed once. */
    dev.fleetscore.rbac.RbacPolicy policy() {
      if (policy == null) {
        policy = dev.fleetscore.rbac.RbacPolicy.of(cluster.rbac());
      }
      return policy;
    }

    /** The cluster's effective grants, computed once for all its rules. */
    List<dev.fleetscore.rbac.Grant> grants() {
      if (grants == null) {
        grants = dev.fleetscore.rbac.EffectiveAccess.grants(cluster.rbac(), policy());
      }
      return grants;
    }
  }
}
