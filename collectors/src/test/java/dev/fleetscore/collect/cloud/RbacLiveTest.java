package dev.fleetscore.collect.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collect rbac --kubeconfig}: the official Kubernetes Java client against a local API stub
 * serving the RBAC API's wire JSON (typed lists whose items carry no kind), paged with {@code
 * continue} tokens.
 */
class RbacLiveTest {

  static final String CLUSTER_ROLES_1 =
      """
      {"kind":"ClusterRoleList","apiVersion":"rbac.authorization.k8s.io/v1",
       "metadata":{"resourceVersion":"5012","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NTAxMiwic3RhcnQiOiJ2aWV3XHUwMDAwIn0","remainingItemCount":1},
       "items":[
        {"metadata":{"name":"cluster-admin","uid":"7c3b","resourceVersion":"76","creationTimestamp":"2025-03-01T10:00:00Z",
          "labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},
          "annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}},
         "rules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"]},{"verbs":["*"],"nonResourceURLs":["*"]}]},
        {"metadata":{"name":"view","labels":{"kubernetes.io/bootstrapping":"rbac-defaults","rbac.authorization.k8s.io/aggregate-to-edit":"true"}},
         "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}}]},
         "rules":[{"verbs":["get","list","watch"],"apiGroups":[""],"resources":["pods"]}]}
       ]}
      """;

  static final String CLUSTER_ROLES_2 =
      """
      {"kind":"ClusterRoleList","apiVersion":"rbac.authorization.k8s.io/v1",
       "metadata":{"resourceVersion":"5012"},
       "items":[
        {"metadata":{"name":"prometheus"},
         "rules":[{"verbs":["get"],"apiGroups":[""],"resources":["nodes/proxy","nodes/metrics"]}]}
       ]}
      """;

  static final String CLUSTER_ROLE_BINDINGS =
      """
      {"kind":"ClusterRoleBindingList","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"resourceVersion":"5013"},
       "items":[
        {"metadata":{"name":"cluster-admin","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},
         "subjects":[{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"system:masters"}]},
        {"metadata":{"name":"prometheus"},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"prometheus"},
         "subjects":[{"kind":"ServiceAccount","name":"prometheus","namespace":"monitoring"}]}
       ]}
      """;

  static final String ROLES =
      """
      {"kind":"RoleList","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"resourceVersion":"5014"},"items":[
        {"metadata":{"name":"pod-reader","namespace":"team-a"},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]}]}
      """;

  static final String ROLE_BINDINGS =
      """
      {"kind":"RoleBindingList","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"resourceVersion":"5015"},"items":[]}
      """;

  static final String SERVICE_ACCOUNTS =
      """
      {"kind":"ServiceAccountList","apiVersion":"v1","metadata":{"resourceVersion":"5016"},"items":[
        {"metadata":{"name":"default","namespace":"team-a"}},
        {"metadata":{"name":"prometheus","namespace":"monitoring"},"automountServiceAccountToken":false}]}
      """;

  static final String FORBIDDEN =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
          + "\"message\":\"rolebindings.rbac.authorization.k8s.io is forbidden: User \\\"reader\\\""
          + " cannot list resource \\\"rolebindings\\\"\",\"reason\":\"Forbidden\",\"code\":403}";

  static final String GONE =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
          + "\"message\":\"The provided continue parameter is too old\",\"reason\":\"Expired\","
          + "\"code\":410}";

  static StubHttp rbacApi(StubHttp stub, boolean denyRoleBindings) {
    stub.onQuery(
            "/apis/rbac.authorization.k8s.io/v1/clusterroles",
            q ->
                StubHttp.Response.ok(
                    q != null && q.contains("continue=eyJ") ? CLUSTER_ROLES_2 : CLUSTER_ROLES_1))
        .on(
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            StubHttp.Response.ok(CLUSTER_ROLE_BINDINGS))
        .on("/apis/rbac.authorization.k8s.io/v1/roles", StubHttp.Response.ok(ROLES))
        .on(
            "/apis/rbac.authorization.k8s.io/v1/rolebindings",
            denyRoleBindings
                ? new StubHttp.Response(403, FORBIDDEN, Map.of())
                : StubHttp.Response.ok(ROLE_BINDINGS))
        .on("/api/v1/serviceaccounts", StubHttp.Response.ok(SERVICE_ACCOUNTS));
    return stub;
  }

