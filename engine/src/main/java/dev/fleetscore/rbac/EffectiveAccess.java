package dev.fleetscore.rbac;

import dev.fleetscore.model.RbacEvidence;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.RbacAccessRow;
import dev.fleetscore.schema.RbacBindingRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Effective access of one cluster, the way the API server's RBAC authorizer decides it ({@code
 * plugin/pkg/auth/authorizer/rbac}): every ClusterRoleBinding grants its ClusterRole's rules
 * cluster-wide; a RoleBinding grants its Role's, or a ClusterRole's, rules only inside its own
 * namespace (so cluster-scoped resources and nonResourceURLs never); ServiceAccount subjects match
 * {@code system:serviceaccount:<ns>:<name>}, the namespace defaulting to a RoleBinding's (and never
 * matching when empty in a ClusterRoleBinding); unknown subject kinds and a ClusterRoleBinding to a
 * Role never match; a missing role grants nothing yet. One {@link Grant} per binding subject and
 * rule, wildcards kept as written.
 */
public final class EffectiveAccess {

  /** Grants written per cluster; the rest are counted on one OVERFLOW row. */
  public static final int DEFAULT_CAP = 20_000;

  static final String PRODUCER = FleetscoreVersion.producer("engine");

  private EffectiveAccess() {}

  public static List<Grant> grants(RbacEvidence evidence) {
    return grants(evidence, RbacPolicy.of(evidence));
  }

