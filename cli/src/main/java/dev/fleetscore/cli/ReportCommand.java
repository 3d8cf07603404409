package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Write the HTML, Markdown and CSV report of one snapshot. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the HTML, Markdown and CSV report of one snapshot.")
final class ReportCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("report", 7);
  }
}
