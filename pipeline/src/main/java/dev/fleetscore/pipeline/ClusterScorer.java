package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.FindingRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * EvaluateControls for cluster-scoped rules: evaluates one cluster once, with its facts and the
 * summaries of all its scored nodes (sorted by node name so the rule engine always sees the same
 * order), and returns the findings sorted by rule id.
 */
public final class ClusterScorer {

  private ClusterScorer() {}

  public static List<FindingRow> score(
      Scoring scoring, RunInfo run, ClusterFacts cluster, List<NodeSummary> nodes) {
    List<NodeSummary> sorted = new ArrayList<>(nodes);
    sorted.sort(
        Comparator.comparing(
            NodeSummary::nodeName, Comparator.nullsFirst(Comparator.naturalOrder())));
    List<FindingRow> out =
        new ArrayList<>(scoring.evaluator().evaluateCluster(cluster, sorted, run.context()));
    out.sort(NodeScorer.FINDING_ORDER);
    return out;
  }
}
