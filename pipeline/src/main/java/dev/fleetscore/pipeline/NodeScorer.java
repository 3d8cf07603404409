package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.ScoreFormula;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.NodeScoreRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * NormalizeSettings and EvaluateControls for one node: calls the normalizer, then the rule engine
 * on the node's facts, and returns the node's rows in table order (effective_settings by component
 * and setting, findings by rule id, node_scores by framework) plus its quarantine rows and the
 * summary cluster rules read. A node the normalizer rejects yields only its NODE quarantine row.
 */
public final class NodeScorer {

  private static final Set<Component> CONTROL_PLANE =
      Set.of(
          Component.KUBE_APISERVER,
          Component.ETCD,
          Component.KUBE_CONTROLLER_MANAGER,
          Component.KUBE_SCHEDULER);

  static final Comparator<EffectiveSettingRow> SETTING_ORDER =
      Comparator.comparing(EffectiveSettingRow::getComponent)
          .thenComparing(EffectiveSettingRow::getSetting);
  static final Comparator<FindingRow> FINDING_ORDER = Comparator.comparing(FindingRow::getRuleId);

  /** What scoring one node produced. */
  public record Result(
      NodeDumpRow dump,
      List<EffectiveSettingRow> settings,
      List<FindingRow> findings,
      List<NodeScoreRow> scores,
      List<QuarantineRow> quarantined,
      NodeSummary summary,
      QuarantineRow rejected) {

    public boolean scored() {
      return rejected == null;
    }
  }

  private final Scoring scoring;
  private final RunInfo run;
  private final EvaluationContext ctx;
  private final Map<List<String>, List<String>> frameworksOf = new HashMap<>();

  public NodeScorer(Scoring scoring, RunInfo run) {
    this.scoring = scoring;
    this.run = run;
    this.ctx = run.context();
  }

  public Result score(NodeEvidence ev, ClusterFacts cluster) {
    NormalizeResult r = scoring.normalizer().normalize(ev, cluster);
    if (r instanceof NormalizeResult.Rejected rej) {
      return new Result(
          ev.getDump(), List.of(), List.of(), List.of(), List.of(), null, rej.quarantine());
    }
    NormalizeResult.Scored s = (NormalizeResult.Scored) r;
    NodeFacts facts = s.facts();
    List<EffectiveSettingRow> settings = new ArrayList<>(s.settings());
    settings.sort(SETTING_ORDER);
    List<FindingRow> findings = new ArrayList<>(scoring.evaluator().evaluateNode(facts, ctx));
    findings.sort(FINDING_ORDER);
    return new Result(
        ev.getDump(),
        settings,
        findings,
        nodeScores(facts, findings),
        s.quarantined(),
        scoring.summarizer().summarize(facts),
        null);
  }

  private List<NodeScoreRow> nodeScores(NodeFacts facts, List<FindingRow> findings) {
    TreeMap<String, int[]> counts = new TreeMap<>();
    TreeMap<String, ScoreFormula.Accumulator> acc = new TreeMap<>();
    for (FindingRow f : findings) {
      int state = FleetAggregate.stateIndex(f.getState());
      for (String fw : frameworks(f.getFrameworkIds(), f.getPack())) {
        counts.computeIfAbsent(fw, k -> new int[FleetAggregate.STATES.size()])[state]++;
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
                    run.snapshotId(),
                    run.snapshotDate(),
                    d.getClusterId(),
                    d.getNodeName(),
                    d.getCollectedAt(),
                    run.producerVersion(),
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
  List<String> frameworks(List<String> frameworkIds, String pack) {
    return frameworksOf.computeIfAbsent(frameworkIds, ids -> Frameworks.of(ids, pack));
  }
}
