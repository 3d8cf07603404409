package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Collect this node (or a mounted node image) live into the raw tables. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Collect this node (or a mounted node image) live into the raw tables.")
final class CollectNodeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("collect node", 3);
  }
}
