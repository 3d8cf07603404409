package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fleetscore.normalize.EvidenceNormalizer;
import dev.fleetscore.rules.RuleEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scoring a spec loads is chosen in code: the production {@link RulePackScoring} unless a test
 * names its double. Nothing is discovered from a service file.
 */
class ScoringSpecTest {

  @Test
  void aSpecWithoutADoubleLoadsRulePackScoringWithNoServiceFile() {
    assertNull(
        ScoringSpec.class
            .getClassLoader()
            .getResource("META-INF/services/" + ScoringProvider.class.getName()));
    Scoring s = ScoringSpec.of(List.of(), null).load();
    assertInstanceOf(EvidenceNormalizer.class, s.normalizer());
    assertInstanceOf(RuleEngine.class, s.evaluator());
  }

  @Test
  void aSpecNamingATestDoubleLoadsTheDouble() {
    Scoring s = FakeScoring.spec().load();
    assertInstanceOf(FakeScoring.Normalizer.class, s.normalizer());
  }
}
