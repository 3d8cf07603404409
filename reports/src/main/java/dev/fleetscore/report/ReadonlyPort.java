package dev.fleetscore.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that says which table rows feed the read-only-port migration view (GKE "disable the
 * insecure kubelet read-only port": find the pools that still have port 10255 open, the nodes whose
 * clients still call it, and the pools that can be closed now). It keys off documented columns
 * only, never off rule ids, which belong to the rule packs:
 *
 * <ul>
 *   <li><b>Is the port open on the node?</b> {@code effective_settings} row with {@code component =
 *       kubelet}, {@code setting = readOnlyPort}: {@code "0"} is closed, any other value open, no
 *       row or a null value unknown. Its {@code source}/{@code origin} say why (a legacy default of
 *       a kubelet without {@code --config}, GKE's own config file, a flag).
 *   <li><b>What does the cloud API say for the node's pool?</b> {@code effective_settings} rows
 *       with {@code component = cloud}: {@code readonlyPortEnabled} (the pool's resolved setting),
 *       {@code readonlyPortSource} (POOL, CLUSTER_DEFAULT, ...), {@code canDisableReadonlyPort}
 *       (the pool runs GKE 1.26.4-gke.500 or later) and {@code version}.
 *   <li><b>Do clients still use the port?</b> The node's migration finding: a node finding with
 *       {@code component = kubelet} whose {@code framework_ids} name a {@code fleetscore-}
 *       framework and whose {@code setting} names both {@code readOnlyPort} and {@code
 *       readonly_requests} (the rule reads the port and, when it is open, the kubelet's {@code
 *       kubelet_http_requests_total{server_type="readonly"}} count). The count is taken from {@code
 *       actual} ({@code readonly_requests=N}); without one, the state decides: WARN = clients use
 *       it, FAIL = open and unused (close now), NO_EVIDENCE = no metrics, PASS = closed. An EXEMPT
 *       finding is read by the state its reason says it would have had.
 * </ul>
 */
public final class ReadonlyPort {

  private ReadonlyPort() {}

  static final String KUBELET = "kubelet";
  static final String PORT_SETTING = "readOnlyPort";
  static final String CLOUD = "cloud";
  static final String CLOUD_ENABLED = "readonlyPortEnabled";
  static final String CLOUD_SOURCE = "readonlyPortSource";
  static final String CLOUD_CAN_DISABLE = "canDisableReadonlyPort";
  static final String CLOUD_VERSION = "version";
  static final String REQUESTS_LABEL = "readonly_requests";
  static final String FRAMEWORK_PREFIX = "fleetscore-";

  private static final Pattern REQUESTS = Pattern.compile("readonly_requests\\s*[=:]\\s*(\\d+)");
  // Names from the tables are untrusted text: a command is offered only when every part is a plain
  // GCP name, so copying it into a shell can do nothing else.
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern WOULD_BE =
      Pattern.compile("Without it the state would be ([A-Z_]+)");

  /** Whether an effective_settings row is one this view reads. */
  static boolean isNodePortSetting(String component, String setting) {
    return KUBELET.equals(component) && PORT_SETTING.equals(setting);
  }

  static boolean isCloudSetting(String component, String setting) {
    return CLOUD.equals(component)
        && (CLOUD_ENABLED.equals(setting)
            || CLOUD_SOURCE.equals(setting)
            || CLOUD_CAN_DISABLE.equals(setting)
            || CLOUD_VERSION.equals(setting));
  }

  /** Whether a findings row is a node's read-only-port migration finding. */
  static boolean isMigrationFinding(
      String scope, String component, String setting, List<String> frameworkIds) {
    if (!"NODE".equals(scope) || !KUBELET.equals(component) || setting == null) {
      return false;
    }
    if (!setting.contains(PORT_SETTING) || !setting.contains(REQUESTS_LABEL)) {
      return false;
    }
    for (String f : frameworkIds) {
      if (f != null && f.startsWith(FRAMEWORK_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** The request count in a migration finding's {@code actual}, or null when it has none. */
  static Long requests(String actual) {
    if (actual == null) {
      return null;
    }
    Matcher m = REQUESTS.matcher(actual);
    return m.find() ? Long.parseLong(m.group(1)) : null;
  }

  /** The state that counts for the view: an EXEMPT finding's underlying state. */
  static String effectiveState(String state, String reason) {
    if ("EXEMPT".equals(state) && reason != null) {
      Matcher m = WOULD_BE.matcher(reason);
      if (m.find()) {
        return m.group(1);
      }
    }
    return state;
  }

  /** Whether a kubelet readOnlyPort value means the port is open; null when unknown. */
  static Boolean open(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return !"0".equals(value.trim());
  }

  /** What one node tells the view. */
  enum NodeState {
    /** The port is 0. */
    CLOSED,
    /** Open and clients call it: migrate them to 10250 first. */
    OPEN_IN_USE,
    /** Open and no request was ever served: can be closed now. */
    OPEN_UNUSED,
    /** Open and the dump had no kubelet metrics to tell. */
    OPEN_UNKNOWN,
    /** No readOnlyPort value for the node. */
    UNKNOWN
  }

  /**
   * A node's state from its port value and its migration finding (either may be missing).
   *
   * @param portValue effective_settings kubelet readOnlyPort value
   * @param findingState migration finding's effective state, or null
   * @param requests request count from the finding, or null
   */
  static NodeState classify(String portValue, String findingState, Long requests) {
    Boolean open = open(portValue);
    if (open == null && findingState != null) {
      // No settings row: the finding alone still says closed (PASS) or open (FAIL/WARN).
      if ("PASS".equals(findingState)) {
        return NodeState.CLOSED;
      }
      if ("FAIL".equals(findingState) || "WARN".equals(findingState)) {
        open = true;
      }
    }
    if (open == null) {
      return NodeState.UNKNOWN;
    }
    if (!open) {
      return NodeState.CLOSED;
    }
    if (requests != null) {
      return requests > 0 ? NodeState.OPEN_IN_USE : NodeState.OPEN_UNUSED;
    }
    if ("WARN".equals(findingState)) {
      return NodeState.OPEN_IN_USE;
    }
    if ("FAIL".equals(findingState)) {
      return NodeState.OPEN_UNUSED;
    }
    return NodeState.OPEN_UNKNOWN;
  }

  /**
   * The gcloud command that closes the port on one GKE pool, from a cluster id of the documented
   * form {@code gke:<project>/<location>/<name>}; null for any other cluster id.
   */
  static String gcloudClosePool(String clusterId, String pool) {
    String[] p = gkeParts(clusterId);
    if (p == null || pool == null || !SHELL_SAFE.matcher(pool).matches()) {
      return null;
    }
    return "gcloud container node-pools update "
        + pool
        + " --cluster="
        + p[2]
        + " --location="
        + p[1]
        + " --project="
        + p[0]
        + " --no-enable-insecure-kubelet-readonly-port";
  }

  /** The gcloud command that makes new pools of a GKE cluster start with the port closed. */
  static String gcloudCloseClusterDefault(String clusterId) {
    String[] p = gkeParts(clusterId);
    if (p == null) {
      return null;
    }
    return "gcloud container clusters update "
        + p[2]
        + " --location="
        + p[1]
        + " --project="
        + p[0]
        + " --no-enable-insecure-kubelet-readonly-port";
  }

  private static String[] gkeParts(String clusterId) {
    if (clusterId == null || !clusterId.startsWith("gke:")) {
      return null;
    }
    String[] p = clusterId.substring(4).split("/", -1);
    if (p.length != 3) {
      return null;
    }
    for (String part : p) {
      if (!SHELL_SAFE.matcher(part).matches()) {
        return null;
      }
    }
    return p;
  }
}
