package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.demo.DemoFleet;
import dev.fleetscore.demo.FleetSpec;
import dev.fleetscore.pipeline.ObjectStore;
import dev.fleetscore.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on an {@code s3://} warehouse of a real S3 server ({@link S3TestServer}: S3Proxy
 * from Maven, reached through Beam's AWS file system with {@code --s3-endpoint}), against the same
 * commands on a local folder: the demo fleet collected (dumps, GKE, EKS, inventory, RBAC), scored,
 * reported, exported (CSV, SARIF) and bundled as evidence. The tables are byte-identical, and so
 * are the report and the exports, and the bundle verifies. (Refused runs and their file times:
 * {@code WarehouseMirrorTest}.)
 */
class ObjectStoreWarehouseTest {

  static final LocalDate DATE = FleetSpec.DEFAULT_SNAPSHOT_DATE;

  @TempDir Path tmp;

  private String[] store = new String[0];

  @Test
  void everyCommandOnAUriWarehouseMatchesTheLocalWarehouse() throws IOException {
    DemoFleet.write(tmp.resolve("in"), FleetSpec.of(3, 2, FleetSpec.DEFAULT_SEED, DATE));
    Run keys =
        FleetscoreCommandTest.run(
            "evidence",
            "keygen",
            "--key",
            tmp.resolve("signer.key").toString(),
            "--cert",
            tmp.resolve("signer.pem").toString());
    assertEquals(ExitCodes.OK, keys.code(), keys.err());
    Path local = tmp.resolve("local-wh");
    everything(local.toString(), tmp.resolve("out-local"));
    Path remote;
    try (S3TestServer server = S3TestServer.start(tmp.resolve("s3"))) {
      server.createBucket("fleet");
      System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
      store =
          new String[] {
            "--s3-endpoint",
            server.endpoint(),
            "--s3-path-style",
            "--s3-region",
            S3TestServer.REGION
          };
      try {
        everything("s3://fleet/wh", tmp.resolve("out-remote"));
      } finally {
        ObjectStore.use(ObjectStore.Settings.DEFAULT);
      }
      // S3Proxy's file-system store keeps each object as a file named by its key.
      remote = server.bucketDir("fleet").resolve("wh");
    }

    TreeMap<String, byte[]> a = tables(local);
    TreeMap<String, byte[]> b = tables(remote);
    assertEquals(a.keySet(), b.keySet());
    assertTrue(a.keySet().stream().anyMatch(k -> k.startsWith("findings/")), a.keySet().toString());
    assertTrue(a.keySet().stream().anyMatch(k -> k.startsWith("cloud_clusters/")));
    a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
    for (String f : List.of("report/report.html", "report/summary.md", "findings.csv", "f.sarif")) {
      assertEquals(
          Files.readString(tmp.resolve("out-local").resolve(f)),
          Files.readString(tmp.resolve("out-remote").resolve(f)),
          f);
    }
    Path bundle = tmp.resolve("out-remote/evidence/fleetscore-evidence-" + DATE + ".tar.gz");
    Run verify =
        FleetscoreCommandTest.run(
            "evidence",
            "verify",
            bundle.toString(),
            "--trusted-cert",
            tmp.resolve("signer.pem").toString());
    assertEquals(ExitCodes.OK, verify.code(), verify.out() + verify.err());
    // Nothing of the mirrors and upload folders is left in the remote warehouse.
    try (Stream<Path> s = Files.walk(remote)) {
      assertTrue(
          s.noneMatch(p -> p.getFileName().toString().startsWith(".upload-")), "no temp records");
    }
  }

  /** Every command of a nightly run, outputs under {@code out}. */
  private void everything(String wh, Path out) {
    String d = DATE.toString();
    String exports = tmp.resolve("in/exports").toString();
    List<String[]> commands =
        List.of(
            new String[] {"collect", "import", tmp.resolve("in/dumps").toString(), "--quiet"},
            new String[] {"collect", "gke", "--from", exports},
            new String[] {"collect", "eks", "--from", exports},
            new String[] {"collect", "inventory", "--from", exports},
            new String[] {"collect", "rbac", "--from", exports},
            new String[] {
              "score", "--runner", "reference", "--max-quarantine-ratio", "0.5", "--quiet"
            },
            new String[] {"report", "--out", out.resolve("report").toString()},
            new String[] {"export", "findings", "--out", out.resolve("findings.csv").toString()},
            new String[] {
              "export", "findings", "--format", "sarif", "--out", out.resolve("f.sarif").toString()
            },
            new String[] {
              "evidence",
              "--key",
              tmp.resolve("signer.key").toString(),
              "--cert",
              tmp.resolve("signer.pem").toString(),
              "--out",
              out.resolve("evidence").toString()
            });
    for (String[] c : commands) {
      List<String> args = new ArrayList<>(List.of(c));
      args.addAll(List.of("--warehouse", wh, "--date", d));
      args.addAll(List.of(store));
      long t0 = System.nanoTime();
      Run r = FleetscoreCommandTest.run(args.toArray(String[]::new));
      System.out.printf("%s: %d ms%n", String.join(" ", c), (System.nanoTime() - t0) / 1_000_000);
      assertEquals(ExitCodes.OK, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
    }
  }

  /** Every visible Parquet file of a warehouse by relative path, with its bytes. */
  private static TreeMap<String, byte[]> tables(Path wh) throws IOException {
    TreeMap<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(wh)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = wh.relativize(p).toString();
        if (rel.endsWith(".parquet") && !rel.startsWith("_") && !rel.contains("/.")) {
          out.put(rel, Files.readAllBytes(p));
        }
      }
    }
    return out;
  }
}
