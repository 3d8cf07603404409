package dev.fleetscore.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits an argument vector into flag occurrences the way spf13/pflag v1.0.5 does (and, in {@link
 * Mode#GO_FLAG}, the way Go's {@code flag} package does for etcd): {@code --name=value}; {@code
 * --name value}, taking the next token unconditionally for a non-boolean flag; a bare boolean is
 * true; {@code --bool false} is true plus a stray positional "false"; {@code _} is read as {@code
 * -}; {@code --} ends parsing; single-dash shorthands such as {@code -v=2}. Nothing is dropped:
 * positionals and oddities come back as warnings.
 */
public final class Pflag {

  private Pflag() {}

  /** How a flag name takes its value. */
  public enum Shape {
    BOOL,
    VALUE,
    UNKNOWN
  }

  /** pflag (kubelet, kube-apiserver, ...) or Go's flag package (etcd). */
  public enum Mode {
    PFLAG,
    GO_FLAG
  }

  /** Looks up how a normalized flag name takes its value. */
  public interface Lookup {
    Shape shape(String name);
  }

  /**
   * One flag as it appeared.
   *
   * @param name normalized name without dashes
   * @param value the value; "true" for a bare boolean; null for a bare unknown flag
   * @param argvIndex position of the flag in the full argv (argv[0] is the executable)
   * @param token the token(s) as written, for raw_value and messages
   * @param spaceForm the value was the next token ({@code --flag value})
   * @param bare no value was written
   * @param note a remark on how pflag read it, or null
   */
  public record Occurrence(
      String name,
      String value,
      int argvIndex,
      String token,
      boolean spaceForm,
      boolean bare,
      String note) {

    public String origin() {
      return "argv[" + argvIndex + "]";
    }

    /** This occurrence with secrets in its value masked ({@link Redaction}). */
    Occurrence redacted() {
      String v = Redaction.flagValue(name, value);
      if (v == null || v.equals(value)) {
        return this;
      }
      String n = note == null ? "value redacted" : note + "; value redacted";
      return new Occurrence(name, v, argvIndex, token.replace(value, v), spaceForm, bare, n);
    }
  }

  /**
   * The parse.
   *
   * @param flags occurrences in argv order
   * @param positionals arguments that are not flags (the kubelet refuses them: "unknown command")
   * @param warnings what a reader should know about this command line
   */
  public record Parsed(List<Occurrence> flags, List<String> positionals, List<String> warnings) {}

  /**
   * Parses {@code argv} (the arguments after argv[0]). {@code lossy} says the vector was split from
   * text (ps), where an empty argument may have been lost: then a value flag directly followed by a
   * known flag is taken to have had an empty value, with a warning, instead of swallowing that
   * flag.
   */
  public static Parsed parse(
      List<String> argv,
      Lookup lookup,
      Map<Character, String> shorthands,
      boolean lossy,
      Mode mode) {
    List<Occurrence> flags = new ArrayList<>();
    List<String> positionals = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int i = 0;
    int n = argv.size();
    while (i < n) {
      String s = argv.get(i);
      int pos = i + 1;
      i++;
      if (s.length() < 2 || s.charAt(0) != '-') {
        positionals.add(s);
        if (mode == Mode.GO_FLAG) {
          addRest(argv, i, positionals);
          break;
        }
        continue;
      }
      if (s.equals("--")) {
        addRest(argv, i, positionals);
        if (i < n) {
          warnings.add("'--' at argv[" + pos + "] ends flag parsing; what follows is positional");
        }
        break;
      }
      boolean longForm = s.startsWith("--") || mode == Mode.GO_FLAG;
      if (!longForm) {
        i = parseShort(argv, i, pos, s, lookup, shorthands, flags, warnings);
        continue;
      }
      String body = s.startsWith("--") ? s.substring(2) : s.substring(1);
      if (body.isEmpty() || body.charAt(0) == '-' || body.charAt(0) == '=') {
        warnings.add("bad flag syntax at argv[" + pos + "]: " + s);
        continue;
      }
      int eq = body.indexOf('=');
      String name = normalize(eq < 0 ? body : body.substring(0, eq));
      Shape shape = lookup.shape(name);
      if (eq >= 0) {
        flags.add(new Occurrence(name, body.substring(eq + 1), pos, s, false, false, null));
        continue;
      }
      switch (shape) {
        case BOOL -> {
          String note = null;
          if (i < n && looksBool(argv.get(i))) {
            note =
                s
                    + " "
                    + argv.get(i)
                    + " sets "
                    + name
                    + " to true: a boolean flag takes no separate value, so '"
                    + argv.get(i)
                    + "' is left as a positional argument (the kubelet would exit with"
                    + " 'unknown command')";
            warnings.add(note);
          }
          flags.add(new Occurrence(name, "true", pos, s, false, true, note));
        }
        case VALUE -> {
          if (i >= n) {
            warnings.add("flag needs an argument: " + s + " (argv[" + pos + "], last argument)");
            flags.add(new Occurrence(name, null, pos, s, false, true, "no value follows"));
            continue;
          }
          String next = argv.get(i);
          if (lossy && next.startsWith("--") && next.length() > 2) {
            String nextName = normalize(flagName(next));
            if (lookup.shape(nextName) != Shape.UNKNOWN) {
              String note =
                  s
                      + " is followed by "
                      + next
                      + " in a lossy (ps) command line: assumed an empty argument was lost"
                      + " (pflag would otherwise take '"
                      + next
                      + "' as the value)";
              warnings.add(note);
              flags.add(new Occurrence(name, "", pos, s, true, false, note));
              continue;
            }
          }
          i++;
          flags.add(new Occurrence(name, next, pos, s + " " + next, true, false, null));
        }
        default -> {
          if (i < n && !argv.get(i).startsWith("-")) {
            String next = argv.get(i);
            i++;
            String note = "unknown flag " + s + ": assumed it takes the next argument as its value";
            flags.add(new Occurrence(name, next, pos, s + " " + next, true, false, note));
          } else {
            flags.add(
                new Occurrence(name, null, pos, s, false, true, "unknown flag without value"));
          }
        }
      }
    }
    return new Parsed(flags, positionals, warnings);
  }

  private static int parseShort(
      List<String> argv,
      int i,
      int pos,
      String s,
      Lookup lookup,
      Map<Character, String> shorthands,
      List<Occurrence> flags,
      List<String> warnings) {
    String body = s.substring(1);
    String name = shorthands.get(body.charAt(0));
    if (name == null) {
      warnings.add(
          "unknown shorthand flag '" + body.charAt(0) + "' in " + s + " (argv[" + pos + "])");
      flags.add(new Occurrence(normalize(s), null, pos, s, false, true, "unknown shorthand"));
      return i;
    }
    String rest = body.substring(1);
    Shape shape = lookup.shape(name);
    if (rest.startsWith("=")) {
      flags.add(new Occurrence(name, rest.substring(1), pos, s, false, false, null));
    } else if (shape == Shape.BOOL) {
      flags.add(new Occurrence(name, "true", pos, s, false, true, null));
      if (!rest.isEmpty()) {
        warnings.add("combined shorthands in " + s + " are not read (argv[" + pos + "])");
      }
    } else if (!rest.isEmpty()) {
      flags.add(new Occurrence(name, rest, pos, s, false, false, null));
    } else if (i < argv.size()) {
      String next = argv.get(i);
      flags.add(new Occurrence(name, next, pos, s + " " + next, true, false, null));
      return i + 1;
    } else {
      warnings.add("flag needs an argument: " + s + " (argv[" + pos + "], last argument)");
    }
    return i;
  }

  private static void addRest(List<String> argv, int from, List<String> positionals) {
    for (int j = from; j < argv.size(); j++) {
      positionals.add(argv.get(j));
    }
  }

  private static String flagName(String token) {
    String body = token.startsWith("--") ? token.substring(2) : token.substring(1);
    int eq = body.indexOf('=');
    return eq < 0 ? body : body.substring(0, eq);
  }

  /** {@code cliflag.WordSepNormalizeFunc}: {@code _} is read as {@code -}. */
  public static String normalize(String name) {
    return name.indexOf('_') < 0 ? name : name.replace('_', '-');
  }

  private static boolean looksBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False" -> true;
      default -> false;
    };
  }
}
