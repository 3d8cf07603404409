package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangesTest {

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, FAIL, NEW_FAILURE",
        "NO_EVIDENCE, FAIL, NEW_FAILURE",
        "WARN, FAIL, NEW_FAILURE",
        "PASS, FAIL, REGRESSED",
        "FAIL, FAIL, UNCHANGED_FAIL",
        "FAIL, PASS, FIXED",
        "FAIL, NO_EVIDENCE, FIXED",
        "PASS, PASS, UNCHANGED_PASS",
        "-, PASS, UNCHANGED_OTHER",
        "PASS, NO_EVIDENCE, UNCHANGED_OTHER",
        "NOT_APPLICABLE, NOT_APPLICABLE, UNCHANGED_OTHER",
        "FAIL, -, GONE",
        "PASS, -, GONE",
      })
  void classifies(String previous, String current, String change) {
    assertEquals(change, Changes.classify(previous, current));
  }

  @Test
  void needsOneSide() {
    assertThrows(IllegalArgumentException.class, () -> Changes.classify(null, null));
  }
}
