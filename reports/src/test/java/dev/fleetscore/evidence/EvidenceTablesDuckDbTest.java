package dev.fleetscore.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Parquet file a bundle ships opens in DuckDB, with the row count the manifest states, and
 * every table folder reads as README.txt tells the auditor to (hive partitioning, the snapshot date
 * as the partition column). Files are found by walking the bundle, not from the manifest, so a
 * table added to the bundle later is covered without changing this test.
 */
class EvidenceTablesDuckDbTest {

  @TempDir Path tmp;

  @Test
  void everyParquetFileOfTheBundleOpensInDuckDbWithTheManifestRowCount() throws Exception {
    SigningIdentity id = SigningIdentity.generate("CN=DuckDB Test", Duration.ofDays(2), "ec");
    Path bundle =
        EvidenceBundle.build(
                new EvidenceBundle.Request(
                    Fixtures.realistic().warehouse(),
                    FleetFixture.LAST,
                    List.of(Fixtures.realistic().rules()),
                    null,
                    id,
                    tmp.resolve("out")))
            .folder()
            .toAbsolutePath();
    JsonNode manifest = Manifest.parse(Files.readAllBytes(bundle.resolve(Manifest.FILE)));
    Map<String, Long> manifestRows = new TreeMap<>();
    for (JsonNode f : manifest.get("files")) {
      if (f.has("rows")) {
        manifestRows.put(f.get("path").asText(), f.get("rows").asLong());
      }
    }
    List<Path> parquet;
    try (Stream<Path> s = Files.walk(bundle)) {
      parquet = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
    assertFalse(parquet.isEmpty(), "the bundle ships tables");

    Map<String, Long> perTable = new TreeMap<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      for (Path p : parquet) {
        String rel = bundle.relativize(p).toString().replace('\\', '/');
        assertTrue(manifestRows.containsKey(rel), rel + " is listed with a row count");
        try (ResultSet rs =
            st.executeQuery("SELECT count(*) FROM read_parquet(" + quote(p.toString()) + ")")) {
          assertTrue(rs.next());
          assertEquals(manifestRows.get(rel), rs.getLong(1), rel);
        }
        if (rel.startsWith("tables/")) {
          perTable.merge(rel.split("/")[1], manifestRows.get(rel), Long::sum);
        }
      }
      assertFalse(perTable.isEmpty(), "tables/ holds output tables");
      for (Map.Entry<String, Long> t : perTable.entrySet()) {
        String glob = bundle.resolve("tables").resolve(t.getKey()) + "/*/*.parquet";
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*), count(DISTINCT snapshot_date), min(snapshot_date)::VARCHAR"
                    + " FROM read_parquet("
                    + quote(glob)
                    + ", hive_partitioning=true)")) {
          assertTrue(rs.next());
          assertEquals(t.getValue(), rs.getLong(1), t.getKey());
          if (t.getValue() > 0) {
            assertEquals(1, rs.getLong(2), t.getKey());
            assertEquals(FleetFixture.LAST.toString(), rs.getString(3), t.getKey());
          }
        }
      }
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
