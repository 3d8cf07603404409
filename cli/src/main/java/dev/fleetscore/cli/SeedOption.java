package dev.fleetscore.cli;

import picocli.CommandLine.Option;

/** The seed of the commands that generate a fleet: the demo and the benchmarks. */
final class SeedOption {

  @Option(
      names = "--seed",
      converter = NumericRange.Seed.class,
      defaultValue = "42",
      description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;
}
