package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.FleetscoreVersion;
import java.io.PrintWriter;
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
      EvidenceCommand.class,
      BenchCommand.class,
      RulesCommand.class,
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

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces and progress detail on errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    FleetscoreCommand root = new FleetscoreCommand();
    CommandLine cl = new CommandLine(root);
    // The examples write enum values in lower case (--csv all, --format json).
    cl.setCaseInsensitiveEnumValuesAllowed(true);
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

  /** Prints the build's version. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"fleetscore " + FleetscoreVersion.VERSION};
    }
  }
}
