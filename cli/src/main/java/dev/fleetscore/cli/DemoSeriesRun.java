package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.CloudRun;
import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.collect.node.ImportRun;
import dev.fleetscore.demo.DemoFleet;
import dev.fleetscore.demo.WeeklySeries;
import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.pipeline.ScoringSpec;
import dev.fleetscore.report.ReportOptions;
import dev.fleetscore.report.ReportWriter;
import dev.fleetscore.schema.FleetSummaryRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code fleetscore demo --weeks N}: generates, imports and scores a weekly series of the demo
 * fleet with movement ({@link WeeklySeries}: faults fixed and introduced, an exemption granted and
 * one expiring, a missed week, a week with a node dump missing), then writes the report of the last
 * week and prints the {@code evidence --from --to} command that bundles the series.
 */
final class DemoSeriesRun {

  private DemoSeriesRun() {}

  /**
   * What the series produced.
   *
   * @param warehouse the warehouse
   * @param scored the scored dates
   * @param missed the missed dates
   */
  record Result(Path warehouse, List<LocalDate> scored, List<LocalDate> missed) {}

  static Result run(
      PrintWriter out,
      Path dir,
      LocalDate first,
      int weeks,
      int clusters,
      int nodesPerCluster,
      long seed,
      ScoreRun.Engine engine) {
    Path warehouse = dir.resolve("warehouse");
    List<WeeklySeries.Week> plan = WeeklySeries.plan(first, weeks);
    List<LocalDate> scored = new java.util.ArrayList<>();
    List<LocalDate> missed = new java.util.ArrayList<>();
    for (WeeklySeries.Week w : plan) {
      LocalDate d = w.date();
      Path input = dir.resolve("input").resolve(d.toString());
      deleteTree(input);
      if (w.missed()) {
        out.printf("%s: missed (nothing collected this week: a gap in the series)%n", label(w));
        missed.add(d);
        continue;
      }
      DemoFleet.Result g = DemoFleet.write(input, w.spec(clusters, nodesPerCluster, seed));
      String dropped = w.dropOneDump() ? dropOneDump(input.resolve("dumps")) : null;
      ImportRun.run(ImportRun.Request.of(List.of(input.resolve("dumps")), warehouse, d));
      Path exports = input.resolve("exports");
      for (ExportReader.Scope scope : ExportReader.Scope.values()) {
        CloudRun.importExports(
            List.of(exports),
            new ExportReader.Options(scope, null, null, 0),
            CloudRun.stamp(null, d, null),
            warehouse,
            null);
      }
      Path exemptions = null;
      if (w.exemptionsYaml() != null) {
        exemptions = input.resolve("exemptions.yaml");
        write(exemptions, w.exemptionsYaml());
      }
      ScoreRun.Result r =
          ScoreRun.run(
              new ScoreRun.Request(warehouse.toString(), d, null, engine, null, 0, 0.5, null),
              ScoringSpec.of(List.of(), exemptions));
      scored.add(d);
      out.printf(
          Locale.ROOT,
          "%s: defect rate %.2f, %d dumps%s, %d nodes scored, fleet score %s%s%n",
          label(w),
          w.defectRate(),
          g.dumps() - (dropped == null ? 0 : 1),
          dropped == null ? "" : " (" + dropped + " not collected)",
          r.totals().getNodesScored(),
          fleetScore(r),
          exemptions == null ? "" : ", exemptions " + dir.relativize(exemptions));
      out.flush();
    }
    LocalDate last = scored.get(scored.size() - 1);
    ReportWriter.Written rep =
        ReportWriter.write(
            warehouse,
            last,
            dir.resolve("report"),
            ReportOptions.defaults(),
            ReportWriter.CsvMode.SUMMARY);
    LocalDate to = plan.get(plan.size() - 1).date();
    out.println();
    out.println("HTML report of " + last + ": " + rep.html().toAbsolutePath());
    out.println("The series as one evidence bundle with its quarter summary:");
    out.println("  fleetscore evidence keygen --key signer.key --cert signer.pem");
    out.printf(
        Locale.ROOT,
        "  fleetscore evidence --warehouse %s --from %s --to %s --cadence weekly \\%n"
            + "      --key signer.key --cert signer.pem%n",
        warehouse,
        first,
        to);
    out.flush();
    return new Result(warehouse, List.copyOf(scored), List.copyOf(missed));
  }

  private static String label(WeeklySeries.Week w) {
    return WeeklySeries.label(w);
  }

  private static String fleetScore(ScoreRun.Result r) {
    for (FleetSummaryRow f : r.fleet()) {
      if ("ALL".equals(f.getFramework())) {
        return f.getScore() == null ? "-" : String.format(Locale.ROOT, "%.1f", f.getScore());
      }
    }
    return "-";
  }

  /** Deletes the last dump (by name) of the first cluster folder (by name) that has two or more. */
  private static String dropOneDump(Path dumps) {
    try (Stream<Path> s = Files.list(dumps)) {
      for (Path c : s.filter(Files::isDirectory).sorted().toList()) {
        if (c.getFileName().toString().startsWith("_")) {
          continue;
        }
        List<Path> files;
        try (Stream<Path> f = Files.list(c)) {
          files = f.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.size() >= 2) {
          Path victim = files.get(files.size() - 1);
          Files.delete(victim);
          return dumps.relativize(victim).toString();
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dumps, e);
    }
  }

  private static void write(Path f, String text) {
    try {
      Files.createDirectories(f.getParent());
      Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
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