  public static List<Grant> grants(RbacEvidence evidence, RbacPolicy policy) {
    Map<String, List<RbacBindingRow>> bindings = new LinkedHashMap<>();
    List<RbacBindingRow> sorted = new ArrayList<>(evidence.bindings());
    sorted.sort(
        Comparator.comparing(RbacBindingRow::getKind)
            .thenComparing(r -> r.getNamespace() == null ? "" : r.getNamespace())
            .thenComparing(RbacBindingRow::getName)
            .thenComparingInt(RbacBindingRow::getSubjectIndex));
    for (RbacBindingRow b : sorted) {
      bindings
          .computeIfAbsent(
              RbacPolicy.key(b.getKind(), b.getNamespace(), b.getName()), k -> new ArrayList<>())
          .add(b);
    }
    List<Grant> out = new ArrayList<>();
    for (List<RbacBindingRow> subjects : bindings.values()) {
      RbacBindingRow b = subjects.get(0);
      boolean crb = b.getKind().equals("ClusterRoleBinding");
      String ns = crb ? null : b.getNamespace();
      RbacPolicy.Role role = null;
      String missing = null;
      if (crb && !b.getRoleRefKind().equals("ClusterRole")) {
        missing = "a ClusterRoleBinding can only reference a ClusterRole; it grants nothing";
      } else if (b.getRoleRefKind().equals("ClusterRole")) {
        role = policy.clusterRole(b.getRoleRefName());
      } else if (b.getRoleRefKind().equals("Role")) {
        role = policy.role(ns, b.getRoleRefName());
      } else {
        missing = "roleRef kind " + b.getRoleRefKind() + " is not a role; it grants nothing";
      }
      if (role == null && missing == null) {
        missing =
            "the "
                + b.getRoleRefKind()
                + " "
                + b.getRoleRefName()
                + " does not exist: the binding grants nothing until a role of that name is"
                + " created (a latent grant)";
      }
      boolean system = b.getBootstrap() || b.getName().startsWith("system:");
      for (RbacBindingRow s : subjects) {
        if (s.getSubjectIndex() < 0) {
          continue; // a binding without subjects grants nothing to anyone
        }
        String kind = s.getSubjectKind() == null ? "" : s.getSubjectKind();
        String name = s.getSubjectName() == null ? "" : s.getSubjectName();
        String sns = null;
        String identity = name;
        String never = null;
        switch (kind) {
          case "User", "Group" -> {}
          case "ServiceAccount" -> {
            sns = blank(s.getSubjectNamespace()) ? ns : s.getSubjectNamespace();
            if (sns == null) {
              never =
                  "a ServiceAccount subject without a namespace in a ClusterRoleBinding never"
                      + " matches";
            } else {
              identity = "system:serviceaccount:" + sns + ":" + name;
            }
          }
          default -> never = "subject kind " + kind + " never matches a request";
        }
        String blocked = never != null ? never : missing;
        if (blocked != null || role == null) {
          out.add(
              new Grant(
                  kind,
                  identity,
                  sns,
                  b.getKind(),
                  ns,
                  b.getName(),
                  b.getRoleRefKind(),
                  b.getRoleRefName(),
                  -1,
                  ns,
                  null,
                  List.of(),
                  system,
                  blocked,
                  b.getSource()));
          continue;
        }
        for (int i = 0; i < role.rules().size(); i++) {
          PolicyRule r = role.rules().get(i);
          List<String> notes = new ArrayList<>();
          if (i >= role.storedCount()) {
            notes.add(
                "from the aggregationRule of ClusterRole "
                    + role.row().getName()
                    + " (not yet in its stored rules)");
          }
          if (!crb && r.isNonResource()) {
            notes.add("nonResourceURLs are never granted by a RoleBinding");
          }
          out.add(
              new Grant(
                  kind,
                  identity,
                  sns,
                  b.getKind(),
                  ns,
                  b.getName(),
                  b.getRoleRefKind(),
                  b.getRoleRefName(),
                  i,
                  ns,
                  r,
                  !crb && r.isNonResource() ? List.of() : Capabilities.of(r, crb),
                  system,
                  notes.isEmpty() ? null : String.join("; ", notes),
                  b.getSource()));
        }
      }
    }
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The rbac_access rows of a cluster: at most {@code cap} grants, then one OVERFLOW row. */
  public static List<RbacAccessRow> rows(
      String clusterId,
      String snapshotId,
      LocalDate date,
      Instant collectedAt,
      List<Grant> grants,
      int cap) {
    return rows(clusterId, snapshotId, date, collectedAt, PRODUCER, grants, cap);
  }

  /**
   * As {@link #rows(String, String, LocalDate, Instant, List, int)}, stamped by {@code producer}.
   */
  public static List<RbacAccessRow> rows(
      String clusterId,
      String snapshotId,
      LocalDate date,
      Instant collectedAt,
      String producer,
      List<Grant> grants,
      int cap) {
    List<RbacAccessRow> out = new ArrayList<>();
    int n = Math.min(cap, grants.size());
    for (int i = 0; i < n; i++) {
      Grant g = grants.get(i);
      PolicyRule r = g.rule();
      out.add(
          base(clusterId, snapshotId, date, collectedAt, producer)
              .setSubjectKind(g.subjectKind())
              .setSubject(g.subject())
              .setSubjectNamespace(g.subjectNamespace())
              .setBindingKind(g.bindingKind())
              .setBindingNamespace(g.bindingNamespace())
              .setBindingName(g.bindingName())
              .setRoleKind(g.roleKind())
              .setRoleName(g.roleName())
              .setRuleIndex(g.ruleIndex())
              .setNamespace(g.namespace())
              .setVerbs(r == null ? List.of() : List.copyOf(r.verbs()))
              .setApiGroups(r == null ? List.of() : List.copyOf(r.apiGroups()))
              .setResources(r == null ? List.of() : List.copyOf(r.resources()))
              .setResourceNames(r == null ? List.of() : List.copyOf(r.resourceNames()))
              .setNonResourceUrls(r == null ? List.of() : List.copyOf(r.nonResourceUrls()))
              .setCapabilities(List.copyOf(g.capabilities()))
              .setSystem(g.system())
              .setNote(g.note())
              .setOverflowCount(null)
              .setSource(g.source())
              .build());
    }
    if (grants.size() > cap) {
      long over = grants.size() - (long) cap;
      out.add(
          base(clusterId, snapshotId, date, collectedAt, producer)
              .setSubjectKind("OVERFLOW")
              .setSubject("")
              .setSubjectNamespace(null)
              .setBindingKind("")
              .setBindingNamespace(null)
              .setBindingName("")
              .setRoleKind("")
              .setRoleName("")
              .setRuleIndex(-1)
              .setNamespace(null)
              .setVerbs(List.of())
              .setApiGroups(List.of())
              .setResources(List.of())
              .setResourceNames(List.of())
              .setNonResourceUrls(List.of())
              .setCapabilities(List.of())
              .setSystem(false)
              .setNote(
                  over
                      + " more grants of this cluster are not written (cap "
                      + cap
                      + " rows per cluster); the rules still judge every grant")
              .setOverflowCount(over)
              .setSource("")
              .build());
    }
    return out;
  }

  private static RbacAccessRow.Builder base(
      String clusterId, String snapshotId, LocalDate date, Instant collectedAt, String producer) {
    return RbacAccessRow.newBuilder()
        .setSnapshotId(snapshotId)
        .setSnapshotDate(date)
        .setClusterId(clusterId)
        .setCollectedAt(collectedAt)
        .setProducerVersion(producer);
  }
}
