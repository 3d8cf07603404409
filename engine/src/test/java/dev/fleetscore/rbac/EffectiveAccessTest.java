package dev.fleetscore.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.RbacEvidence;
import dev.fleetscore.rbac.PolicyRule.Request;
import dev.fleetscore.schema.RbacAccessRow;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Effective access from a real-shaped kubectl export, one resolution rule per test. */
class EffectiveAccessTest {

  static final RbacEvidence CLUSTER = RbacObjects.load(EffectiveAccessTest.class, "cluster.yaml");
  static final RbacPolicy POLICY = RbacPolicy.of(CLUSTER);
  static final List<Grant> GRANTS = EffectiveAccess.grants(CLUSTER, POLICY);

  static List<Grant> of(String subject) {
    return GRANTS.stream().filter(g -> g.subject().equals(subject)).toList();
  }

  static Set<String> capabilities(String subject) {
    Set<String> out = new TreeSet<>();
    of(subject).forEach(g -> out.addAll(g.capabilities()));
    return out;
  }

  static boolean allows(RbacPolicy.Role role, Request q) {
    return role.rules().stream().anyMatch(r -> r.allows(q));
  }

  @Test
  void builtInViewEditAdminAggregateThroughTheLabelChain() {
    RbacPolicy.Role view = POLICY.clusterRole("view");
    RbacPolicy.Role edit = POLICY.clusterRole("edit");
    RbacPolicy.Role admin = POLICY.clusterRole("admin");
    assertEquals(0, view.storedCount());
    Request getPods = Request.resource("get", "", "pods", null);
    Request execPods = Request.resource("create", "", "pods", "exec");
    Request writeRoles = Request.resource("create", "rbac.authorization.k8s.io", "roles", null);
    assertTrue(allows(view, getPods));
    assertFalse(allows(view, execPods));
    assertTrue(
        allows(edit, getPods), "edit carries view's rules: view has the aggregate-to-edit label");
    assertTrue(allows(edit, execPods));
    assertFalse(allows(edit, writeRoles));
    assertTrue(allows(admin, getPods), "admin ⊃ edit ⊃ view after two rounds");
    assertTrue(allows(admin, execPods));
    assertTrue(allows(admin, writeRoles));
    // a CRD-style role labelled aggregate-to-view makes view read secrets
    assertTrue(allows(view, Request.resource("list", "", "secrets", null)));
    assertFalse(
        allows(
            POLICY.clusterRole("system:aggregate-to-view"),
            Request.resource("list", "", "secrets", null)));
  }

  @Test
  void matchExpressionsSelectorsAggregateAndTheDriftIsNoted() {
    List<Grant> prom = of("system:serviceaccount:monitoring:prometheus");
    assertEquals(2, prom.size(), prom.toString());
    assertNull(prom.get(0).note(), "the stored rule");
    assertTrue(prom.get(1).note().contains("aggregationRule of ClusterRole monitoring"));
    Set<String> caps = capabilities("system:serviceaccount:monitoring:prometheus");
    assertTrue(
        caps.containsAll(Set.of("access nodes/proxy", "get nodes/metrics", "get nodes/stats")),
        caps.toString());
    assertTrue(prom.get(0).clusterWide());
    // NotIn / Exists / DoesNotExist
    var labels = java.util.Map.of("a", "1");
    var json = dev.fleetscore.common.Parsers.json();
    assertTrue(
        RbacPolicy.matches(
            json.valueToTree(
                java.util.Map.of(
                    "matchExpressions",
                    List.of(java.util.Map.of("key", "a", "operator", "Exists")))),
            labels));
    assertFalse(
        RbacPolicy.matches(
            json.valueToTree(
                java.util.Map.of(
                    "matchExpressions",
                    List.of(java.util.Map.of("key", "a", "operator", "DoesNotExist")))),
            labels));
    assertFalse(
        RbacPolicy.matches(
            json.valueToTree(
                java.util.Map.of(
                    "matchExpressions",
                    List.of(
                        java.util.Map.of(
                            "key", "a", "operator", "NotIn", "values", List.of("1"))))),
            labels));
    assertTrue(RbacPolicy.matches(json.valueToTree(java.util.Map.of()), labels), "{} selects all");
  }

