package dev.fleetscore.schema;

/**
 * Where cloud_node_pools.readonly_port_enabled came from: the closed set of values of its {@code
 * readonly_port_source} column, written by the cloud collectors; the normalizer passes it on as the
 * cloud setting {@code readonlyPortSource}.
 */
public enum ReadonlyPortSource {
  /** The pool's own kubelet config. */
  POOL,
  /**
   * The cluster's node-pool default: in the contract since its first version, written by no
   * collector.
   */
  CLUSTER_DEFAULT,
  /** The Autopilot or auto-provisioning node kubelet config. */
  AUTOPILOT_DEFAULT,
  /** The deprecated auto-provisioning node-pool defaults. */
  AUTOPROVISIONING_DEFAULT,
  /** The cluster's deprecated nodeConfig, for a pool object without a config. */
  LEGACY_NODE_CONFIG,
  /** The GKE default for the version the cluster was created with. */
  GKE_VERSION_DEFAULT,
  /** EKS: the platform has no such setting. */
  NOT_APPLICABLE,
  /** The export does not say. */
  UNKNOWN
}
