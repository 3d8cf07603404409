package dev.fleetscore.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.report.Chromium;
import dev.fleetscore.report.QuarterSummary;
import dev.fleetscore.report.fixture.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quarter bundle over the fixture's four daily snapshots (2026-11-19..22, scored before runs
 * kept a lineage, so the packs are named with --rules) in a range a few days wider: the missing
 * dates on both sides are named as ranges, every Parquet file opens in DuckDB with the manifest's
 * row count and the whole range reads at once as README.txt says, and a second build gives the same
 * archive.
 */
class QuarterBundleTest {

  @TempDir Path tmp;

  static final LocalDate FROM = LocalDate.of(2026, 11, 15);
  static final LocalDate TO = LocalDate.of(2026, 11, 25);

  EvidenceBundle.Result build(SigningIdentity id, Path out) {
    return QuarterBundle.build(
        new QuarterBundle.Request(
            Fixtures.realistic().warehouse(),
            FROM,
            TO,
            QuarterSummary.Cadence.DAILY,
            List.of(Fixtures.realistic().rules()),
            null,
            id,
            out,
            null,
            false));
  }

  @Test
  void fixtureRangeWithGapsOnBothSides() throws Exception {
    SigningIdentity id = SigningIdentity.generate("CN=Quarter Test", Duration.ofDays(2), "ec");
    EvidenceBundle.Result r = build(id, tmp.resolve("out"));
    Path bundle = r.folder().toAbsolutePath();
    assertEquals("fleetscore-evidence-2026-11-15_2026-11-25", bundle.getFileName().toString());
    JsonNode m = Manifest.parse(Files.readAllBytes(bundle.resolve(Manifest.FILE)));
    assertEquals(4, m.path("snapshots").size());
    assertEquals("2026-11-19", m.path("snapshots").get(0).path("date").asText());
    JsonNode gaps = m.path("range").path("gaps");
    assertEquals(2, gaps.size(), gaps.toString());
    assertEquals("2026-11-15", gaps.get(0).path("first").asText());
    assertEquals("2026-11-18", gaps.get(0).path("last").asText());
    assertEquals("2026-11-23", gaps.get(1).path("first").asText());
    for (JsonNode s : m.path("snapshots")) {
      assertFalse(s.path("rule_packs").path("included").isEmpty(), s.toString());
      for (JsonNode p : s.path("rule_packs").path("included")) {
        assertFalse(p.path("matches_pack_version").isNull(), p.toString());
      }
    }

    String md = Files.readString(bundle.resolve(QuarterBundle.SUMMARY_MD), StandardCharsets.UTF_8);
    assertTrue(md.contains("4 scored snapshots (2026-11-19 to 2026-11-22)"), md);
    assertTrue(md.contains("- 2026-11-15..2026-11-18 (4 days): no scored snapshot\n"), md);
    assertTrue(md.contains("- 2026-11-23..2026-11-25 (3 days): no scored snapshot\n"), md);
    assertTrue(md.contains("7 of 11 missing, in 2 gaps"), md);
    String csv = Files.readString(bundle.resolve(QuarterBundle.SCORES_CSV), StandardCharsets.UTF_8);
    assertTrue(csv.startsWith("cluster_id,framework,snapshot_date,score\r\n,ALL,2026-11-19,"), csv);

    Map<String, Long> rows = new TreeMap<>();
    for (JsonNode f : m.get("files")) {
      if (f.has("rows")) {
        rows.put(f.get("path").asText(), f.get("rows").asLong());
      }
    }
    List<Path> parquet;
    try (Stream<Path> s = Files.walk(bundle)) {
      parquet = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
    assertFalse(parquet.isEmpty());
    long compliance = 0;
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      for (Path p : parquet) {
        String rel = bundle.relativize(p).toString().replace('\\', '/');
        assertTrue(rel.startsWith("snapshots/2026-11-"), rel);
        assertTrue(rows.containsKey(rel), rel + " is listed with a row count");
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + p + "')")) {
          assertTrue(rs.next());
          assertEquals(rows.get(rel), rs.getLong(1), rel);
        }
        if (rel.contains("/tables/cluster_compliance/")) {
          compliance += rows.get(rel);
        }
      }
      // README.txt's query: the whole range at once.
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), count(DISTINCT snapshot_date) FROM read_parquet('"
                  + bundle
                  + "/snapshots/*/tables/cluster_compliance/*/*.parquet', hive_partitioning=true)")) {
        assertTrue(rs.next());
        assertEquals(compliance, rs.getLong(1));
        assertEquals(4, rs.getLong(2));
      }
    }
    String readme = Files.readString(bundle.resolve("README.txt"));
    assertTrue(readme.contains("snapshots/*/tables/cluster_compliance/*/*.parquet"), readme);
    assertTrue(readme.contains(EvidenceBundle.PROCEDURE), readme);

    EvidenceBundle.Result again = build(id, tmp.resolve("again"));
    assertArrayEquals(Files.readAllBytes(r.archive()), Files.readAllBytes(again.archive()));
  }

  /** The summary page renders in headless Chromium with no console message (as the report). */
  @Test
  void summaryRendersInABrowser() throws Exception {
    Chromium.require();
    SigningIdentity id = SigningIdentity.generate("CN=Quarter Test", Duration.ofDays(2), "ec");
    Path page = build(id, tmp.resolve("out")).folder().resolve(QuarterBundle.SUMMARY_HTML);
    Path out = Path.of("target", "browser-check").toAbsolutePath();
    Files.createDirectories(out);
    Path png = out.resolve("quarter-summary.png");
    Files.deleteIfExists(png);
    Chromium.Run shot =
        Chromium.run(
            tmp.resolve("shot"),
            out,
            "--screenshot=" + png,
            "--window-size=1400,3000",
            "--hide-scrollbars",
            page.toUri().toString());
    assertEquals(List.of(), Chromium.consoleMessages(shot.stderr()), "console, screenshot");
    assertTrue(Files.size(png) > 20_000, "a rendered page: " + Files.size(png) + " bytes");
    Chromium.Run dom = Chromium.run(tmp.resolve("dom"), out, "--dump-dom", page.toUri().toString());
    assertEquals(List.of(), Chromium.consoleMessages(dom.stderr()), "console, DOM");
    for (String h :
        List.of(
            "Score per cluster and framework",
            "Controls failing longest",
            "Exemptions granted, used and expired",
            "Coverage over time",
            "Gaps in the series")) {
      assertTrue(dom.stdout().contains(">" + h + "</h2>"), h);
    }
    assertTrue(dom.stdout().contains("<svg"), "the trend chart");
  }
}
