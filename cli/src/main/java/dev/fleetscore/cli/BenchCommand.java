package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmarks scoring against the plain-Java reference loop; {@code bench import} the importer. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark scoring against the plain-Java reference loop on the same files.",
    subcommands = {BenchImportCommand.class})
final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("bench", 6);
  }
}
