package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a {@code fleetscore.yaml}: every key is a setting of the command its section names (an
 * unknown one gets the closest), every value has the right shape and passes the flag's own check.
 * Prints every problem as {@code FILE:LINE:COLUMN: message} (exit 2), or the settings and the
 * commands that read them (exit 0). A secret's value is never printed.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate fleetscore.yaml: unknown keys, wrong types and bad values, with lines.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore config check",
      "  fleetscore config check deploy/fleetscore.yaml",
      "  fleetscore --config /etc/fleetscore/fleetscore.yaml config check",
    })
final class ConfigCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "The file (default: --config, else ./fleetscore.yaml).")
  Path file;

  @Override
  public Integer call() {
    Path f = file != null ? file : configOption().orElse(Path.of(ConfigFile.NAME));
    if (!Files.isRegularFile(f)) {
      throw new UserError(
          "no config file at "
              + f
              + (file == null && configOption().isEmpty() ? " (give FILE)" : ""));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigSchema.Checked c;
    try {
      c = ConfigSchema.check(ConfigFile.read(f), spec.root());
    } catch (ConfigFile.Malformed m) {
      err.println(m.problem);
      err.flush();
      return ExitCodes.USAGE;
    }
    if (!c.problems().isEmpty()) {
      c.problems().forEach(err::println);
      err.println(c.problems().size() + " problem(s) in " + f);
      err.flush();
      return ExitCodes.USAGE;
    }
    out.println(f + ": valid, " + c.settings().size() + " settings");
    for (ConfigSchema.Setting s : c.settings()) {
      out.println("  " + s.path() + " = " + s.shown());
    }
    out.flush();
    return ExitCodes.OK;
  }

  private Optional<Path> configOption() {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      OptionSpec o = s.findOption("--config");
      if (o != null && o.getValue() != null) {
        return Optional.of(o.getValue());
      }
    }
    return Optional.empty();
  }
}
