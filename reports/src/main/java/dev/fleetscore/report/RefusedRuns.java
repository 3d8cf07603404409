package dev.fleetscore.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runs of one date that a data-quality gate refused: what {@code score} leaves in {@code
 * <warehouse>/_rejected/snapshot_date=D/<run id>/} ({@code summary.json} and {@code
 * quarantine.parquet}, see docs/pipeline.md). The report reads them to say why a date has no
 * committed snapshot, or that a run after the committed one was refused. A run is "later" than the
 * committed snapshot when its summary file is newer than the commit record ({@code
 * _runs/snapshot_date=D/score.json}); the files carry no clock time of their own, so that a rerun
 * of the same inputs stays byte-identical.
 */
public final class RefusedRuns {

  /** The folder under the warehouse, as {@code score} writes it. */
  public static final String DIR = "_rejected";

  static final String SUMMARY = "summary.json";
  static final String QUARANTINE = "quarantine.parquet";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One refused run.
   *
   * @param runId the run id (its folder's name)
   * @param folder the folder, relative to the warehouse
   * @param gate the gate's sentence
   * @param dumpsIn dumps the run read
   * @param nodesQuarantined dumps it quarantined instead of scoring
   * @param quarantineRows rows of its quarantine file
   * @param reasons reason code to rows, most frequent first, as the summary lists them
   * @param quarantine the rows of its quarantine file, in the quarantine table's order
   * @param keptAt when the summary was written (file time), to order runs against a commit
   */
  public record Refused(
      String runId,
      String folder,
      String gate,
      long dumpsIn,
      long nodesQuarantined,
      long quarantineRows,
      Map<String, Long> reasons,
      List<QuarantineRow> quarantine,
      FileTime keptAt) {

    /** Share of dumps quarantined, or null when the run read none. */
    public Double ratio() {
      return dumpsIn == 0 ? null : nodesQuarantined / (double) dumpsIn;
    }
  }

  private RefusedRuns() {}

  /** Every refused run kept for {@code date}, newest first (ties by run id); none is empty. */
  public static List<Refused> of(Path warehouse, LocalDate date) {
    Path dir = warehouse.resolve(DIR).resolve(Warehouse.PARTITION_KEY + "=" + date);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Refused> out = new ArrayList<>();
    try (Stream<Path> runs = Files.list(dir)) {
      for (Path run : runs.sorted().toList()) {
        if (Files.isRegularFile(run.resolve(SUMMARY))) {
          out.add(read(warehouse, run));
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot list the refused runs in " + dir + ": " + e.getMessage(), e);
    }
    out.sort(
        Comparator.comparing(Refused::keptAt, Comparator.reverseOrder())
            .thenComparing(Refused::runId));
    return out;
  }

  /** The refused runs of {@code date} kept after its committed snapshot. */
  public static List<Refused> afterCommit(Path warehouse, LocalDate date) {
    List<Refused> all = of(warehouse, date);
    if (all.isEmpty()) {
      return all;
    }
    FileTime committed = committedAt(warehouse, date);
    return all.stream()
        .filter(r -> committed == null || r.keptAt().compareTo(committed) > 0)
        .toList();
  }

  private static FileTime committedAt(Path warehouse, LocalDate date) {
    Path record =
        warehouse
            .resolve(RunRecord.DIR)
            .resolve(Warehouse.PARTITION_KEY + "=" + date)
            .resolve("score.json");
    try {
      if (Files.isRegularFile(record)) {
        return Files.getLastModifiedTime(record);
      }
      // A snapshot of a version that kept no record: its newest fleet_summary file.
      FileTime newest = null;
      for (Path f : LocalTables.files(warehouse, Table.FLEET_SUMMARY, date)) {
        FileTime t = Files.getLastModifiedTime(f);
        newest = newest == null || t.compareTo(newest) > 0 ? t : newest;
      }
      return newest;
    } catch (IOException e) {
      throw new UserError("cannot read the commit time of " + date + ": " + e.getMessage(), e);
    }
  }

  private static Refused read(Path warehouse, Path run) {
    Path summary = run.resolve(SUMMARY);
    try {
      JsonNode o = JSON.readTree(summary.toFile());
      Map<String, Long> reasons = new LinkedHashMap<>();
      for (JsonNode r : o.path("reasons")) {
        reasons.put(r.path("reason_code").asText(), r.path("rows").asLong());
      }
      Path q = run.resolve(o.path("quarantine_file").asText(QUARANTINE));
      List<QuarantineRow> rows = new ArrayList<>();
      if (Files.isRegularFile(q)) {
        rows.addAll(ParquetRows.readAll(ParquetRows.local(q), QuarantineRow.class));
        rows.sort(ReportLoader.QUARANTINE_ORDER);
      }
      return new Refused(
          run.getFileName().toString(),
          warehouse.relativize(run).toString(),
          o.path("gate").asText(""),
          o.path("dumps_in").asLong(),
          o.path("nodes_quarantined").asLong(),
          o.path("quarantine_rows").asLong(rows.size()),
          reasons,
          rows,
          Files.getLastModifiedTime(summary));
    } catch (IOException | RuntimeException e) {
      throw new UserError("cannot read the refused run " + run + ": " + e.getMessage(), e);
    }
  }
}
