package dev.fleetscore.model;

import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import java.util.List;

/**
 * The RBAC objects of one cluster as collected (rbac_roles, rbac_bindings, rbac_service_accounts).
 * Empty lists when nothing was collected; {@link #collected()} tells the two apart from a cluster
 * that really has no roles (it always has the built-in ones).
 */
public record RbacEvidence(
    List<RbacRoleRow> roles,
    List<RbacBindingRow> bindings,
    List<RbacServiceAccountRow> serviceAccounts) {

  public static final RbacEvidence NONE = new RbacEvidence(List.of(), List.of(), List.of());

  public RbacEvidence {
    roles = List.copyOf(roles);
    bindings = List.copyOf(bindings);
    serviceAccounts = List.copyOf(serviceAccounts);
  }

  /** True when any RBAC object of the cluster was collected. */
  public boolean collected() {
    return !roles.isEmpty() || !bindings.isEmpty() || !serviceAccounts.isEmpty();
  }
}
