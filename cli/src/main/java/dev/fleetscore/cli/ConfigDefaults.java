package dev.fleetscore.cli;

import dev.fleetscore.cli.ConfigSchema.Setting;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The settings of a valid {@code fleetscore.yaml} as picocli default values, so precedence is
 * picocli's own: a flag on the command line, else the file (the command's own section, then the
 * shared top-level key), else the option's built-in default. A list setting ({@code rules}, {@code
 * dumps}, {@code from}) is given whole once parsing is done, because picocli takes one string per
 * default.
 */
final class ConfigDefaults implements IDefaultValueProvider {

  /** A config file whose contents are refused; each problem has its line and column. */
  static final class Invalid extends Exception {
    final transient List<ConfigFile.Problem> problems;

    Invalid(List<ConfigFile.Problem> problems) {
      super(problems.get(0).toString());
      this.problems = problems;
    }
  }

  private final Path file;
  private final Map<String, Setting> byKey = new HashMap<>();

  private ConfigDefaults(Path file, List<Setting> settings) {
    this.file = file;
    for (Setting s : settings) {
      byKey.put(s.command() + "\0" + s.key(), s);
    }
  }

  /** The file that applies to {@code args} in {@code workingDir}, checked; empty when none. */
  static Optional<ConfigDefaults> load(String[] args, Path workingDir, CommandLine cl)
      throws Invalid {
    Optional<Path> f = ConfigFile.locate(args, workingDir);
    if (f.isEmpty()) {
      return Optional.empty();
    }
    ConfigSchema.Checked c;
    try {
      c = ConfigSchema.check(ConfigFile.read(f.get()), cl.getCommandSpec());
    } catch (ConfigFile.Malformed m) {
      throw new Invalid(List.of(m.problem));
    }
    if (!c.problems().isEmpty()) {
      throw new Invalid(c.problems());
    }
    return Optional.of(new ConfigDefaults(f.get(), c.settings()));
  }

  Path file() {
    return file;
  }

  /** Makes {@code cl} and all its subcommands read the file; says which file on stderr. */
  void install(CommandLine cl) {
    cl.setDefaultValueProvider(this);
    cl.setExecutionStrategy(
        parsed -> {
          applyLists(parsed);
          if (!helpRequested(parsed) && !quiet(parsed)) {
            PrintWriter err = cl.getErr();
            err.println("fleetscore: config " + file);
            err.flush();
          }
          return new CommandLine.RunLast().execute(parsed);
        });
  }

  Setting settingFor(ArgSpec arg) {
    String key = ConfigSchema.key(arg);
    if (key == null || arg.command() == null) {
      return null;
    }
    Setting own = byKey.get(ConfigSchema.commandPath(arg.command()) + "\0" + key);
    if (own != null) {
      return own;
    }
    return ConfigSchema.SHARED.contains(key) ? byKey.get("\0" + key) : null;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    Setting s = settingFor(arg);
    // One value here satisfies a required list; applyLists then sets the whole list.
    return s == null ? null : s.values().get(0);
  }

  /** Sets every list option the command line left alone to the file's whole list. */
  void applyLists(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      for (ArgSpec arg : p.commandSpec().args()) {
        Setting s = settingFor(arg);
        if (s == null || !arg.isMultiValue() || p.matchedArgs().contains(arg)) {
          continue;
        }
        List<Object> values = new ArrayList<>();
        for (String v : s.values()) {
          values.add(convert(arg, v));
        }
        arg.setValue(values);
      }
    }
  }

  private static Object convert(ArgSpec arg, String text) {
    try {
      if (arg.converters().length > 0) {
        return arg.converters()[0].convert(text);
      }
    } catch (Exception e) {
      // ConfigSchema parsed this very value with the same converter.
      throw new IllegalStateException("a checked config value no longer converts", e);
    }
    Class<?> t = arg.auxiliaryTypes()[0];
    if (Path.class.equals(t)) {
      return Path.of(text);
    }
    if (String.class.equals(t)) {
      return text;
    }
    throw new IllegalStateException("no config conversion to " + t + " for " + arg);
  }

  private static boolean helpRequested(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  private static boolean quiet(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      OptionSpec q = p.commandSpec().findOption("--quiet");
      if (q != null && Boolean.TRUE.equals(q.getValue())) {
        return true;
      }
    }
    return false;
  }
}
