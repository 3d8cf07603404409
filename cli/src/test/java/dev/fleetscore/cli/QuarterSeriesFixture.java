package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One weekly demo series and its quarter bundle, built once per test JVM and shared by the quarter
 * tests: {@code fleetscore demo --weeks 14} (3 clusters of 8 nodes, so 4 of each past the scripted
 * showcase positions, the reference loop, so the 13 scored weeks take seconds each), a signing
 * identity, and {@code fleetscore evidence --from 2026-07-01 --to 2026-09-30 --cadence weekly}.
 * Kept in {@code cli/target/quarter-series/}.
 */
final class QuarterSeriesFixture {

  static final String FROM = "2026-07-01";
  static final String TO = "2026-09-30";
  static final String NAME = "fleetscore-evidence-" + FROM + "_" + TO;

  /**
   * @param dir the fixture's folder
   * @param warehouse the series' warehouse
   * @param key the signer's key
   * @param cert the signer's certificate
   * @param bundle the quarter bundle folder
   * @param demoOut what the demo printed
   * @param evidenceOut what evidence printed
   */
  record Series(
      Path dir,
      Path warehouse,
      Path key,
      Path cert,
      Path bundle,
      String demoOut,
      String evidenceOut) {}

  private static Series series;

  private QuarterSeriesFixture() {}

  static synchronized Series get() {
    if (series != null) {
      return series;
    }
    Path dir = Path.of("target", "quarter-series").toAbsolutePath();
    deleteTree(dir);
    Run demo =
        FleetscoreCommandTest.run(
            "demo",
            "--weeks",
            "14",
            "--clusters",
            "3",
            "--nodes-per-cluster",
            "8",
            "--runner",
            "reference",
            "--dir",
            dir.resolve("demo").toString());
    assertEquals(ExitCodes.OK, demo.code(), demo.out() + demo.err());
    Path key = dir.resolve("signer.key");
    Path cert = dir.resolve("signer.pem");
    Run k =
        FleetscoreCommandTest.run(
            "evidence", "keygen", "--key", key.toString(), "--cert", cert.toString());
    assertEquals(ExitCodes.OK, k.code(), k.err());
    Path warehouse = dir.resolve("demo/warehouse");
    Run ev = build(warehouse, key, cert, dir.resolve("evidence"));
    assertEquals(ExitCodes.OK, ev.code(), ev.out() + ev.err());
    series =
        new Series(
            dir, warehouse, key, cert, dir.resolve("evidence").resolve(NAME), demo.out(), ev.out());
    return series;
  }

  static Run build(Path warehouse, Path key, Path cert, Path out, String... extra) {
    String[] base = {
      "evidence",
      "--warehouse",
      warehouse.toString(),
      "--from",
      FROM,
      "--to",
      TO,
      "--cadence",
      "weekly",
      "--key",
      key.toString(),
      "--cert",
      cert.toString(),
      "--out",
      out.toString()
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return FleetscoreCommandTest.run(all);
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
