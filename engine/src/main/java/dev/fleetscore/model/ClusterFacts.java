package dev.fleetscore.model;

import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.InventoryRow;
import java.util.List;
import java.util.Optional;

/**
 * What the cloud API, the cluster's own node list and its RBAC objects say about one cluster,
 * joined in at cluster level. Every part may be missing (a kubeadm cluster has no cloud rows);
 * rules must then say NO_EVIDENCE or NOT_APPLICABLE, never PASS.
 */
public record ClusterFacts(
    String clusterId,
    Optional<CloudClusterRow> cloud,
    List<CloudNodePoolRow> pools,
    List<AuthMappingRow> authMappings,
    List<InventoryRow> inventory,
    RbacEvidence rbac) {

  public ClusterFacts {
    pools = List.copyOf(pools);
    authMappings = List.copyOf(authMappings);
    inventory = List.copyOf(inventory);
    rbac = rbac == null ? RbacEvidence.NONE : rbac;
  }

  /** Facts without RBAC evidence. */
  public ClusterFacts(
      String clusterId,
      Optional<CloudClusterRow> cloud,
      List<CloudNodePoolRow> pools,
      List<AuthMappingRow> authMappings,
      List<InventoryRow> inventory) {
    this(clusterId, cloud, pools, authMappings, inventory, RbacEvidence.NONE);
  }

  public static ClusterFacts empty(String clusterId) {
    return new ClusterFacts(clusterId, Optional.empty(), List.of(), List.of(), List.of());
  }

  public Optional<CloudNodePoolRow> pool(String name) {
    return name == null
        ? Optional.empty()
        : pools.stream().filter(p -> name.equals(p.getPoolName())).findFirst();
  }
}
