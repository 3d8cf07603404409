package dev.fleetscore.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The closed set of operators a rule may use. Each names the operand it takes; anything else in a
 * rule file is a load error, never an operator that silently evaluates to false.
 */
enum Op {
  EQ("eq", Arg.SCALAR),
  NE("ne", Arg.SCALAR),
  IN("in", Arg.LIST),
  NOT_IN("not_in", Arg.LIST),
  LT("lt", Arg.ORDERED),
  LTE("lte", Arg.ORDERED),
  GT("gt", Arg.ORDERED),
  GTE("gte", Arg.ORDERED),
  CONTAINS("contains", Arg.ELEMENTS),
  NOT_CONTAINS("not_contains", Arg.ELEMENTS),
  SUBSET_OF("subset_of", Arg.LIST_OF_STRINGS),
  HAS_KEY("has_key", Arg.KEY),
  NOT_HAS_KEY("not_has_key", Arg.KEY),
  KEY_EQ("key_eq", Arg.KEY_VALUE),
  KEY_NE("key_ne", Arg.KEY_VALUE),
  MATCHES("matches", Arg.REGEX),
  NOT_MATCHES("not_matches", Arg.REGEX),
  IS_SET("is_set", Arg.NONE),
  IS_UNSET("is_unset", Arg.NONE),
  MODE_AT_MOST("mode_at_most", Arg.MODE);

  /** The shape of an operator's operand. */
  enum Arg {
    NONE,
    SCALAR,
    LIST,
    ORDERED,
    /** A string, or a list of strings that must all be present (or all absent). */
    ELEMENTS,
    LIST_OF_STRINGS,
    KEY,
    KEY_VALUE,
    REGEX,
    MODE
  }

  final String yaml;
  final Arg arg;

  Op(String yaml, Arg arg) {
    this.yaml = yaml;
    this.arg = arg;
  }

  static Optional<Op> byName(String name) {
    return Arrays.stream(values()).filter(o -> o.yaml.equals(name)).findFirst();
  }

  static List<String> names() {
    return Arrays.stream(values()).map(o -> o.yaml).toList();
  }
}
