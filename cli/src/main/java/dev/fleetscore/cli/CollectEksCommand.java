package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Collect EKS clusters, node groups, aws-auth and access entries. */
@Command(
    name = "eks",
    mixinStandardHelpOptions = true,
    description = "Collect EKS clusters, node groups, aws-auth and access entries.")
final class CollectEksCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("collect eks", 4);
  }
}
