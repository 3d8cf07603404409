package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Scores one snapshot into effective settings, findings and compliance tables. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Score one snapshot into effective settings, findings and compliance tables.")
final class ScoreCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("score", 6);
  }
}
