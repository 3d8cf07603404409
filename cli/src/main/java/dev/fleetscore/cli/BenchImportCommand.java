package dev.fleetscore.cli;

import dev.fleetscore.collect.node.ImportBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmarks the dump importer against a plain single-threaded read loop on the same dumps. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Benchmark the dump importer: dumps per second and peak memory.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore bench import --dumps 10000",
      "  FLEETSCORE_HEAP=1g fleetscore bench import --dumps 100000 --dir /mnt/scratch",
    })
final class BenchImportCommand implements Callable<Integer> {

  @Option(
      names = "--dumps",
      converter = NumericRange.Count.class,
      defaultValue = "10000",
      description = "About this many dumps (default ${DEFAULT-VALUE}).")
  int dumps;

  @Mixin SeedOption generator;

  @Option(
      names = "--threads",
      converter = NumericRange.Threads.class,
      defaultValue = "0",
      description = "Importer threads (default: the number of cores).")
  int threads;

  @Option(
      names = "--dir",
      defaultValue = "fleetscore-bench",
      description = "Folder caching the generated dumps (default ${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() {
    ImportBench.run(dumps, generator.seed, dir, threads, System.out);
    return ExitCodes.OK;
  }
}