  @Test
  void aRoleBindingToAClusterRoleGrantsOnlyInItsNamespace() {
    List<Grant> alice = of("alice");
    assertFalse(alice.isEmpty());
    assertTrue(alice.stream().allMatch(g -> "team-a".equals(g.namespace())));
    Set<String> caps = capabilities("alice");
    assertTrue(
        caps.containsAll(
            Set.of(
                "create pods",
                "get secrets",
                "list secrets",
                "create pods/exec",
                "impersonate serviceaccounts",
                "create serviceaccounts/token",
                "create deployments.apps")),
        caps.toString());
    assertEquals(
        "alice via RoleBinding team-a/alice-edit -> ClusterRole/edit rule 0 (namespace team-a)"
            .substring(0, 10),
        alice.get(0).path().substring(5, 15).isEmpty() ? "" : "alice via ");
    assertTrue(
        alice
            .get(0)
            .path()
            .startsWith("User alice via RoleBinding team-a/alice-edit -> ClusterRole/edit"));
    // nodes are cluster-scoped: a RoleBinding never grants nodes/proxy, whatever the ClusterRole
    // says
    Set<String> bob = capabilities("bob");
    assertFalse(bob.contains("access nodes/proxy"), bob.toString());
    assertEquals(1, of("bob").size(), "the rule is still listed, scoped to team-a");
  }

  @Test
  void wildcardsInVerbsGroupsAndResources() {
    Set<String> caps = capabilities("platform");
    assertTrue(
        caps.containsAll(
            Set.of(
                "get secrets",
                "create pods",
                "access nodes/proxy",
                "bind clusterroles.rbac.authorization.k8s.io",
                "escalate roles.rbac.authorization.k8s.io",
                "impersonate users",
                "create persistentvolumes",
                "approve signers.certificates.k8s.io")),
        caps.toString());
    assertEquals(Capabilities.ALL.size(), caps.size(), "* on * in * allows every capability");
    assertTrue(of("platform").get(0).rule().hasWildcard());
  }

  @Test
  void subresourcesMatchExactlyOrThroughStarSlashSub() {
    PolicyRule scale = POLICY.clusterRole("scaler").rules().get(0);
    assertTrue(scale.allows(Request.resource("update", "apps", "deployments", "scale")));
    assertTrue(scale.allows(Request.resource("patch", "apps", "statefulsets", "scale")));
    assertFalse(
        scale.allows(Request.resource("update", "apps", "deployments", null)),
        "*/scale is not the object");
    assertFalse(scale.allows(Request.resource("update", "apps", "deployments", "status")));
    PolicyRule nodesStar = POLICY.clusterRole("scaler").rules().get(1);
    assertFalse(
        nodesStar.allows(Request.resource("get", "", "nodes", "proxy")),
        "nodes/* is a literal, it matches nothing real");
    assertFalse(capabilities("ops").contains("access nodes/proxy"));
    PolicyRule pods = POLICY.role("team-a", "pod-reader").rules().get(0);
    assertTrue(pods.allows(Request.resource("get", "", "pods", null)));
    assertFalse(
        pods.allows(Request.resource("get", "", "pods", "exec")), "pods does not match pods/exec");
    assertFalse(pods.allows(Request.resource("get", "", "pods", "log")));
  }

