package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetscore score --runner flink --flink-master localhost:REST_PORT} on a real Flink
 * session cluster: a JobManager and two TaskManagers, each a separate JVM started from Flink's own
 * entry points on this module's test classpath (as {@code bin/jobmanager.sh} and {@code
 * bin/taskmanager.sh} would), one task slot each, with the {@code --add-opens} of {@code
 * bin/fleetscore}. The command runs in-process through {@link FleetscoreCommand}, as {@code
 * bin/fleetscore} runs it; the FlinkRunner ships the classpath jars with the job. The warehouse is
 * the demo's (real importers, bundled packs, planted broken dumps); the same command with {@code
 * --runner direct} scores it first, and every file the Flink run commits for the date (every
 * Parquet file of every table in the score's completion record, and that record's file list) must
 * be byte-identical to the DirectRunner's; fleet_summary differs only in its runner column. The
 * processes are always destroyed, also when the test JVM is stopped.
 */
class FlinkClusterTest {

  /** The opens Flink and Beam need on Java 17, the same list as bin/fleetscore. */
  static final List<String> OPENS =
      List.of(
          "java.lang",
          "java.util",
          "java.nio",
          "sun.nio.ch",
          "java.lang.invoke",
          "java.util.concurrent",
          "java.net",
          "java.io",
          "java.text",
          "java.time",
          "java.lang.reflect");

  static final String DATE = "2026-11-22";
  static final LocalDate D = LocalDate.parse(DATE);

  static final List<Process> PROCESSES = new ArrayList<>();
  static Path confDir;
  static Path logDir;
  static int restPort;

  @TempDir static Path cluster;
  @TempDir static Path demo;

  @BeforeAll
  static void startCluster() throws Exception {
    confDir = Files.createDirectories(cluster.resolve("conf"));
    logDir = Files.createDirectories(cluster.resolve("log"));
    int rpcPort = freePort();
    restPort = freePort();
    int blobPort = freePort();
    Files.writeString(
        confDir.resolve("flink-conf.yaml"),
        String.join(
            "\n",
            "jobmanager.rpc.address: localhost",
            "jobmanager.rpc.port: " + rpcPort,
            "jobmanager.bind-host: localhost",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + restPort,
            "blob.server.port: " + blobPort,
            "taskmanager.host: localhost",
            "taskmanager.bind-host: localhost",
            "taskmanager.numberOfTaskSlots: 1",
            // What bin/taskmanager.sh derives and passes as -D: the full resource spec.
            "taskmanager.cpu.cores: 1",
            "taskmanager.memory.task.off-heap.size: 0m",
            "jobmanager.memory.heap.size: 256m",
            "jobmanager.memory.off-heap.size: 64m",
            "jobmanager.memory.jvm-metaspace.size: 192m",
            "taskmanager.memory.framework.heap.size: 64m",
            "taskmanager.memory.task.heap.size: 256m",
            "taskmanager.memory.managed.size: 32m",
            "taskmanager.memory.framework.off-heap.size: 64m",
            "taskmanager.memory.network.min: 128m",
            "taskmanager.memory.network.max: 128m",
            "taskmanager.memory.jvm-metaspace.size: 192m",
            "taskmanager.memory.jvm-overhead.min: 64m",
            "taskmanager.memory.jvm-overhead.max: 64m",
            "io.tmp.dirs: " + Files.createDirectories(cluster.resolve("tmp")),
            "web.tmpdir: " + Files.createDirectories(cluster.resolve("web")),
            ""));
    // Also when the test JVM is stopped without running @AfterAll (Ctrl-C, surefire timeout).
    Runtime.getRuntime().addShutdownHook(new Thread(FlinkClusterTest::stopCluster));
    start("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
    start("taskmanager-1", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    start("taskmanager-2", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    // The demo's raw tables, imported and scored while the cluster starts up.
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "demo",
            "--clusters",
            "2",
            "--nodes-per-cluster",
            "3",
            "--date",
            DATE,
            "--runner",
            "reference",
            "--dir",
            demo.resolve("fleet").toString());
    assertEquals(0, r.code(), r.err());
    awaitTaskManagers(2);
  }

  @AfterAll
  static synchronized void stopCluster() {
    for (Process p : PROCESSES) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : PROCESSES) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void theScoreCommandOnASessionClusterWritesTheSameFilesAsTheDirectRunner() throws IOException {
    Path wh = demo.resolve("fleet").resolve("warehouse");
    FleetscoreCommandTest.Run direct = score(wh, "direct");
    assertEquals(0, direct.code(), direct.err());
    assertTrue(direct.out().contains("on DirectRunner"), direct.out());
    RunRecord directRecord = record(wh);
    Map<String, byte[]> d = committed(wh, directRecord);
    List<FleetSummaryRow> directSummary =
        LocalTables.readAll(wh, Table.FLEET_SUMMARY, D, FleetSummaryRow.class);
    // The Flink run must write every file itself, not find the DirectRunner's.
    for (Table t : directRecord.tables().keySet()) {
      CommitSafetyTest.deleteTree(LocalTables.partition(wh, t, D));
    }
    Files.delete(Path.of(RunRecord.path(wh.toString(), RunScope.score(D))));

    List<Path> stagedBefore = stagedJars();
    FleetscoreCommandTest.Run flink;
    try {
      flink = score(wh, "flink", "--flink-master", "localhost:" + restPort, "--parallelism", "2");
    } finally {
      for (Path p : stagedJars()) {
        if (!stagedBefore.contains(p)) {
          Files.deleteIfExists(p);
        }
      }
    }
    assertEquals(0, flink.code(), flink.err() + "\n" + logs());
    assertTrue(flink.out().startsWith("scored snapshot " + DATE), flink.out());
    assertTrue(flink.out().contains("on FlinkRunner"), flink.out());
    assertEquals(
        summaryWithoutTime(direct.out()).replace("DirectRunner", "FlinkRunner"),
        summaryWithoutTime(flink.out()),
        "the printed summary, but for the runner and the time");
    assertTrue(
        get("/jobs/overview").matches("(?s).*\"name\":\"fleetscore-score-" + DATE + "[^\"]*\".*"),
        "the job ran on the session cluster: " + get("/jobs/overview"));
    assertTrue(get("/jobs/overview").contains("\"state\":\"FINISHED\""), get("/jobs/overview"));

    RunRecord flinkRecord = record(wh);
    assertEquals(
        directRecord.runId(), flinkRecord.runId(), "the run id is the inputs', not the runner's");
    assertEquals(directRecord.tables().keySet(), flinkRecord.tables().keySet());
    for (Table t : directRecord.tables().keySet()) {
      List<RunRecord.FileEntry> a = directRecord.tables().get(t);
      List<RunRecord.FileEntry> b = flinkRecord.tables().get(t);
      assertFalse(a.isEmpty(), t + " has no file");
      if (t == Table.FLEET_SUMMARY) {
        assertEquals(names(a), names(b), t.tableName());
      } else {
        assertEquals(a, b, t.tableName() + " in the completion record");
      }
    }
    Map<String, byte[]> f = committed(wh, flinkRecord);
    assertEquals(d.keySet(), f.keySet());
    for (String k : d.keySet()) {
      if (!k.startsWith(Table.FLEET_SUMMARY.tableName() + "/")) {
        assertArrayEquals(d.get(k), f.get(k), k + " differs");
      }
    }
    List<FleetSummaryRow> flinkSummary =
        LocalTables.readAll(wh, Table.FLEET_SUMMARY, D, FleetSummaryRow.class);
    flinkSummary.forEach(
        x -> {
          assertEquals("FlinkRunner", x.getRunner());
          x.setRunner("DirectRunner");
        });
    assertEquals(directSummary, flinkSummary);
  }

  static FleetscoreCommandTest.Run score(Path wh, String runner, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "score",
                "--warehouse",
                wh.toString(),
                "--date",
                DATE,
                "--runner",
                runner,
                // The demo plants broken dumps on purpose, more than the default 5% allows.
                "--max-quarantine-ratio",
                "0.5"));
    args.addAll(List.of(more));
    return FleetscoreCommandTest.run(args.toArray(String[]::new));
  }

