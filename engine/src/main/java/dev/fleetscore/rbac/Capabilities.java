package dev.fleetscore.rbac;

import dev.fleetscore.rbac.PolicyRule.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * The sensitive requests a grant is judged on (shared/docs/rbac-and-ci-formats.md A4 and CIS
 * Kubernetes 5.1), each decided with the authorizer's own rule matching rather than by comparing
 * strings, so {@code *}, {@code nodes/*}-style wildcards ({@code *}{@code /proxy}) and verbs given
 * as {@code *} are all seen. A capability is named {@code verb resource[/sub][.group]}; {@code
 * access nodes/proxy} means any verb on the kubelet proxy (a GET upgraded to a WebSocket execs). A
 * rule with resourceNames yields the capability with {@code (named)} appended (only those objects),
 * and none at all for requests without a name (create on a collection). Cluster-scoped resources
 * (nodes, persistentvolumes, CSRs, webhook configurations) are never granted by a RoleBinding.
 */
public final class Capabilities {

  private Capabilities() {}

  /** One capability: its name, the requests that give it (any suffices), its scope. */
  public record Capability(String name, List<Request> requests, boolean clusterScoped) {}

  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final String CERTS = "certificates.k8s.io";
  private static final String ADMISSION = "admissionregistration.k8s.io";

  /** Every verb a kubelet proxy request can be authorized as. */
  private static final List<String> ANY_VERB =
      List.of("get", "list", "watch", "create", "update", "patch", "delete", "proxy");

  public static final List<Capability> ALL = build();

  private static List<Capability> build() {
    List<Capability> c = new ArrayList<>();
    for (String v : List.of("get", "list", "watch")) {
      c.add(one(v + " secrets", v, "", "secrets", null, false));
    }
    c.add(one("create pods", "create", "", "pods", null, false));
    for (String[] w :
        new String[][] {
          {"apps", "deployments"},
          {"apps", "daemonsets"},
          {"apps", "statefulsets"},
          {"apps", "replicasets"},
          {"batch", "jobs"},
          {"batch", "cronjobs"},
          {"", "replicationcontrollers"}
        }) {
      c.add(one(name("create", w[1], null, w[0]), "create", w[0], w[1], null, false));
    }
    for (String sub : List.of("exec", "attach", "portforward")) {
      c.add(one("create pods/" + sub, "create", "", "pods", sub, false));
    }
    c.add(
        new Capability(
            "access nodes/proxy",
            ANY_VERB.stream().map(v -> Request.resource(v, "", "nodes", "proxy")).toList(),
            true));
    for (String sub : List.of("metrics", "stats", "log", "spec", "pods", "healthz", "configz")) {
      c.add(one("get nodes/" + sub, "get", "", "nodes", sub, true));
    }
    for (String v : List.of("bind", "escalate")) {
      c.add(one(name(v, "clusterroles", null, RBAC), v, RBAC, "clusterroles", null, false));
      c.add(one(name(v, "roles", null, RBAC), v, RBAC, "roles", null, false));
    }
    for (String r : List.of("users", "groups", "serviceaccounts")) {
      c.add(one("impersonate " + r, "impersonate", "", r, null, false));
    }
    c.add(
        one(
            "impersonate uids.authentication.k8s.io",
            "impersonate",
            "authentication.k8s.io",
            "uids",
            null,
            false));
    c.add(one("create serviceaccounts/token", "create", "", "serviceaccounts", "token", false));
    c.add(one("create persistentvolumes", "create", "", "persistentvolumes", null, true));
    c.add(
        one(
            name("update", "certificatesigningrequests", "approval", CERTS),
            "update",
            CERTS,
            "certificatesigningrequests",
            "approval",
            true));
    c.add(one(name("approve", "signers", null, CERTS), "approve", CERTS, "signers", null, true));
    for (String r : List.of("validatingwebhookconfigurations", "mutatingwebhookconfigurations")) {
      c.add(one(name("create", r, null, ADMISSION), "create", ADMISSION, r, null, true));
    }
    c.add(one("patch namespaces", "patch", "", "namespaces", null, false));
    return List.copyOf(c);
  }

  private static String name(String verb, String res, String sub, String group) {
    return verb
        + " "
        + res
        + (sub == null ? "" : "/" + sub)
        + (group == null || group.isEmpty() ? "" : "." + group);
  }

  private static Capability one(
      String name, String verb, String group, String res, String sub, boolean clusterScoped) {
    return new Capability(name, List.of(Request.resource(verb, group, res, sub)), clusterScoped);
  }

  /**
   * The capabilities one rule gives through a binding: cluster-wide for a ClusterRoleBinding, in
   * one namespace for a RoleBinding (then cluster-scoped ones are left out: the authorizer reads
   * RoleBindings only for namespaced requests).
   */
  public static List<String> of(PolicyRule rule, boolean clusterWide) {
    List<String> out = new ArrayList<>();
    if (rule.isNonResource()) {
      return out;
    }
    for (Capability c : ALL) {
      if (c.clusterScoped() && !clusterWide) {
        continue;
      }
      boolean any = false;
      boolean named = false;
      for (Request q : c.requests()) {
        if (rule.resourceNames().isEmpty()) {
          any |= rule.allows(q);
        } else {
          named |= rule.allowsSomeName(q);
        }
      }
      if (any) {
        out.add(c.name());
      } else if (named) {
        out.add(c.name() + " (named)");
      }
    }
    return out;
  }

  /** Whether the rule reads something: get, list or watch on some resource. */
  public static boolean reads(PolicyRule rule) {
    if (rule.isNonResource() || rule.resources().isEmpty()) {
      return false;
    }
    return rule.verbMatches("get") || rule.verbMatches("list") || rule.verbMatches("watch");
  }
}
