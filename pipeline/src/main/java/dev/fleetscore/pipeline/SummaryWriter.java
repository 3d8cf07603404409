package dev.fleetscore.pipeline;

import dev.fleetscore.schema.ChangeRow;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes the single-file tables ({@code part-00000-of-00001.parquet}) and the cluster-scoped
 * findings (bucket 0's {@code part-00000-of-NNNNN-clusters.parquet} in the findings partition:
 * their node_name is null, which sorts first in NodeKey order) into the run's staging folders.
 */
public final class SummaryWriter {

  public static final String SINGLE_FILE = Warehouse.bucketFile(0, 1, null);
  public static final String CLUSTER_LABEL = "clusters";

  private SummaryWriter() {}

  public static void write(SummaryTables t, int bucketCount, RunInfo run) {
    write(run, Table.QUARANTINE, SINGLE_FILE, QuarantineRow.class, t.quarantine());
    write(run, Table.CONTROL_SUMMARY, SINGLE_FILE, ControlSummaryRow.class, t.controlSummary());
    write(
        run,
        Table.CLUSTER_COMPLIANCE,
        SINGLE_FILE,
        ClusterComplianceRow.class,
        t.clusterCompliance());
    write(run, Table.CHANGES, SINGLE_FILE, ChangeRow.class, t.changes());
    write(
        run,
        Table.FINDINGS,
        Warehouse.bucketFile(0, bucketCount, CLUSTER_LABEL),
        FindingRow.class,
        t.clusterFindings());
    write(
        run,
        Table.RBAC_ACCESS,
        SINGLE_FILE,
        dev.fleetscore.schema.RbacAccessRow.class,
        t.rbacAccess());
    write(run, Table.FLEET_SUMMARY, SINGLE_FILE, FleetSummaryRow.class, t.fleetSummary());
  }

  private static <T extends SpecificRecord> void write(
      RunInfo run, Table table, String name, Class<T> type, List<T> rows) {
    String path = Staging.file(run, table, name);
    try {
      ParquetRows.write(BeamFiles.output(path), type, rows, run.runId());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
