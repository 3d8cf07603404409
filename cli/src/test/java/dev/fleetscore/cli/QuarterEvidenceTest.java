package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.schema.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quarter bundle over the demo's weekly series ({@link QuarterSeriesFixture}: 14 weeks, one
 * missed, so 13 scored snapshots): the summary shows movement (changed scores, a time-to-fix
 * figure, the controls failing longest, the exemption granted and the one expiring, the named gap,
 * the coverage dip) in Markdown and HTML; the layout is one folder per snapshot with its lineage,
 * packs and exemptions; the bundle verifies and rebuilds byte for byte; and the range's errors (an
 * empty range, --from after --to, a changed warehouse file, a torn date) are clear, while an
 * imported but unscored date is a named gap.
 */
class QuarterEvidenceTest {

  @TempDir static Path tmp;

  static QuarterSeriesFixture.Series s;
  static String md;
  static String html;
  static JsonNode manifest;

  @BeforeAll
  static void build() throws Exception {
    s = QuarterSeriesFixture.get();
    md = Files.readString(s.bundle().resolve("quarter-summary.md"), StandardCharsets.UTF_8);
    html = Files.readString(s.bundle().resolve("quarter-summary.html"), StandardCharsets.UTF_8);
    manifest = new ObjectMapper().readTree(s.bundle().resolve("manifest.json").toFile());
  }

  /** The Markdown table rows under {@code heading}, as cells. */
  static List<List<String>> table(String heading) {
    int at = md.indexOf("### " + heading);
    assertTrue(at >= 0, "no section " + heading + " in:\n" + md);
    List<List<String>> rows = new ArrayList<>();
    boolean header = true;
    for (String line : md.substring(at).lines().skip(1).toList()) {
      if (line.startsWith("### ")) {
        break;
      }
      if (!line.startsWith("|")) {
        continue;
      }
      if (header || line.startsWith("|---")) {
        header = line.startsWith("|---") ? false : header;
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String c : line.substring(1, line.length() - 1).split(" \\| ", -1)) {
        cells.add(c.trim());
      }
      rows.add(cells);
    }
    return rows;
  }

  @Test
  void demoSeriesMissesOneWeek() {
    assertTrue(s.demoOut().contains("week 9 (2026-09-02): missed"), s.demoOut());
    assertTrue(s.demoOut().contains("not collected)"), s.demoOut());
    assertTrue(s.evidenceOut().contains("quarter-summary.html"), s.evidenceOut());
  }

  @Test
  void headlineCountsSnapshotsAndTheGap() {
    assertTrue(
        md.contains(
            "13 scored snapshots (2026-07-01 to 2026-09-30) \u00b7 cadence weekly: 14 expected"
                + " snapshots, 1 missing"),
        md);
  }

  @Test
  void scoresMove() {
    List<List<String>> fleet = table("Fleet score per framework");
    List<String> all = fleet.stream().filter(r -> r.get(0).equals("ALL")).findFirst().orElseThrow();
    assertEquals("13", all.get(6), all.toString());
    assertFalse(all.get(4).equals(all.get(5)), "the fleet score moved (min != max): " + all);
    List<List<String>> clusters = table("Score per cluster and framework");
    assertTrue(clusters.size() >= 3, clusters.toString());
    assertTrue(
        clusters.stream().anyMatch(r -> !r.get(2).equals(r.get(3))),
        "some cluster's score changed between the first and the last snapshot: " + clusters);
  }

  @Test
  void timeToFixHasAFigure() {
    List<List<String>> rows = table("Time to fix");
    List<String> fixed =
        rows.stream().filter(r -> Integer.parseInt(r.get(1)) > 0).findFirst().orElseThrow();
    long median = Long.parseLong(fixed.get(2));
    long longest = Long.parseLong(fixed.get(3));
    assertTrue(median >= 7 && median % 7 == 0 && longest >= median, fixed.toString());
    assertTrue(
        rows.stream().anyMatch(r -> Integer.parseInt(r.get(6)) > 0),
        "some fault started inside the range: " + rows);
  }

  @Test
  void controlsFailingLongest() {
    List<List<String>> rows = table("Controls failing longest");
    assertFalse(rows.isEmpty());
    List<String> top = rows.get(0);
    assertEquals("2026-07-01 (range start)", top.get(3), top.toString());
    assertEquals("still failing", top.get(5), top.toString());
    assertEquals("\u226591", top.get(6), top.toString());
  }

  @Test
  void exemptionsGrantedUsedAndExpired() {
    List<List<String>> rows = table("Exemptions granted, used and expired");
    List<String> ex1 = row(rows, "EX-DEMO-001");
    assertEquals("in the range", ex1.get(4), ex1.toString());
    assertEquals("2026-07-08", ex1.get(5), ex1.toString());
    assertEquals("2026-08-15", ex1.get(6), ex1.toString());
    assertTrue(Integer.parseInt(ex1.get(7)) > 0, "EX-DEMO-001 was used: " + ex1);
    assertTrue(
        ex1.get(9).startsWith("expired in the range (valid through 2026-08-15)"), ex1.get(9));
    List<String> ex2 = row(rows, "EX-DEMO-002");
    assertEquals("2026-07-29", ex2.get(5), ex2.toString());
    assertTrue(ex2.get(9).startsWith("in force after the range"), ex2.get(9));
  }

