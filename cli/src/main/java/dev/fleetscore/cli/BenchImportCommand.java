package dev.fleetscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Benchmarks the dump importer: dumps imported per second and peak memory. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Benchmark the dump importer: dumps per second and peak memory.")
final class BenchImportCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new NotBuiltYet("bench import", 3);
  }
}
