package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.SnapshotCheck;
import dev.fleetscore.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A score run killed in the middle of its commit on an {@code s3://} warehouse (its own JVM, halted
 * after it moved some of its files into the partitions) leaves readers the previous complete
 * snapshot: the files the completion record names, byte for byte, while the dead run's files sit
 * beside them; the next run commits and deletes them.
 */
class KilledCommitTest {

  @TempDir static Path tmp;
  static S3TestServer server;

  @BeforeAll
  static void start() {
    server = S3TestServer.shared();
    server.createBucket("killed-test");
    S3Warehouses.useServer(server);
  }

  @AfterAll
  static void stop() {
    S3Warehouses.reset();
  }

  static ScoreRun.Request request(String wh, double ratio) {
    return new ScoreRun.Request(
        wh, FixtureFleet.DAY1, null, ScoreRun.Engine.REFERENCE, null, 1, ratio, null);
  }

  @Test
  void readersKeepThePreviousSnapshotWhenACommitIsKilled() throws Exception {
    Path raw = tmp.resolve("raw");
    FixtureFleet.write(raw, FixtureFleet.DAY1, false);
    String wh = "s3://killed-test/killed";
    S3Warehouses.upload(raw, wh);
    ScoreRun.run(request(wh, 0.5), FakeScoring.spec());
    Path before = tmp.resolve("before");
    S3Warehouses.download(wh, before);
    Map<String, byte[]> seen = readerView(before);

    // Another gate setting: another run id, so other file names; killed after 5 files moved.
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Daws.accessKeyId=" + S3TestServer.ACCESS_KEY,
                "-Daws.secretAccessKey=" + S3TestServer.SECRET_KEY,
                "-D" + Staging.TestFaults.HALT_AFTER + "=5",
                ScoreProcess.class.getName(),
                server.endpoint(),
                wh,
                FixtureFleet.DAY1.toString(),
                "0.6")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("killed-run.log").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the killed run did not end");
    assertEquals(137, p.exitValue(), Files.readString(tmp.resolve("killed-run.log")));

    Path during = tmp.resolve("during");
    S3Warehouses.download(wh, during);
    assertTrue(
        allDataFiles(during).size() > allDataFiles(before).size(),
        "the dead run's files are in the partitions: " + allDataFiles(during));
    SnapshotCheck.requireComplete(during, FixtureFleet.DAY1, Staging.COMMIT_ORDER);
    Map<String, byte[]> after = readerView(during);
    assertEquals(seen.keySet(), after.keySet());
    for (String k : seen.keySet()) {
      assertArrayEquals(seen.get(k), after.get(k), k);
    }
    assertEquals(
        Files.readString(recordOf(before)), Files.readString(recordOf(during)), "same record");
    long findings = LocalTables.files(before, Table.FINDINGS, FixtureFleet.DAY1).size();
    assertTrue(findings > 0);
    assertEquals(duckDbRows(before, false), duckDbRows(during, false), "DuckDB by the record");
    assertTrue(duckDbRows(during, true) > duckDbRows(during, false), "a bare glob double-counts");

    // The next run completes and leaves exactly the files its record names.
    ScoreRun.run(request(wh, 0.6), FakeScoring.spec());
    Path done = tmp.resolve("done");
    S3Warehouses.download(wh, done);
    assertNotEquals(Files.readString(recordOf(before)), Files.readString(recordOf(done)));
    RunRecord r = RunRecord.parse(Files.readAllBytes(recordOf(done)), recordOf(done).toString());
    List<String> named = new ArrayList<>();
    r.tables().forEach((t, fs) -> fs.forEach(f -> named.add(t.tableName() + "/" + f.name())));
    named.sort(null);
    assertEquals(named, allDataFiles(done));
    SnapshotCheck.requireComplete(done, FixtureFleet.DAY1, Staging.COMMIT_ORDER);
  }

  /**
   * Rows of findings in DuckDB: by the reader rule of docs/tables.md (the files the completion
   * records name), or by a bare glob of the partitions.
   */
  private static long duckDbRows(Path wh, boolean glob) throws Exception {
    String w = wh.toString().replace("'", "''");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      String from;
      if (glob) {
        from = "read_parquet('" + w + "/findings/*/*.parquet', hive_partitioning = true)";
      } else {
        s.execute(
            "SET VARIABLE findings = (SELECT list('"
                + w
                + "/findings/snapshot_date=' || snapshot_date || '/' || f.file) FROM (SELECT"
                + " snapshot_date, unnest(tables.findings) AS f FROM read_json('"
                + w
                + "/_runs/*/score.json')))");
        from = "read_parquet(getvariable('findings'), hive_partitioning = true)";
      }
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + from)) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static Path recordOf(Path wh) {
    return Path.of(
        RunRecord.path(wh.toString(), dev.fleetscore.schema.io.RunScope.score(FixtureFleet.DAY1)));
  }

  /** What fleetscore's readers read: each output table's files by {@link LocalTables#files}. */
  private static Map<String, byte[]> readerView(Path wh) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (Table t : Staging.COMMIT_ORDER) {
      for (Path f : LocalTables.files(wh, t, FixtureFleet.DAY1)) {
        out.put(wh.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    assertTrue(out.size() >= Staging.COMMIT_ORDER.size() - 2, out.keySet().toString());
    return out;
  }

  /** Every data file in the output partitions, as table/name. */
  private static List<String> allDataFiles(Path wh) throws IOException {
    List<String> out = new ArrayList<>();
    for (Table t : Staging.COMMIT_ORDER) {
      Path dir = LocalTables.partition(wh, t, FixtureFleet.DAY1);
      if (Files.isDirectory(dir)) {
        try (var s = Files.list(dir)) {
          s.map(f -> f.getFileName().toString())
              .filter(LocalTables::isDataFile)
              .forEach(n -> out.add(t.tableName() + "/" + n));
        }
      }
    }
    out.sort(null);
    return out;
  }
}
