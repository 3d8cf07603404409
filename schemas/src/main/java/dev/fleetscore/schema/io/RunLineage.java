package dev.fleetscore.schema.io;

import dev.fleetscore.schema.Warehouse;

/**
 * Where the lineage of a run lives: {@code <warehouse>/_runs/snapshot_date=D/lineage/<scope>.json},
 * written by the run's commit just before its {@link RunRecord} (so a record always has the lineage
 * of the same run beside it, and a rerun replaces both). The lineage holds what the record does
 * not: run id, runner and versions, start and end time, the full text and SHA-256 of every rule
 * pack file and of the exemptions file, every input file with SHA-256 and row count, every
 * committed output file with SHA-256 and row count, the gate settings and the reconciliation
 * counts. Only {@link #TIME_FIELDS} depend on the clock: two runs of the same inputs write lineages
 * that differ in those fields alone. Nothing in it is hashed into any table or into the run id.
 */
public final class RunLineage {

  /** The folder, beside the run records, that holds the lineages. */
  public static final String DIR = "lineage";

  /** Current format number (field {@code format}). */
  public static final int FORMAT = 1;

  /** The only fields whose value differs between reruns of the same inputs. */
  public static final java.util.List<String> TIME_FIELDS = java.util.List.of("started", "ended");

  private RunLineage() {}

  /** Where the lineage of {@code scope} lives under {@code warehouse} (any file-system root). */
  public static String path(String warehouse, RunScope scope) {
    return Warehouse.join(
        warehouse,
        RunRecord.DIR,
        Warehouse.PARTITION_KEY + "=" + scope.date(),
        DIR,
        scope.name() + ".json");
  }
}
