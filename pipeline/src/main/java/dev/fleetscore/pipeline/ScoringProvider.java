package dev.fleetscore.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds a {@link Scoring} from rule folders and an exemptions file. The production implementation
 * (normalizer plus rule engine) is found with {@link java.util.ServiceLoader} unless a {@link
 * ScoringSpec} names a class; tests and benchmarks name their test doubles explicitly. Providers
 * need a public no-argument constructor.
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
