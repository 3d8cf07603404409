package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.RbacEvidence;
import dev.fleetscore.rbac.EffectiveAccess;
import dev.fleetscore.schema.RbacAccessRow;
import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import java.time.Instant;
import java.util.List;

/**
 * The rbac_access rows of one cluster: its effective grants as the engine computes them, capped at
 * {@link EffectiveAccess#DEFAULT_CAP} with an OVERFLOW row, stamped with the run and the newest
 * collected_at of the cluster's RBAC rows. None for a cluster without RBAC evidence.
 */
final class RbacAccessRows {

  private RbacAccessRows() {}

  static List<RbacAccessRow> of(RunInfo run, ClusterFacts facts) {
    RbacEvidence rbac = facts.rbac();
    if (!rbac.collected()) {
      return List.of();
    }
    Instant at = null;
    for (RbacRoleRow r : rbac.roles()) {
      at = FleetAggregate.max(at, r.getCollectedAt());
    }
    for (RbacBindingRow r : rbac.bindings()) {
      at = FleetAggregate.max(at, r.getCollectedAt());
    }
    for (RbacServiceAccountRow r : rbac.serviceAccounts()) {
      at = FleetAggregate.max(at, r.getCollectedAt());
    }
    return EffectiveAccess.rows(
        facts.clusterId(),
        run.snapshotId(),
        run.snapshotDate(),
        at,
        run.producerVersion(),
        EffectiveAccess.grants(rbac),
        EffectiveAccess.DEFAULT_CAP);
  }
}
