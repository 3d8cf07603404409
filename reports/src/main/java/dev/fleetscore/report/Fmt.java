package dev.fleetscore.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number and time formatting for reports: fixed locale, so output never depends on the JVM's. */
final class Fmt {

  private Fmt() {}

  static final DateTimeFormatter UTC_MINUTES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** 12,345 */
  static String num(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A score with one decimal, or an en dash when there is none. */
  static String score(Double s) {
    return s == null ? "\u2013" : String.format(Locale.ROOT, "%.1f", s);
  }

  /** A fraction 0..1 as a percentage with one decimal. */
  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * fraction);
  }

  /** A signed difference with one decimal, e.g. +1.5 or -0.3; "0.0" for none. */
  static String delta(double d) {
    if (Math.abs(d) < 0.05) {
      return "\u00b10.0";
    }
    return String.format(Locale.ROOT, "%+.1f", d);
  }

  /** SVG coordinates: one decimal, no locale. */
  static String c(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  static String time(Instant i) {
    return i == null ? "\u2013" : UTC_MINUTES.format(i);
  }

  /** "1 node", "3 nodes". */
  static String plural(long n, String one, String many) {
    return num(n) + " " + (n == 1 ? one : many);
  }
}
