package dev.fleetscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the collectors that turn evidence into raw tables. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = "Turn node dumps, live nodes and cloud APIs into raw tables.",
    subcommands = {
      CollectImportCommand.class,
      CollectNodeCommand.class,
      CollectGkeCommand.class,
      CollectEksCommand.class,
      CollectInventoryCommand.class,
      CollectRbacCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore collect import dumps/ --warehouse wh --date 2026-11-22",
      "  fleetscore collect gke --from clusters.json pools.json --warehouse wh --date 2026-11-22",
    })
final class CollectCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "collect needs a subcommand: import, node, gke, eks, inventory or rbac");
  }
}