  @Test
  void readsEveryRbacListPageByPage(@TempDir Path dir) throws IOException {
    try (StubHttp stub = rbacApi(new StubHttp(), false)) {
      Path kc = KubeLiveTest.kubeconfig(dir, stub.uri().toString());
      CloudBatch batch = new CloudBatch(CloudRun.stamp(null, ExportReaderTest.DATE, null));
      KubeLive.collect(batch, kc, Map.of("prod", "kubeadm:prod"), KubeLive.What.RBAC);
      CloudBatch.Tables t = batch.tables();
      assertEquals(List.of(), t.errors().stream().map(e -> e.getMessage()).toList());
      assertEquals(
          List.of(
              "ClusterRole/cluster-admin",
              "ClusterRole/prometheus",
              "ClusterRole/view",
              "Role/pod-reader"),
          t.rbacRoles().stream().map(r -> r.getKind() + "/" + r.getName()).toList());
      assertTrue(t.rbacRoles().get(2).getAggregationRuleJson().contains("aggregate-to-view"));
      assertEquals(2, t.rbacBindings().size());
      assertEquals(2, t.rbacServiceAccounts().size());
      assertEquals("kubernetes prod (kubeadm:prod) clusterroles", t.rbacRoles().get(0).getSource());
      List<String> queries =
          stub.requests.stream()
              .filter(r -> r.path().endsWith("/clusterroles"))
              .map(StubHttp.Request::query)
              .toList();
      assertEquals(2, queries.size(), "two pages");
      assertTrue(queries.get(0).contains("limit=500") && !queries.get(0).contains("continue"));
      assertTrue(queries.get(1).contains("continue=eyJ2Ijoi"), queries.get(1));
      assertTrue(stub.requests.stream().allMatch(r -> r.method().equals("GET")), "read-only");
      assertFalse(t.toString().contains("planted-bearer-token-5521"));
    }
  }

  @Test
  void aForbiddenListIsAnErrorAndThePartialEvidenceIsKept(@TempDir Path dir) throws IOException {
    try (StubHttp stub = rbacApi(new StubHttp(), true)) {
      Path kc = KubeLiveTest.kubeconfig(dir, stub.uri().toString());
      CloudBatch batch = new CloudBatch(CloudRun.stamp(null, ExportReaderTest.DATE, null));
      KubeLive.collect(batch, kc, Map.of("prod", "kubeadm:prod"), KubeLive.What.RBAC);
      CloudBatch.Tables t = batch.tables();
      assertEquals(
          List.of("PERMISSION_DENIED"), t.errors().stream().map(e -> e.getErrorCode()).toList());
      assertTrue(
          t.errors()
              .get(0)
              .getMessage()
              .startsWith("list rolebindings (all namespaces) failed with HTTP 403"));
      assertEquals(4, t.rbacRoles().size(), "the lists that worked are kept");
    }
  }

  @Test
  void anExpiredContinueTokenRestartsTheListOnce(@TempDir Path dir) throws IOException {
    try (StubHttp stub = rbacApi(new StubHttp(), false)) {
      int[] calls = {0};
      stub.onQuery(
          "/apis/rbac.authorization.k8s.io/v1/clusterroles",
          q -> {
            calls[0]++;
            if (q != null && q.contains("continue=")) {
              return calls[0] == 2
                  ? new StubHttp.Response(410, GONE, Map.of())
                  : StubHttp.Response.ok(CLUSTER_ROLES_2);
            }
            return StubHttp.Response.ok(CLUSTER_ROLES_1);
          });
      Path kc = KubeLiveTest.kubeconfig(dir, stub.uri().toString());
      CloudBatch batch = new CloudBatch(CloudRun.stamp(null, ExportReaderTest.DATE, null));
      KubeLive.collect(batch, kc, Map.of("prod", "kubeadm:prod"), KubeLive.What.RBAC);
      CloudBatch.Tables t = batch.tables();
      assertEquals(4, calls[0], "page 1, 410 on page 2, then page 1 and page 2 again");
      assertEquals(List.of(), t.errors().stream().map(e -> e.getMessage()).toList());
      assertEquals(
          3,
          t.rbacRoles().stream().filter(r -> r.getKind().equals("ClusterRole")).count(),
          "each object once");
      assertEquals(0, t.mergedDuplicates());
    }
  }
}