  private static List<String> row(List<List<String>> rows, String id) {
    return rows.stream()
        .filter(r -> r.get(0).equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + rows));
  }

  @Test
  void coverageDipsInThePartialWeek() {
    List<List<String>> rows = table("Coverage over time");
    assertEquals(13, rows.size(), rows.toString());
    long before = Long.parseLong(row(rows, "2026-07-22").get(3));
    long dip = Long.parseLong(row(rows, "2026-07-29").get(3));
    assertEquals(before - 1, dip, rows.toString());
  }

  @Test
  void gapIsNamed() {
    assertTrue(md.contains("- 2026-09-02..2026-09-08 (7 days): no scored snapshot (1 week)"), md);
    assertTrue(md.contains("1 of 14 missing, in 1 gap"), md);
  }

  @Test
  void htmlHasTheSameContent() {
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
    for (String id :
        List.of("scores", "failing-longest", "time-to-fix", "exemptions", "coverage", "gaps")) {
      assertTrue(html.contains("<section id=\"" + id + "\">"), id);
    }
    assertTrue(html.contains("2026-09-02..2026-09-08 (7 days): no scored snapshot (1 week)"));
    assertTrue(html.contains("EX-DEMO-001") && html.contains("EX-DEMO-002"));
    assertTrue(html.contains("expired in the range (valid through 2026-08-15)"));
    assertTrue(html.contains("<svg"), "a trend chart and sparklines");
    assertFalse(html.contains("<script") || html.contains(" src="), "nothing runs or loads");
    Matcher m = Pattern.compile("<td class=\"n\">([+-]\\d+\\.\\d)</td>").matcher(html);
    assertTrue(m.find(), "a signed score change in the HTML tables");
  }

  @Test
  void onFolderPerSnapshotWithItsRun() throws Exception {
    Path snaps = s.bundle().resolve("snapshots");
    List<String> dates;
    try (Stream<Path> l = Files.list(snaps)) {
      dates = l.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(13, dates.size(), dates.toString());
    assertFalse(dates.contains("2026-09-02"));
    for (String d : dates) {
      Path f = snaps.resolve(d);
      for (String must :
          List.of(
              "run/lineage.json", "run/score.json", "report/report.html", "report/summary.md")) {
        assertTrue(Files.isRegularFile(f.resolve(must)), d + "/" + must);
      }
      assertTrue(
          Files.isDirectory(
              f.resolve("tables/" + Table.FLEET_SUMMARY.tableName() + "/snapshot_date=" + d)),
          d);
      try (Stream<Path> r = Files.list(f.resolve("rules"))) {
        assertTrue(r.count() >= 4, d + ": the four built-in packs");
      }
      assertEquals(!d.equals("2026-07-01"), Files.isDirectory(f.resolve("exemptions")), d);
    }
    assertEquals(13, manifest.path("snapshots").size());
    JsonNode first = manifest.path("snapshots").get(0);
    assertEquals("snapshots/2026-07-01/", first.path("folder").asText());
    assertTrue(first.path("exemptions").path("file").isNull());
    JsonNode second = manifest.path("snapshots").get(1);
    assertEquals(
        "snapshots/2026-07-08/exemptions/exemptions.yaml",
        second.path("exemptions").path("file").asText());
    assertTrue(second.path("reconciliation").path("reconciles").asBoolean());
    for (JsonNode p : second.path("rule_packs").path("included")) {
      assertTrue(p.path("dir").asText().startsWith("snapshots/2026-07-08/rules/"), p.toString());
      assertFalse(p.path("matches_pack_version").isNull(), p.toString());
    }
    assertEquals("2026-09-02", manifest.path("range").path("gaps").get(0).path("first").asText());
    assertEquals("weekly", manifest.path("range").path("cadence").asText());
    boolean summaryListed = false;
    for (JsonNode f : manifest.path("files")) {
      if (f.path("path").asText().equals("quarter-summary.md")) {
        summaryListed = f.path("role").asText().equals("quarter-summary");
      }
      if (f.path("path").asText().endsWith("/run/lineage.json")) {
        assertEquals("run-lineage", f.path("role").asText());
      }
    }
    assertTrue(summaryListed);
    assertTrue(manifest.path("warnings").isEmpty(), manifest.path("warnings").toString());
    String readme = Files.readString(s.bundle().resolve("README.txt"));
    assertTrue(readme.contains("snapshots/<date>/"), readme);
  }

  @Test
  void verifiesAndRebuildsByteForByte() throws Exception {
    Run v =
        FleetscoreCommandTest.run(
            "evidence", "verify", s.bundle().toString(), "--trusted-cert", s.cert().toString());
    assertEquals(ExitCodes.OK, v.code(), v.out() + v.err());
    Run again = QuarterSeriesFixture.build(s.warehouse(), s.key(), s.cert(), tmp.resolve("again"));
    assertEquals(ExitCodes.OK, again.code(), again.err());
    String tgz = QuarterSeriesFixture.NAME + ".tar.gz";
    assertArrayEquals(
        Files.readAllBytes(s.bundle().resolveSibling(tgz)),
        Files.readAllBytes(tmp.resolve("again").resolve(tgz)),
        "same warehouse and key, same archive");
  }

  @Test
  void rangeErrors() {
    Run empty =
        FleetscoreCommandTest.run(
            "evidence",
            "--warehouse",
            s.warehouse().toString(),
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
            "--key",
            s.key().toString(),
            "--cert",
            s.cert().toString(),
            "--out",
            tmp.resolve("empty").toString());
    assertEquals(ExitCodes.INPUT, empty.code(), empty.err());
    assertTrue(
        empty.err().contains("has no scored snapshot from 2026-10-01 to 2026-12-31")
            && empty.err().contains("scored snapshots: 13 from 2026-07-01 to 2026-09-30"),
        empty.err());
    assertFalse(Files.exists(tmp.resolve("empty")));

    Run reversed =
        FleetscoreCommandTest.run(
            "evidence",
            "--warehouse",
            s.warehouse().toString(),
            "--from",
            "2026-09-30",
            "--to",
            "2026-07-01",
            "--key",
            s.key().toString(),
            "--cert",
            s.cert().toString());
    assertEquals(ExitCodes.USAGE, reversed.code(), reversed.err());
    assertTrue(reversed.err().contains("--from 2026-09-30 is after --to 2026-07-01"));

    Run both =
        FleetscoreCommandTest.run(
            "evidence",
            "--warehouse",
            s.warehouse().toString(),
            "--date",
            "2026-07-01",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-08",
            "--key",
            s.key().toString(),
            "--cert",
            s.cert().toString());
    assertEquals(ExitCodes.USAGE, both.code(), both.err());

    Run cadence =
        FleetscoreCommandTest.run(
            "evidence",
            "--warehouse",
            s.warehouse().toString(),
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--cadence",
            "monthly",
            "--key",
            s.key().toString(),
            "--cert",
            s.cert().toString());
    assertEquals(ExitCodes.USAGE, cadence.code(), cadence.err());
    assertTrue(cadence.err().contains("--cadence must be daily or weekly"), cadence.err());
  }

  @Test
  void changedWarehouseFileIsNamed() throws Exception {
    Path wh = tmp.resolve("wh-changed");
    QuarterSeriesFixture.copyTree(s.warehouse(), wh);
    Path part = wh.resolve("node_dumps/snapshot_date=2026-08-05");
    Path f;
    try (Stream<Path> l = Files.list(part)) {
      f = l.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(f);
    b[8] ^= 1; // in the first page, not the footer
    Files.write(f, b);
    Run r = QuarterSeriesFixture.build(wh, s.key(), s.cert(), tmp.resolve("out-changed"));
    assertEquals(ExitCodes.VERIFICATION, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "warehouse file node_dumps/snapshot_date=2026-08-05/"
                    + f.getFileName()
                    + " differs from the run lineage"),
        r.err());
    assertFalse(Files.exists(tmp.resolve("out-changed").resolve(QuarterSeriesFixture.NAME)));
  }

  @Test
  void tornDateIsRefused() throws Exception {
    Path wh = tmp.resolve("wh-torn");
    QuarterSeriesFixture.copyTree(s.warehouse(), wh);
    Path part = wh.resolve("control_summary/snapshot_date=2026-08-12");
    try (Stream<Path> l = Files.list(part)) {
      for (Path p : l.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.delete(p);
      }
    }
    Run r = QuarterSeriesFixture.build(wh, s.key(), s.cert(), tmp.resolve("out-torn"));
    assertEquals(ExitCodes.INPUT, r.code(), r.err());
    assertTrue(r.err().contains("control_summary") && r.err().contains("2026-08-12"), r.err());
  }

  @Test
  void importedButUnscoredDateIsAGap() throws Exception {
    Path wh = tmp.resolve("wh-unscored");
    QuarterSeriesFixture.copyTree(s.warehouse(), wh);
    for (Table t : Table.values()) {
      if (t.kind() == Table.Kind.OUTPUT) {
        QuarterSeriesFixture.deleteTree(
            wh.resolve(t.tableName()).resolve("snapshot_date=2026-09-30"));
      }
    }
    Path runs = wh.resolve("_runs/snapshot_date=2026-09-30");
    Files.delete(runs.resolve("score.json"));
    QuarterSeriesFixture.deleteTree(runs.resolve("lineage"));
    Run r = QuarterSeriesFixture.build(wh, s.key(), s.cert(), tmp.resolve("out-unscored"));
    assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
    String summary =
        Files.readString(
            tmp.resolve("out-unscored")
                .resolve(QuarterSeriesFixture.NAME)
                .resolve("quarter-summary.md"));
    assertTrue(summary.contains("12 scored snapshots (2026-07-01 to 2026-09-23)"), summary);
    assertTrue(
        summary.contains(
            "- 2026-09-30: no scored snapshot (1 week); imported but not scored: 2026-09-30"),
        summary);
  }
}
