package dev.fleetscore.report;

import dev.fleetscore.report.QuarterSummary.ExemptionRow;
import dev.fleetscore.report.QuarterSummary.Gap;
import dev.fleetscore.report.QuarterSummary.Spell;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/** The sentences the Markdown and HTML quarter summaries share, so they never disagree. */
final class QuarterText {

  private QuarterText() {}

  static final String SPELL_NOTE =
      "A control is open in a cluster while a node (or the cluster) fails it or is exempt from it;"
          + " it is fixed on the first later snapshot where nothing fails or is exempt. A spell"
          + " already open on the first snapshot of the range may have started earlier: its days"
          + " are a lower bound (\u2265).";

  static String headline(QuarterSummary q) {
    StringBuilder sb = new StringBuilder();
    sb.append(Fmt.plural(q.dates().size(), "scored snapshot", "scored snapshots"));
    if (!q.dates().isEmpty()) {
      sb.append(" (").append(q.dates().get(0)).append(" to ").append(q.lastDate()).append(')');
    }
    sb.append(" \u00b7 cadence ")
        .append(q.cadence().label())
        .append(": ")
        .append(Fmt.plural(q.expected(), "expected snapshot", "expected snapshots"))
        .append(", ")
        .append(q.missingTotal())
        .append(" missing");
    long clusters = q.scores().stream().map(QuarterSummary.Series::cluster).distinct().count();
    sb.append(" \u00b7 ").append(Fmt.plural(clusters, "cluster", "clusters"));
    return sb.toString();
  }

  static String days(Spell s, LocalDate last) {
    return (s.openAtStart() ? "\u2265" : "") + s.days(last);
  }

  static String status(ExemptionRow e, QuarterSummary q) {
    StringBuilder sb = new StringBuilder();
    if (e.expires() == null) {
      sb.append("expiry unknown");
    } else if (e.expiredInRange()) {
      sb.append("expired in the range (valid through ").append(e.expires()).append(')');
    } else if (e.expires().isBefore(q.from())) {
      sb.append("expired before the range");
    } else {
      sb.append("in force after the range");
    }
    if (e.findingsAfterExpiry() > 0) {
      sb.append("; ")
          .append(Fmt.plural(e.findingsAfterExpiry(), "finding", "findings"))
          .append(" on ")
          .append(q.lastDate())
          .append(" cite it as expired");
    }
    if (e.usedSnapshots() == 0) {
      sb.append("; never used");
    }
    if (e.lastListed() != null && q.lastDate() != null && e.lastListed().isBefore(q.lastDate())) {
      sb.append("; removed from the file after ").append(e.lastListed());
    }
    return sb.toString();
  }

  static String gapLead(QuarterSummary q) {
    String unit =
        q.cadence() == QuarterSummary.Cadence.DAILY ? "date" : "7-day window from " + q.from();
    if (q.gaps().isEmpty()) {
      return "Expected cadence "
          + q.cadence().label()
          + ": none missing, every "
          + unit
          + " of the range has a scored snapshot.";
    }
    return "Expected cadence "
        + q.cadence().label()
        + " (each "
        + unit
        + " should have a scored snapshot): "
        + q.missingTotal()
        + " of "
        + q.expected()
        + " missing, in "
        + Fmt.plural(q.gaps().size(), "gap", "gaps")
        + ". Missing:";
  }

  static String gap(Gap g, QuarterSummary q) {
    StringBuilder sb = new StringBuilder(g.label());
    sb.append(": no scored snapshot");
    if (q.cadence() == QuarterSummary.Cadence.WEEKLY) {
      sb.append(" (").append(Fmt.plural(g.missing(), "week", "weeks")).append(')');
    }
    if (!g.importedNotScored().isEmpty()) {
      List<LocalDate> d = g.importedNotScored();
      sb.append("; imported but not scored: ")
          .append(d.stream().limit(5).map(LocalDate::toString).collect(Collectors.joining(", ")))
          .append(d.size() > 5 ? " and " + (d.size() - 5) + " more" : "");
    }
    return sb.toString();
  }

  static String moreGaps(QuarterSummary q) {
    List<Gap> rest = q.gaps().subList(QuarterSummary.GAPS_LISTED, q.gaps().size());
    long days = rest.stream().mapToLong(Gap::days).sum();
    return "and "
        + Fmt.plural(rest.size(), "more gap", "more gaps")
        + " ("
        + Fmt.plural(days, "day", "days")
        + ", "
        + rest.get(0).first()
        + " to "
        + rest.get(rest.size() - 1).last()
        + ")";
  }
}
