package dev.fleetscore.pipeline;

import dev.fleetscore.model.ControlEvaluator;
import dev.fleetscore.model.NodeNormalizer;
import java.nio.file.Path;
import java.util.List;

/**
 * The normalizer, the rule engine and the node summarizer one scoring run uses: the only things the
 * pipeline and the reference loop call to judge a node. {@link #load} is the one factory the CLI
 * uses; it goes through {@link ScoringSpec}, which caches the loaded instance per JVM so a worker
 * loads the rule packs once.
 */
public record Scoring(
    NodeNormalizer normalizer, ControlEvaluator evaluator, NodeSummarizer summarizer) {

  /**
   * Loads the production normalizer and rule packs (from {@code rulesDirs}, plus the exemptions
   * file when given) through {@link RulePackScoring}.
   */
  public static Scoring load(List<Path> rulesDirs, Path exemptionsFile) {
    return ScoringSpec.of(rulesDirs, exemptionsFile).load();
  }
}
