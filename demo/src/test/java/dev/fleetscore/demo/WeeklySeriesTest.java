package dev.fleetscore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan of {@code fleetscore demo --weeks N}: dates, the missed week, rates, exemptions. */
class WeeklySeriesTest {

  @Test
  void fourteenWeeksSpanTheThirdQuarter() {
    List<WeeklySeries.Week> p = WeeklySeries.plan(WeeklySeries.DEFAULT_FIRST, 14);
    assertEquals(14, p.size());
    assertEquals(LocalDate.of(2026, 7, 1), p.get(0).date());
    assertEquals(LocalDate.of(2026, 9, 30), p.get(13).date());
    assertEquals(1, p.stream().filter(WeeklySeries.Week::missed).count());
    assertEquals(LocalDate.of(2026, 9, 2), p.get(9).date());
    assertTrue(p.get(9).missed());
    assertTrue(p.get(4).dropOneDump());
    assertEquals(p, WeeklySeries.plan(WeeklySeries.DEFAULT_FIRST, 14), "a pure function");
  }

  @Test
  void ratesFallWithBumps() {
    List<WeeklySeries.Week> p = WeeklySeries.plan(WeeklySeries.DEFAULT_FIRST, 14);
    assertEquals(0.6, p.get(0).defectRate());
    assertTrue(p.get(12).defectRate() < 0.1, "nearly every random fault fixed by week 12");
    assertTrue(p.get(13).defectRate() > 0.3, "and some back in week 13");
    assertTrue(p.get(3).defectRate() > p.get(2).defectRate(), "faults come back in week 3");
    assertTrue(p.get(4).defectRate() < p.get(3).defectRate(), "and are fixed in week 4");
  }

  @Test
  void exemptionsAreGrantedAndOneExpiresInside() {
    List<WeeklySeries.Week> p = WeeklySeries.plan(WeeklySeries.DEFAULT_FIRST, 14);
    assertNull(p.get(0).exemptionsYaml());
    assertTrue(p.get(1).exemptionsYaml().contains("EX-DEMO-001"));
    assertTrue(p.get(1).exemptionsYaml().contains("expires: 2026-08-15"));
    assertTrue(!p.get(3).exemptionsYaml().contains("EX-DEMO-002"));
    assertTrue(p.get(4).exemptionsYaml().contains("EX-DEMO-002"));
    assertTrue(p.get(6).date().isBefore(LocalDate.of(2026, 8, 15)));
    assertTrue(p.get(7).date().isAfter(LocalDate.of(2026, 8, 15)));
  }

  @Test
  void tooFewWeeksIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> WeeklySeries.plan(WeeklySeries.DEFAULT_FIRST, 3));
  }
}