  /** The score's completion record of the date. */
  static RunRecord record(Path wh) throws IOException {
    Path p = Path.of(RunRecord.path(wh.toString(), RunScope.score(D)));
    return RunRecord.parse(Files.readAllBytes(p), p.toString());
  }

  /**
   * Every file in the date's partition of every table the record lists, by path relative to the
   * warehouse; each must be one the record names (no leftovers, nothing hidden).
   */
  static Map<String, byte[]> committed(Path wh, RunRecord r) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (Map.Entry<Table, List<RunRecord.FileEntry>> e : r.tables().entrySet()) {
      Path dir = LocalTables.partition(wh, e.getKey(), D);
      List<String> seen = new ArrayList<>();
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.sorted().toList()) {
          seen.add(p.getFileName().toString());
          out.put(wh.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
      assertEquals(names(e.getValue()), seen, "the files of " + dir);
    }
    return out;
  }

  static List<String> names(List<RunRecord.FileEntry> files) {
    return files.stream().map(RunRecord.FileEntry::name).toList();
  }

  /**
   * The jars Beam zips the classpath's folders into before staging them ({@code
   * java.io.tmpdir/<sha256>.jar}); it never deletes them, so the test deletes the ones its run
   * made.
   */
  static List<Path> stagedJars() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.jar")).toList();
    }
  }

  /** The printed summary without its "in 12.3 s". */
  static String summaryWithoutTime(String out) {
    return out.replaceFirst(" in [0-9.]+ s\\n", "\n");
  }

  static void start(String name, String mainClass) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
    for (String pkg : OPENS) {
      cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(confDir.toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve(name + ".log").toFile())
            .start();
    PROCESSES.add(p);
  }

  /**
   * Polls the REST endpoint until it reports {@code n} TaskManagers; fails with the logs if not.
   */
  static void awaitTaskManagers(int n) throws Exception {
    Pattern tms = Pattern.compile("\"taskmanagers\":(\\d+)");
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "";
    while (System.nanoTime() < until) {
      for (Process p : PROCESSES) {
        if (!p.isAlive()) {
          throw new AssertionError("a Flink process exited with " + p.exitValue() + "\n" + logs());
        }
      }
      try {
        last = get("/overview");
        Matcher m = tms.matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) >= n) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no " + n + " TaskManagers registered: " + last + "\n" + logs());
  }

  static String get(String path) throws IOException {
    try {
      HttpResponse<String> res =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + path))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return res.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The tail of every Flink process's log, for failure messages. */
  static String logs() {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path f : files.sorted().toList()) {
        String s = Files.readString(f, StandardCharsets.UTF_8);
        sb.append("== ").append(f.getFileName()).append('\n');
        sb.append(s, Math.max(0, s.length() - 4000), s.length()).append('\n');
      }
    } catch (IOException e) {
      sb.append("(logs unreadable: ").append(e).append(")\n");
    }
    return sb.toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
