package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fleetscore.schema.FindingRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedStringsTest {

  /** A string equal to {@code s} but a different instance, as the engine builds them. */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  private static FindingRow finding(String ruleId, String reason, String actual) {
    FindingRow f = new FindingRow();
    f.setRuleId(ruleId);
    f.setReason(reason);
    f.setActual(actual);
    return f;
  }

  @Test
  void anEqualTextOfTheSameRuleBecomesTheEarlierInstance() {
    SharedStrings shared = new SharedStrings();
    String reason = fresh("anonymous-auth is false.");
    FindingRow first = finding("K.1", reason, fresh("false"));
    shared.findings(List.of(first));
    FindingRow second = finding("K.1", fresh("anonymous-auth is false."), fresh("false"));
    shared.findings(List.of(second));
    assertSame(reason, second.getReason());
    assertSame(first.getActual(), second.getActual());
    assertNull(second.getEvidence());
  }

  @Test
  void aDifferentTextIsKeptAsItIsAndRememberedInstead() {
    SharedStrings shared = new SharedStrings();
    shared.findings(List.of(finding("K.1", fresh("a."), null)));
    String other = fresh("b.");
    FindingRow second = finding("K.1", other, null);
    shared.findings(List.of(second));
    assertSame(other, second.getReason());
    FindingRow third = finding("K.1", fresh("b."), null);
    shared.findings(List.of(third));
    assertSame(other, third.getReason());
    // another rule's equal text is not shared with K.1's: sharing is per rule
    FindingRow elsewhere = finding("K.2", fresh("b."), null);
    shared.findings(List.of(elsewhere));
    assertNotSame(other, elsewhere.getReason());
  }

  @Test
  void longTextsAreNotRemembered() {
    SharedStrings shared = new SharedStrings();
    String lines = "x".repeat(SharedStrings.LONGEST_SHARED + 1);
    shared.findings(List.of(finding("K.1", fresh(lines), null)));
    FindingRow second = finding("K.1", fresh(lines), null);
    String mine = second.getReason();
    shared.findings(List.of(second));
    assertSame(mine, second.getReason());
    assertEquals(lines, second.getReason());
  }
}
