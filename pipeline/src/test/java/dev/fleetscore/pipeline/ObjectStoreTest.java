package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.testing.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Beam's S3 file system, registered by {@link ObjectStore}, against a real S3 server. */
class ObjectStoreTest {

  @TempDir static Path tmp;
  static S3TestServer server;

  @BeforeAll
  static void start() {
    server = S3TestServer.shared();
    server.createBucket("store-test");
    S3Warehouses.useServer(server);
  }

  @AfterAll
  static void stop() {
    S3Warehouses.reset();
  }

  @Test
  void writesListsRenamesAndDeletesObjects() throws Exception {
    Path local = Files.createDirectories(tmp.resolve("local/a/snapshot_date=2026-11-22"));
    Files.writeString(local.resolve("x.parquet"), "one", StandardCharsets.UTF_8);
    Files.writeString(local.resolve("y.parquet"), "two", StandardCharsets.UTF_8);
    S3Warehouses.upload(tmp.resolve("local"), "s3://store-test/p");

    assertEquals(
        List.of("a/snapshot_date=2026-11-22/x.parquet", "a/snapshot_date=2026-11-22/y.parquet"),
        S3Warehouses.list("s3://store-test/p"));
    FileSystems.rename(
        List.of(BeamFiles.resource("s3://store-test/p/a/snapshot_date=2026-11-22/x.parquet")),
        List.of(BeamFiles.resource("s3://store-test/p/b/z.parquet")));
    FileSystems.delete(
        List.of(BeamFiles.resource("s3://store-test/p/a/snapshot_date=2026-11-22/y.parquet")),
        MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    assertEquals(List.of("b/z.parquet"), S3Warehouses.list("s3://store-test/p"));
    assertArrayEquals(
        "one".getBytes(StandardCharsets.UTF_8), S3Warehouses.read("s3://store-test/p/b/z.parquet"));
    assertEquals(
        true, Files.isRegularFile(server.bucketDir("store-test").resolve("p/b/z.parquet")));
  }
}
