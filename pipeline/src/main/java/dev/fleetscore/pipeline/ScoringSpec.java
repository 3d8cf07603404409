package dev.fleetscore.pipeline;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How to obtain the {@link Scoring} of a run, small enough to ship to every worker inside a DoFn.
 * Workers call {@link #load()}, which loads once per JVM and spec and then returns the cached
 * instance, so the rule packs are parsed and their regexes compiled once per worker rather than
 * once per bundle or DoFn copy.
 *
 * @param providerClass a {@link ScoringProvider} class name, or null for the production {@link
 *     RulePackScoring}
 * @param rulesDirs rule folders as path strings (they must be readable where workers run)
 * @param exemptionsFile exemptions file path, or null
 */
public record ScoringSpec(String providerClass, List<String> rulesDirs, String exemptionsFile)
    implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Map<ScoringSpec, Scoring> LOADED = new ConcurrentHashMap<>();

  public ScoringSpec {
    rulesDirs = List.copyOf(rulesDirs);
  }

  public static ScoringSpec of(List<Path> rulesDirs, Path exemptionsFile) {
    return new ScoringSpec(
        null,
        rulesDirs.stream().map(Path::toString).toList(),
        exemptionsFile == null ? null : exemptionsFile.toString());
  }

  /**
   * A spec that uses the named provider class (a test double) instead of {@link RulePackScoring}.
   */
  public static ScoringSpec withProvider(
      Class<? extends ScoringProvider> provider, List<Path> rulesDirs, Path exemptionsFile) {
    ScoringSpec s = of(rulesDirs, exemptionsFile);
    return new ScoringSpec(provider.getName(), s.rulesDirs(), s.exemptionsFile());
  }

  /** The loaded scoring for this spec, loading it on first use in this JVM. */
  public Scoring load() {
    return LOADED.computeIfAbsent(this, ScoringSpec::loadNow);
  }

  private static Scoring loadNow(ScoringSpec spec) {
    List<Path> dirs = spec.rulesDirs.stream().map(Path::of).toList();
    Path exemptions = spec.exemptionsFile == null ? null : Path.of(spec.exemptionsFile);
    return spec.provider().load(dirs, exemptions);
  }

  private ScoringProvider provider() {
    if (providerClass != null) {
      try {
        return Class.forName(providerClass)
            .asSubclass(ScoringProvider.class)
            .getDeclaredConstructor()
            .newInstance();
      } catch (ClassNotFoundException
          | NoSuchMethodException
          | InstantiationException
          | IllegalAccessException
          | InvocationTargetException e) {
        throw new IllegalStateException("cannot create scoring provider " + providerClass, e);
      }
    }
    return new RulePackScoring();
  }
}
