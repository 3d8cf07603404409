package dev.fleetscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the commands about {@code fleetscore.yaml}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check the settings file (fleetscore.yaml) every command reads.",
    subcommands = {ConfigCheckCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore config check                       # ./fleetscore.yaml",
      "  fleetscore config check /etc/fleetscore/fleetscore.yaml",
    })
final class ConfigCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "config needs a subcommand: check");
  }
}
