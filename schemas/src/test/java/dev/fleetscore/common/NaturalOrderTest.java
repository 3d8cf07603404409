package dev.fleetscore.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Control and rule ids in the order people read them, as a total order. */
class NaturalOrderTest {

  @Test
  void controlIdsCompareNumberByNumber() {
    List<String> ids = new ArrayList<>(List.of("4.2.10", "4.2.9", "1.1.21", "4.2.1", "2.7"));
    ids.sort(NaturalOrder.INSTANCE);
    assertEquals(List.of("1.1.21", "2.7", "4.2.1", "4.2.9", "4.2.10"), ids);
  }

  @Test
  void ruleIdsSortByPackThenControl() {
    List<String> ids =
        new ArrayList<>(
            List.of(
                "cis-kubernetes-1.12/4.2.10",
                "cis-gke-1.6.0/3.2.4",
                "cis-kubernetes-1.12/4.2.9",
                "cis-kubernetes-1.12/1.2.1",
                "fleetscore-1/cert-expiring"));
    ids.sort(NaturalOrder.INSTANCE);
    assertEquals(
        List.of(
            "cis-gke-1.6.0/3.2.4",
            "cis-kubernetes-1.12/1.2.1",
            "cis-kubernetes-1.12/4.2.9",
            "cis-kubernetes-1.12/4.2.10",
            "fleetscore-1/cert-expiring"),
        ids);
  }

  @ParameterizedTest
  @CsvSource({
    // a, b, sign of compare(a, b)
    "4.2.9, 4.2.10, -1",
    "4.2.10, 4.2.9, 1",
    "4.2, 4.2.1, -1",
    "a2, a10, -1",
    "a10, b2, -1",
    "10, 9, 1",
    "4.2.1, 4.2.1, 0",
    // numbers equal once leading zeros are dropped: plain string order breaks the tie
    "4.2.01, 4.2.1, -1",
    "4.2.1, 4.2.01, 1",
    "00, 0, 1",
    // longer than any long
    "99999999999999999999, 100000000000000000000, -1",
  })
  void signOfCompare(String a, String b, int sign) {
    assertEquals(sign, Integer.signum(NaturalOrder.INSTANCE.compare(a, b)));
    assertEquals(-sign, Integer.signum(NaturalOrder.INSTANCE.compare(b, a)));
  }

  @Test
  void onlyEqualStringsCompareEqual() {
    List<String> ids = List.of("4.2.1", "4.2.01", "4.2.001", "4.2.1a", "4.2.a", "4.2.", "");
    for (String a : ids) {
      for (String b : ids) {
        assertTrue((NaturalOrder.INSTANCE.compare(a, b) == 0) == a.equals(b), a + " vs " + b);
      }
    }
  }
}
