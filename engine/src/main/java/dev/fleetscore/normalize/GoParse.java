package dev.fleetscore.normalize;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers that accept exactly what the Go code of the kubelet accepts: {@code strconv.ParseBool},
 * {@code strconv.ParseInt(s, 0, bits)}, {@code time.ParseDuration}, Kubernetes {@code
 * resource.ParseQuantity} and the {@code encoding/csv} reading pflag uses for string slices. Each
 * throws {@link BadValueException} where Go returns an error, so {@code 4h0m0s} and {@code 4h} give
 * the same nanoseconds and {@code yes} is not a boolean.
 */
public final class GoParse {

  private GoParse() {}

  /** {@code strconv.ParseBool}: 1 t T TRUE true True 0 f F FALSE false False, nothing else. */
  public static boolean parseBool(String s) throws BadValueException {
    switch (s) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        throw new BadValueException("strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
    }
  }

  /**
   * {@code strconv.ParseInt(s, 0, bits)}: an optional sign, then {@code 0x}/{@code 0X} hex, {@code
   * 0b} binary, {@code 0o} or a leading {@code 0} octal, or decimal; underscores only between
   * digits.
   */
  public static long parseInt(String s, int bits) throws BadValueException {
    String err = "strconv.ParseInt: parsing \"" + s + "\": ";
    if (s.isEmpty()) {
      throw new BadValueException(err + "invalid syntax");
    }
    int i = 0;
    boolean neg = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    int base = 10;
    boolean prefixed = false;
    if (s.length() - i >= 2 && s.charAt(i) == '0') {
      char c = Character.toLowerCase(s.charAt(i + 1));
      if (c == 'x') {
        base = 16;
        i += 2;
        prefixed = true;
      } else if (c == 'b') {
        base = 2;
        i += 2;
        prefixed = true;
      } else if (c == 'o') {
        base = 8;
        i += 2;
        prefixed = true;
      } else {
        base = 8;
        i += 1;
        prefixed = true;
      }
    }
    if (i >= s.length()) {
      throw new BadValueException(err + "invalid syntax");
    }
    BigDecimal limit = BigDecimal.valueOf(2).pow(bits - 1);
    java.math.BigInteger v = java.math.BigInteger.ZERO;
    java.math.BigInteger b = java.math.BigInteger.valueOf(base);
    // An underscore may follow the base prefix or a digit, and must be followed by a digit.
    boolean lastWasDigitOrPrefix = prefixed;
    boolean sawDigit = false;
    for (int j = i; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '_') {
        if (!lastWasDigitOrPrefix) {
          throw new BadValueException(err + "invalid syntax");
        }
        lastWasDigitOrPrefix = false;
        continue;
      }
      int d = Character.digit(c, base);
      if (d < 0) {
        throw new BadValueException(err + "invalid syntax");
      }
      v = v.multiply(b).add(java.math.BigInteger.valueOf(d));
      lastWasDigitOrPrefix = true;
      sawDigit = true;
    }
    if (!sawDigit || !lastWasDigitOrPrefix) {
      throw new BadValueException(err + "invalid syntax");
    }
    java.math.BigInteger signed = neg ? v.negate() : v;
    java.math.BigInteger max = limit.toBigInteger().subtract(java.math.BigInteger.ONE);
    java.math.BigInteger min = limit.toBigInteger().negate();
    if (signed.compareTo(max) > 0 || signed.compareTo(min) < 0) {
      throw new BadValueException(err + "value out of range");
    }
    return signed.longValue();
  }

  /** True when {@code s} would be read as octal or with a base prefix by {@link #parseInt}. */
  public static boolean hasBasePrefix(String s) {
    int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
    return s.length() - i >= 2 && s.charAt(i) == '0';
  }

  private static final long NS = 1L;
  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;
  private static final long SEC = 1_000_000_000L;
  private static final long MIN = 60 * SEC;
  private static final long HOUR = 60 * MIN;

  private static long unit(String u) {
    return switch (u) {
      case "ns" -> NS;
      case "us", "\u00b5s", "\u03bcs" -> US;
      case "ms" -> MS;
      case "s" -> SEC;
      case "m" -> MIN;
      case "h" -> HOUR;
      default -> -1;
    };
  }

  /** {@code time.ParseDuration}, returning nanoseconds. There is no {@code d} unit. */
  public static long parseDuration(String orig) throws BadValueException {
    String err = "time: invalid duration \"" + orig + "\"";
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new BadValueException(err);
    }
    // Unsigned accumulation in a long, as Go does with uint64 and a 1<<63 ceiling.
    long d = 0;
    int p = 0;
    int n = s.length();
    while (p < n) {
      char c0 = s.charAt(p);
      if (!(c0 == '.' || (c0 >= '0' && c0 <= '9'))) {
        throw new BadValueException(err);
      }
      int start = p;
      long v = 0;
      while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
        int dg = s.charAt(p) - '0';
        if (Long.compareUnsigned(v, Long.divideUnsigned(1L << 63, 10)) > 0) {
          throw new BadValueException(err);
        }
        v = v * 10 + dg;
        if (Long.compareUnsigned(v, 1L << 63) > 0) {
          throw new BadValueException(err);
        }
        p++;
      }
      boolean pre = p != start;
      long f = 0;
      double scale = 1;
      boolean post = false;
      if (p < n && s.charAt(p) == '.') {
        p++;
        int fs = p;
        boolean overflow = false;
        while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
          if (!overflow) {
            if (Long.compareUnsigned(f, Long.divideUnsigned(Long.MAX_VALUE, 10)) > 0) {
              overflow = true;
            } else {
              long y = f * 10 + (s.charAt(p) - '0');
              if (y < 0) {
                overflow = true;
              } else {
                f = y;
                scale *= 10;
              }
            }
          }
          p++;
        }
        post = p != fs;
      }
      if (!pre && !post) {
        throw new BadValueException(err);
      }
      int us = p;
      while (p < n) {
        char c = s.charAt(p);
        if (c == '.' || (c >= '0' && c <= '9')) {
          break;
        }
        p++;
      }
      if (us == p) {
        throw new BadValueException("time: missing unit in duration \"" + orig + "\"");
      }
      String u = s.substring(us, p);
      long unit = unit(u);
      if (unit < 0) {
        throw new BadValueException(
            "time: unknown unit \"" + u + "\" in duration \"" + orig + "\"");
      }
      if (Long.compareUnsigned(v, Long.divideUnsigned(1L << 63, unit)) > 0) {
        throw new BadValueException(err);
      }
      v *= unit;
      if (f > 0) {
        v += (long) ((double) f * ((double) unit / scale));
        if (Long.compareUnsigned(v, 1L << 63) > 0) {
          throw new BadValueException(err);
        }
      }
      d += v;
      if (Long.compareUnsigned(d, 1L << 63) > 0) {
        throw new BadValueException(err);
      }
    }
    if (neg) {
      return -d;
    }
    if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) {
      throw new BadValueException(err);
    }
    return d;
  }

  /**
   * Kubernetes {@code resource.ParseQuantity}: a signed decimal number followed by a binary-SI
   * suffix (Ki..Ei), a decimal-SI suffix (n u m k M G T P E) or a decimal exponent (e3, E-2).
   * Returns the value in base units.
   */
  public static BigDecimal parseQuantity(String s) throws BadValueException {
    String err = "quantities must match the regular expression, got \"" + s + "\"";
    if (s.isEmpty()) {
      throw new BadValueException("quantity is empty");
    }
    int p = 0;
    int n = s.length();
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      p++;
    }
    int numStart = p;
    boolean digits = false;
    while (p < n && Character.isDigit(s.charAt(p)) && s.charAt(p) < 128) {
      p++;
      digits = true;
    }
    if (p < n && s.charAt(p) == '.') {
      p++;
      while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
        p++;
        digits = true;
      }
    }
    if (!digits) {
      throw new BadValueException(err);
    }
    BigDecimal number = new BigDecimal(s.substring(0, p).replace("+", ""));
    if (numStart == p) {
      throw new BadValueException(err);
    }
    String suffix = s.substring(p);
    BigDecimal mult;
    switch (suffix) {
      case "" -> mult = BigDecimal.ONE;
      case "Ki" -> mult = BigDecimal.valueOf(1024L);
      case "Mi" -> mult = BigDecimal.valueOf(1024L * 1024);
      case "Gi" -> mult = BigDecimal.valueOf(1024L * 1024 * 1024);
      case "Ti" -> mult = BigDecimal.valueOf(1024L * 1024 * 1024 * 1024);
      case "Pi" -> mult = BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024);
      case "Ei" -> mult = BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024 * 1024);
      case "n" -> mult = BigDecimal.ONE.scaleByPowerOfTen(-9);
      case "u" -> mult = BigDecimal.ONE.scaleByPowerOfTen(-6);
      case "m" -> mult = BigDecimal.ONE.scaleByPowerOfTen(-3);
      case "k" -> mult = BigDecimal.ONE.scaleByPowerOfTen(3);
      case "M" -> mult = BigDecimal.ONE.scaleByPowerOfTen(6);
      case "G" -> mult = BigDecimal.ONE.scaleByPowerOfTen(9);
      case "T" -> mult = BigDecimal.ONE.scaleByPowerOfTen(12);
      case "P" -> mult = BigDecimal.ONE.scaleByPowerOfTen(15);
      case "E" -> mult = BigDecimal.ONE.scaleByPowerOfTen(18);
      default -> mult = exponent(suffix, err);
    }
    return number.multiply(mult).stripTrailingZeros();
  }

  private static BigDecimal exponent(String suffix, String err) throws BadValueException {
    if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) {
      throw new BadValueException(err);
    }
    String e = suffix.substring(1);
    int i = e.startsWith("+") || e.startsWith("-") ? 1 : 0;
    if (i == e.length()) {
      throw new BadValueException(err);
    }
    for (int j = i; j < e.length(); j++) {
      if (e.charAt(j) < '0' || e.charAt(j) > '9') {
        throw new BadValueException(err);
      }
    }
    try {
      return BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(e.replace("+", "")));
    } catch (NumberFormatException ex) {
      throw new BadValueException(err);
    }
  }

  /**
   * One record of Go's {@code encoding/csv} as pflag's string slices read it: fields split on
   * commas, a field that starts with a double quote is quoted ({@code ""} is a literal quote). An
   * empty input is an empty list, as {@code stringSliceValue.Set("")} gives.
   */
  public static List<String> splitCsv(String s) throws BadValueException {
    List<String> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    int p = 0;
    int n = s.length();
    while (true) {
      StringBuilder field = new StringBuilder();
      if (p < n && s.charAt(p) == '"') {
        p++;
        while (true) {
          if (p >= n) {
            throw new BadValueException("extraneous or missing \" in quoted-field: " + s);
          }
          char c = s.charAt(p);
          if (c == '"') {
            if (p + 1 < n && s.charAt(p + 1) == '"') {
              field.append('"');
              p += 2;
            } else {
              p++;
              break;
            }
          } else {
            field.append(c);
            p++;
          }
        }
        if (p < n && s.charAt(p) != ',') {
          throw new BadValueException("extraneous or missing \" in quoted-field: " + s);
        }
      } else {
        while (p < n && s.charAt(p) != ',') {
          if (s.charAt(p) == '"') {
            throw new BadValueException("bare \" in non-quoted-field: " + s);
          }
          field.append(s.charAt(p));
          p++;
        }
      }
      out.add(field.toString());
      if (p >= n) {
        return out;
      }
      p++; // the comma
    }
  }
}
