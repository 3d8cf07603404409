package dev.fleetscore.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds a {@link Scoring} from rule folders and an exemptions file. {@link ScoringSpec} uses the
 * production {@link RulePackScoring} unless it names another class; tests pass their test doubles
 * that way, by class name so the spec stays serializable. Providers need a public no-argument
 * constructor.
 */
public interface ScoringProvider {

  /**
   * Loads the rule packs and exemptions; malformed ones are a {@link
   * dev.fleetscore.common.UserError}.
   *
   * @param rulesDirs extra rule folders (empty: the packs bundled with fleetscore)
   * @param exemptionsFile the exemptions file, or null
   */
  Scoring load(List<Path> rulesDirs, Path exemptionsFile);
}
