package dev.fleetscore.demo;

/**
 * Everything the generator plants on purpose, listed per dump and per cluster in the manifest so
 * that tests downstream can assert the product finds it. {@link Category#DEFECT} is a real problem
 * a scorer must report; {@link Category#TRAP} looks like a problem (or hides one) but is not, and a
 * scorer that follows the kubelet's own rules must get it right; {@link Category#BROKEN} is bad
 * input the importer must reject or quarantine with a reason.
 */
public enum Planted {
  READ_ONLY_PORT_OPEN(
      Category.DEFECT, "the kubelet serves the unauthenticated read-only port 10255"),
  READ_ONLY_PORT_IN_USE(
      Category.DEFECT,
      "kubelet metrics show requests served by the read-only port (not migration-ready)"),
  GKE_READ_ONLY_PORT_INTENT_MISMATCH(
      Category.DEFECT, "the node pool disables the read-only port, the node still opens it"),
  ANONYMOUS_AUTH_ENABLED(Category.DEFECT, "anonymous requests to the kubelet API are allowed"),
  AUTHORIZATION_ALWAYS_ALLOW(Category.DEFECT, "the kubelet authorizes every request (AlwaysAllow)"),
  REPEATED_FLAG_LAST_WINS(Category.DEFECT, "a flag is repeated and its last, weaker value wins"),
  DROP_IN_OVERRIDE(Category.DEFECT, "a --config-dir drop-in overrides a safer earlier layer"),
  FEATURE_GATE_DISABLES_SERVER_CERT_ROTATION(
      Category.DEFECT, "--feature-gates turns RotateKubeletServerCertificate off"),
  FLAGS_ONLY_LEGACY_DEFAULTS(
      Category.DEFECT,
      "a kubelet without --config falls back to the insecure legacy flag defaults"),
  STREAMING_IDLE_TIMEOUT_DISABLED(
      Category.DEFECT,
      "--streaming-connection-idle-timeout=0 on the command line disables the timeout"),
  WEAK_TLS_CIPHER_SUITES(Category.DEFECT, "the kubelet allows weak TLS cipher suites"),
  FILE_MODE_TOO_OPEN(
      Category.DEFECT, "a sensitive file is more permissive than the benchmark allows"),
  CERT_EXPIRED(Category.DEFECT, "a certificate expired before the snapshot date"),
  CERT_EXPIRING_SOON(Category.DEFECT, "a certificate expires within 30 days of the snapshot date"),
  CERT_RSA_1024(Category.DEFECT, "a certificate has a 1024-bit RSA key"),
  CERT_SHA1_SIGNATURE(Category.DEFECT, "a certificate is signed with SHA-1"),
  CERT_NOT_SIGNED_BY_CLAIMED_CA(
      Category.DEFECT, "a certificate names a CA as issuer but that CA's key did not sign it"),
  CERT_LEAF_IS_CA(Category.DEFECT, "a leaf certificate carries basicConstraints CA:TRUE"),
  APISERVER_CERT_MISSING_SAN(
      Category.DEFECT, "the kube-apiserver serving certificate lacks a required subjectAltName"),
  ETCD_SHARES_CLUSTER_CA(Category.DEFECT, "etcd trusts the cluster CA instead of its own CA"),
  GKE_POOL_READ_ONLY_PORT_ENABLED(
      Category.DEFECT, "a GKE node pool sets insecureKubeletReadonlyPortEnabled: true"),
  GKE_POOL_READ_ONLY_PORT_UNSET_DEFAULT_ON(
      Category.DEFECT,
      "a GKE node pool leaves insecureKubeletReadonlyPortEnabled unset on a cluster created before"
          + " 1.32, so the port is on"),
  AWS_AUTH_NODE_ROLE_SYSTEM_MASTERS(
      Category.DEFECT, "aws-auth maps a node role into system:masters"),
  AWS_AUTH_NODE_ROLE_WRONG_USERNAME(
      Category.DEFECT, "aws-auth maps a node role with a username other than system:node:{{...}}"),
  AWS_AUTH_ARN_WITH_PATH(
      Category.DEFECT, "an aws-auth role ARN has a path, so the mapping silently never matches"),
  AWS_AUTH_USER_SYSTEM_MASTERS(
      Category.DEFECT, "aws-auth mapUsers puts an IAM user in system:masters"),
  AWS_AUTH_MAP_ACCOUNTS(Category.DEFECT, "aws-auth mapAccounts maps a whole AWS account"),
  INVENTORY_NODES_WITHOUT_DUMPS(
      Category.DEFECT, "the cluster reports more nodes than have dumps (coverage gap)"),
  RBAC_CLUSTER_ADMIN_BINDING(
      Category.DEFECT, "a ClusterRoleBinding gives a group cluster-admin (CIS 5.1.1)"),
  RBAC_ANONYMOUS_GRANT(
      Category.DEFECT, "a ClusterRoleBinding grants view to system:unauthenticated"),
  RBAC_NODES_PROXY_MONITORING(
      Category.DEFECT,
      "the monitoring agent holds get nodes/proxy (exec on every node) where nodes/metrics and"
          + " nodes/stats would serve"),
  RBAC_DEFAULT_SA_CLUSTER_READ(
      Category.DEFECT, "a namespace's default service account can read cluster-wide (view)"),
  RBAC_DEFAULT_SA_AUTOMOUNT(
      Category.DEFECT, "a default service account leaves automountServiceAccountToken unset"),
  RBAC_WILDCARD_ROLE(Category.DEFECT, "a ClusterRole grants * verbs on * resources"),
  RBAC_SECRETS_VIA_AGGREGATED_VIEW(
      Category.DEFECT,
      "a CRD role labelled aggregate-to-view makes the built-in view role read secrets, and a"
          + " RoleBinding gives view to developers"),

