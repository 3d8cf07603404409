package dev.fleetscore.rules;

import dev.fleetscore.model.TypedValue;
import dev.fleetscore.model.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An operator with its operand, typed and compiled once at load (regexes compiled, durations in
 * nanoseconds, quantities as decimals), and the typed comparison itself. A value whose type does
 * not fit the operand is UNKNOWN with a sentence saying why, never a pass.
 */
final class Operand {

  /** Where a runtime operand list comes from ({@code value_from}), resolved per evaluation. */
  interface Dynamic {
    /** The values, or null when the referenced fact is missing (the test is then UNKNOWN). */
    List<TypedValue> resolve(Scope scope);

    /** What the values are, for sentences ("the fingerprints of certificates of role X"). */
    String describe();

    /** What would resolve a missing operand list. */
    Cause missingCause();
  }

  final Op op;

  /** The type the actual value must have; null when the operator accepts any type. */
  final ValueType type;

  final TypedValue scalar;
  final List<TypedValue> list;
  final String key;
  final Pattern regex;
  final int mode;
  final Dynamic dynamic;

  private Operand(
      Op op,
      ValueType type,
      TypedValue scalar,
      List<TypedValue> list,
      String key,
      Pattern regex,
      int mode,
      Dynamic dynamic) {
    this.op = op;
    this.type = type;
    this.scalar = scalar;
    this.list = list;
    this.key = key;
    this.regex = regex;
    this.mode = mode;
    this.dynamic = dynamic;
  }

  static Operand none(Op op) {
    return new Operand(op, null, null, null, null, null, 0, null);
  }

  static Operand scalar(Op op, TypedValue v) {
    return new Operand(op, v.type(), v, null, null, null, 0, null);
  }

  static Operand list(Op op, ValueType type, List<TypedValue> values) {
    return new Operand(op, type, null, List.copyOf(values), null, null, 0, null);
  }

  static Operand key(Op op, String key, TypedValue value) {
    return new Operand(op, ValueType.MAP, value, null, key, null, 0, null);
  }

  static Operand regex(Op op, Pattern p) {
    return new Operand(op, null, null, null, null, p, 0, null);
  }

  static Operand mode(int bits) {
    return new Operand(Op.MODE_AT_MOST, ValueType.STRING, null, null, null, null, bits, null);
  }

  static Operand dynamic(Op op, Dynamic d) {
    return new Operand(op, null, null, null, null, null, 0, d);
  }

  /** The expected value as a sentence fragment: "is 0", "contains only [a, b]". */
  String expectedPhrase() {
    return switch (op) {
      case EQ -> "is " + show(scalar);
      case NE -> "is not " + show(scalar);
      case IN -> "is one of " + showList();
      case NOT_IN -> "is none of " + showList();
      case LT -> "is less than " + show(scalar);
      case LTE -> "is at most " + show(scalar);
      case GT -> "is greater than " + show(scalar);
      case GTE -> "is at least " + show(scalar);
      case CONTAINS ->
          list.size() == 1 ? "contains " + show(list.get(0)) : "contains all of " + showList();
      case NOT_CONTAINS ->
          list.size() == 1
              ? "does not contain " + show(list.get(0))
              : "contains none of " + showList();
      case SUBSET_OF -> "contains only elements of " + showList();
      case HAS_KEY -> "has the key " + key;
      case NOT_HAS_KEY -> "does not have the key " + key;
      case KEY_EQ -> "has " + key + "=" + show(scalar);
      case KEY_NE -> "does not have " + key + "=" + show(scalar);
      case MATCHES -> "matches /" + regex.pattern() + "/";
      case NOT_MATCHES -> "does not match /" + regex.pattern() + "/";
      case IS_SET -> "is set";
      case IS_UNSET -> "is not set";
      case MODE_AT_MOST -> "is " + String.format("%o", mode) + " or more restrictive";
    };
  }

  private String showList() {
    if (dynamic != null) {
      return dynamic.describe();
    }
    return list.stream().map(Operand::show).collect(Collectors.joining(", ", "[", "]"));
  }

  static String show(TypedValue v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof TypedValue.ListValue l) {
      return "[" + String.join(", ", l.values()) + "]";
    }
    if (v instanceof TypedValue.MapValue m) {
      return m.values().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return v.canonical();
  }

  /** Holds the sentence explaining an UNKNOWN verdict. */
  static final class Why {
    String text;

    /** Set when the missing piece is other evidence (a value_from list), not the value's type. */
    Cause cause;
  }