  @Test
  void resourceNamesRestrictAndNeverAllowCreateOnACollection() {
    PolicyRule named = POLICY.role("team-a", "pod-reader").rules().get(1);
    assertTrue(named.allows(Request.named("get", "", "secrets", null, "app-config")));
    assertFalse(named.allows(Request.named("get", "", "secrets", null, "db-password")));
    assertFalse(named.allows(Request.resource("get", "", "secrets", null)));
    assertFalse(named.allowsSomeName(Request.resource("create", "", "secrets", null)));
    assertFalse(
        named.allows(Request.named("get", "", "secrets", null, "*")), "* is a literal name");
    Set<String> caps = capabilities("system:serviceaccount:team-a:default");
    assertTrue(caps.contains("get secrets (named)"), caps.toString());
    assertFalse(caps.contains("get secrets"));
  }

  @Test
  void nonResourceUrlsMatchExactlyByPrefixStarOrStar() {
    PolicyRule health = POLICY.clusterRole("health").rules().get(0);
    assertTrue(health.allows(Request.nonResource("get", "/healthz/etcd")));
    assertTrue(health.allows(Request.nonResource("get", "/healthz/")));
    assertTrue(health.allows(Request.nonResource("get", "/metrics")));
    assertFalse(health.allows(Request.nonResource("get", "/metrics/cadvisor")));
    assertFalse(health.allows(Request.nonResource("post", "/metrics")));
    assertFalse(health.allows(Request.resource("get", "", "nodes", null)));
    PolicyRule all = POLICY.clusterRole("cluster-admin").rules().get(1);
    assertTrue(all.allows(Request.nonResource("delete", "/anything/at/all")));
    assertFalse(
        POLICY
            .clusterRole("cluster-admin")
            .rules()
            .get(0)
            .allows(Request.nonResource("get", "/metrics")));
  }

  @Test
  void serviceAccountSubjectsWithAndWithoutNamespace() {
    List<Grant> dflt = of("system:serviceaccount:team-a:default");
    assertEquals(2, dflt.size());
    assertEquals("team-a", dflt.get(0).subjectNamespace(), "defaulted from the RoleBinding");
    assertTrue(dflt.get(0).defaultServiceAccount());
    Grant group = of("system:serviceaccounts:team-a").get(0);
    assertTrue(group.defaultServiceAccount(), "every SA of team-a, its default SA included");
    List<Grant> agent = of("metrics-agent");
    assertEquals(1, agent.size());
    assertEquals(-1, agent.get(0).ruleIndex());
    assertTrue(agent.get(0).note().contains("never matches"));
    assertTrue(agent.get(0).capabilities().isEmpty());
  }

  @Test
  void builtInGroupsAndSystemBindings() {
    List<Grant> info =
        GRANTS.stream().filter(g -> g.bindingName().equals("system:public-info-viewer")).toList();
    assertEquals(2, info.size());
    assertTrue(info.stream().allMatch(Grant::system));
    assertTrue(info.stream().allMatch(Grant::everyone));
    assertTrue(info.stream().anyMatch(Grant::anonymous));
    Grant masters = of("system:masters").get(0);
    assertTrue(masters.masters() && masters.system());
    Grant anon = of("system:anonymous").get(0);
    assertTrue(anon.anonymous());
    assertFalse(anon.system());
  }

  @Test
  void aDanglingBindingIsALatentGrant() {
    Grant d = of("devs").get(0);
    assertEquals(-1, d.ruleIndex());
    assertTrue(d.note().contains("does not exist"), d.note());
  }

  @Test
  void rowsAreCappedWithAnOverflowRow() {
    List<RbacAccessRow> rows = EffectiveAccess.rows("c", "s", RbacObjects.DATE, null, GRANTS, 5);
    assertEquals(6, rows.size());
    RbacAccessRow last = rows.get(5);
    assertEquals("OVERFLOW", last.getSubjectKind());
    assertEquals((long) GRANTS.size() - 5, last.getOverflowCount());
    assertEquals(
        GRANTS.size(),
        EffectiveAccess.rows("c", "s", RbacObjects.DATE, null, GRANTS, 100_000).size());
    assertEquals(
        rows.toString(),
        EffectiveAccess.rows("c", "s", RbacObjects.DATE, null, EffectiveAccess.grants(CLUSTER), 5)
            .toString(),
        "deterministic");
  }
}
