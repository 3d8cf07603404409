package dev.fleetscore.cli;

import dev.fleetscore.bench.Bench;
import dev.fleetscore.pipeline.ScoringSpec;
import dev.fleetscore.report.ReportBench;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmarks the report: generates (or reuses) the synthetic snapshot of {@code fleetscore bench},
 * scores it with the reference loop unless its output tables are already there, then times writing
 * the HTML report, Markdown summary and CSV files, printing wall time, peak heap and file sizes.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Benchmark the report (HTML, Markdown, CSV) on a scored synthetic snapshot.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore bench report --nodes 10000",
      "  FLEETSCORE_HEAP=8g fleetscore bench report --nodes 100000 --dir /tmp/fsbench-report",
      "  fleetscore bench report --nodes 100000 --csv all",
    })
final class BenchReportCommand implements Callable<Integer> {

  @Option(
      names = "--nodes",
      converter = NumericRange.Count.class,
      required = true,
      description = "Nodes in the generated snapshot.")
  int nodes;

  @Mixin SeedOption generator;

  @Option(
      names = "--dir",
      defaultValue = "fleetscore-bench",
      description =
          "Folder caching generated and scored snapshots; the report goes to DIR/report-nN"
              + " (default ${DEFAULT-VALUE}).")
  Path dir;

  @Mixin ReportLayoutOptions layout;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path warehouse =
        Bench.scoredSnapshot(nodes, generator.seed, dir, ScoringSpec.of(List.of(), null), out);
    ReportBench.run(
        warehouse,
        Bench.DATE,
        dir.resolve("report-n" + nodes + "-s" + generator.seed),
        layout.reportOptions(),
        layout.csv,
        out);
    return ExitCodes.OK;
  }
}
