package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The score and bench commands' argument handling. Scoring itself is tested in the pipeline module
 * (with test doubles of the normalizer and rule engine).
 */
class ScoreCommandTest {

  @Test
  void helpShowsExamplesAndTheGateOptions() {
    FleetscoreCommandTest.Run r = FleetscoreCommandTest.run("score", "--help");
    assertEquals(0, r.code());
    for (String s :
        new String[] {"--max-quarantine-ratio", "--fail-on", "--flink-master", "Examples:"}) {
      assertTrue(r.out().contains(s), "help lacks " + s);
    }
  }

  @Test
  void aMalformedDateIsAUsageError() {
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run("score", "--warehouse", "wh", "--date", "22/11/2026");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("expected YYYY-MM-DD, not '22/11/2026'"), r.err());
  }

  @Test
  void aRatioOutsideZeroToOneIsAUsageError() {
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "score", "--warehouse", "wh", "--date", "2026-11-22", "--max-quarantine-ratio", "5");
    assertEquals(ExitCodes.USAGE, r.code());
  }

  @Test
  void benchNeedsANodeCount() {
    assertEquals(ExitCodes.USAGE, FleetscoreCommandTest.run("bench").code());
    assertEquals(ExitCodes.USAGE, FleetscoreCommandTest.run("bench", "--nodes", "0").code());
  }
}
