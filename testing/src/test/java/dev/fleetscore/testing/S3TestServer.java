package dev.fleetscore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy (Maven artifact {@code
 * org.gaul:s3proxy:jar-with-dependencies}) started as its own JVM on a free local port, storing its
 * buckets in a folder (its {@code filesystem} blob store) and checking AWS v2/v4 signatures against
 * {@link #ACCESS_KEY} and {@link #SECRET_KEY}.
 *
 * <p>Its own JVM and classpath, so its Jetty and jclouds never meet Beam's and Flink's on the test
 * classpath. A module whose tests use it declares {@code maven-dependency-plugin}, whose inherited
 * {@code copy-s3proxy} execution puts the jar at {@code target/s3proxy/s3proxy.jar} before the
 * tests run. A shutdown hook stops the server if a test forgets to.
 */
public final class S3TestServer implements AutoCloseable {

  public static final String ACCESS_KEY = "fleetscore-test";
  public static final String SECRET_KEY = "fleetscore-test-secret";
  public static final String REGION = "us-east-1";

  /** Where the {@code copy-s3proxy} execution puts the server's jar, relative to the module. */
  public static final Path DEFAULT_JAR = Path.of("target", "s3proxy", "s3proxy.jar");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static S3TestServer shared;

  private final Process process;
  private final Path dataDir;
  private final int port;
  private final Thread hook;

  private S3TestServer(Process process, Path dataDir, int port) {
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
    this.hook = new Thread(process::destroyForcibly, "s3proxy-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * One server for every test of this JVM (started on first use from {@link #DEFAULT_JAR}, its
   * buckets in {@code target/}, stopped by the shutdown hook), since starting one costs seconds;
   * tests keep apart by bucket.
   */
  public static synchronized S3TestServer shared() {
    if (shared == null || !shared.process.isAlive()) {
      try {
        shared =
            start(
                Files.createDirectories(
                    Path.of("target", "s3-test-server-" + ProcessHandle.current().pid())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the S3 server's folder", e);
      }
    }
    return shared;
  }

  /** Starts S3Proxy from {@link #DEFAULT_JAR}, its buckets under {@code workDir}. */
  public static S3TestServer start(Path workDir) {
    return start(DEFAULT_JAR, workDir);
  }

  /** Starts S3Proxy from {@code jar}, keeping its buckets and log under {@code workDir}. */
  public static S3TestServer start(Path jar, Path workDir) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: declare maven-dependency-plugin in the module's pom (its copy-s3proxy"
              + " execution copies org.gaul:s3proxy there)");
    }
    try {
      Path data = Files.createDirectories(workDir.resolve("s3-data"));
      int port = freePort();
      Properties p = new Properties();
      p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      p.setProperty("s3proxy.identity", ACCESS_KEY);
      p.setProperty("s3proxy.credential", SECRET_KEY);
      p.setProperty("jclouds.provider", "filesystem");
      p.setProperty("jclouds.filesystem.basedir", data.toAbsolutePath().toString());
      p.setProperty("jclouds.identity", ACCESS_KEY);
      p.setProperty("jclouds.credential", SECRET_KEY);
      Path conf = workDir.resolve("s3proxy.conf");
      try (var w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
        p.store(w, "S3TestServer");
      }
      Path log = workDir.resolve("s3proxy.log");
      Process proc =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx256m",
                      "-jar",
                      jar.toAbsolutePath().toString(),
                      "--properties",
                      conf.toAbsolutePath().toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      S3TestServer server = new S3TestServer(proc, data, port);
      server.awaitUp(log);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy", e);
    }
  }

  /** Waits until the server answers HTTP (any status: an unsigned request is refused). */
  private void awaitUp(Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint()).toURL().openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode();
        c.disconnect();
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while S3Proxy starts", e);
        }
      }
    }
    close();
    throw new IllegalStateException(
        "S3Proxy did not answer within " + START_TIMEOUT + ": " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The server's URL, for an S3 client's endpoint override (path-style access). */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates an empty bucket through the S3 API (a folder made by hand is not a bucket to it). */
  public String createBucket(String name) {
    try (S3Client c =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint()))
            .forcePathStyle(true)
            .region(Region.of(REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build()) {
      c.createBucket(b -> b.bucket(name));
    }
    return name;
  }

  /** The folder holding the objects of {@code bucket}, key paths below it (for assertions). */
  public Path bucketDir(String bucket) {
    return dataDir.resolve(bucket);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs anyway.
    }
  }
}