  /**
   * Judges a present value. Returns PASS or FAIL, or UNKNOWN with {@code why} set when the value
   * cannot be judged by this operator (wrong type, unparseable mode or map entry).
   */
  Tri judge(TypedValue actual, Scope scope, Why why) {
    if (actual instanceof TypedValue.Str s && type != null && type != ValueType.STRING) {
      actual = coerce(s, type);
    }
    switch (op) {
      case IS_SET:
        return isSet(actual) ? Tri.PASS : Tri.FAIL;
      case IS_UNSET:
        return isSet(actual) ? Tri.FAIL : Tri.PASS;
      case MATCHES:
        return regex.matcher(actual.canonical()).find() ? Tri.PASS : Tri.FAIL;
      case NOT_MATCHES:
        return regex.matcher(actual.canonical()).find() ? Tri.FAIL : Tri.PASS;
      default:
        break;
    }
    if (dynamic != null) {
      List<TypedValue> values = dynamic.resolve(scope);
      if (values == null || values.isEmpty()) {
        why.text = dynamic.describe() + " is not known";
        why.cause = dynamic.missingCause();
        return Tri.UNKNOWN;
      }
      boolean in = false;
      for (TypedValue v : values) {
        if (v.type() != actual.type()) {
          return mismatch(actual, v.type(), why);
        }
        in |= same(actual, v);
      }
      return (op == Op.IN) == in ? Tri.PASS : Tri.FAIL;
    }
    switch (op) {
      case EQ, NE -> {
        if (actual.type() != scalar.type()) {
          return mismatch(actual, scalar.type(), why);
        }
        return (op == Op.EQ) == same(actual, scalar) ? Tri.PASS : Tri.FAIL;
      }
      case IN, NOT_IN -> {
        if (actual.type() != type) {
          return mismatch(actual, type, why);
        }
        boolean in = false;
        for (TypedValue v : list) {
          if (same(actual, v)) {
            in = true;
            break;
          }
        }
        return (op == Op.IN) == in ? Tri.PASS : Tri.FAIL;
      }
      case LT, LTE, GT, GTE -> {
        if (actual.type() != scalar.type()) {
          return mismatch(actual, scalar.type(), why);
        }
        int c;
        if (actual instanceof TypedValue.Quantity qa) {
          TypedValue.Quantity qo = (TypedValue.Quantity) scalar;
          if (qa.percent() != qo.percent()) {
            why.text =
                "is "
                    + qa.raw()
                    + (qa.percent() ? " (a percentage)" : " (an absolute quantity)")
                    + ", which cannot be compared with "
                    + qo.raw();
            return Tri.UNKNOWN;
          }
          c = qa.amount().compareTo(qo.amount());
        } else {
          c = Long.compare(number(actual), number(scalar));
        }
        boolean ok =
            switch (op) {
              case LT -> c < 0;
              case LTE -> c <= 0;
              case GT -> c > 0;
              default -> c >= 0;
            };
        return ok ? Tri.PASS : Tri.FAIL;
      }
      case CONTAINS, NOT_CONTAINS, SUBSET_OF -> {
        List<String> elements = elements(actual);
        if (elements == null) {
          return mismatch(actual, ValueType.LIST, why);
        }
        if (op == Op.SUBSET_OF) {
          for (String e : elements) {
            if (!containsString(list, e)) {
              return Tri.FAIL;
            }
          }
          return Tri.PASS;
        }
        for (TypedValue want : list) {
          boolean present = elements.contains(want.canonical());
          if (present != (op == Op.CONTAINS)) {
            return Tri.FAIL;
          }
        }
        return Tri.PASS;
      }
      case HAS_KEY, NOT_HAS_KEY -> {
        if (!(actual instanceof TypedValue.MapValue m)) {
          return mismatch(actual, ValueType.MAP, why);
        }
        return m.values().containsKey(key) == (op == Op.HAS_KEY) ? Tri.PASS : Tri.FAIL;
      }
      case KEY_EQ, KEY_NE -> {
        if (!(actual instanceof TypedValue.MapValue m)) {
          return mismatch(actual, ValueType.MAP, why);
        }
        String raw = m.values().get(key);
        if (raw == null) {
          // An absent key is not equal to anything: key_eq fails, key_ne holds.
          return op == Op.KEY_NE ? Tri.PASS : Tri.FAIL;
        }
        Boolean eq = entryEquals(raw, scalar);
        if (eq == null) {
          why.text =
              "has "
                  + key
                  + "="
                  + raw
                  + ", which is not "
                  + article(scalar.type())
                  + " to compare with "
                  + show(scalar);
          return Tri.UNKNOWN;
        }
        return eq == (op == Op.KEY_EQ) ? Tri.PASS : Tri.FAIL;
      }
      case MODE_AT_MOST -> {
        if (!(actual instanceof TypedValue.Str s)) {
          return mismatch(actual, ValueType.STRING, why);
        }
        Integer bits = TypedText.octalMode(s.value()).orElse(null);
        if (bits == null) {
          why.text = "is '" + s.value() + "', which is not an octal file mode";
          return Tri.UNKNOWN;
        }
        return (bits & ~mode) == 0 ? Tri.PASS : Tri.FAIL;
      }
      default -> throw new IllegalStateException("operator not handled: " + op);
    }
  }

