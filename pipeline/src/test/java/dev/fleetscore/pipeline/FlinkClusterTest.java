package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink session cluster: a JobManager and two TaskManagers, each a separate JVM started from
 * Flink's own entry points on this module's test classpath (as {@code bin/jobmanager.sh} and {@code
 * bin/taskmanager.sh} would), one task slot each. The fixture fleet is scored on it through {@code
 * --flink-master localhost:REST_PORT} (the FlinkRunner ships the classpath jars to the cluster) and
 * every output table must be byte-identical to the DirectRunner's; fleet_summary differs only in
 * its runner column. The processes are always destroyed.
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

  static final List<Process> PROCESSES = new ArrayList<>();
  static Path confDir;
  static Path logDir;
  static int restPort;

  @TempDir static Path cluster;
  @TempDir Path direct;
  @TempDir Path flink;

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
  void aSessionClusterWritesTheSameTablesAsTheDirectRunner() throws IOException {
    FixtureFleet.write(direct, FixtureFleet.DAY1, false);
    FixtureFleet.write(flink, FixtureFleet.DAY1, false);
    ScoreGoldenTest.score(direct, FixtureFleet.DAY1, ScoreRun.Engine.DIRECT);
    ScoreRun.Result r =
        ScoreRun.run(
            new ScoreRun.Request(
                flink.toString(),
                FixtureFleet.DAY1,
                null,
                ScoreRun.Engine.FLINK,
                "localhost:" + restPort,
                2,
                0.5,
                null),
            FakeScoring.spec());
    assertEquals("FlinkRunner", r.totals().getRunner());
    assertTrue(
        get("/jobs/overview").contains("\"state\":\"FINISHED\""),
        "the job ran on the session cluster");
    Map<String, byte[]> d = ScoreGoldenTest.files(direct);
    Map<String, byte[]> f = ScoreGoldenTest.files(flink);
    ScoreGoldenTest.assertSame(d, f, "fleet_summary");
    List<FleetSummaryRow> a =
        LocalTables.readAll(direct, Table.FLEET_SUMMARY, FixtureFleet.DAY1, FleetSummaryRow.class);
    List<FleetSummaryRow> b =
        LocalTables.readAll(flink, Table.FLEET_SUMMARY, FixtureFleet.DAY1, FleetSummaryRow.class);
    b.forEach(x -> x.setRunner("DirectRunner"));
    assertEquals(a, b);
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

  static String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(logDir)) {
      for (Path f : files.sorted().toList()) {
        String s = Files.readString(f, StandardCharsets.UTF_8);
        sb.append("== ").append(f.getFileName()).append('\n');
        sb.append(s, Math.max(0, s.length() - 4000), s.length()).append('\n');
      }
    }
    return sb.toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
