package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * RBAC objects (ClusterRole, ClusterRoleBinding, Role, RoleBinding, ServiceAccount) from {@code
 * kubectl get clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts -A -o json|yaml}
 * (a {@code kind: List} of mixed kinds), a typed list ({@code ClusterRoleList}, whose items carry
 * no kind), a single object, or the RBAC API. Rules are kept as stored; an aggregated ClusterRole's
 * aggregationRule is kept beside them. Nothing of a ServiceAccount's secrets or tokens is read.
 */
final class Rbac {

  static final Set<String> KINDS =
      Set.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ServiceAccount");

  static final String BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";

  private Rbac() {}

  /** The item kind of a typed list ({@code RoleBindingList} → RoleBinding), or null. */
  static String typedListKind(JsonNode n) {
    String kind = n.path("kind").asText("");
    if (kind.endsWith("List") && n.path("items").isArray()) {
      String item = kind.substring(0, kind.length() - "List".length());
      return KINDS.contains(item) ? item : null;
    }
    return null;
  }

  /**
   * Whether the document is an RBAC export: a typed RBAC list, a single RBAC object, or a {@code
   * List} holding at least one RBAC object or ServiceAccount.
   */
  static boolean looksLikeRbac(JsonNode n) {
    if (!n.isObject()) {
      return false;
    }
    if (typedListKind(n) != null) {
      return true;
    }
    String kind = n.path("kind").asText("");
    if (KINDS.contains(kind)) {
      return n.path("metadata").isObject();
    }
    if (kind.equals("List") && n.path("items").isArray()) {
      for (JsonNode i : n.path("items")) {
        if (KINDS.contains(i.path("kind").asText(""))) {
          return true; // other kinds in it are UNEXPECTED_KIND warnings
        }
      }
    }
    return false;
  }

  /** Reads every object of an export document; returns how many were read. */
  static int read(CloudBatch batch, JsonNode doc, String clusterId, String source) {
    String listKind = typedListKind(doc);
    if (listKind == null && KINDS.contains(doc.path("kind").asText(""))) {
      return object(batch, doc.path("kind").asText(), doc, clusterId, source, null) ? 1 : 0;
    }
    int n = 0;
    int i = 0;
    for (JsonNode item : doc.path("items")) {
      String kind = listKind != null ? listKind : item.path("kind").asText("");
      if (object(batch, kind, item, clusterId, source, "items[" + i + "]")) {
        n++;
      }
      i++;
    }
    return n;
  }

