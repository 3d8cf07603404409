package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.FleetscoreVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code fleetscore} command. It only registers subcommands and turns errors into one line
 * and a documented exit code; stack traces are printed only with {@code --verbose}.
 */
@Command(
    name = "fleetscore",
    mixinStandardHelpOptions = true,
    versionProvider = FleetscoreCommand.Version.class,
    description =
        "Scores the security configuration of Kubernetes nodes and control planes across a fleet.",
    subcommands = {
      DemoCommand.class,
      CollectCommand.class,
      ScoreCommand.class,
      ReportCommand.class,
      ExportCommand.class,
      ExplainCommand.class,
      EvidenceCommand.class,
      BenchCommand.class,
      RulesCommand.class,
      CompletionCommand.class,
      ConfigCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore demo                          generate a demo fleet, score it, report",
      "  fleetscore collect import dumps/ --warehouse wh --date 2026-11-22",
      "  fleetscore score --warehouse wh --date 2026-11-22",
      "  fleetscore report --warehouse wh --date 2026-11-22 --out report/",
      "",
      "Exit codes:",
      "  0   success",
      "  1   findings failed the --fail-on threshold",
      "  2   bad command-line usage",
      "  3   bad input (missing file, unusable path, malformed rules, empty warehouse)",
      "  4   data-quality gate failed (e.g. --max-quarantine-ratio)",
      "  5   verification failed (e.g. tampered evidence bundle)",
      "  6   evidence bundle intact but its signer not pinned (verify without --trusted-cert)",
      "  70  internal error (a bug; re-run with --verbose)",
    })
public final class FleetscoreCommand implements Runnable {

  /** Columns of --help; the longest example line must fit. */
  static final int HELP_WIDTH = 100;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces and progress detail on errors.")
  boolean verbose;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "Settings file (default: ./fleetscore.yaml when it exists); a flag overrides it.")
  Path config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /**
   * Runs the command line, with the config file of the working folder, and returns the exit code.
   */
  public static int run(String... args) {
    return run(newCommandLine(), Path.of("").toAbsolutePath(), args);
  }

  /**
   * Runs {@code args} on {@code cl} with the config file that {@code --config} names, or {@code
   * fleetscore.yaml} in {@code workingDir}. The file is checked before any command runs: a problem
   * in it is a usage error (exit 2) naming its line and column. {@code config check} reads the file
   * itself, so it can list every problem.
   */
  static int run(CommandLine cl, Path workingDir, String... args) {
    if (readsConfig(args)) {
      PrintWriter err = cl.getErr();
      try {
        ConfigDefaults.load(args, workingDir, cl).ifPresent(d -> d.install(cl));
      } catch (UserError e) {
        err.println("fleetscore: " + e.getMessage());
        err.flush();
        return e.exitCode();
      } catch (ConfigDefaults.Invalid e) {
        for (ConfigFile.Problem p : e.problems) {
          err.println("fleetscore: " + p);
        }
        err.println(
            "fleetscore: the config file is refused before any work starts;"
                + " 'fleetscore config check' lists its problems");
        err.flush();
        return ExitCodes.USAGE;
      }
    }
    return cl.execute(args);
  }

  /**
   * Whether {@code args} run a command that reads the config file: not {@code config check} (it
   * reads the file itself, to list every problem), {@code completion}, or a help or version
   * request, which a broken file must not block.
   */
  static boolean readsConfig(String[] args) {
    String sub = subcommandName(args);
    if ("config".equals(sub) || "completion".equals(sub)) {
      return false;
    }
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return false;
      }
    }
    return true;
  }

  /** The first argument that is not a root option (or the value of --config). */
  static String subcommandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config")) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  static CommandLine newCommandLine() {
    FleetscoreCommand root = new FleetscoreCommand();
    CommandLine cl = new CommandLine(root);
    // The examples write enum values in lower case (--csv all, --format json).
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(FleetscoreCommand::usageError);
    // Wide enough that no example line is wrapped by picocli (CliEdgesTest checks every footer);
    // a terminal narrower than this wraps softly, and copying the line still gives one line.
    cl.setUsageHelpWidth(HELP_WIDTH);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          boolean verbose = root.verbose || parseResult.hasMatchedOption("--verbose");
          if (ex instanceof UserError ue) {
            err.println("fleetscore: " + ue.getMessage());
            if (verbose && ue.getCause() != null) {
              ue.getCause().printStackTrace(err);
            }
            err.flush();
            return ue.exitCode();
          }
          Optional<String> pathError = PathErrors.describe(ex, parseResult);
          if (pathError.isPresent()) {
            err.println("fleetscore: " + pathError.get());
            if (verbose) {
              ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.INPUT;
          }
          err.println(
              "fleetscore: internal error: "
                  + ex
                  + (verbose ? "" : " (re-run with --verbose for the stack trace)"));
          if (verbose) {
            ex.printStackTrace(err);
          }
          err.flush();
          return ExitCodes.INTERNAL;
        });
    return cl;
  }

  /**
   * A usage error is one line on stderr naming the command, what was wrong and, for an unknown
   * option or subcommand, the closest one; then exit 2. The full usage is in {@code --help}.
   */
  static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine c = ex.getCommandLine();
    // picocli reports a missing required option before an unknown one, but "--warehose" is the
    // reason "--warehouse" is missing: name the unknown option first.
    String unknown = null;
    for (String a : args) {
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (name.startsWith("--")
          && name.length() > 2
          && c.getCommandSpec().findOption(name) == null) {
        unknown = a;
        break;
      }
    }
    if (unknown != null && !(ex instanceof CommandLine.UnmatchedArgumentException)) {
      ex = new CommandLine.UnmatchedArgumentException(c, List.of(unknown));
    }
    StringBuilder line =
        new StringBuilder(c.getCommandSpec().qualifiedName()).append(": ").append(ex.getMessage());
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line.append("; did you mean ").append(u.getSuggestions().get(0)).append('?');
    }
    line.append(" (see '").append(c.getCommandSpec().qualifiedName()).append(" --help')");
    PrintWriter err = c.getErr();
    err.println(line);
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Prints the build's version. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"fleetscore " + FleetscoreVersion.VERSION};
    }
  }
}
