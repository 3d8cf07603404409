package dev.fleetscore.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.SortedMap;

/**
 * An effective value with its meaning, so that {@code 4h0m0s} equals {@code 4h}, {@code 0s} equals
 * {@code 0}, and {@code 50M} is not {@code 50Mi}. Parsing from flags and files lives in the
 * normalizer; comparisons in the rule engine; {@link #canonical()} is what tables show.
 */
public sealed interface TypedValue
    permits TypedValue.Bool,
        TypedValue.Int,
        TypedValue.Duration,
        TypedValue.Str,
        TypedValue.Quantity,
        TypedValue.ListValue,
        TypedValue.MapValue {

  ValueType type();

  /** The canonical text form written to tables (durations as Go prints them, lists as JSON). */
  String canonical();

  record Bool(boolean value) implements TypedValue {
    @Override
    public ValueType type() {
      return ValueType.BOOL;
    }

    @Override
    public String canonical() {
      return Boolean.toString(value);
    }
  }

  record Int(long value) implements TypedValue {
    @Override
    public ValueType type() {
      return ValueType.INT;
    }

    @Override
    public String canonical() {
      return Long.toString(value);
    }
  }

  /** A Go {@code time.Duration}, in nanoseconds. */
  record Duration(long nanos) implements TypedValue {
    @Override
    public ValueType type() {
      return ValueType.DURATION;
    }

    @Override
    public String canonical() {
      return GoDurations.format(nanos);
    }
  }

  record Str(String value) implements TypedValue {
    @Override
    public ValueType type() {
      return ValueType.STRING;
    }

    @Override
    public String canonical() {
      return value;
    }
  }

  /**
   * A Kubernetes {@code resource.Quantity} or a percentage: {@code amount} is the value in base
   * units (bytes, cores) or, when {@code percent} is true, the percentage; {@code raw} is as
   * written.
   */
  record Quantity(BigDecimal amount, boolean percent, String raw) implements TypedValue {
    @Override
    public ValueType type() {
      return ValueType.QUANTITY;
    }

    @Override
    public String canonical() {
      return raw;
    }
  }

  record ListValue(List<String> values) implements TypedValue {
    public ListValue {
      values = List.copyOf(values);
    }

    @Override
    public ValueType type() {
      return ValueType.LIST;
    }

    @Override
    public String canonical() {
      return Json.array(values);
    }
  }

  record MapValue(SortedMap<String, String> values) implements TypedValue {
    public MapValue {
      values = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(values));
    }

    @Override
    public ValueType type() {
      return ValueType.MAP;
    }

    @Override
    public String canonical() {
      return Json.object(values);
    }
  }
}
