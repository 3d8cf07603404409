package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.rules.NodeScores;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.NodeScoreRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * NormalizeSettings and EvaluateControls for one node: calls the normalizer, then the rule engine
 * on the node's facts, and returns the node's rows in table order (effective_settings by component
 * and setting, findings by rule id, node_scores by framework) plus its quarantine rows and the
 * summary cluster rules read. A node the normalizer rejects yields only its NODE quarantine row.
 */
public final class NodeScorer {

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
  private final EvaluationContext ctx;
  private final NodeScores nodeScores = new NodeScores();
  private final SharedStrings shared = new SharedStrings();

  public NodeScorer(Scoring scoring, RunInfo run) {
    this.scoring = scoring;
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
    shared.settings(settings);
    shared.findings(findings);
    return new Result(
        ev.getDump(),
        settings,
        findings,
        nodeScores.of(facts, findings, ctx),
        s.quarantined(),
        scoring.summarizer().summarize(facts),
        null);
  }
}
