package dev.fleetscore.model;

/** Formats nanoseconds exactly as Go's {@code time.Duration.String()} does ({@code 4h0m0s}). */
public final class GoDurations {

  private GoDurations() {}

  public static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    boolean neg = nanos < 0;
    // Long.MIN_VALUE has no positive counterpart; work on the unsigned magnitude.
    long u = neg ? -nanos : nanos;
    StringBuilder sb = new StringBuilder();
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      // Sub-second: a single unit, Go picks ns, µs or ms.
      if (u < 1_000L) {
        sb.append(u).append("ns");
      } else if (u < 1_000_000L) {
        sb.append(fraction(u, 1_000L)).append("µs");
      } else {
        sb.append(fraction(u, 1_000_000L)).append("ms");
      }
    } else {
      long secondsPart = Long.remainderUnsigned(u, 60_000_000_000L);
      long totalMinutes = Long.divideUnsigned(u, 60_000_000_000L);
      String seconds = fraction(secondsPart, 1_000_000_000L) + "s";
      if (totalMinutes == 0) {
        sb.append(seconds);
      } else {
        long hours = totalMinutes / 60;
        long minutes = totalMinutes % 60;
        if (hours > 0) {
          sb.append(hours).append('h');
        }
        sb.append(minutes).append('m').append(seconds);
      }
    }
    return neg ? "-" + sb : sb.toString();
  }

  /** {@code v / unit} with the remainder as a decimal fraction without trailing zeros. */
  private static String fraction(long v, long unit) {
    long whole = v / unit;
    long rem = v % unit;
    if (rem == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + rem).substring(1);
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + digits.substring(0, end);
  }
}
