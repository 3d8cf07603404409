package dev.fleetscore.model;

import dev.fleetscore.schema.FindingRow;
import java.io.Serializable;
import java.util.List;

/**
 * Evaluates the loaded rule packs (and exemptions). Implemented by the rule engine; loaded once per
 * worker and shared between threads.
 */
public interface ControlEvaluator extends Serializable {

  /** One finding per node-scoped rule, every rule accounted for (NOT_APPLICABLE included). */
  List<FindingRow> evaluateNode(NodeFacts node, EvaluationContext ctx);

  /**
   * One finding per cluster-scoped rule for one cluster. {@code nodes} summarizes the cluster's
   * scored nodes for rules that compare cloud intent with node reality.
   */
  List<FindingRow> evaluateCluster(
      ClusterFacts cluster, List<NodeSummary> nodes, EvaluationContext ctx);

  /** Every framework id the loaded packs implement, e.g. cis-kubernetes-1.12. */
  List<String> frameworks();

  /** The loaded packs as name@version (version includes a content hash). */
  List<String> packVersions();

  /** Exemptions that matched no finding in the evaluated snapshot, for the report. */
  default List<String> unusedExemptions() {
    return List.of();
  }
}
