package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Build, verify or sign an auditor's evidence bundle. */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = "Build, verify or sign an auditor's evidence bundle.")
final class EvidenceCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("evidence", 7);
  }
}
