package dev.fleetscore.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;

/**
 * What a run refused by a gate leaves behind: its quarantine table and a small summary under {@code
 * <warehouse>/_rejected/snapshot_date=D/<run id>/}, beside {@code _runs/} and {@code _locks/}.
 * Nothing of it is read as output: the date's tables stay as they were. The folder is named by the
 * content-derived run id, so a rerun of the same inputs replaces it byte for byte.
 */
public final class RejectedRun {

  public static final String DIR = "_rejected";

  /** Name of the quarantine file in the folder. */
  public static final String QUARANTINE_FILE = "quarantine.parquet";

  /** Name of the summary file in the folder. */
  public static final String SUMMARY_FILE = "summary.json";

  /** How many reasons the summary and the error message list. */
  static final int TOP_REASONS = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A kept rejected run.
   *
   * @param folder where its files are
   * @param reasons reason_code to quarantined-row count, most frequent first (ties by name)
   */
  public record Kept(String folder, List<Map.Entry<String, Long>> reasons) {

    /** "CODE ×n, CODE ×m" of the first {@link #TOP_REASONS} reasons. */
    public String topReasons() {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, Long> e : reasons.subList(0, Math.min(TOP_REASONS, reasons.size()))) {
        parts.add(e.getKey() + " x" + e.getValue());
      }
      if (reasons.size() > TOP_REASONS) {
        parts.add("and " + (reasons.size() - TOP_REASONS) + " more");
      }
      return String.join(", ", parts);
    }
  }

  private RejectedRun() {}

  /** The folder a rejected run of {@code runId} for {@code date} is kept in. */
  public static String folder(String warehouse, java.time.LocalDate date, String runId) {
    return Warehouse.join(warehouse, DIR, Warehouse.PARTITION_KEY + "=" + date, runId);
  }

  /**
   * Moves the run's staged quarantine file into the rejected folder and writes the summary.
   *
   * @param gate which gate refused the run and why, one line
   */
  static Kept keep(
      RunInfo run, FleetSummaryRow totals, List<QuarantineRow> quarantine, String gate) {
    String folder = folder(run.warehouse(), run.snapshotDate(), run.runId());
    Map<String, Long> counts = new TreeMap<>();
    for (QuarantineRow q : quarantine) {
      counts.merge(String.valueOf(q.getReasonCode()), 1L, Long::sum);
    }
    List<Map.Entry<String, Long>> reasons =
        counts.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(e -> Map.entry(e.getKey(), e.getValue()))
            .toList();
    ObjectNode o = JSON.createObjectNode();
    o.put("format", 1);
    o.put("snapshot_date", run.snapshotDate().toString());
    o.put("run_id", run.runId());
    o.put("committed", false);
    o.put("gate", gate);
    o.put("dumps_in", totals.getDumpsIn());
    o.put("nodes_quarantined", totals.getNodesQuarantined());
    o.put("quarantine_rows", quarantine.size());
    o.put("quarantine_file", QUARANTINE_FILE);
    ArrayNode a = o.putArray("reasons");
    for (Map.Entry<String, Long> e : reasons) {
      a.addObject().put("reason_code", e.getKey()).put("rows", e.getValue());
    }
    try {
      String staged = Staging.file(run, Table.QUARANTINE, SummaryWriter.SINGLE_FILE);
      FileSystems.rename(
          List.of(BeamFiles.resource(staged)),
          List.of(BeamFiles.resource(folder + "/" + QUARANTINE_FILE)));
      try (WritableByteChannel c =
          FileSystems.create(BeamFiles.resource(folder + "/" + SUMMARY_FILE), "application/json")) {
        c.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the rejected run in " + folder, e);
    }
    return new Kept(folder, reasons);
  }
}
