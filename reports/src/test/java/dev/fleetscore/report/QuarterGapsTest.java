package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.UserError;
import dev.fleetscore.report.QuarterSummary.Cadence;
import dev.fleetscore.report.QuarterSummary.Gap;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The gaps of a quarter summary: missing dates (daily) or 7-day windows (weekly) named, runs
 * compressed into one range, imported but unscored dates named, and the list bounded.
 */
class QuarterGapsTest {

  static final LocalDate FROM = LocalDate.of(2026, 7, 1);
  static final LocalDate TO = LocalDate.of(2026, 9, 30);

  static SortedSet<LocalDate> every(LocalDate from, LocalDate to, int step) {
    SortedSet<LocalDate> out = new TreeSet<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(step)) {
      out.add(d);
    }
    return out;
  }

  @Test
  void dailyRunsAreOneRange() {
    SortedSet<LocalDate> scored = every(FROM, TO, 1);
    for (LocalDate d = LocalDate.of(2026, 8, 3); d.isBefore(LocalDate.of(2026, 8, 10)); ) {
      scored.remove(d);
      d = d.plusDays(1);
    }
    scored.remove(LocalDate.of(2026, 9, 30));
    SortedSet<LocalDate> imported = new TreeSet<>(List.of(LocalDate.of(2026, 8, 5)));
    List<Gap> gaps = QuarterSummary.gaps(FROM, TO, Cadence.DAILY, scored, imported);
    assertEquals(2, gaps.size(), gaps.toString());
    assertEquals("2026-08-03..2026-08-09 (7 days)", gaps.get(0).label());
    assertEquals(7, gaps.get(0).missing());
    assertEquals(List.of(LocalDate.of(2026, 8, 5)), gaps.get(0).importedNotScored());
    assertEquals("2026-09-30", gaps.get(1).label());
  }

  @Test
  void weeklyWindowsFromTheFirstDate() {
    // Saturdays: every full 7-day window from a Wednesday holds one; the last window (09-30
    // alone) is not over and holds none, so it is no gap.
    SortedSet<LocalDate> scored = every(LocalDate.of(2026, 7, 4), TO, 7);
    assertEquals(List.of(), QuarterSummary.gaps(FROM, TO, Cadence.WEEKLY, scored, new TreeSet<>()));
    QuarterSummary q = summary(Cadence.WEEKLY, scored);
    assertEquals(13, q.expected());
    assertEquals(14, summary(Cadence.WEEKLY, every(FROM, TO, 7)).expected(), "09-30 counts");
    scored.remove(LocalDate.of(2026, 8, 8));
    scored.remove(LocalDate.of(2026, 8, 15));
    List<Gap> gaps = QuarterSummary.gaps(FROM, TO, Cadence.WEEKLY, scored, new TreeSet<>());
    assertEquals(1, gaps.size(), gaps.toString());
    assertEquals("2026-08-05..2026-08-18 (14 days)", gaps.get(0).label());
    assertEquals(2, gaps.get(0).missing());
    // The same series judged nightly misses six dates of seven.
    assertEquals(
        92 - 11,
        QuarterSummary.gaps(FROM, TO, Cadence.DAILY, scored, new TreeSet<>()).stream()
            .mapToInt(Gap::missing)
            .sum());
  }

  static QuarterSummary summary(Cadence c, SortedSet<LocalDate> scored) {
    return new QuarterSummary(
        FROM,
        TO,
        c,
        List.copyOf(scored),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        QuarterSummary.gaps(FROM, TO, c, scored, new TreeSet<>()));
  }

  @Test
  void longListsAreBounded() {
    SortedSet<LocalDate> scored = every(FROM, TO, 2); // every other date: 46 one-day gaps
    QuarterSummary q = summary(Cadence.DAILY, scored);
    assertEquals(46, q.gaps().size());
    String md = QuarterMarkdown.render(q);
    long listed = md.lines().filter(l -> l.startsWith("- 2026-")).count();
    assertEquals(QuarterSummary.GAPS_LISTED, listed, md);
    assertTrue(md.contains("- and 34 more gaps (34 days, 2026-07-26 to 2026-09-30)"), md);
    assertTrue(md.contains("46 of 92 missing, in 46 gaps"), md);
    String html = QuarterHtml.render(q);
    assertTrue(html.contains("and 34 more gaps (34 days, 2026-07-26 to 2026-09-30)"));
  }

  @Test
  void cadenceIsDailyOrWeekly() {
    assertEquals(Cadence.WEEKLY, Cadence.parse("Weekly"));
    assertThrows(UserError.class, () -> Cadence.parse("monthly"));
  }
}
