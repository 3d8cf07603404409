package dev.fleetscore.pipeline;

import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.io.RunScope;
import java.io.Serializable;
import java.time.LocalDate;

/**
 * What every row of one scoring run is stamped with, and where it goes. Nothing here depends on the
 * wall clock.
 *
 * @param warehouse warehouse root (a local folder or any Beam file-system URI)
 * @param snapshotDate the snapshot scored
 * @param snapshotId the snapshot id written to rows (defaults to the date)
 * @param runId the content-derived run id every output file carries in its footer (see {@link
 *     ScoreRun}); the same inputs give the same id, so it never breaks byte identity
 * @param runner the runner name written to fleet_summary.runner
 * @param stagingName the hidden staging folder of this attempt, unique per process
 */
public record RunInfo(
    String warehouse,
    LocalDate snapshotDate,
    String snapshotId,
    String runId,
    String runner,
    String stagingName)
    implements Serializable {

  private static final long serialVersionUID = 2L;

  public static final String PRODUCER = FleetscoreVersion.producer("pipeline");

  /** A run with a fresh staging folder name. */
  public RunInfo(
      String warehouse, LocalDate snapshotDate, String snapshotId, String runId, String runner) {
    this(
        warehouse,
        snapshotDate,
        snapshotId,
        runId,
        runner,
        RunScope.score(snapshotDate).newStagingName());
  }

  public String producerVersion() {
    return PRODUCER;
  }

  public RunScope scope() {
    return RunScope.score(snapshotDate);
  }

  public EvaluationContext context() {
    return new EvaluationContext(snapshotId, snapshotDate, PRODUCER);
  }

  /**
   * {@code path} relative to the warehouse root when it lies under it, so rows name files the same
   * wherever the warehouse is mounted.
   */
  public String relative(String path) {
    String root = warehouse.endsWith("/") ? warehouse : warehouse + "/";
    return path.startsWith(root) ? path.substring(root.length()) : path;
  }

  public RunInfo withRunner(String name) {
    return new RunInfo(warehouse, snapshotDate, snapshotId, runId, name, stagingName);
  }
}