  /** One object of {@code kind}; false (with a warning row) when it cannot be read. */
  static boolean object(
      CloudBatch batch, String kind, JsonNode o, String clusterId, String source, String path) {
    String where = path == null ? kind : path + " (" + kind + ")";
    String name = Json.at(o, "metadata.name").asText("");
    String namespace = Json.at(o, "metadata.namespace").asText(null);
    boolean namespaced =
        kind.equals("Role") || kind.equals("RoleBinding") || kind.equals("ServiceAccount");
    if (!o.isObject()
        || name.isBlank()
        || namespaced && (namespace == null || namespace.isBlank())) {
      batch.warning(
          clusterId,
          source,
          where,
          "RBAC",
          "MISSING_FIELD",
          kind
              + " "
              + (name.isBlank() ? "without metadata.name" : name)
              + (namespaced && (namespace == null || namespace.isBlank())
                  ? " has no metadata.namespace"
                  : "")
              + "; it is not read");
      return false;
    }
    Map<String, String> labels = new TreeMap<>();
    Json.at(o, "metadata.labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    boolean bootstrap = "rbac-defaults".equals(labels.get(BOOTSTRAP_LABEL));
    switch (kind) {
      case "ClusterRole", "Role" -> {
        JsonNode rules = o.path("rules");
        if (!rules.isMissingNode() && !rules.isNull() && !rules.isArray()) {
          batch.warning(
              clusterId,
              source,
              where,
              "RBAC",
              "BAD_VALUE",
              kind + " " + name + " has rules that are not a list; it is not read");
          return false;
        }
        JsonNode agg = o.path("aggregationRule");
        batch.rbacRoles.add(
            RbacRoleRow.newBuilder()
                .setSnapshotId(batch.stamp.snapshotId())
                .setSnapshotDate(batch.stamp.date())
                .setClusterId(clusterId)
                .setCollectedAt(batch.stamp.collectedAt())
                .setProducerVersion(CloudBatch.PRODUCER)
                .setKind(kind)
                .setNamespace(kind.equals("Role") ? namespace : null)
                .setName(name)
                .setLabels(labels)
                .setBootstrap(bootstrap)
                .setAggregationRuleJson(
                    kind.equals("ClusterRole") && agg.isObject() ? CloudBatch.canonical(agg) : null)
                .setRulesJson(rules.isArray() ? CloudBatch.canonical(rules) : "[]")
                .setRuleCount(rules.isArray() ? rules.size() : 0)
                .setSource(source)
                .build());
      }
      case "ClusterRoleBinding", "RoleBinding" -> {
        JsonNode ref = o.path("roleRef");
        String refKind = ref.path("kind").asText("");
        String refName = ref.path("name").asText("");
        if (refKind.isBlank() || refName.isBlank()) {
          batch.warning(
              clusterId,
              source,
              where,
              "RBAC",
              "MISSING_FIELD",
              kind + " " + name + " has no roleRef kind and name; it is not read");
          return false;
        }
        JsonNode subjects = o.path("subjects");
        int count = subjects.isArray() ? subjects.size() : 0;
        // A binding without subjects is kept as one row with subject_index -1.
        int first = count == 0 ? -1 : 0;
        for (int i = first; i < Math.max(count, first + 1); i++) {
          JsonNode s = i < 0 ? null : subjects.get(i);
          batch.rbacBindings.add(
              RbacBindingRow.newBuilder()
                  .setSnapshotId(batch.stamp.snapshotId())
                  .setSnapshotDate(batch.stamp.date())
                  .setClusterId(clusterId)
                  .setCollectedAt(batch.stamp.collectedAt())
                  .setProducerVersion(CloudBatch.PRODUCER)
                  .setKind(kind)
                  .setNamespace(kind.equals("RoleBinding") ? namespace : null)
                  .setName(name)
                  .setRoleRefKind(refKind)
                  .setRoleRefName(refName)
                  .setSubjectIndex(i)
                  .setSubjectKind(s == null ? null : s.path("kind").asText(null))
                  .setSubjectName(s == null ? null : s.path("name").asText(null))
                  .setSubjectNamespace(
                      s == null || !s.path("namespace").isTextual()
                          ? null
                          : s.path("namespace").asText())
                  .setLabels(labels)
                  .setBootstrap(bootstrap)
                  .setSource(source)
                  .build());
        }
      }
      case "ServiceAccount" -> {
        JsonNode a = o.path("automountServiceAccountToken");
        if (!a.isMissingNode() && !a.isNull() && !a.isBoolean()) {
          batch.warning(
              clusterId,
              source,
              where,
              "RBAC",
              "BAD_VALUE",
              "ServiceAccount "
                  + namespace
                  + "/"
                  + name
                  + " has an automountServiceAccountToken that is not a boolean; it is read as"
                  + " unset");
        }
        batch.rbacServiceAccounts.add(
            RbacServiceAccountRow.newBuilder()
                .setSnapshotId(batch.stamp.snapshotId())
                .setSnapshotDate(batch.stamp.date())
                .setClusterId(clusterId)
                .setCollectedAt(batch.stamp.collectedAt())
                .setProducerVersion(CloudBatch.PRODUCER)
                .setNamespace(namespace)
                .setName(name)
                .setAutomountToken(a.isBoolean() ? a.booleanValue() : null)
                .setSource(source)
                .build());
      }
      default -> {
        batch.warning(
            clusterId,
            source,
            where,
            "RBAC",
            "UNEXPECTED_KIND",
            "a "
                + (kind.isBlank() ? "object without kind" : kind)
                + " in an RBAC export is ignored");
        return false;
      }
    }
    return true;
  }
}
