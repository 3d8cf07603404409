package dev.fleetscore.demo;

/**
 * A concrete change the generator makes to an otherwise vendor-default node. The manifest does not
 * list twists; it lists what they cause ({@link PlantedItem}s), worked out from the node's final
 * inputs.
 */
enum Twist {
  /** Operator flag {@code --read-only-port=10255}. */
  READ_ONLY_PORT_FLAG,
  /** {@code --read-only-port=0} then {@code --read-only-port=10255}: the last one wins. */
  READ_ONLY_PORT_REPEATED,
  ANONYMOUS_FLAG,
  ALWAYS_ALLOW_FLAG,
  /** A config-dir drop-in that turns on anonymous auth and AlwaysAllow. */
  PERMISSIVE_DROP_IN,
  ROTATION_GATE_OFF_FLAG,
  STREAMING_ZERO_FLAG,
  WEAK_CIPHERS_FLAG,
  /** k3s: a user drop-in with weak ciphers and readOnlyPort 10255 (the flag still closes it). */
  K3S_USER_DROP_IN,
  /**
   * AKS: the flags-only kubelet without --anonymous-auth, --authorization-mode, --read-only-port.
   */
  OMIT_SECURE_FLAGS,
  /** GKE: the pool disables the port, the node's kubelet-config.yaml still says 10255. */
  GKE_PORT_MISMATCH,
  /** Metrics show read-only-port traffic (only meaningful where the port is open). */
  READ_ONLY_TRAFFIC,
  MODE_KUBELET_CONFIG,
  MODE_KUBECONFIG,
  MODE_PKI_KEY,
  SERVING_CERT_EXPIRED,
  SERVING_CERT_EXPIRING,
  SERVING_CERT_RSA_1024,
  /** kubeadm control plane: every control-plane certificate defect at once. */
  CONTROL_PLANE_CERT_DEFECTS,
  PS_AUX,
  PS_EF,
  NO_CMDLINE,
  TRUNCATED_CONFIG,
  PEM_JUNK
}
