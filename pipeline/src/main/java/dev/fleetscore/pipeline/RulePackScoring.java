package dev.fleetscore.pipeline;

import dev.fleetscore.normalize.EvidenceNormalizer;
import dev.fleetscore.rules.RuleEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * The production {@link ScoringProvider}: the kubelet-accurate {@link EvidenceNormalizer} and the
 * {@link RuleEngine} loaded from the bundled packs (module rulepacks, on the classpath) plus any
 * extra rule folders and exemptions. {@link ScoringSpec} uses it unless a test names a double;
 * malformed packs or exemptions are a user error (exit 3) naming file and line.
 */
public final class RulePackScoring implements ScoringProvider {

  @Override
  public Scoring load(List<Path> rulesDirs, Path exemptionsFile) {
    RuleEngine engine = RuleEngine.load(rulesDirs, exemptionsFile);
    return new Scoring(new EvidenceNormalizer(), engine, engine::summarize);
  }
}
