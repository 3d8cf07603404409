package dev.fleetscore.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.fleetscore.common.Parsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a small tree whose every node knows its file, line and column, so the
 * loaders can say exactly where a rule or exemption is wrong. Reading is strict where YAML is
 * surprising: duplicate keys, aliases, several documents, YAML 1.1 booleans such as {@code yes} and
 * integers with a leading zero, {@code 0x} or underscores are errors, not silent conversions.
 */
final class YamlTree {

  private static final YAMLFactory FACTORY = Parsers.yamlFactory();
  private static final Pattern PLAIN_INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");

  private YamlTree() {}

  /** Where a node is: file and 1-based line and column. */
  record Pos(String file, int line, int column) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }
  }

  /** A node of the tree. */
  sealed interface Node permits MapNode, ListNode, Scalar {
    Pos pos();

    /** What this node is, for messages ("a map", "a list", "the string 'x'"). */
    String describe();

    default RuleLoadException error(String message) {
      return new RuleLoadException(pos() + ": " + message);
    }

    default MapNode asMap(String what) {
      if (this instanceof MapNode m) {
        return m;
      }
      throw error(what + " must be a map, not " + describe());
    }

    default ListNode asList(String what) {
      if (this instanceof ListNode l) {
        return l;
      }
      throw error(what + " must be a list, not " + describe());
    }

    default Scalar asScalar(String what) {
      if (this instanceof Scalar s) {
        return s;
      }
      throw error(what + " must be a single value, not " + describe());
    }

    default String asString(String what) {
      Scalar s = asScalar(what);
      if (s.kind() != ScalarKind.STRING) {
        throw error(what + " must be a string, not " + describe());
      }
      return s.text();
    }

    default String asNonEmptyString(String what) {
      String s = asString(what);
      if (s.isBlank()) {
        throw error(what + " must not be empty");
      }
      return s;
    }

    default long asLong(String what) {
      Scalar s = asScalar(what);
      if (s.kind() != ScalarKind.INT) {
        throw error(what + " must be an integer, not " + describe());
      }
      return (Long) s.value();
    }

    default boolean asBool(String what) {
      Scalar s = asScalar(what);
      if (s.kind() != ScalarKind.BOOL) {
        throw error(what + " must be true or false, not " + describe());
      }
      return (Boolean) s.value();
    }

    /** A string, or a list of strings, as a list. */
    default List<String> asStringList(String what) {
      if (this instanceof Scalar) {
        return List.of(asNonEmptyString(what));
      }
      List<String> out = new ArrayList<>();
      for (Node n : asList(what).items()) {
        out.add(n.asNonEmptyString("each entry of " + what));
      }
      if (out.isEmpty()) {
        throw error(what + " must not be empty");
      }
      return out;
    }
  }

  /** A mapping with its keys in document order and the position of each key. */
  record MapNode(Pos pos, Map<String, Node> entries, Map<String, Pos> keyPositions)
      implements Node {
    @Override
    public String describe() {
      return "a map";
    }

    boolean has(String key) {
      return entries.containsKey(key);
    }

    Node get(String key) {
      return entries.get(key);
    }

    Node require(String key, String what) {
      Node n = entries.get(key);
      if (n == null) {
        throw error(what + " needs '" + key + "'");
      }
      return n;
    }

    Pos keyPos(String key) {
      return keyPositions.getOrDefault(key, pos);
    }

    /** Fails on the first key not in {@code allowed}, naming it and the allowed keys. */
    void allowOnly(String what, Collection<String> allowed) {
      for (Map.Entry<String, Pos> e : keyPositions.entrySet()) {
        if (!allowed.contains(e.getKey())) {
          throw new RuleLoadException(
              e.getValue()
                  + ": unknown key '"
                  + e.getKey()
                  + "' in "
                  + what
                  + " (allowed: "
                  + String.join(", ", new TreeSet<>(allowed))
                  + ")");
        }
      }
    }

    Set<String> keys() {
      return entries.keySet();
    }
  }

  /** A sequence. */
  record ListNode(Pos pos, List<Node> items) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  enum ScalarKind {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL
  }

  /**
   * A scalar: {@code value} is a String, Long, Double or Boolean, or null; {@code text} is as
   * written.
   */
  record Scalar(Pos pos, ScalarKind kind, Object value, String text) implements Node {
    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "the string '" + shown(text) + "'";
        case INT -> "the integer " + text;
        case FLOAT -> "the number " + text;
        case BOOL -> "the boolean " + text;
        case NULL -> "an empty value";
      };
    }
  }

  /** A value as quoted in a one-line message: control characters escaped, long text cut. */
  static String shown(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < 80; i++) {
      char c = text.charAt(i);
      sb.append(
          c == '\n' ? "\\n" : Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return sb.length() < 80 ? sb.toString() : sb + "...";
  }

  /** Parses one YAML document; {@code file} names it in every message. */
  static Node parse(String file, byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    try (YAMLParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new RuleLoadException(file + ":1:1: the file is empty");
      }
      Node root = read(file, p, first);
      JsonToken next = p.nextToken();
      if (next != null) {
        throw new RuleLoadException(
            pos(file, p.currentTokenLocation())
                + ": only one YAML document is allowed per file (found a second one)");
      }
      return root;
    } catch (JsonProcessingException e) {
      // SnakeYAML knows where the problem is; Jackson's location is where its context began.
      String where;
      if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        where =
            file
                + ":"
                + (m.getProblemMark().getLine() + 1)
                + ":"
                + (m.getProblemMark().getColumn() + 1);
      } else {
        JsonLocation loc = e.getLocation();
        where = loc == null ? file : pos(file, loc).toString();
      }
      // snakeyaml's own message repeats the location over several lines with a caret.
      String what =
          e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null
              ? (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem()
              : String.valueOf(e.getOriginalMessage());
      throw new RuleLoadException(
          where + ": not valid YAML: " + what.replaceAll("\\s+", " ").strip(), e);
    } catch (IOException e) {
      throw new RuleLoadException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Pos pos(String file, JsonLocation loc) {
    return new Pos(file, loc.getLineNr(), loc.getColumnNr());
  }

  private static Node read(String file, YAMLParser p, JsonToken t) throws IOException {
    Pos here = pos(file, p.currentTokenLocation());
    if (p.isCurrentAlias()) {
      throw new RuleLoadException(here + ": YAML aliases (*" + p.getText() + ") are not allowed");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Pos> keys = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
          if (k != JsonToken.FIELD_NAME) {
            throw new RuleLoadException(here + ": unexpected " + k + " in a map");
          }
          String key = p.currentName();
          Pos keyPos = pos(file, p.currentTokenLocation());
          if (entries.containsKey(key)) {
            throw new RuleLoadException(
                keyPos
                    + ": duplicate key '"
                    + key
                    + "' (first at line "
                    + keys.get(key).line()
                    + ")");
          }
          Node value = read(file, p, p.nextToken());
          entries.put(key, value);
          keys.put(key, keyPos);
        }
        return new MapNode(here, entries, keys);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(file, p, v));
        }
        return new ListNode(here, items);
      }
      case VALUE_STRING -> {
        return new Scalar(here, ScalarKind.STRING, p.getText(), p.getText());
      }
      case VALUE_NUMBER_INT -> {
        String raw = p.getText();
        if (!PLAIN_INT.matcher(raw).matches()) {
          throw new RuleLoadException(
              here
                  + ": write the integer "
                  + raw
                  + " in plain decimal, or quote it if it is text (YAML reads leading zeros as"
                  + " octal)");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new RuleLoadException(here + ": the integer " + raw + " is too large");
        }
        return new Scalar(here, ScalarKind.INT, p.getLongValue(), raw);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Scalar(here, ScalarKind.FLOAT, p.getDoubleValue(), p.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        String raw = p.getText();
        if (!raw.equals("true") && !raw.equals("false")) {
          throw new RuleLoadException(
              here
                  + ": write booleans as true or false, not '"
                  + raw
                  + "' (quote it if it is text)");
        }
        return new Scalar(here, ScalarKind.BOOL, t == JsonToken.VALUE_TRUE, raw);
      }
      case VALUE_NULL -> {
        return new Scalar(here, ScalarKind.NULL, null, p.getText());
      }
      default -> throw new RuleLoadException(here + ": unexpected YAML token " + t);
    }
  }
}
