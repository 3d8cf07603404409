package dev.fleetscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the commands rule authors use to check and list rule packs and exemptions. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check and list rule packs and exemptions (the same loading as score).",
    subcommands = {RulesCheckCommand.class, RulesListCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore rules check --rules site-rules/ --exemptions exemptions.yaml",
      "  fleetscore rules list --framework cis-eks-1.8.0",
      "  fleetscore rules list --settings",
    })
final class RulesCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "rules needs a subcommand: check or list");
  }
}
