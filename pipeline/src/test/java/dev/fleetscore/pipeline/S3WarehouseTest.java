package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import dev.fleetscore.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score} on an {@code s3://} warehouse of a real S3 server (S3Proxy) writes the same bytes
 * as on a local folder: the raw tables are uploaded, both warehouses are scored for two days (the
 * second reads the first's control_summary for the changes table), and every output file and
 * completion record is compared byte for byte.
 */
class S3WarehouseTest {

  @TempDir static Path tmp;
  static S3TestServer server;

  @BeforeAll
  static void start() {
    server = S3TestServer.shared();
    server.createBucket("score-test");
    S3Warehouses.useServer(server);
  }

  @AfterAll
  static void stop() {
    S3Warehouses.reset();
  }

  static ScoreRun.Request request(String wh, LocalDate d) {
    return new ScoreRun.Request(wh, d, null, ScoreRun.Engine.DIRECT, null, 2, 0.5, null);
  }

  @Test
  void scoresAnS3WarehouseToTheSameBytesAsALocalOne() throws IOException {
    Path local = tmp.resolve("local");
    FixtureFleet.write(local, FixtureFleet.DAY1, false);
    FixtureFleet.write(local, FixtureFleet.DAY2, true);
    String s3 = "s3://score-test/prod/wh";
    S3Warehouses.upload(local, s3);

    for (LocalDate d : new LocalDate[] {FixtureFleet.DAY1, FixtureFleet.DAY2}) {
      ScoreRun.run(request(local.toString(), d), FakeScoring.spec());
      ScoreRun.run(request(s3, d), FakeScoring.spec());
    }

    Path back = tmp.resolve("back");
    S3Warehouses.download(s3, back);
    var expected = ScoreGoldenTest.files(local);
    assertTrue(expected.size() > 10, expected.keySet().toString());
    ScoreGoldenTest.assertSame(expected, ScoreGoldenTest.files(back), null);
    for (LocalDate d : new LocalDate[] {FixtureFleet.DAY1, FixtureFleet.DAY2}) {
      String record = RunRecord.path("", RunScope.score(d)).substring(1);
      assertArrayEquals(
          Files.readAllBytes(local.resolve(record)),
          Files.readAllBytes(back.resolve(record)),
          record);
    }
  }
}
