package dev.fleetscore.pipeline;

import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.schema.FleetscoreVersion;
import java.io.Serializable;
import java.time.LocalDate;

/**
 * What every row of one scoring run is stamped with, and where it goes. Nothing here depends on the
 * wall clock: {@code runId} only names the hidden staging folder and never reaches a row.
 *
 * @param warehouse warehouse root (a local folder or any Beam file-system URI)
 * @param snapshotDate the snapshot scored
 * @param snapshotId the snapshot id written to rows (defaults to the date)
 * @param runId names the staging folder of this run
 * @param runner the runner name written to fleet_summary.runner
 */
public record RunInfo(
    String warehouse, LocalDate snapshotDate, String snapshotId, String runId, String runner)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String PRODUCER = FleetscoreVersion.producer("pipeline");

  public String producerVersion() {
    return PRODUCER;
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
    return new RunInfo(warehouse, snapshotDate, snapshotId, runId, name);
  }
}
