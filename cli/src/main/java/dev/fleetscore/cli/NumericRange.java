package dev.fleetscore.cli;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The range of a numeric option. Every numeric option names one of these as its picocli converter
 * (FleetscoreCommandTest enumerates the options of every command to hold that), so NaN, infinity, a
 * negative count or an out-of-range value is a usage error (exit 2) while the command line is
 * parsed, before any work starts; the default values go through the same check.
 */
abstract class NumericRange<T extends Number> implements ITypeConverter<T> {

  final BigDecimal min;
  final BigDecimal max;
  private final String meaning;

  NumericRange(Number min, Number max, String meaning) {
    this.min = new BigDecimal(min.toString());
    this.max = new BigDecimal(max.toString());
    this.meaning = meaning;
  }

  abstract T parse(String text);

  @Override
  public T convert(String value) {
    T v;
    try {
      v = parse(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number; " + expected());
    }
    if (v instanceof Double d && !Double.isFinite(d)) {
      throw new TypeConversionException("'" + value + "' is not a finite number; " + expected());
    }
    BigDecimal b = new BigDecimal(v.toString());
    if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
      throw new TypeConversionException("'" + value + "' is out of range; " + expected());
    }
    return v;
  }

  String expected() {
    return "expected " + meaning + " from " + min.toPlainString() + " to " + max.toPlainString();
  }

  /** Threads or parallelism; 0 means the number of cores. */
  static final class Threads extends NumericRange<Integer> {
    Threads() {
      super(0, 1024, "a thread count (0: the number of cores)");
    }

    @Override
    Integer parse(String text) {
      return Integer.valueOf(text);
    }
  }

  /** How many things to generate or list. */
  static final class Count extends NumericRange<Integer> {
    Count() {
      super(1, 100_000_000, "a count");
    }

    @Override
    Integer parse(String text) {
      return Integer.valueOf(text);
    }
  }

  /** Weeks of a demo series ({@code demo --weeks}). */
  static final class Weeks extends NumericRange<Integer> {
    Weeks() {
      super(
          dev.fleetscore.demo.WeeklySeries.MIN_WEEKS,
          dev.fleetscore.demo.WeeklySeries.MAX_WEEKS,
          "a number of weeks");
    }

    @Override
    Integer parse(String text) {
      return Integer.valueOf(text);
    }
  }

  /** How many items to list; 0 lists none. */
  static final class Limit extends NumericRange<Integer> {
    Limit() {
      super(0, 1_000_000, "a limit");
    }

    @Override
    Integer parse(String text) {
      return Integer.valueOf(text);
    }
  }

  /** A share between 0 and 1. */
  static final class Ratio extends NumericRange<Double> {
    Ratio() {
      super(0, 1, "a ratio");
    }

    @Override
    Double parse(String text) {
      return Double.valueOf(text);
    }
  }

  /** A per-file size limit in MiB; a file's content is held in memory, so it stays below 2 GiB. */
  static final class FileMb extends NumericRange<Long> {
    FileMb() {
      super(1, 2047, "a size in MiB");
    }

    @Override
    Long parse(String text) {
      return Long.valueOf(text);
    }
  }

  /** A generator seed: any long. */
  static final class Seed extends NumericRange<Long> {
    Seed() {
      super(Long.MIN_VALUE, Long.MAX_VALUE, "a seed");
    }

    @Override
    Long parse(String text) {
      return Long.valueOf(text);
    }
  }

  /** A certificate validity in days (at most 100 years). */
  static final class Days extends NumericRange<Integer> {
    Days() {
      super(1, 36_500, "a number of days");
    }

    @Override
    Integer parse(String text) {
      return Integer.valueOf(text);
    }
  }
}
