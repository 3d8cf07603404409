package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} of a date a data-quality gate refused: without a committed snapshot the page says
 * "not committed, because" with the gate, the ratio, the reasons with their counts and the
 * quarantined dumps; with one, a banner names a refused run that came after it, and only such a
 * run. The refused run's files are written here as {@code score} writes them (docs/pipeline.md:
 * {@code _rejected/snapshot_date=D/<run id>/summary.json} and {@code quarantine.parquet}).
 */
class RefusedRunReportTest {

  static final String GATE =
      "3 of 4 dumps (75.00%) were quarantined, above --max-quarantine-ratio 0.05";

  @TempDir Path tmp;

  @Test
  void aDateWithOnlyARefusedRunSaysWhyNothingWasCommitted() throws IOException {
    Path wh = tmp.resolve("wh");
    LocalDate day = LocalDate.of(2026, 3, 14);
    keep(wh, day, "score-2026-03-14-0a1b2c", FileTime.from(Instant.parse("2026-03-14T06:00:00Z")));
    ReportWriter.Written w =
        ReportWriter.write(
            wh, day, tmp.resolve("out"), ReportOptions.defaults(), ReportWriter.CsvMode.SUMMARY);
    assertFalse(w.committed());
    assertNull(w.data());
    assertEquals(1, w.refused().size());
    String html = Files.readString(w.html());
    assertTrue(html.contains("<h2>Not committed, because " + GATE + "</h2>"), html);
    assertTrue(html.contains("3 (75.00%)"), "the ratio");
    assertTrue(
        html.contains("<td class=\"mono code\">DUPLICATE_NODE</td><td class=\"n\">2</td>"),
        "the top reason with its count");
    assertTrue(html.contains("<td class=\"mono code\">MALFORMED_YAML</td><td class=\"n\">1</td>"));
    assertTrue(html.contains("node-b"), "a quarantined dump is named");
    assertTrue(
        html.contains(
            "_rejected/snapshot_date=2026-03-14/score-2026-03-14-0a1b2c/quarantine.parquet"));
    assertTrue(Files.readString(w.markdown()).contains("was not committed, because " + GATE));
    assertEquals(List.of(), LocalLinks.broken(w.html()));
    // the same files give the same page
    ReportWriter.Written again =
        ReportWriter.write(
            wh, day, tmp.resolve("again"), ReportOptions.defaults(), ReportWriter.CsvMode.SUMMARY);
    assertEquals(html, Files.readString(again.html()));
  }

  @Test
  void aCommittedSnapshotNamesOnlyTheRefusedRunsAfterIt() throws IOException {
    Path wh = tmp.resolve("wh");
    copy(Fixtures.realistic().warehouse(), wh);
    LocalDate day = FleetFixture.LAST;
    FileTime committed = committedAt(wh, day);
    keep(wh, day, "score-before", FileTime.fromMillis(committed.toMillis() - 60_000));
    ReportWriter.Written before =
        ReportWriter.write(
            wh, day, tmp.resolve("o1"), ReportOptions.defaults(), ReportWriter.CsvMode.NONE);
    assertTrue(before.committed());
    assertEquals(List.of(), before.refused(), "a refused run the commit replaced is no news");
    assertFalse(Files.readString(before.html()).contains("class=\"banner\""));

    keep(wh, day, "score-after", FileTime.fromMillis(committed.toMillis() + 60_000));
    ReportWriter.Written after =
        ReportWriter.write(
            wh, day, tmp.resolve("o2"), ReportOptions.defaults(), ReportWriter.CsvMode.NONE);
    assertEquals(List.of("score-after"), after.refused().stream().map(r -> r.runId()).toList());
    String html = Files.readString(after.html());
    assertTrue(html.contains("<div class=\"banner\" role=\"note\"><b>1 later run of " + day));
    assertTrue(
        html.contains(GATE + "; top reasons: DUPLICATE_NODE \u00d72, MALFORMED_YAML \u00d71"));
    assertFalse(html.contains("score-before"));
  }

  private static FileTime committedAt(Path wh, LocalDate day) throws IOException {
    Path record = wh.resolve("_runs/snapshot_date=" + day + "/score.json");
    if (Files.isRegularFile(record)) {
      return Files.getLastModifiedTime(record);
    }
    FileTime newest = FileTime.fromMillis(0);
    try (Stream<Path> s = Files.list(wh.resolve("fleet_summary/snapshot_date=" + day))) {
      for (Path f : s.toList()) {
        FileTime t = Files.getLastModifiedTime(f);
        newest = t.compareTo(newest) > 0 ? t : newest;
      }
    }
    return newest;
  }

  /** Writes a refused run's folder as {@code RejectedRun} does. */
  static void keep(Path wh, LocalDate day, String runId, FileTime at) throws IOException {
    Path dir = wh.resolve("_rejected/snapshot_date=" + day).resolve(runId);
    Files.createDirectories(dir);
    List<QuarantineRow> rows = new ArrayList<>();
    rows.add(row(day, "node-a", "DUMP", "DUPLICATE_NODE", "an older dump of node-a"));
    rows.add(row(day, "node-b", "DUMP", "DUPLICATE_NODE", "an older dump of node-b"));
    rows.add(row(day, "node-c", "FILE", "MALFORMED_YAML", "config.yaml: bad indentation"));
    ParquetRows.write(
        ParquetRows.localOut(dir.resolve("quarantine.parquet")), QuarantineRow.class, rows);
    Path summary = dir.resolve("summary.json");
    Files.writeString(
        summary,
        "{\n  \"format\" : 1,\n  \"snapshot_date\" : \""
            + day
            + "\",\n  \"run_id\" : \""
            + runId
            + "\",\n  \"committed\" : false,\n  \"gate\" : \""
            + GATE
            + "\",\n  \"dumps_in\" : 4,\n  \"nodes_quarantined\" : 3,\n  \"quarantine_rows\" : 3,\n"
            + "  \"quarantine_file\" : \"quarantine.parquet\",\n  \"reasons\" : [ {\n"
            + "    \"reason_code\" : \"DUPLICATE_NODE\",\n    \"rows\" : 2\n  }, {\n"
            + "    \"reason_code\" : \"MALFORMED_YAML\",\n    \"rows\" : 1\n  } ]\n}");
    Files.setLastModifiedTime(summary, at);
  }

  private static QuarantineRow row(
      LocalDate day, String node, String kind, String code, String reason) {
    return QuarantineRow.newBuilder()
        .setSnapshotId(day.toString())
        .setSnapshotDate(day)
        .setClusterId("k3s:edge")
        .setNodeName(node)
        .setProducerVersion("test")
        .setStage("JOIN")
        .setRecordKind(kind)
        .setRecordKey("dump-" + node)
        .setReasonCode(code)
        .setReason(reason)
        .setSource("dumps/" + node + ".tar.gz")
        .build();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
