package dev.fleetscore.cli;

import dev.fleetscore.pipeline.ScoreProgress;
import dev.fleetscore.pipeline.ScoreReport;
import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.pipeline.ScoringSpec;
import dev.fleetscore.report.CiFindings;
import dev.fleetscore.report.FindingFilter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores one snapshot: reads the raw tables of {@code --date} from {@code --warehouse}, runs the
 * Beam pipeline (DirectRunner by default, or Flink), and commits effective_settings, findings,
 * node_scores, control_summary, cluster_compliance, fleet_summary, changes and quarantine for that
 * date, replacing an earlier run's output only once the new one is complete. Exit 4 when more dumps
 * than {@code --max-quarantine-ratio} were quarantined (nothing committed), 1 when {@code
 * --fail-on} finds failing findings at or above the given severity.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Score one snapshot into effective settings, findings and compliance tables.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore score --warehouse wh --date 2026-11-22",
      "  fleetscore score --warehouse wh --date 2026-11-22 --fail-on HIGH",
      "  fleetscore score --warehouse wh --date 2026-11-22 --sarif f.sarif --junit f.xml",
      "  fleetscore score --warehouse wh --date 2026-11-22 --runner flink --parallelism 2",
      "  fleetscore score --warehouse s3://bucket/wh --date 2026-11-22 \\",
      "      --s3-endpoint http://minio:9000 --s3-path-style --s3-region us-east-1",
      "  fleetscore score --warehouse gs://bucket/wh --date 2026-11-22 --runner flink \\",
      "      --flink-master jobmanager:8081 --parallelism 16",
    })
final class ScoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ObjectStoreOptions objectStore;

  @Option(
      names = "--warehouse",
      required = true,
      description = "Warehouse root: a folder, or a gs:// or s3:// URI with its Beam file system.")
  String warehouse;

  @Option(
      names = "--date",
      required = true,
      converter = OptionValues.Date.class,
      description = "Snapshot date, YYYY-MM-DD.")
  String date;

  @Option(
      names = "--snapshot-id",
      converter = OptionValues.NonBlank.class,
      description = "Snapshot id written to every row (default: the date).")
  String snapshotId;

  @Option(
      names = "--runner",
      converter = OptionValues.Runner.class,
      defaultValue = "direct",
      description = "direct (default), flink, or reference (the plain-Java loop, one thread).")
  String runner;

  @Option(
      names = "--flink-master",
      converter = OptionValues.HostPort.class,
      description = "host:port of a Flink JobManager (default: an embedded Flink cluster).")
  String flinkMaster;

  @Option(
      names = "--parallelism",
      converter = NumericRange.Threads.class,
      defaultValue = "0",
      description = "Worker threads or Flink parallelism (default: the number of cores).")
  int parallelism;

  @Option(
      names = "--rules",
      description = "Extra rule folder (repeatable); the bundled packs are always loaded.")
  List<Path> rules = new ArrayList<>();

  @Option(names = "--exemptions", description = "Exemptions file.")
  Path exemptions;

  @Option(
      names = "--max-quarantine-ratio",
      converter = NumericRange.Ratio.class,
      defaultValue = "0.05",
      description =
          "Fail (exit 4, nothing committed) when more than this share of the dumps was"
              + " quarantined instead of scored (default ${DEFAULT-VALUE}).")
  double maxQuarantineRatio;

  @Option(
      names = "--fail-on",
      converter = OptionValues.Severity.class,
      description = "Exit 1 when any finding FAILs at or above this severity (CRITICAL..INFO).")
  String failOn;

  @Option(
      names = "--sarif",
      paramLabel = "FILE",
      description =
          "After the run is committed, write its FAIL and WARN findings as SARIF 2.1.0 to FILE"
              + " (as export findings --format sarif).")
  Path sarif;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description =
          "After the run is committed, write its findings as JUnit XML to FILE"
              + " (as export findings --format junit).")
  Path junit;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "No progress line and no summary (for cron); errors and the --fail-on line still print.")
  boolean quiet;

  @Option(
      names = "--progress",
      description =
          "Draw the progress line on stderr even when it is not a terminal (a line every 10 s);"
              + " --quiet wins.")
  boolean progress;

  @Override
  public Integer call() {
    LocalDate d = SnapshotOptions.parseDate(date);
    objectStore.apply();
    ScoreRun.Result r;
    ProgressLine line = ProgressLine.start(spec.commandLine().getErr(), quiet, progress);
    try {
      r =
          ScoreRun.run(
              new ScoreRun.Request(
                  warehouse,
                  d,
                  snapshotId,
                  ScoreRun.Engine.parse(runner),
                  flinkMaster,
                  parallelism,
                  maxQuarantineRatio,
                  failOn),
              ScoringSpec.of(rules, exemptions));
    } finally {
      if (line != null) {
        line.close();
      }
    }
    if (line != null) {
      line.finish(ScoreProgress.read());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!quiet) {
      out.print(ScoreReport.render(r));
    }
    ciFile(sarif, CiFindings.Format.SARIF, d, out);
    ciFile(junit, CiFindings.Format.JUNIT, d, out);
    if (r.failingAtOrAbove() > 0) {
      out.printf(
          "%d failing findings at or above %s (--fail-on): exit %d%n",
          r.failingAtOrAbove(), failOn, ExitCodes.FINDINGS);
      out.flush();
      return ExitCodes.FINDINGS;
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void ciFile(Path file, CiFindings.Format format, LocalDate d, PrintWriter out) {
    if (file == null) {
      return;
    }
    WarehouseAccess.read(
        objectStore,
        warehouse,
        WarehouseAccess.snapshot(d),
        wh -> {
          try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file))) {
            CiFindings.write(
                wh,
                d,
                FindingFilter.NONE,
                format,
                CiRules.of(wh, d, spec.commandLine().getErr()),
                o);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
          }
          return null;
        });
    out.println(format.name().toLowerCase(java.util.Locale.ROOT) + ": " + file);
  }
}
