package dev.fleetscore.pipeline;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.ContentId;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RunLock;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code fleetscore score} run: plans the snapshot, runs the pipeline on the chosen runner (or
 * the plain-Java reference loop), checks the quality gate on the counts the run stored in
 * fleet_summary, and commits the staged output, or discards it and leaves the previous partition
 * untouched. Same inputs give byte-identical files on every runner (fleet_summary.runner aside).
 */
public final class ScoreRun {

  /** Where the scoring runs. */
  public enum Engine {
    DIRECT("DirectRunner"),
    FLINK("FlinkRunner"),
    REFERENCE("ReferenceLoop");

    private final String runnerName;

    Engine(String runnerName) {
      this.runnerName = runnerName;
    }

    public String runnerName() {
      return runnerName;
    }

    public static Engine parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "direct" -> DIRECT;
        case "flink" -> FLINK;
        case "reference" -> REFERENCE;
        default ->
            throw new UserError("unknown runner '" + s + "'; use direct, flink or reference");
      };
    }
  }

  /**
   * What to score and how.
   *
   * @param flinkMaster {@code host:port} of a Flink JobManager; null for the embedded cluster
   * @param parallelism worker threads (DirectRunner) or Flink parallelism
   * @param maxQuarantineRatio largest allowed nodes_quarantined / dumps_in
   * @param failOn a severity: findings failing at or above it make {@link Result#failingAtOrAbove}
   *     non-zero; null to not check
   */
  public record Request(
      String warehouse,
      LocalDate date,
      String snapshotId,
      Engine engine,
      String flinkMaster,
      int parallelism,
      double maxQuarantineRatio,
      String failOn) {}

  /** What a committed run produced, read back from the tables it wrote. */
  public record Result(
      RunInfo run,
      FleetSummaryRow totals,
      List<FleetSummaryRow> fleet,
      List<ClusterComplianceRow> clusters,
      long failingAtOrAbove,
      long millis) {}

  private static final Logger LOG = LoggerFactory.getLogger(ScoreRun.class);

  private ScoreRun() {}

  /**
   * Scores and commits, holding the date's lock on a local warehouse (see {@link RunLock}); on an
   * object-store warehouse nothing stops a concurrent run (logged).
   */
  @SuppressWarnings("try") // the lock is held for the whole run
  public static Result run(Request req, ScoringSpec scoring) {
    FileSystems.setDefaultPipelineOptions(ObjectStore.options());
    String root = warehouseRoot(req.warehouse());
    RunScope scope = RunScope.score(req.date());
    String stagingName = scope.newStagingName();
    if (!"file".equals(FileSystems.matchNewResource(root, true).getScheme())) {
      LOG.warn(
          "{} is not a local folder: the score of {} is not locked against concurrent runs",
          root,
          req.date());
      return runLocked(req, scoring, root, stagingName);
    }
    Path local = Path.of(root);
    try (RunLock lock = RunLock.acquire(local, scope, stagingName)) {
      int n = 0;
      for (Table t : Staging.COMMIT_ORDER) {
        n += LocalTables.cleanStaging(local.resolve(t.tableName()), scope);
      }
      if (n > 0) {
        LOG.info("deleted {} staging folders of dead runs of the {}", n, scope);
      }
      return runLocked(req, scoring, root, stagingName);
    }
  }

  private static Result runLocked(
      Request req, ScoringSpec scoring, String root, String stagingName) {
    long start = System.nanoTime();
    Instant started = Instant.now();
    Scoring loaded = scoring.load();
    LOG.info("rule packs {}", loaded.evaluator().packVersions());
    SnapshotPlan plan = SnapshotPlan.plan(root, req.date());
    LOG.info(
        "snapshot {}: {} buckets of {}, {} cloud files, {} misplaced files, previous snapshot {}",
        req.date(),
        plan.buckets().size(),
        plan.bucketCount(),
        CloudSnapshot.files(plan).size(),
        plan.misplacedFiles().size(),
        plan.previousDate().map(Object::toString).orElse("none"));
    ScoreProgress.start(plan.buckets().size());
    String sid = req.snapshotId() == null ? req.date().toString() : req.snapshotId();
    RunInfo run =
        new RunInfo(
            root,
            req.date(),
            sid,
            runId(req, sid, scoring, loaded, plan),
            req.engine().runnerName(),
            stagingName);
    boolean committed = false;
    try {
      if (req.engine() == Engine.REFERENCE) {
        ReferenceLoop.run(plan, run, loaded);
      } else {
        Pipeline p = Pipeline.create(options(req));
        ScorePipeline.apply(p, plan, run, scoring);
        runPipeline(p);
      }
      List<FleetSummaryRow> fleet = readStaged(run, Table.FLEET_SUMMARY, FleetSummaryRow.class);
      FleetSummaryRow totals =
          fleet.stream()
              .filter(r -> SummaryTables.ALL.equals(r.getFramework()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("fleet_summary has no ALL row"));
      double ratio =
          totals.getDumpsIn() == 0
              ? 0
              : (double) totals.getNodesQuarantined() / totals.getDumpsIn();
      if (ratio > req.maxQuarantineRatio()) {
        String gate =
            String.format(
                Locale.ROOT,
                "%d of %d dumps (%.2f%%) were quarantined, above --max-quarantine-ratio %s",
                totals.getNodesQuarantined(),
                totals.getDumpsIn(),
                100 * ratio,
                req.maxQuarantineRatio());
        RejectedRun.Kept kept =
            RejectedRun.keep(
                run, totals, readStaged(run, Table.QUARANTINE, QuarantineRow.class), gate);
        throw new UserError(
            UserError.QUALITY_GATE,
            String.format(
                Locale.ROOT,
                "%s; nothing was committed (the previous output of %s is untouched);"
                    + " top reasons: %s; the quarantined rows are in %s/%s",
                gate,
                req.date(),
                kept.topReasons().isEmpty() ? "none" : kept.topReasons(),
                kept.folder(),
                RejectedRun.QUARANTINE_FILE),
            null);
      }
      List<ClusterComplianceRow> clusters =
          readStaged(run, Table.CLUSTER_COMPLIANCE, ClusterComplianceRow.class);
      long failing =
          req.failOn() == null
              ? 0
              : failingAtOrAbove(
                  readStaged(run, Table.CONTROL_SUMMARY, ControlSummaryRow.class), req.failOn());
      byte[] lineage =
          Lineage.build(
              req,
              run,
              scoring,
              loaded.evaluator().packVersions(),
              plan,
              totals,
              started,
              Instant.now());
      Staging.commit(run, lineage);
      committed = true;
      LOG.info("committed snapshot {} on {}", req.date(), run.runner());
      return new Result(
          run, totals, fleet, clusters, failing, (System.nanoTime() - start) / 1_000_000);
    } finally {
      if (!committed) {
        Staging.discard(run);
      }
    }
  }

  /**
   * The content-derived run id: producer version, snapshot, gate settings, the rule packs
   * (versions, the rule folders' and exemptions file's bytes) and the content of every input file
   * the plan reads (misplaced files by name: they are only quarantined). Not the runner, the clock
   * or the process, so every runner and every rerun of the same inputs writes the same id.
   */
  static String runId(
      Request req, String sid, ScoringSpec spec, Scoring loaded, SnapshotPlan plan) {
    ContentId id =
        ContentId.of("score")
            .add(RunInfo.PRODUCER)
            .add(req.date().toString())
            .add(sid)
            .add(Double.toString(req.maxQuarantineRatio()))
            .add(req.failOn())
            .add(spec.providerClass())
            .add(String.join("\n", loaded.evaluator().packVersions()));
    try {
      for (String dir : spec.rulesDirs()) {
        Path d = Path.of(dir);
        List<Path> files;
        try (Stream<Path> s = Files.walk(d)) {
          files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
          id.add(d.relativize(f).toString()).addContent(Files.newInputStream(f));
        }
      }
      if (spec.exemptionsFile() != null) {
        id.addContent(Files.newInputStream(Path.of(spec.exemptionsFile())));
      }
      List<String> inputs = new ArrayList<>();
      for (BucketFiles b : plan.buckets()) {
        b.files().values().forEach(inputs::addAll);
      }
      plan.perSourceFiles().values().forEach(inputs::addAll);
      inputs.addAll(plan.previousControlSummary());
      inputs.sort(null);
      for (String f : inputs) {
        id.add(relative(f, root(plan)));
        id.addContent(Channels.newInputStream(FileSystems.open(BeamFiles.resource(f))));
      }
      for (String f : plan.misplacedFiles().stream().sorted().toList()) {
        id.add(relative(f, root(plan)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the inputs of " + req.date(), e);
    }
    return id.id();
  }

  private static String root(SnapshotPlan plan) {
    return plan.warehouse().endsWith("/") ? plan.warehouse() : plan.warehouse() + "/";
  }

  /** {@code path} relative to the warehouse root, so the id does not depend on where it lives. */
  private static String relative(String path, String root) {
    return path.startsWith(root) ? path.substring(root.length()) : path;
  }

  /**
   * The runner options we ship. DirectRunner: immutability and encodability enforcement off (they
   * encode and compare every element, a test-time check our tests keep on), one worker thread per
   * core. Flink: the embedded cluster unless a master is given, object reuse on (our DoFns never
   * keep or mutate their inputs, and Beam's coders deserialize fresh objects), parallelism as
   * given.
   */
  static PipelineOptions options(Request req) {
    int parallelism =
        req.parallelism() > 0 ? req.parallelism() : Runtime.getRuntime().availableProcessors();
    if (req.engine() == Engine.FLINK) {
      FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
      o.setRunner(FlinkRunner.class);
      o.setFlinkMaster(req.flinkMaster() == null ? "[local]" : req.flinkMaster());
      o.setParallelism(parallelism);
      o.setObjectReuse(true);
      o.setJobName("fleetscore-score-" + req.date());
      return ObjectStore.configure(o);
    }
    DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
    o.setRunner(DirectRunner.class);
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    o.setTargetParallelism(parallelism);
    o.setBlockOnRun(true);
    return ObjectStore.configure(o);
  }

  /** The warehouse as the file system names it (absolute for local paths), no trailing slash. */
  static String warehouseRoot(String warehouse) {
    String s = FileSystems.matchNewResource(BeamFiles.local(warehouse), true).toString();
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  /** Runs to completion; a {@link UserError} raised inside a worker surfaces as itself. */
  static void runPipeline(Pipeline p) {
    try {
      PipelineResult r = p.run();
      PipelineResult.State s = r.waitUntilFinish();
      if (s != PipelineResult.State.DONE) {
        throw new IllegalStateException("pipeline ended in state " + s);
      }
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UserError ue) {
          throw new UserError(ue.exitCode(), ue.getMessage(), e);
        }
      }
      throw e;
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readStaged(
      RunInfo run, Table t, Class<T> type) {
    String path = Staging.file(run, t, SummaryWriter.SINGLE_FILE);
    try {
      return ParquetRows.readAll(BeamFiles.input(path), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back " + path, e);
    }
  }

  /**
   * FAIL findings whose rule's severity is at or above {@code severity}, counted once per finding
   * (control_summary repeats a rule under each framework control it implements).
   */
  static long failingAtOrAbove(List<ControlSummaryRow> controls, String severity) {
    int limit;
    try {
      limit = FleetAggregate.severityIndex(severity.toUpperCase(Locale.ROOT));
    } catch (IllegalStateException e) {
      throw new UserError(
          "unknown severity '" + severity + "'; use CRITICAL, HIGH, MEDIUM, LOW or INFO");
    }
    Set<String> seen = new HashSet<>();
    long n = 0;
    for (ControlSummaryRow r : controls) {
      if (FleetAggregate.severityIndex(r.getSeverity()) <= limit
          && seen.add(r.getClusterId() + "\n" + r.getRuleId())) {
        n += r.getFailCount();
      }
    }
    return n;
  }

  /** Where a table's committed partition of this run lives. */
  public static String partition(RunInfo run, Table t) {
    return Warehouse.partition(run.warehouse(), t, run.snapshotDate());
  }
}
