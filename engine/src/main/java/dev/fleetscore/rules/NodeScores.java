package dev.fleetscore.rules;

import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.ScoreFormula;
import dev.fleetscore.model.States;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeScoreRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-framework counts and scores of a set of findings, with {@link ScoreFormula} (the one formula
 * for nodes, clusters and the fleet). A finding counts in every framework its framework_ids name. A
 * framework whose findings are all NOT_APPLICABLE gets no row: the node is outside its scope.
 */
public final class NodeScores {

  private NodeScores() {}

  /** Counts per state and the weighted accumulator for one framework. */
  public static final class Counts {
    int pass;
    int fail;
    int warn;
    int manual;
    int notApplicable;
    int noEvidence;
    int exempt;
    final ScoreFormula.Accumulator acc = new ScoreFormula.Accumulator();

    void add(String state, String severity) {
      switch (state) {
        case States.PASS -> pass++;
        case States.FAIL -> fail++;
        case States.WARN -> warn++;
        case States.MANUAL -> manual++;
        case States.NOT_APPLICABLE -> notApplicable++;
        case States.NO_EVIDENCE -> noEvidence++;
        case States.EXEMPT -> exempt++;
        default -> throw new IllegalArgumentException("unknown finding state " + state);
      }
      acc.add(state, severity);
    }

    public int total() {
      return pass + fail + warn + manual + notApplicable + noEvidence + exempt;
    }

    public int pass() {
      return pass;
    }

    public int fail() {
      return fail;
    }

    public int warn() {
      return warn;
    }

    public int manual() {
      return manual;
    }

    public int notApplicable() {
      return notApplicable;
    }

    public int noEvidence() {
      return noEvidence;
    }

    public int exempt() {
      return exempt;
    }

    /** The score 0..100, or null when nothing was scorable. */
    public Double score() {
      return acc.score();
    }
  }

  /** Findings counted per framework (the part of each framework id before ':'), sorted. */
  public static SortedMap<String, Counts> byFramework(List<FindingRow> findings) {
    SortedMap<String, Counts> out = new TreeMap<>();
    for (FindingRow f : findings) {
      String lastFramework = null;
      for (String fid : f.getFrameworkIds()) {
        int colon = fid.indexOf(':');
        String fw = colon < 0 ? fid : fid.substring(0, colon);
        // A rule naming two controls of one framework still counts once in it.
        if (fw.equals(lastFramework)) {
          continue;
        }
        lastFramework = fw;
        out.computeIfAbsent(fw, k -> new Counts()).add(f.getState(), f.getSeverity());
      }
    }
    return out;
  }

  /** One node_scores row per framework that applies to the node, sorted by framework. */
  public static List<NodeScoreRow> of(
      NodeFacts node, boolean controlPlane, List<FindingRow> findings, EvaluationContext ctx) {
    List<NodeScoreRow> out = new ArrayList<>();
    String provider = Scope.platformOf(node.cluster(), node.clusterId(), node.dump().getProvider());
    for (Map.Entry<String, Counts> e : byFramework(findings).entrySet()) {
      Counts c = e.getValue();
      if (c.notApplicable == c.total()) {
        continue;
      }
      out.add(
          new NodeScoreRow(
              ctx.snapshotId(),
              ctx.snapshotDate(),
              node.clusterId(),
              node.nodeName(),
              node.dump().getCollectedAt(),
              ctx.producerVersion(),
              provider,
              node.dump().getNodePool(),
              node.kubeletVersion().orElse(node.dump().getKubeletVersion()),
              controlPlane,
              e.getKey(),
              c.pass,
              c.fail,
              c.warn,
              c.manual,
              c.notApplicable,
              c.noEvidence,
              c.exempt,
              c.score()));
    }
    return out;
  }

  /** Whether the engine considers the node a control-plane node (for node_scores). */
  public static boolean controlPlane(NodeFacts node, EvaluationContext ctx) {
    return new Scope.NodeScope(node, ctx).controlPlane;
  }
}
