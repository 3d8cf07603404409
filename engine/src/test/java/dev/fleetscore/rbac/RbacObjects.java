package dev.fleetscore.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fleetscore.common.Parsers;
import dev.fleetscore.model.RbacEvidence;
import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test helper: a kubectl List of RBAC objects (as {@code kubectl get ... -o yaml} prints it) turned
 * into raw rows the way the collector's reader fills them, so the engine's tests start from
 * real-shaped objects. {@code items} may also be a map of objects keyed by any name, so fixture
 * patches can add or remove single objects.
 */
public final class RbacObjects {

  private static final ObjectMapper CANONICAL =
      Parsers.json().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  static final LocalDate DATE = LocalDate.parse("2026-11-22");

  private RbacObjects() {}

  public static RbacEvidence load(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream("/" + owner.getSimpleName() + "/" + resource)) {
      return of(Parsers.yaml().readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RbacEvidence of(JsonNode list) {
    List<RbacRoleRow> roles = new ArrayList<>();
    List<RbacBindingRow> bindings = new ArrayList<>();
    List<RbacServiceAccountRow> sas = new ArrayList<>();
    // items: a kubectl List's array, or (in rule fixtures) a map of named objects that merge
    // patches can add to or remove from
    for (JsonNode o : list.path("items")) {
      String kind = o.path("kind").asText();
      JsonNode md = o.path("metadata");
      String ns = md.path("namespace").isTextual() ? md.path("namespace").asText() : null;
      Map<String, String> labels = new TreeMap<>();
      md.path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      boolean boot =
          "rbac-defaults".equals(md.path("labels").path("kubernetes.io/bootstrapping").asText());
      switch (kind) {
        case "ClusterRole", "Role" ->
            roles.add(
                RbacRoleRow.newBuilder()
                    .setSnapshotId("s")
                    .setSnapshotDate(DATE)
                    .setClusterId("c")
                    .setProducerVersion("test")
                    .setKind(kind)
                    .setNamespace(kind.equals("Role") ? ns : null)
                    .setName(md.path("name").asText())
                    .setLabels(labels)
                    .setBootstrap(boot)
                    .setAggregationRuleJson(
                        o.has("aggregationRule") ? canonical(o.get("aggregationRule")) : null)
                    .setRulesJson(o.path("rules").isArray() ? canonical(o.get("rules")) : "[]")
                    .setRuleCount(o.path("rules").size())
                    .setSource("test.yaml")
                    .build());
        case "ClusterRoleBinding", "RoleBinding" -> {
          JsonNode subjects = o.path("subjects");
          int n = subjects.isArray() ? subjects.size() : 0;
          for (int i = n == 0 ? -1 : 0; i < Math.max(n, 0); i++) {
            JsonNode s = i < 0 ? null : subjects.get(i);
            bindings.add(
                RbacBindingRow.newBuilder()
                    .setSnapshotId("s")
                    .setSnapshotDate(DATE)
                    .setClusterId("c")
                    .setProducerVersion("test")
                    .setKind(kind)
                    .setNamespace(kind.equals("RoleBinding") ? ns : null)
                    .setName(md.path("name").asText())
                    .setRoleRefKind(o.path("roleRef").path("kind").asText())
                    .setRoleRefName(o.path("roleRef").path("name").asText())
                    .setSubjectIndex(i)
                    .setSubjectKind(s == null ? null : s.path("kind").asText())
                    .setSubjectName(s == null ? null : s.path("name").asText())
                    .setSubjectNamespace(
                        s == null || !s.path("namespace").isTextual()
                            ? null
                            : s.path("namespace").asText())
                    .setLabels(labels)
                    .setBootstrap(boot)
                    .setSource("test.yaml")
                    .build());
            if (n == 0) {
              break;
            }
          }
        }
        case "ServiceAccount" ->
            sas.add(
                RbacServiceAccountRow.newBuilder()
                    .setSnapshotId("s")
                    .setSnapshotDate(DATE)
                    .setClusterId("c")
                    .setProducerVersion("test")
                    .setNamespace(ns)
                    .setName(md.path("name").asText())
                    .setAutomountToken(
                        o.path("automountServiceAccountToken").isBoolean()
                            ? o.get("automountServiceAccountToken").asBoolean()
                            : null)
                    .setSource("test.yaml")
                    .build());
        default -> throw new IllegalArgumentException("unexpected kind " + kind);
      }
    }
    return new RbacEvidence(roles, bindings, sas);
  }

  static String canonical(JsonNode n) {
    try {
      return CANONICAL.writeValueAsString(CANONICAL.treeToValue(n, Object.class));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
