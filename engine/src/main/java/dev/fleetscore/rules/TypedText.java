package dev.fleetscore.rules;

import dev.fleetscore.model.TypedValue;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text forms rules and node summaries use into typed values: Go durations exactly as
 * {@code time.ParseDuration} accepts them, Kubernetes quantities ({@code 100Mi}, {@code 50M},
 * {@code 500m}, {@code 1e3}) and percentages, and Go {@code strconv.ParseBool} booleans. Each
 * parser returns empty for text it does not accept, never a guess.
 */
final class TypedText {

  private TypedText() {}

  private static final Pattern QUANTITY =
      Pattern.compile(
          "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?");

  /** Go's time.ParseDuration: "300ms", "1.5h", "2h45m", "-1s", "0"; no unit only for zero. */
  static Optional<Long> duration(String s) {
    if (s == null || s.isEmpty()) {
      return Optional.empty();
    }
    int i = 0;
    boolean neg = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      neg = s.charAt(0) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return Optional.of(0L);
    }
    if (i == s.length()) {
      return Optional.empty();
    }
    // Sum in BigDecimal nanoseconds, then check the int64 range as Go does.
    BigDecimal total = BigDecimal.ZERO;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String num = s.substring(start, i);
      if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
        return Optional.empty();
      }
      int ustart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit =
          switch (s.substring(ustart, i)) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> -1L;
          };
      if (unit < 0) {
        return Optional.empty();
      }
      total =
          total.add(
              new BigDecimal(num.endsWith(".") ? num + "0" : num)
                  .multiply(BigDecimal.valueOf(unit)));
    }
    BigDecimal nanos = total.setScale(0, java.math.RoundingMode.DOWN);
    if (neg) {
      nanos = nanos.negate();
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
        || nanos.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
      return Optional.empty();
    }
    return Optional.of(nanos.longValueExact());
  }

  /** A Kubernetes resource.Quantity, or a percentage such as {@code 10%}. */
  static Optional<TypedValue.Quantity> quantity(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String t = s.trim();
    if (t.endsWith("%")) {
      String n = t.substring(0, t.length() - 1);
      try {
        return Optional.of(new TypedValue.Quantity(new BigDecimal(n), true, s));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    Matcher m = QUANTITY.matcher(t);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal base = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    BigDecimal amount;
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      amount = base.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    } else {
      amount =
          switch (suffix) {
            case "" -> base;
            case "Ki" -> base.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> base.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> base.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> base.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> base.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> base.multiply(BigDecimal.valueOf(1L << 60));
            case "n" -> base.scaleByPowerOfTen(-9);
            case "u" -> base.scaleByPowerOfTen(-6);
            case "m" -> base.scaleByPowerOfTen(-3);
            case "k" -> base.scaleByPowerOfTen(3);
            case "M" -> base.scaleByPowerOfTen(6);
            case "G" -> base.scaleByPowerOfTen(9);
            case "T" -> base.scaleByPowerOfTen(12);
            case "P" -> base.scaleByPowerOfTen(15);
            case "E" -> base.scaleByPowerOfTen(18);
            default -> throw new IllegalStateException("the pattern admits no other suffix");
          };
    }
    return Optional.of(new TypedValue.Quantity(amount, false, s));
  }

  /** Go's strconv.ParseBool. */
  static Optional<Boolean> bool(String s) {
    if (s == null) {
      return Optional.empty();
    }
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /** A decimal int64 as Go's strconv.ParseInt(s, 10, 64) accepts it. */
  static Optional<Long> integer(String s) {
    if (s == null || s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Permission bits written in octal as stat %a prints them (600, 0644, 2755). */
  static Optional<Integer> octalMode(String s) {
    if (s == null || s.isEmpty() || s.length() > 5) {
      return Optional.empty();
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return Optional.empty();
      }
      v = v * 8 + (c - '0');
    }
    return v > 07777 ? Optional.empty() : Optional.of(v);
  }
}