  /**
   * A string value read as the operand's type, the way the component's own flag parser reads its
   * argument (Go ParseBool, ParseInt, ParseDuration, resource.Quantity); unchanged when it does not
   * parse, so the comparison then reports the mismatch. Only strings are coerced: a normalizer that
   * did not type a flag is not a reason to give up, a value of another type is.
   */
  static TypedValue coerce(TypedValue.Str s, ValueType type) {
    TypedValue v =
        switch (type) {
          case BOOL -> TypedText.bool(s.value()).map(TypedValue.Bool::new).orElse(null);
          case INT -> TypedText.integer(s.value()).map(TypedValue.Int::new).orElse(null);
          case DURATION -> TypedText.duration(s.value()).map(TypedValue.Duration::new).orElse(null);
          case QUANTITY -> TypedText.quantity(s.value()).orElse(null);
          default -> null;
        };
    return v == null ? s : v;
  }

  /** Set means present and not empty: an empty string, list or map counts as not set. */
  static boolean isSet(TypedValue v) {
    if (v == null) {
      return false;
    }
    if (v instanceof TypedValue.Str s) {
      return !s.value().isEmpty();
    }
    if (v instanceof TypedValue.ListValue l) {
      return !l.values().isEmpty();
    }
    if (v instanceof TypedValue.MapValue m) {
      return !m.values().isEmpty();
    }
    return true;
  }

  private static boolean containsString(List<TypedValue> allowed, String e) {
    for (TypedValue a : allowed) {
      if (a.canonical().equals(e)) {
        return true;
      }
    }
    return false;
  }

  /** A list's elements, or a string's comma-separated elements (as pflag string slices read). */
  private static List<String> elements(TypedValue v) {
    if (v instanceof TypedValue.ListValue l) {
      return l.values();
    }
    if (v instanceof TypedValue.Str s) {
      List<String> out = new ArrayList<>();
      for (String part : s.value().split(",")) {
        String t = part.trim();
        if (!t.isEmpty()) {
          out.add(t);
        }
      }
      return out;
    }
    return null;
  }

  private static Boolean entryEquals(String raw, TypedValue want) {
    if (want instanceof TypedValue.Bool b) {
      return TypedText.bool(raw.trim()).map(x -> x == b.value()).orElse(null);
    }
    if (want instanceof TypedValue.Int i) {
      return TypedText.integer(raw.trim()).map(x -> x == i.value()).orElse(null);
    }
    return raw.equals(want.canonical());
  }

  private static long number(TypedValue v) {
    if (v instanceof TypedValue.Int i) {
      return i.value();
    }
    if (v instanceof TypedValue.Duration d) {
      return d.nanos();
    }
    throw new IllegalStateException("not a number: " + v);
  }

  static boolean same(TypedValue a, TypedValue b) {
    if (a.type() != b.type()) {
      return false;
    }
    if (a instanceof TypedValue.Quantity qa && b instanceof TypedValue.Quantity qb) {
      return qa.percent() == qb.percent() && qa.amount().compareTo(qb.amount()) == 0;
    }
    return a.equals(b);
  }

  private static Tri mismatch(TypedValue actual, ValueType wanted, Why why) {
    why.text =
        "is "
            + show(actual)
            + " ("
            + article(actual.type())
            + "), which cannot be judged as "
            + article(wanted);
    return Tri.UNKNOWN;
  }

  static String article(ValueType t) {
    if (t == null) {
      return "a value";
    }
    return switch (t) {
      case BOOL -> "a boolean";
      case INT -> "an integer";
      case DURATION -> "a duration";
      case STRING -> "a string";
      case QUANTITY -> "a quantity";
      case LIST -> "a list";
      case MAP -> "a map";
    };
  }

  /** Type names accepted by a rule's {@code type:} key. */
  static final Map<String, ValueType> TYPE_NAMES =
      Map.of(
          "bool", ValueType.BOOL,
          "int", ValueType.INT,
          "duration", ValueType.DURATION,
          "string", ValueType.STRING,
          "quantity", ValueType.QUANTITY,
          "list", ValueType.LIST,
          "map", ValueType.MAP);

  static List<String> typeNames() {
    return Arrays.asList("bool", "int", "duration", "string", "quantity", "list", "map");
  }
}
