package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.CloudRun;
import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.collect.node.ImportRun;
import dev.fleetscore.demo.DemoFleet;
import dev.fleetscore.demo.FleetSpec;
import dev.fleetscore.demo.WeeklySeries;
import dev.fleetscore.pipeline.ScoreReport;
import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.pipeline.ScoringSpec;
import dev.fleetscore.report.ReportOptions;
import dev.fleetscore.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole product end to end on local files: generates a realistic demo fleet for two snapshot
 * dates a week apart (more planted defects the week before, so the report shows fixes, changes and
 * a trend), imports each date's node dumps, scores each date with the Beam pipeline on the
 * DirectRunner, writes the HTML report of the later date, and prints the per-cluster compliance
 * table with the reconciled counts. The broken dumps the generator plants end up in quarantine with
 * their reasons.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Generate a demo fleet, import it, score it and report, all locally.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore demo",
      "  fleetscore demo --clusters 12 --nodes-per-cluster 20 --seed 7 --dir /tmp/fleet",
      "  fleetscore demo --weeks 14 --dir /tmp/quarter   # 2026-07-01..09-30, for evidence --from",
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--clusters",
      converter = NumericRange.Count.class,
      defaultValue = "6",
      description = "Clusters to generate (default ${DEFAULT-VALUE}).")
  int clusters;

  @Option(
      names = "--nodes-per-cluster",
      converter = NumericRange.Count.class,
      defaultValue = "4",
      description = "Nodes per cluster (default ${DEFAULT-VALUE}).")
  int nodesPerCluster;

  @Mixin SeedOption generator;

  @Option(
      names = "--date",
      description =
          "Snapshot date of the later snapshot (default 2026-03-14, the generator's); with"
              + " --weeks the first week of the series (default 2026-07-01).")
  LocalDate date;

  @Option(
      names = "--weeks",
      paramLabel = "N",
      converter = NumericRange.Weeks.class,
      description =
          "Generate a weekly series of N snapshots (8 to 60) with movement instead: faults fixed"
              + " and introduced, an exemption granted and one expiring, a missed week and a week"
              + " with a node dump missing; for fleetscore evidence --from --to. Without"
              + " --nodes-per-cluster the series has 6 nodes per cluster.")
  Integer weeks;

  @Option(
      names = "--runner",
      converter = OptionValues.Runner.class,
      defaultValue = "direct",
      description =
          "Scoring runner: direct (Beam DirectRunner) or reference (default ${DEFAULT-VALUE}).")
  String runner;

  @Option(
      names = "--dir",
      defaultValue = "fleetscore-demo",
      description =
          "Folder for the dumps, the warehouse and the report (default ${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (weeks != null) {
      if (weeks < WeeklySeries.MIN_WEEKS || weeks > WeeklySeries.MAX_WEEKS) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--weeks must be "
                + WeeklySeries.MIN_WEEKS
                + " to "
                + WeeklySeries.MAX_WEEKS
                + ", not "
                + weeks);
      }
      boolean nodesGiven =
          spec.commandLine().getParseResult().hasMatchedOption("--nodes-per-cluster");
      DemoSeriesRun.run(
          out,
          dir,
          date != null ? date : WeeklySeries.DEFAULT_FIRST,
          weeks,
          clusters,
          nodesGiven ? nodesPerCluster : 6,
          generator.seed,
          ScoreRun.Engine.parse(runner));
      return ExitCodes.OK;
    }
    LocalDate current = date != null ? date : FleetSpec.DEFAULT_SNAPSHOT_DATE;
    LocalDate previous = current.minusDays(7);
    Path warehouse = dir.resolve("warehouse");
    ScoreRun.Result last = null;
    for (LocalDate d : List.of(previous, current)) {
      FleetSpec fleet = FleetSpec.of(clusters, nodesPerCluster, generator.seed, d);
      if (d.equals(previous)) {
        // the week before: more random defects, and the showcase's fault plan of that week
        fleet = fleet.withDefectRate(0.45).withWeekBefore(true);
      }
      Path input = dir.resolve("input").resolve(d.toString());
      deleteTree(input);
      DemoFleet.Result g = DemoFleet.write(input, fleet);
      out.printf("%s: generated %d node dumps in %s%n", d, g.dumps(), input.resolve("dumps"));
      ImportRun.Result imp =
          ImportRun.run(ImportRun.Request.of(List.of(input.resolve("dumps")), warehouse, d));
      out.print(indent(imp.summary()));
      Path exports = input.resolve("exports");
      for (ExportReader.Scope scope : ExportReader.Scope.values()) {
        CloudRun.Imported cloud =
            CloudRun.importExports(
                List.of(exports),
                new ExportReader.Options(scope, null, null, 0),
                CloudRun.stamp(null, d, null),
                warehouse,
                null);
        out.printf("  %s exports: %s%n", scope.source(), cloud.written().tables().summary());
      }
      out.flush();
      // The demo plants broken dumps on purpose, more than a real fleet's 5% threshold allows.
      last =
          ScoreRun.run(
              new ScoreRun.Request(
                  warehouse.toString(), d, null, ScoreRun.Engine.parse(runner), null, 0, 0.5, null),
              ScoringSpec.of(List.of(), null));
      if (d.equals(previous)) {
        out.printf(
            "%s: scored %d nodes, quarantined %d%n%n",
            d, last.totals().getNodesScored(), last.totals().getNodesQuarantined());
      }
    }
    out.println();
    out.print(ScoreReport.render(last));
    ReportWriter.Written w =
        ReportWriter.write(
            warehouse,
            current,
            dir.resolve("report"),
            ReportOptions.defaults(),
            ReportWriter.CsvMode.SUMMARY);
    out.println();
    out.println("HTML report:  " + w.html().toAbsolutePath());
    out.println("Markdown:     " + w.markdown().toAbsolutePath());
    out.println(
        "cloud exports read: "
            + dir.resolve("input").resolve(current.toString()).resolve("exports")
            + " (the same as fleetscore collect gke|eks|inventory|rbac --from that folder)");
    out.flush();
    return ExitCodes.OK;
  }

  private static String indent(String s) {
    return s.lines().map(l -> "  " + l + System.lineSeparator()).reduce("", String::concat);
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + p, e);
    }
  }
}
