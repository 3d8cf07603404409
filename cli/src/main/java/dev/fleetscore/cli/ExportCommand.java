package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Export one output table as CSV or JSON. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export one output table as CSV or JSON.")
final class ExportCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("export", 7);
  }
}
