package dev.fleetscore.demo;

import static dev.fleetscore.demo.Formats.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster's {@code kubectl get
 * clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts -A -o json}: the built-in
 * roles and bindings (with the bootstrap labels, and view, edit and admin holding the rules their
 * aggregation filled in, as a live cluster exports them), the monitoring agent, the default service
 * accounts, and a controlled share of RBAC problems by cluster index: anonymous grants,
 * cluster-admin bindings, nodes/proxy for monitoring, a default service account reading
 * cluster-wide, a wildcard role, secrets read through an aggregated view role; and the traps naive
 * tools get wrong (a RoleBinding to a ClusterRole with nodes/proxy, which grants nothing on nodes).
 */
final class RbacExports {

  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final String AGG_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";
  private static final String AGG_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
  private static final String AGG_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";

  private RbacExports() {}

  static CloudExports.ExportFile of(ClusterPlan c, List<PlantedItem> planted) {
    List<Object> items = new ArrayList<>();
    int v = c.index % 6;
    String team = "payments";
    // view's own rules, as system:aggregate-to-view has them (abridged bootstrap policy)
    List<Object> viewRules =
        new ArrayList<>(
            List.of(
                rule(
                    List.of(""),
                    List.of(
                        "configmaps",
                        "endpoints",
                        "persistentvolumeclaims",
                        "pods",
                        "replicationcontrollers",
                        "serviceaccounts",
                        "services"),
                    List.of("get", "list", "watch")),
                rule(
                    List.of("apps"),
                    List.of("daemonsets", "deployments", "replicasets", "statefulsets"),
                    List.of("get", "list", "watch"))));
    List<Object> editOnly =
        List.of(
            rule(
                List.of(""),
                List.of("pods/attach", "pods/exec", "pods/portforward", "secrets"),
                List.of("get", "list", "watch")),
            rule(List.of(""), List.of("serviceaccounts"), List.of("impersonate")),
            rule(
                List.of(""),
                List.of("pods", "pods/attach", "pods/exec", "pods/portforward"),
                List.of("create", "delete", "deletecollection", "patch", "update")),
            rule(
                List.of(""),
                List.of("configmaps", "secrets", "serviceaccounts", "services"),
                List.of("create", "delete", "deletecollection", "patch", "update")),
            rule(List.of(""), List.of("serviceaccounts/token"), List.of("create")),
            rule(
                List.of("apps"),
                List.of("daemonsets", "deployments", "replicasets", "statefulsets"),
                List.of("create", "delete", "deletecollection", "patch", "update")));
    List<Object> adminOnly =
        List.of(
            rule(
                List.of(RBAC),
                List.of("rolebindings", "roles"),
                List.of(
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch")));
    Object secretsRule = rule(List.of(""), List.of("secrets"), List.of("get", "list", "watch"));
    boolean secretsViaView = v == 1;
    items.add(
        clusterRole(
            "cluster-admin",
            boot(),
            List.of(
                rule(List.of("*"), List.of("*"), List.of("*")),
                map("nonResourceURLs", List.of("*"), "verbs", List.of("*")))));
    items.add(clusterRole("system:aggregate-to-view", boot(AGG_VIEW), List.copyOf(viewRules)));
    items.add(clusterRole("system:aggregate-to-edit", boot(AGG_EDIT), editOnly));
    items.add(clusterRole("system:aggregate-to-admin", boot(AGG_ADMIN), adminOnly));
    if (secretsViaView) {
      items.add(clusterRole("secrets-store-viewer", map(AGG_VIEW, "true"), List.of(secretsRule)));
      viewRules.add(secretsRule);
    }
    List<Object> editRules = new ArrayList<>(viewRules);
    editRules.addAll(editOnly);
    List<Object> adminRules = new ArrayList<>(editRules);
    adminRules.addAll(adminOnly);
    items.add(aggregated("view", boot(AGG_EDIT), AGG_VIEW, viewRules));
    items.add(aggregated("edit", boot(AGG_ADMIN), AGG_EDIT, editRules));
    items.add(aggregated("admin", boot(), AGG_ADMIN, adminRules));
    items.add(
        clusterRole(
            "system:public-info-viewer",
            boot(),
            List.of(
                map(
                    "nonResourceURLs",
                    List.of("/healthz", "/livez", "/readyz", "/version", "/version/"),
                    "verbs",
                    List.of("get")))));
    items.add(
        clusterRole(
            "system:kubelet-api-admin",
            boot(),
            List.of(
                rule(List.of(""), List.of("nodes"), List.of("get", "list", "watch", "proxy")),
                rule(
                    List.of(""),
                    List.of("nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"),
                    List.of("*")))));
    items.add(
        binding(
            "cluster-admin",
            null,
            "ClusterRole",
            "cluster-admin",
            boot(),
            List.of(group("system:masters"))));
    items.add(
        binding(
            "system:public-info-viewer",
            null,
            "ClusterRole",
            "system:public-info-viewer",
            boot(),
            List.of(group("system:authenticated"), group("system:unauthenticated"))));
    items.add(
        binding(
            "system:kube-apiserver-kubelet",
            null,
            "ClusterRole",
            "system:kubelet-api-admin",
            boot(),
            List.of(
                map("apiGroup", RBAC, "kind", "User", "name", "kube-apiserver-kubelet-client"))));
    // the monitoring agent: nodes/proxy (over-granted) or nodes/metrics and nodes/stats
    boolean proxy = v == 0 || v == 4;
    items.add(
        clusterRole(
            "prometheus",
            map(),
            List.of(
                rule(
                    List.of(""),
                    List.of("nodes", "pods", "services", "endpoints"),
                    List.of("get", "list", "watch")),
                rule(
                    List.of(""),
                    proxy ? List.of("nodes/proxy") : List.of("nodes/metrics", "nodes/stats"),
                    List.of("get")),
                map("nonResourceURLs", List.of("/metrics"), "verbs", List.of("get")))));
    items.add(
        binding(
            "prometheus",
            null,
            "ClusterRole",
            "prometheus",
            map(),
            List.of(sa("prometheus", "monitoring"))));
    planted.add(
        PlantedItem.of(
            proxy ? Planted.RBAC_NODES_PROXY_MONITORING : Planted.RBAC_NODES_METRICS_ONLY,
            "subject",
            "ServiceAccount monitoring/prometheus",
            "binding",
            "ClusterRoleBinding/prometheus"));
    items.add(
        binding("devs-edit", team, "ClusterRole", "edit", map(), List.of(group("payments-devs"))));
    items.add(
        binding("viewers", team, "ClusterRole", "view", map(), List.of(group("payments-viewers"))));
    if (secretsViaView) {
      planted.add(
          PlantedItem.of(
              Planted.RBAC_SECRETS_VIA_AGGREGATED_VIEW,
              "role",
              "ClusterRole/secrets-store-viewer",
              "binding",
              "RoleBinding " + team + "/viewers"));
    }
    if (v == 0) {
      items.add(
          binding(
              "anonymous-view",
              null,
              "ClusterRole",
              "view",
              map(),
              List.of(group("system:unauthenticated"))));
      planted.add(
          PlantedItem.of(
              Planted.RBAC_ANONYMOUS_GRANT, "binding", "ClusterRoleBinding/anonymous-view"));
    }
    if (v == 1 || v == 4) {
      items.add(
          binding(
              "ops-admins",
              null,
              "ClusterRole",
              "cluster-admin",
              map(),
              List.of(group("ops-admins"))));
      planted.add(
          PlantedItem.of(
              Planted.RBAC_CLUSTER_ADMIN_BINDING, "binding", "ClusterRoleBinding/ops-admins"));
    }
    if (v == 2) {
      items.add(
          binding(
              "default-view", null, "ClusterRole", "view", map(), List.of(sa("default", team))));
      planted.add(
          PlantedItem.of(
              Planted.RBAC_DEFAULT_SA_CLUSTER_READ, "binding", "ClusterRoleBinding/default-view"));
      items.add(
          clusterRole(
              "platform-operator", map(), List.of(rule(List.of("*"), List.of("*"), List.of("*")))));
      items.add(
          binding(
              "platform-operator",
              null,
              "ClusterRole",
              "platform-operator",
              map(),
              List.of(sa("operator", "platform"))));
      planted.add(
          PlantedItem.of(Planted.RBAC_WILDCARD_ROLE, "role", "ClusterRole/platform-operator"));
    }
    if (v == 3) {
      items.add(
          clusterRole(
              "node-debugger",
              map(),
              List.of(rule(List.of(""), List.of("nodes/proxy", "pods/log"), List.of("get")))));
      items.add(
          binding(
              "node-debugger",
              team,
              "ClusterRole",
              "node-debugger",
              map(),
              List.of(group("payments-oncall"))));
      planted.add(
          PlantedItem.of(
              Planted.RBAC_ROLEBINDING_TO_CLUSTERROLE,
              "binding",
              "RoleBinding " + team + "/node-debugger"));
    }
    boolean automountUnset = v == 0 || v == 2 || v == 4;
    for (String ns : List.of("default", "kube-system", "monitoring", team)) {
      items.add(serviceAccount("default", ns, automountUnset && ns.equals(team) ? null : false));
    }
    if (automountUnset) {
      planted.add(
          PlantedItem.of(Planted.RBAC_DEFAULT_SA_AUTOMOUNT, "service_account", team + "/default"));
    }
    items.add(serviceAccount("prometheus", "monitoring", null));
    return new CloudExports.ExportFile(
        "exports/kubectl/" + c.dirName() + "/rbac.json",
        "kubectl-get-rbac",
        c.id,
        "kubectl get clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts -A -o json",
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

  private static Map<String, Object> boot(String... aggregateLabels) {
    Map<String, Object> labels = map("kubernetes.io/bootstrapping", "rbac-defaults");
    for (String l : aggregateLabels) {
      labels.put(l, "true");
    }
    return labels;
  }

  private static Map<String, Object> rule(
      List<String> groups, List<String> resources, List<String> verbs) {
    return map("apiGroups", groups, "resources", resources, "verbs", verbs);
  }

  private static Map<String, Object> clusterRole(
      String name, Map<String, Object> labels, List<Object> rules) {
    return map(
        "apiVersion",
        RBAC + "/v1",
        "kind",
        "ClusterRole",
        "metadata",
        meta(name, null, labels),
        "rules",
        rules);
  }

  private static Map<String, Object> aggregated(
      String name, Map<String, Object> labels, String selects, List<Object> rules) {
    Map<String, Object> r = clusterRole(name, labels, rules);
    r.put(
        "aggregationRule",
        map("clusterRoleSelectors", List.of(map("matchLabels", map(selects, "true")))));
    return r;
  }

  private static Map<String, Object> binding(
      String name,
      String namespace,
      String roleKind,
      String role,
      Map<String, Object> labels,
      List<Object> subjects) {
    return map(
        "apiVersion",
        RBAC + "/v1",
        "kind",
        namespace == null ? "ClusterRoleBinding" : "RoleBinding",
        "metadata",
        meta(name, namespace, labels),
        "roleRef",
        map("apiGroup", RBAC, "kind", roleKind, "name", role),
        "subjects",
        subjects);
  }

  private static Map<String, Object> meta(
      String name, String namespace, Map<String, Object> labels) {
    Map<String, Object> m = map("name", name);
    if (namespace != null) {
      m.put("namespace", namespace);
    }
    if (!labels.isEmpty()) {
      m.put("labels", labels);
    }
    return m;
  }

  private static Map<String, Object> group(String name) {
    return map("apiGroup", RBAC, "kind", "Group", "name", name);
  }

  private static Map<String, Object> sa(String name, String namespace) {
    return map("kind", "ServiceAccount", "name", name, "namespace", namespace);
  }

  private static Map<String, Object> serviceAccount(String name, String ns, Boolean automount) {
    Map<String, Object> m =
        map("apiVersion", "v1", "kind", "ServiceAccount", "metadata", meta(name, ns, map()));
    if (automount != null) {
      m.put("automountServiceAccountToken", automount);
    }
    return m;
  }
}
