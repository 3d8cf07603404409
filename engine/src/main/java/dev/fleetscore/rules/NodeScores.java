package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.ScoreFormula;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.NodeScoreRow;
import dev.fleetscore.schema.States;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The node_scores rows of one scored node: for each framework its findings name, the findings
 * counted by state and scored with {@link ScoreFormula} (the one formula for nodes, clusters and
 * the fleet). A finding counts once in every framework its framework_ids name, or under its pack
 * when it names none ({@link Frameworks}). Every framework named gets a row, also one whose
 * findings are all NOT_APPLICABLE (its score is then null), so a node's rows do not depend on its
 * platform.
 *
 * <p>An instance caches the frameworks of each framework_ids list (few distinct lists, millions of
 * findings); it is not thread-safe, so use one per scorer.
 */
public final class NodeScores {

  private static final Set<Component> CONTROL_PLANE =
      Set.of(
          Component.KUBE_APISERVER,
          Component.ETCD,
          Component.KUBE_CONTROLLER_MANAGER,
          Component.KUBE_SCHEDULER);

  private final Map<List<String>, List<String>> frameworksOf = new HashMap<>();

  /** One row per framework the findings name, sorted by framework. */
  public List<NodeScoreRow> of(NodeFacts facts, List<FindingRow> findings, EvaluationContext ctx) {
    TreeMap<String, int[]> counts = new TreeMap<>();
    TreeMap<String, ScoreFormula.Accumulator> acc = new TreeMap<>();
    for (FindingRow f : findings) {
      int state = States.stateIndex(f.getState());
      if (state < 0) {
        throw new IllegalStateException("rule engine returned unknown state " + f.getState());
      }
      for (String fw : frameworks(f.getFrameworkIds(), f.getPack())) {
        counts.computeIfAbsent(fw, k -> new int[States.STATES.size()])[state]++;
        acc.computeIfAbsent(fw, k -> new ScoreFormula.Accumulator())
            .add(f.getState(), f.getSeverity());
      }
    }
    NodeDumpRow d = facts.dump();
    String kubeletVersion = facts.kubeletVersion().orElse(d.getKubeletVersion());
    boolean controlPlane = facts.components().keySet().stream().anyMatch(CONTROL_PLANE::contains);
    List<NodeScoreRow> out = new ArrayList<>(counts.size());
    counts.forEach(
        (fw, c) ->
            out.add(
                new NodeScoreRow(
                    ctx.snapshotId(),
                    ctx.snapshotDate(),
                    d.getClusterId(),
                    d.getNodeName(),
                    d.getCollectedAt(),
                    ctx.producerVersion(),
                    d.getProvider(),
                    d.getNodePool(),
                    kubeletVersion,
                    controlPlane,
                    fw,
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    c[4],
                    c[5],
                    c[6],
                    acc.get(fw).score())));
    return out;
  }

  /** The distinct frameworks of a finding's framework_ids ("framework:control"), sorted. */
  private List<String> frameworks(List<String> frameworkIds, String pack) {
    if (frameworkIds.isEmpty()) {
      // Counted under the pack, which differs from rule to rule: not cacheable by the ids alone.
      return Frameworks.of(frameworkIds, pack);
    }
    return frameworksOf.computeIfAbsent(frameworkIds, ids -> Frameworks.of(ids, pack));
  }
}
