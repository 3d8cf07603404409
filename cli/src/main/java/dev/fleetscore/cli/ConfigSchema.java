package dev.fleetscore.cli;

import dev.fleetscore.cli.ConfigFile.ListNode;
import dev.fleetscore.cli.ConfigFile.MapNode;
import dev.fleetscore.cli.ConfigFile.Node;
import dev.fleetscore.cli.ConfigFile.Pos;
import dev.fleetscore.cli.ConfigFile.Problem;
import dev.fleetscore.cli.ConfigFile.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What {@code fleetscore.yaml} may say, derived from the commands themselves: the file is a map
 * whose keys are the long option names of a command (without {@code --}), nested as the commands
 * are ({@code score:}, {@code report:}, {@code collect: import:}, {@code evidence:}), plus shared
 * keys at the top ({@code warehouse}, {@code rules}, {@code exemptions} and the {@code s3-*} keys
 * of an object-store warehouse) that every command with that option reads. Each value is checked by
 * parsing it with the option's own converter, so a value the file accepts is exactly a value the
 * flag accepts.
 */
final class ConfigSchema {

  /** Top-level keys every command with that option reads. */
  static final Set<String> SHARED =
      Set.of("warehouse", "rules", "exemptions", "s3-endpoint", "s3-path-style", "s3-region");

  /** The command that checks the values of the shared keys (it has all of those options). */
  private static final String SHARED_CHECKED_BY = "score";

  /** Options never read from the file: they belong to one invocation. */
  static final Map<String, String> NOT_IN_FILE =
      Map.of(
          "date", "give --date on the command line: a nightly job scores a new date each night",
          "snapshot-id", "give --snapshot-id on the command line: it names one snapshot",
          "config", "a config file does not name another",
          "verbose", "give --verbose on the command line",
          "help", "not a setting",
          "version", "not a setting");

  /** Positional parameters that the file may set: command path to key. */
  static final Map<String, String> POSITIONALS = Map.of("collect import", "dumps");

  /** Keys whose values are secrets: never printed, not even in an error. */
  static final Set<String> SECRET = Set.of("key-password");

  /** One setting: the command it belongs to ("" for the shared keys), its key and values. */
  record Setting(
      String command, String key, Pos pos, List<String> values, boolean list, Path baseDir) {

    String path() {
      return command.isEmpty() ? key : command.replace(' ', '.') + "." + key;
    }

    boolean secret() {
      return SECRET.contains(key);
    }

    /** The values as written, or a placeholder for a secret. */
    String shown() {
      if (secret()) {
        return "(secret, not shown)";
      }
      return list ? values.toString() : values.get(0);
    }
  }

  /** The settings of a file and the problems found in it (empty when it is valid). */
  record Checked(List<Setting> settings, List<Problem> problems) {}

  private final CommandSpec root;
  private final Path baseDir;
  private final List<Setting> settings = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();

  /** Parses each value as its flag; reused (picocli resets it on every parse), no defaults. */
  private CommandLine parser;

  private ConfigSchema(CommandSpec root, Path baseDir) {
    this.root = root;
    this.baseDir = baseDir;
  }

  /** Checks every key and value of {@code file} against the command tree under {@code root}. */
  static Checked check(ConfigFile file, CommandSpec root) {
    Path dir = file.file().toAbsolutePath().getParent();
    ConfigSchema s = new ConfigSchema(root, dir);
    s.section(file.root(), root, "");
    return new Checked(List.copyOf(s.settings), List.copyOf(s.problems));
  }

  /** The command path of {@code spec} below the root: "", "score", "collect import". */
  static String commandPath(CommandSpec spec) {
    String q = spec.qualifiedName(" ");
    int sp = q.indexOf(' ');
    return sp < 0 ? "" : q.substring(sp + 1);
  }

  /** The key of {@code arg} in the file, or null when the file cannot set it. */
  static String key(ArgSpec arg) {
    if (arg instanceof OptionSpec o) {
      String name = o.longestName();
      if (!name.startsWith("--")) {
        return null;
      }
      String k = name.substring(2);
      if (NOT_IN_FILE.containsKey(k) || Map.class.isAssignableFrom(o.type())) {
        return null;
      }
      return k;
    }
    if (arg instanceof PositionalParamSpec p && p.command() != null) {
      return POSITIONALS.get(commandPath(p.command()));
    }
    return null;
  }

  /** Whether the value of {@code arg} names a file, so a relative value is resolved. */
  static boolean isPath(ArgSpec arg, String key) {
    Class<?> t = arg.isMultiValue() ? arg.auxiliaryTypes()[0] : arg.type();
    return Path.class.equals(t) || "warehouse".equals(key);
  }

