package dev.fleetscore.cli;

import dev.fleetscore.bench.Bench;
import dev.fleetscore.bench.SyntheticFleet;
import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.pipeline.ScoringSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmarks scoring: generates (or reuses, cached by node count and seed under {@code --dir}) a
 * raw snapshot of {@code --nodes} nodes, then times the plain-Java reference loop, the DirectRunner
 * and the embedded FlinkRunner on the same files in this JVM, printing wall time, nodes per second,
 * peak heap and each runner's time relative to the reference loop. {@code bench import} benchmarks
 * the importer.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark scoring against the plain-Java reference loop on the same files.",
    subcommands = {BenchImportCommand.class, BenchReportCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore bench --nodes 100000",
      "  fleetscore bench --nodes 1000000 --runners reference,flink",
      "  fleetscore bench --nodes 200000 --largest-cluster 20000   # one 20,000-node cluster",
      "  FLEETSCORE_HEAP=8g fleetscore bench --nodes 1000000 --runner flink",
    })
final class BenchCommand implements Callable<Integer> {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--nodes",
      converter = NumericRange.Count.class,
      description = "Nodes in the generated snapshot (required unless a subcommand is given).")
  Integer nodes;

  @Mixin SeedOption generator;

  @Option(
      names = "--dir",
      defaultValue = "fleetscore-bench",
      description = "Folder caching generated snapshots (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--runners",
      split = ",",
      converter = OptionValues.Runner.class,
      description = "Engines to time, in order (default reference,direct,flink).")
  List<String> runners = new ArrayList<>(List.of("reference", "direct", "flink"));

  @Option(
      names = "--runner",
      converter = OptionValues.Runner.class,
      description = "Time only this runner and the reference loop.")
  String runner;

  @Option(
      names = "--parallelism",
      converter = NumericRange.Threads.class,
      defaultValue = "0",
      description = "Worker threads or Flink parallelism (default: the number of cores).")
  int parallelism;

  @Option(
      names = "--largest-cluster",
      converter = NumericRange.Count.class,
      description =
          "Nodes of the generated snapshot's first cluster, the others keeping about 250 each"
              + " (default 250: every cluster about the same size).")
  Integer largestCluster;

  @Option(names = "--rules", description = "Extra rule folder (repeatable).")
  List<Path> rules = new ArrayList<>();

  @Option(names = "--exemptions", description = "Exemptions file.")
  Path exemptions;

  @Override
  public Integer call() {
    if (nodes == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--nodes N is required, or a subcommand: bench import, bench report");
    }
    int largest = largestCluster == null ? SyntheticFleet.NODES_PER_CLUSTER : largestCluster;
    if (largest < SyntheticFleet.NODES_PER_CLUSTER || largest > nodes) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--largest-cluster must be between "
              + SyntheticFleet.NODES_PER_CLUSTER
              + " and --nodes ("
              + nodes
              + ")");
    }
    List<String> names = runner == null ? runners : Arrays.asList("reference", runner);
    List<ScoreRun.Engine> engines = names.stream().map(ScoreRun.Engine::parse).distinct().toList();
    Bench.run(
        new Bench.Options(
            nodes,
            generator.seed,
            dir,
            engines,
            parallelism,
            ScoringSpec.of(rules, exemptions),
            largest),
        new PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8));
    return ExitCodes.OK;
  }
}
