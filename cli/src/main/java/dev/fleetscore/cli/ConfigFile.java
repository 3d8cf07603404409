package dev.fleetscore.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.fleetscore.common.Parsers;
import dev.fleetscore.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleetscore.yaml} read into a small tree whose every node knows its line and column, so
 * {@code config check} and every command can say where a setting is wrong. The YAML is read with
 * the limits of {@link Parsers} (depth, size, aliases); duplicate keys, aliases and a second
 * document are errors. Values are kept as written; {@link ConfigSchema} gives them meaning.
 */
final class ConfigFile {

  /** The name looked for in the working folder. */
  static final String NAME = "fleetscore.yaml";

  /** Where a node is: 1-based line and column. */
  record Pos(Path file, int line, int column) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }

    static Pos of(Path file, JsonLocation l) {
      return new Pos(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }
  }

  /** A node of the tree. */
  sealed interface Node permits MapNode, ListNode, Scalar {
    Pos pos();

    /** What the node is, for messages; never the value (it may be a secret). */
    String kind();
  }

  /** A mapping, its keys in document order, with each key's position. */
  record MapNode(Pos pos, Map<String, Node> entries, Map<String, Pos> keys) implements Node {
    @Override
    public String kind() {
      return "a map";
    }
  }

  /** A sequence. */
  record ListNode(Pos pos, List<Node> items) implements Node {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A scalar as written; {@code token} says whether YAML read it as a string, number, ... */
  record Scalar(Pos pos, String text, JsonToken token) implements Node {
    @Override
    public String kind() {
      return switch (token) {
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NUMBER_INT -> "an integer";
        case VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_NULL -> "empty";
        default -> "a string";
      };
    }

    boolean isBoolean() {
      return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
    }
  }

  /** A problem with its position: one line of {@code config check}. */
  record Problem(Pos pos, String message) {
    @Override
    public String toString() {
      return pos + ": " + message;
    }
  }

  /** Thrown when the file is not YAML fleetscore can read (syntax, limits, duplicates). */
  static final class Malformed extends Exception {
    final transient Problem problem;

    Malformed(Problem problem) {
      super(problem.toString());
      this.problem = problem;
    }
  }

  private final Path file;
  private final MapNode root;

  private ConfigFile(Path file, MapNode root) {
    this.file = file;
    this.root = root;
  }

  Path file() {
    return file;
  }

  MapNode root() {
    return root;
  }

  /**
   * The file {@code --config} names anywhere in {@code args}, else {@code fleetscore.yaml} in
   * {@code workingDir} when it exists. A {@code --config} that names no file is bad input (exit 3).
   */
  static Optional<Path> locate(String[] args, Path workingDir) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        break;
      }
      String given = null;
      if (a.equals("--config") && i + 1 < args.length) {
        given = args[i + 1];
      } else if (a.startsWith("--config=")) {
        given = a.substring("--config=".length());
      }
      if (given != null) {
        Path p = workingDir.resolve(given);
        if (!Files.isRegularFile(p)) {
          throw new UserError("no config file at " + given + " (--config)");
        }
        return Optional.of(p);
      }
    }
    Path p = workingDir.resolve(NAME);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** Reads {@code file}; an unreadable file is bad input, malformed YAML is {@link Malformed}. */
  static ConfigFile read(Path file) throws Malformed {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read the config file " + file + ": " + e.getMessage(), e);
    }
    return parse(file, text);
  }

  static ConfigFile parse(Path file, String text) throws Malformed {
    try (JsonParser p = Parsers.yamlFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new ConfigFile(file, new MapNode(new Pos(file, 1, 1), Map.of(), Map.of()));
      }
      Node n = read(file, p);
      if (!(n instanceof MapNode m)) {
        throw new Malformed(
            new Problem(n.pos(), "the file must be a map of settings, not " + n.kind()));
      }
      if (p.nextToken() != null) {
        throw new Malformed(
            new Problem(
                Pos.of(file, p.currentTokenLocation()),
                "a second YAML document; fleetscore.yaml holds one"));
      }
      return new ConfigFile(file, m);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      Pos pos = l == null ? new Pos(file, 1, 1) : Pos.of(file, l);
      throw new Malformed(new Problem(pos, "not valid YAML: " + firstLine(e.getOriginalMessage())));
    } catch (IOException e) {
      throw new UserError("cannot read the config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Node read(Path file, JsonParser p) throws IOException, Malformed {
    Pos pos = Pos.of(file, p.currentTokenLocation());
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      throw new Malformed(new Problem(pos, "aliases (*name) are not allowed in fleetscore.yaml"));
    }
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> entries = new LinkedHashMap<>();
      Map<String, Pos> keys = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        Pos keyPos = Pos.of(file, p.currentTokenLocation());
        if (keys.containsKey(key)) {
          throw new Malformed(
              new Problem(
                  keyPos,
                  "duplicate key '" + key + "' (first at line " + keys.get(key).line() + ")"));
        }
        p.nextToken();
        keys.put(key, keyPos);
        entries.put(key, read(file, p));
      }
      return new MapNode(pos, entries, keys);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(file, p));
      }
      return new ListNode(pos, items);
    }
    return new Scalar(pos, t == JsonToken.VALUE_NULL ? "" : p.getText(), t);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
