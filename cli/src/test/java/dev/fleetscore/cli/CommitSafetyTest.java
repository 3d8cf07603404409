package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunLock;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a concurrent, killed or repeated run does to a warehouse: one writer per date (a lock that
 * survives a dead holder), readers that refuse a torn date, the next run repairing it and cleaning
 * dead runs' staging folders, and separate processes writing identical bytes.
 */
class CommitSafetyTest {

  static final String DATE = "2026-11-22";
  static final LocalDate D = LocalDate.parse(DATE);

  @TempDir static Path dir;
  static Path warehouse;

  @BeforeAll
  static void demo() {
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "demo",
            "--clusters",
            "2",
            "--nodes-per-cluster",
            "3",
            "--date",
            DATE,
            "--dir",
            dir.resolve("demo").toString());
    assertEquals(0, r.code(), r.err());
    warehouse = dir.resolve("demo").resolve("warehouse");
  }

  static FleetscoreCommandTest.Run score(String ratio) {
    return FleetscoreCommandTest.run(
        "score",
        "--warehouse",
        warehouse.toString(),
        "--date",
        DATE,
        "--max-quarantine-ratio",
        ratio);
  }

  @Test
  void aSecondRunWhileTheFirstHoldsTheDateFailsNamingTheHolder() {
    RunLock held = RunLock.acquire(warehouse, RunScope.score(D), "the-first-run");
    try {
      FleetscoreCommandTest.Run r = score("0.5");
      assertEquals(ExitCodes.INPUT, r.code(), r.err());
      assertTrue(r.err().contains("another run is writing the score of " + DATE), r.err());
      assertTrue(r.err().contains("the-first-run"), r.err());
      assertTrue(r.err().contains("pid " + ProcessHandle.current().pid()), r.err());
    } finally {
      held.close();
    }
    assertEquals(0, score("0.5").code());
  }

  @Test
  void aLockLeftByADeadProcessIsTakenOver() throws Exception {
    Process dead = new ProcessBuilder(javaBin(), "-version").start();
    dead.waitFor(60, TimeUnit.SECONDS);
    Path lock = warehouse.resolve(RunLock.DIR).resolve(RunScope.score(D).lockName());
    Files.createDirectories(lock.getParent());
    Files.writeString(
        lock,
        "{\"run_id\": \"killed\", \"pid\": "
            + dead.pid()
            + ", \"host\": \""
            + InetAddress.getLocalHost().getHostName()
            + "\", \"started\": \"2026-11-22T02:00:00Z\"}");
    FleetscoreCommandTest.Run r = score("0.5");
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(lock), "the lock is released after the run");
  }

  @Test
  void aTornDateIsRefusedByReadersUntilTheNextRunRepairsIt() throws Exception {
    assertEquals(0, score("0.5").code());
    Path scores = LocalTables.partition(warehouse, Table.NODE_SCORES, D);
    Path saved = dir.resolve("saved-node-scores");
    copyTree(scores, saved);
    // Another run id (the gate is part of it) with the same rows. The first run's files copied
    // back beside the second's are what a run killed mid-commit leaves: readers skip them, as the
    // record does not name them. A file the record names going missing is a torn date.
    assertEquals(0, score("0.6").code());
    List<Path> named = LocalTables.files(warehouse, Table.NODE_SCORES, D);
    copyTree(saved, scores);
    assertEquals(named, LocalTables.files(warehouse, Table.NODE_SCORES, D));
    Files.delete(named.get(0));

    Path key = dir.resolve("signer.key");
    Path cert = dir.resolve("signer.pem");
    if (!Files.exists(key)) {
      assertEquals(
          0,
          FleetscoreCommandTest.run(
                  "evidence", "keygen", "--key", key.toString(), "--cert", cert.toString())
              .code());
    }
    List<FleetscoreCommandTest.Run> refused =
        List.of(
            FleetscoreCommandTest.run(
                "report",
                "--warehouse",
                warehouse.toString(),
                "--date",
                DATE,
                "--out",
                dir.resolve("report").toString()),
            FleetscoreCommandTest.run(
                "export",
                "node_scores",
                "--warehouse",
                warehouse.toString(),
                "--date",
                DATE,
                "--out",
                dir.resolve("export.csv").toString()),
            FleetscoreCommandTest.run(
                "evidence",
                "--warehouse",
                warehouse.toString(),
                "--date",
                DATE,
                "--key",
                key.toString(),
                "--cert",
                cert.toString(),
                "--out",
                dir.resolve("evidence").toString()));
    for (FleetscoreCommandTest.Run r : refused) {
      assertEquals(ExitCodes.INPUT, r.code(), r.err());
      assertTrue(
          r.err().contains("table node_scores of snapshot " + DATE + " is incomplete"), r.err());
    }

    assertEquals(0, score("0.5").code());
    assertEquals(
        0,
        FleetscoreCommandTest.run(
                "report",
                "--warehouse",
                warehouse.toString(),
                "--date",
                DATE,
                "--out",
                dir.resolve("report").toString())
            .code());
  }

  @Test
  void theNextRunOfATableCleansItsDeadRunsStagingFolders() throws Exception {
    Path findings = warehouse.resolve(Table.FINDINGS.tableName());
    Path deadScore = findings.resolve(RunScope.score(D).newStagingName());
    Path unscoped = findings.resolve(".staging-0b7c6f1e-2a4d-4c55-9d0e-6f7a8b9c0d1e");
    Path otherDate = findings.resolve(RunScope.score(D.minusDays(1)).newStagingName());
    Path deadImport =
        warehouse
            .resolve(Table.PROCESSES.tableName())
            .resolve(RunScope.importRun(D, "import").newStagingName());
    for (Path p : List.of(deadScore, unscoped, otherDate, deadImport)) {
      Files.createDirectories(p.resolve("snapshot_date=" + DATE));
      Files.writeString(p.resolve("snapshot_date=" + DATE).resolve("part.parquet"), "half");
    }
    assertEquals(0, score("0.5").code());
    assertFalse(Files.exists(deadScore));
    assertFalse(Files.exists(unscoped));
    assertTrue(Files.exists(otherDate), "another date's run may still be alive");
    assertTrue(Files.exists(deadImport), "an import's folder is not the score's to clean");
    deleteTree(otherDate);
    deleteTree(deadImport);
  }

  /**
   * Two separate JVMs run the whole demo (generate, import, cloud import, score two dates); the
   * second does other work first, as a different command or worker would, so the enum constants
   * parquet-java hashes get other identity hash codes. Every warehouse file must be the same.
   */
  @Test
  void separateProcessesWriteIdenticalWarehouses() throws Exception {
    // Same folder for both (rows name their source files), moved aside in between.
    Path b = dir.resolve("proc");
    Path a = dir.resolve("proc-first");
    runDemoInChild(b, 0);
    Files.move(b, a);
    runDemoInChild(b, 13);
    Map<String, byte[]> left = files(a.resolve("warehouse"));
    Map<String, byte[]> right = files(b.resolve("warehouse"));
    assertEquals(left.keySet(), right.keySet());
    assertTrue(
        left.keySet().stream().anyMatch(k -> k.startsWith("findings/")), left.keySet().toString());
    for (String k : left.keySet()) {
      if (k.contains("/" + RunLineage.DIR + "/")) {
        // A run's lineage records when it ran; everything else in it must be the same.
        assertEquals(withoutTimes(left.get(k)), withoutTimes(right.get(k)), k + " differs");
        continue;
      }
      assertTrue(java.util.Arrays.equals(left.get(k), right.get(k)), k + " differs");
    }
  }

  private static JsonNode withoutTimes(byte[] json) throws IOException {
    ObjectNode o = (ObjectNode) new ObjectMapper().readTree(json);
    for (String f : RunLineage.TIME_FIELDS) {
      assertTrue(o.has(f), f);
      o.remove(f);
    }
    return o;
  }

  /** Takes {@code args[0]} identity hash codes, then runs the CLI with the other arguments. */
  public static void main(String[] args) {
    for (int i = Integer.parseInt(args[0]); i > 0; i--) {
      System.identityHashCode(new Object());
    }
    System.exit(FleetscoreCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
  }

  static void runDemoInChild(Path out, int hashesBefore) throws Exception {
    Path log = dir.resolve(out.getFileName() + ".log");
    Process p =
        new ProcessBuilder(
                javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                CommitSafetyTest.class.getName(),
                Integer.toString(hashesBefore),
                "demo",
                "--clusters",
                "2",
                "--nodes-per-cluster",
                "3",
                "--date",
                DATE,
                "--dir",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish");
    }
    assertEquals(0, p.exitValue(), Files.readString(log));
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
