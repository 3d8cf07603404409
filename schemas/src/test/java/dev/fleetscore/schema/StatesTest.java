package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The vocabulary's lists and index functions agree with each other. */
class StatesTest {

  @Test
  void indexesAreThePositionsInTheLists() {
    for (int i = 0; i < States.STATES.size(); i++) {
      assertEquals(i, States.stateIndex(States.STATES.get(i)));
    }
    for (int i = 0; i < States.SEVERITIES.size(); i++) {
      assertEquals(i, States.severityIndex(States.SEVERITIES.get(i)));
    }
    for (String unknown : new String[] {null, "", "pass", "ERROR", "CRITICAL"}) {
      assertEquals(-1, States.stateIndex(unknown), unknown);
    }
    assertEquals(-1, States.severityIndex(null));
    assertEquals(-1, States.severityIndex("FAIL"));
  }

  @Test
  void bothStateOrdersHoldEveryStateOnce() {
    assertEquals(new TreeSet<>(States.STATES), new TreeSet<>(States.STATES_WORST_FIRST));
    assertEquals(States.STATES.size(), States.STATES_WORST_FIRST.size());
    assertEquals(
        List.of("FAIL", "WARN", "NO_EVIDENCE", "EXEMPT", "MANUAL", "NOT_APPLICABLE", "PASS"),
        States.STATES_WORST_FIRST);
  }
}
