package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Collect GKE clusters and node pools from gcloud exports or the API. */
@Command(
    name = "gke",
    mixinStandardHelpOptions = true,
    description = "Collect GKE clusters and node pools from gcloud exports or the API.")
final class CollectGkeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("collect gke", 4);
  }
}
