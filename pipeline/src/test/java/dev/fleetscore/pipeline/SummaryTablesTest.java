package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetscore.model.ScoreFormula;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.States;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SummaryTablesTest {

  static final RunInfo RUN =
      new RunInfo("/w", LocalDate.of(2026, 11, 22), "s", "r", "DirectRunner");

  @Test
  void clusterScoreEqualsScoreFormulaOverTheSameFindings() {
    Random rnd = new Random(7);
    String[] states = States.STATES.toArray(String[]::new);
    String[] sev = States.SEVERITIES.toArray(String[]::new);
    for (int round = 0; round < 50; round++) {
      FleetAggregate a = new FleetAggregate();
      ScoreFormula.Accumulator acc = new ScoreFormula.Accumulator();
      List<FindingRow> fs = new ArrayList<>();
      for (int i = 0, n = rnd.nextInt(40); i < n; i++) {
        String st = states[rnd.nextInt(states.length)];
        String sv = sev[rnd.nextInt(sev.length)];
        fs.add(AggregateClusterComplianceTest.finding("c", "r" + rnd.nextInt(5), st, sv));
        acc.add(st, sv);
      }
      a.clusterScored("c", fs);
      SummaryTables t =
          SummaryTables.build(a, List.of(), Optional.empty(), List.of("fw"), List.of(), RUN);
      assertEquals(acc.score(), t.clusterCompliance().get(0).getScore(), "round " + round);
      assertEquals(acc.score(), t.fleetSummary().get(0).getScore(), "ALL row, round " + round);
    }
  }

  @Test
  void controlStateFollowsTheDocumentedPrecedence() {
    assertEquals("FAIL", state("PASS", "FAIL", "NO_EVIDENCE"));
    assertEquals("NO_EVIDENCE", state("PASS", "NO_EVIDENCE", "WARN"));
    assertEquals("PASS", state("PASS", "WARN", "WARN"));
    assertEquals("WARN", state("WARN", "WARN", "NOT_APPLICABLE"));
    assertEquals("NOT_APPLICABLE", state("NOT_APPLICABLE"));
  }

  @Test
  void countsThatDoNotReconcileAreABug() {
    FleetAggregate a = new FleetAggregate();
    a.dumpIn();
    assertThrows(
        IllegalStateException.class,
        () -> SummaryTables.build(a, List.of(), Optional.empty(), List.of(), List.of(), RUN));
  }

  static String state(String... states) {
    FleetAggregate a = new FleetAggregate();
    List<FindingRow> fs = new ArrayList<>();
    for (String s : states) {
      fs.add(AggregateClusterComplianceTest.finding("c", "r", s, "LOW"));
    }
    a.clusterScored("c", fs);
    return SummaryTables.state(a.clusters.get("c").rules.get("r"));
  }
}
