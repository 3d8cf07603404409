package dev.fleetscore.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.common.Parsers;
import dev.fleetscore.model.RbacEvidence;
import dev.fleetscore.schema.RbacRoleRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The roles of one cluster with the rules the authorizer applies. An aggregated ClusterRole's rules
 * are its stored rules plus every rule of the ClusterRoles its {@code clusterRoleSelectors} select
 * (matchLabels and matchExpressions, ORed; the role itself skipped; selected roles in name order,
 * each rule appended once), resolved to a fixpoint as the aggregation controller converges (the
 * built-in chain view → edit → admin needs two rounds). Selected rules the stored ones lack are
 * counted as granted, as a dangling binding is: the controller writes them at its next sync; each
 * such rule is marked so the drift shows.
 */
public final class RbacPolicy {

  private static final ObjectMapper JSON = Parsers.json();

  /** A role with the rules the authorizer evaluates; {@code storedCount} of them are stored. */
  public record Role(RbacRoleRow row, List<PolicyRule> rules, int storedCount, String error) {
    public boolean system() {
      return row.getBootstrap() || row.getName().startsWith("system:");
    }
  }

  private final Map<String, Role> roles = new LinkedHashMap<>();

  private RbacPolicy() {}

  public static RbacPolicy of(RbacEvidence evidence) {
    RbacPolicy p = new RbacPolicy();
    List<RbacRoleRow> sorted = new ArrayList<>(evidence.roles());
    sorted.sort(
        Comparator.comparing(RbacRoleRow::getKind)
            .thenComparing(r -> r.getNamespace() == null ? "" : r.getNamespace())
            .thenComparing(RbacRoleRow::getName));
    Map<String, JsonNode> aggregation = new TreeMap<>();
    for (RbacRoleRow r : sorted) {
      List<PolicyRule> rules;
      String error = null;
      try {
        rules = PolicyRule.parseAll(r.getRulesJson());
      } catch (IOException e) {
        rules = List.of();
        error = "its rules_json does not parse: " + e.getMessage();
      }
      String key = key(r.getKind(), r.getNamespace(), r.getName());
      p.roles.putIfAbsent(key, new Role(r, rules, rules.size(), error));
      if (r.getKind().equals("ClusterRole") && r.getAggregationRuleJson() != null) {
        try {
          aggregation.put(r.getName(), JSON.readTree(r.getAggregationRuleJson()));
        } catch (IOException e) {
          p.roles.put(key, new Role(r, rules, rules.size(), "its aggregationRule does not parse"));
        }
      }
    }
    p.aggregate(aggregation);
    return p;
  }

  static String key(String kind, String namespace, String name) {
    return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }

  /** The ClusterRole of that name, or null. */
  public Role clusterRole(String name) {
    return roles.get(key("ClusterRole", null, name));
  }

  /** The Role of that namespace and name, or null. */
  public Role role(String namespace, String name) {
    return roles.get(key("Role", namespace, name));
  }

  public List<Role> roles() {
    return List.copyOf(roles.values());
  }

  private void aggregate(Map<String, JsonNode> aggregation) {
    if (aggregation.isEmpty()) {
      return;
    }
    List<Role> clusterRoles =
        roles.values().stream()
            .filter(r -> r.row().getKind().equals("ClusterRole"))
            .sorted(Comparator.comparing(r -> r.row().getName()))
            .toList();
    // Each round can only add rules; the rule set is finite, so this ends.
    for (int round = 0; round <= clusterRoles.size(); round++) {
      boolean changed = false;
      for (Map.Entry<String, JsonNode> a : aggregation.entrySet()) {
        String k = key("ClusterRole", null, a.getKey());
        Role self = roles.get(k);
        List<PolicyRule> rules = new ArrayList<>(self.rules());
        for (Role other : clusterRoles) {
          if (other.row().getName().equals(a.getKey()) || !selects(a.getValue(), other.row())) {
            continue;
          }
          for (PolicyRule pr : roles.get(key("ClusterRole", null, other.row().getName())).rules()) {
            if (!rules.contains(pr)) {
              rules.add(pr);
            }
          }
        }
        if (rules.size() != self.rules().size()) {
          roles.put(k, new Role(self.row(), rules, self.storedCount(), self.error()));
          changed = true;
        }
      }
      if (!changed) {
        return;
      }
    }
  }

  /** Whether any of the aggregationRule's clusterRoleSelectors selects the role's labels. */
  static boolean selects(JsonNode aggregationRule, RbacRoleRow role) {
    Map<String, String> labels = new HashMap<>();
    role.getLabels().forEach((k, v) -> labels.put(k.toString(), Objects.toString(v)));
    for (JsonNode sel : aggregationRule.path("clusterRoleSelectors")) {
      if (sel.isObject() && matches(sel, labels)) {
        return true;
      }
    }
    return false;
  }

  /** A metav1.LabelSelector: every matchLabels pair and every expression hold ({} selects all). */
  static boolean matches(JsonNode selector, Map<String, String> labels) {
    var it = selector.path("matchLabels").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode x : selector.path("matchExpressions")) {
      String key = x.path("key").asText();
      List<String> values = new ArrayList<>();
      x.path("values").forEach(v -> values.add(v.asText()));
      boolean has = labels.containsKey(key);
      boolean ok =
          switch (x.path("operator").asText()) {
            case "In" -> has && values.contains(labels.get(key));
            case "NotIn" -> !has || !values.contains(labels.get(key));
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default -> false; // an unknown operator selects nothing, as the API refuses it
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