  private void section(MapNode map, CommandSpec spec, String path) {
    Map<String, ArgSpec> options = configurable(spec);
    for (Map.Entry<String, Node> e : map.entries().entrySet()) {
      String key = e.getKey();
      Pos keyPos = map.keys().get(key);
      Node value = e.getValue();
      String where = path.isEmpty() ? "" : " in " + path.replace(' ', '.');
      CommandLine sub = spec.subcommands().get(key);
      if (path.isEmpty() && SHARED.contains(key)) {
        // Before the commands: the shared 'rules' is the rule folders, not the 'rules' command.
        CommandSpec checker = root.subcommands().get(SHARED_CHECKED_BY).getCommandSpec();
        setting("", key, keyPos, value, configurable(checker).get(key));
      } else if (sub != null) {
        if (value instanceof MapNode m) {
          section(m, sub.getCommandSpec(), commandPath(sub.getCommandSpec()));
        } else {
          problem(
              keyPos, "'" + key + "' is a command: its settings go in a map, not " + kind(value));
        }
      } else if (options.containsKey(key)) {
        setting(path, key, keyPos, value, options.get(key));
      } else if (NOT_IN_FILE.containsKey(key)) {
        problem(keyPos, "'" + key + "' is not read from fleetscore.yaml: " + NOT_IN_FILE.get(key));
      } else {
        TreeSet<String> allowed = new TreeSet<>(options.keySet());
        spec.subcommands()
            .forEach(
                (name, c) -> {
                  if (hasSettings(c.getCommandSpec())) {
                    allowed.add(name);
                  }
                });
        if (path.isEmpty()) {
          allowed.addAll(SHARED);
        }
        String near = closest(key, allowed);
        problem(
            keyPos,
            "unknown key '"
                + key
                + "'"
                + where
                + (near == null ? "" : "; did you mean '" + near + "'?")
                + " (allowed: "
                + String.join(", ", allowed)
                + ")");
      }
    }
  }

  private static boolean hasSettings(CommandSpec spec) {
    return !configurable(spec).isEmpty()
        || spec.subcommands().values().stream().anyMatch(c -> hasSettings(c.getCommandSpec()));
  }

  private static Map<String, ArgSpec> configurable(CommandSpec spec) {
    Map<String, ArgSpec> out = new TreeMap<>();
    for (ArgSpec a : spec.args()) {
      String k = key(a);
      if (k != null) {
        out.put(k, a);
      }
    }
    return out;
  }

  private void setting(String command, String key, Pos keyPos, Node value, ArgSpec arg) {
    String name = command.isEmpty() ? key : command.replace(' ', '.') + "." + key;
    boolean secret = SECRET.contains(key);
    List<String> values = new ArrayList<>();
    boolean list = value instanceof ListNode;
    if (value instanceof MapNode) {
      problem(value.pos(), name + " must be " + expected(arg) + ", not a map");
      return;
    }
    if (list && !arg.isMultiValue()) {
      problem(value.pos(), name + " must be a single value, not a list");
      return;
    }
    List<Node> items = list ? ((ListNode) value).items() : List.of(value);
    if (items.isEmpty()) {
      problem(value.pos(), name + " must not be an empty list");
      return;
    }
    for (Node n : items) {
      if (!(n instanceof Scalar s)) {
        problem(n.pos(), "each entry of " + name + " must be a single value, not " + n.kind());
        return;
      }
      if (s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
        problem(s.pos(), name + " has no value");
        return;
      }
      boolean flag = isFlag(arg);
      if (flag != s.isBoolean()) {
        problem(s.pos(), name + " must be " + expected(arg) + ", not " + s.kind());
        return;
      }
      if (flag && !s.text().equals("true") && !s.text().equals("false")) {
        problem(s.pos(), name + " must be true or false, not '" + s.text() + "'");
        return;
      }
      values.add(isPath(arg, key) ? resolve(s.text()) : s.text());
    }
    Setting set = new Setting(command, key, keyPos, List.copyOf(values), list, baseDir);
    String error = convert(command.isEmpty() ? SHARED_CHECKED_BY : command, arg, set);
    if (error != null) {
      problem(
          value.pos(),
          name
              + ": "
              + (secret ? "not a valid value (the value is a secret and is not shown)" : error));
      return;
    }
    settings.add(set);
  }

  /** A relative path is relative to the config file's folder; URIs are kept. */
  private String resolve(String text) {
    if (text.contains("://")) {
      return text;
    }
    try {
      return baseDir.resolve(text).normalize().toString();
    } catch (java.nio.file.InvalidPathException e) {
      return text;
    }
  }

  private static boolean isFlag(ArgSpec arg) {
    return arg instanceof OptionSpec o
        && (o.type() == boolean.class || o.type() == Boolean.class)
        && o.arity().max() == 0;
  }

  private static String expected(ArgSpec arg) {
    if (isFlag(arg)) {
      return "true or false";
    }
    return arg.isMultiValue() ? "a value or a list of values" : "a single value";
  }

  /**
   * Parses the setting as its flag with the command's own converters; returns picocli's message
   * when the value is refused. A missing required option is not this setting's problem.
   */
  private String convert(String command, ArgSpec arg, Setting s) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    for (String v : s.values()) {
      if (arg instanceof OptionSpec o) {
        if (isFlag(arg)) {
          if (Boolean.parseBoolean(v)) {
            args.add(o.longestName());
          }
        } else {
          args.add(o.longestName() + "=" + v);
        }
      } else {
        args.add(v);
      }
    }
    try {
      if (parser == null) {
        parser = FleetscoreCommand.newCommandLine();
      }
      parser.parseArgs(args.toArray(String[]::new));
      return null;
    } catch (CommandLine.MissingParameterException e) {
      return null;
    } catch (CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }

  private void problem(Pos pos, String message) {
    problems.add(new Problem(pos, message));
  }

  private static String kind(Node n) {
    return n.kind();
  }

  /** The allowed key nearest to {@code key}, when it is a likely typo. */
  static String closest(String key, Collection<String> allowed) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String a : allowed) {
      int d = distance(key, a);
      if (d < bestD) {
        bestD = d;
        best = a;
      }
    }
    return best != null && bestD <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