  CONFIG_ZERO_DURATION_MEANS_DEFAULT(
      Category.TRAP,
      "0s durations in a config file are defaulted (streamingConnectionIdleTimeout is 4h)"),
  READ_ONLY_PORT_ABSENT_WITH_CONFIG(
      Category.TRAP, "readOnlyPort is absent from the config file, so it is 0 (closed)"),
  READ_ONLY_PORT_NO_TRAFFIC(
      Category.TRAP, "the read-only port is open but metrics show no read-only requests"),
  FLAG_OVERRIDES_DROP_IN(Category.TRAP, "a drop-in opens the read-only port but a flag closes it"),
  CONFIG_DIR_WITHOUT_CONFIG(
      Category.TRAP,
      "--config-dir without --config: legacy defaults are the base, drop-ins and flags set them"),
  RBAC_ROLEBINDING_TO_CLUSTERROLE(
      Category.TRAP,
      "a RoleBinding references a ClusterRole with nodes/proxy: it grants nothing on nodes"
          + " (cluster-scoped), only namespaced rules apply, in its namespace"),
  RBAC_NODES_METRICS_ONLY(
      Category.TRAP,
      "the monitoring agent holds nodes/metrics and nodes/stats only (ready for 10250)"),
  FLAGS_ONLY_EXPLICIT_SECURE(
      Category.TRAP, "a kubelet without --config that sets every legacy-default setting safely"),
  PS_LOSES_EMPTY_ARGUMENT(
      Category.TRAP, "ps drops an empty argument that /proc/<pid>/cmdline keeps"),
  PS_SPLITS_ARGUMENT_WITH_SPACES(
      Category.TRAP, "an argument contains spaces, so ps text cannot be split back into argv"),
  NO_CMDLINE_PS_ONLY(Category.TRAP, "the dump has no cmdline/ files, only ps output"),
  REPEATED_FLAG_SAME_VALUE(Category.TRAP, "a flag appears twice with the same value"),
  UNKNOWN_DISTRIBUTION_FLAG(
      Category.TRAP,
      "a distribution-only flag the upstream kubelet does not know (GKE --pod-sysctls)"),

  TRUNCATED_KUBELET_CONFIG(Category.BROKEN, "the kubelet config file was cut off mid-document"),
  MISSING_META_ENV(
      Category.BROKEN, "the dump has no meta.env, so its cluster and node are unknown"),
  PEM_BINARY_JUNK(Category.BROKEN, "a PEM file carries binary junk instead of base64"),
  DUPLICATE_NODE_DUMP(
      Category.BROKEN, "a second dump of the same node, collected earlier the same night");

  /** Whether a planted item is a problem to report, a pitfall to get right, or bad input. */
  public enum Category {
    DEFECT,
    TRAP,
    BROKEN
  }

  private final Category category;
  private final String description;

  Planted(Category category, String description) {
    this.category = category;
    this.description = description;
  }

  public Category category() {
    return category;
  }

  public String description() {
    return description;
  }
}
