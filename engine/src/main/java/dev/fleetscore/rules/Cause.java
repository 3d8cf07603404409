package dev.fleetscore.rules;

/**
 * Why a NO_EVIDENCE finding could not be decided, as a code from a closed set, and what would
 * resolve it. Written to findings.no_evidence_cause and no_evidence_fix.
 *
 * @param code one of the constants below
 * @param fix what to collect, and how, so the rule can be judged
 */
record Cause(String code, String fix) {

  /** The component's process, command line or static pod manifest is not in the evidence. */
  static final String PROCESS_NOT_SEEN = "PROCESS_NOT_SEEN";

  /** A file the configuration names (or its stat line) is not in the dump. */
  static final String FILE_NOT_COLLECTED = "FILE_NOT_COLLECTED";

  /** No configuration on the node names a file of the role, so its path is unknown. */
  static final String FILE_PATH_UNKNOWN = "FILE_PATH_UNKNOWN";

  /** The Kubernetes version is not known and the rule is version-gated. */
  static final String VERSION_UNKNOWN = "VERSION_UNKNOWN";

  /** The cloud_clusters, cloud_node_pools or auth_mappings row the rule reads is missing. */
  static final String CLOUD_TABLE_MISSING = "CLOUD_TABLE_MISSING";

  /** The cluster has no RBAC evidence (rbac_roles, rbac_bindings, rbac_service_accounts). */
  static final String RBAC_NOT_COLLECTED = "RBAC_NOT_COLLECTED";

  /** The node's pool is not known, so its cloud row cannot be found. */
  static final String NODE_POOL_UNKNOWN = "NODE_POOL_UNKNOWN";

  /** The setting has no value: unset without a default, or a value the component rejects. */
  static final String SETTING_NO_VALUE = "SETTING_NO_VALUE";

  /** The value is of a type the rule cannot compare (a text where a number is needed). */
  static final String VALUE_UNREADABLE = "VALUE_UNREADABLE";

  /** The CA file that would verify a certificate is not in the dump or holds no certificate. */
  static final String CA_NOT_COLLECTED = "CA_NOT_COLLECTED";

  /**
   * The component that consumes the certificate runs elsewhere (another node, a managed control
   * plane), so the CA it trusts is not in this node's evidence.
   */
  static final String TRUST_NOT_VISIBLE = "TRUST_NOT_VISIBLE";

  /** The kubelet's read-only request metrics are not in the dump. */
  static final String METRICS_NOT_COLLECTED = "METRICS_NOT_COLLECTED";

  /** A cluster rule found no scored node of the cluster. */
  static final String NO_NODE_SCORED = "NO_NODE_SCORED";

  /** A value marks the check as impossible (no_evidence_if) for a reason not listed above. */
  static final String CHECK_NOT_POSSIBLE = "CHECK_NOT_POSSIBLE";

  static Cause processNotSeen(String component) {
    return new Cause(
        PROCESS_NOT_SEEN,
        "Run node-dump.sh as root on the node while "
            + component
            + " runs, so its /proc/<pid>/cmdline (or, for a control-plane component, its static pod"
            + " manifest) is in the dump; on a managed control plane (GKE, EKS, AKS) the"
            + " component is not visible and the provider's benchmark covers it.");
  }

  static Cause versionUnknown() {
    return new Cause(
        VERSION_UNKNOWN,
        "Record the Kubernetes version: node-dump.sh writes kubelet_version to meta.env (it runs"
            + " `kubelet --version`), or import the cluster's node list (`fleetscore collect"
            + " inventory`) or the cloud export, which carry each node's kubelet version.");
  }

  static Cause fileNotCollected(String path) {
    return new Cause(
        FILE_NOT_COLLECTED,
        "Re-run node-dump.sh as root so it can stat and copy "
            + path
            + " (it collects every file the effective configuration names); if the file is in the"
            + " dump, collection_errors says why it was not read.");
  }

  static Cause filePathUnknown(String what) {
    return new Cause(
        FILE_PATH_UNKNOWN,
        "Collect the configuration that names the "
            + what
            + " (the component's command line, config file or static pod manifest): node-dump.sh"
            + " as root copies them, and the path then follows from the effective configuration.");
  }

  static Cause cloudTableMissing(String what) {
    return new Cause(
        CLOUD_TABLE_MISSING,
        "Import the cluster's cloud state ("
            + what
            + "): `fleetscore collect gke` or `fleetscore collect eks` (live, or from a saved"
            + " export) for the snapshot date, with the same cluster id as the node dumps.");
  }

  static Cause rbacNotCollected() {
    return new Cause(
        RBAC_NOT_COLLECTED,
        "Collect the cluster's RBAC objects for the snapshot date with `fleetscore collect rbac`"
            + " (from `kubectl get clusterroles,clusterrolebindings,roles,rolebindings,"
            + "serviceaccounts -A -o json` exports, or live with --kubeconfig), with the same"
            + " cluster id as the node dumps.");
  }

  static Cause nodePoolUnknown() {
    return new Cause(
        NODE_POOL_UNKNOWN,
        "Give the node's pool: node-dump.sh reads it from the node's labels into meta.env"
            + " (node_pool=), or import the cluster's node list (`fleetscore collect inventory`).");
  }

  static Cause settingNoValue(String label) {
    return new Cause(
        SETTING_NO_VALUE,
        "Check how "
            + label
            + " is set on the node (the effective_settings row's note and raw_value say why it has"
            + " no value) and collect the file or command line that sets it.");
  }

  static Cause valueUnreadable(String label) {
    return new Cause(
        VALUE_UNREADABLE,
        "Fix or re-collect the value of "
            + label
            + ": the component would read it differently or refuse it (see the effective_settings"
            + " note and collection_errors).");
  }

  static Cause caNotCollected(String detail) {
    return new Cause(
        CA_NOT_COLLECTED,
        "Collect the CA file the consuming component trusts"
            + (detail == null ? "" : " (" + detail + ")")
            + ": re-run node-dump.sh as root so the PEM file is copied.");
  }

  static Cause trustNotVisible() {
    return new Cause(
        TRUST_NOT_VISIBLE,
        "The component that verifies this certificate runs elsewhere (the API server for a"
            + " kubelet's certificates); collect that control-plane node's dump for the same"
            + " snapshot, or on a managed control plane rely on the provider, who configures the"
            + " trust.");
  }

  static Cause metricsNotCollected() {
    return new Cause(
        METRICS_NOT_COLLECTED,
        "Run node-dump.sh with access to the kubelet's /metrics (it saves"
            + " kubelet_http_requests_total to metrics/kubelet.txt), so read-only port use is"
            + " known.");
  }

  static Cause noNodeScored() {
    return new Cause(
        NO_NODE_SCORED,
        "Import node dumps of this cluster's nodes (`fleetscore collect import`) for the snapshot"
            + " date; the cluster rule judges what its nodes report.");
  }

  static Cause checkNotPossible(String label, String value) {
    return new Cause(
        CHECK_NOT_POSSIBLE,
        label
            + " is "
            + value
            + ", which does not allow a judgement; collect the evidence it names.");
  }

  /** The fallback for a NO_EVIDENCE path that names no cause; tests keep it from being used. */
  static Cause unclassified() {
    return new Cause(
        "UNCLASSIFIED", "The reason says which evidence was missing; collect it and score again.");
  }
}
