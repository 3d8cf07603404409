package dev.fleetscore.schema.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.common.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock that lets one run at a time write a {@link RunScope}: the file {@code
 * <warehouse>/_locks/<scope>.lock}, created atomically (create-new) and holding the holder's run
 * id, pid, host and start time. A second run while the holder lives fails with exit 3 naming the
 * holder. A lock whose holder is not alive on this host (killed, crashed) is stale and taken over
 * with a log line. A holder on another host cannot be checked and counts as alive.
 *
 * <p>Only local (and shared POSIX) file systems create a file atomically; object stores reached
 * through Beam file systems do not, so {@code score} on a {@code gs://} or {@code s3://} warehouse
 * is not locked.
 */
public final class RunLock implements AutoCloseable {

  public static final String DIR = "_locks";

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final byte[] content;

  private RunLock(Path file, byte[] content) {
    this.file = file;
    this.content = content;
  }

  /** Takes the lock of {@code scope} for the run {@code runId}, or fails naming the holder. */
  public static RunLock acquire(Path warehouse, RunScope scope, String runId) {
    Path file = warehouse.resolve(DIR).resolve(scope.lockName());
    ObjectNode me = JSON.createObjectNode();
    me.put("scope", scope.toString());
    me.put("run_id", runId);
    me.put("pid", ProcessHandle.current().pid());
    me.put("host", host());
    me.put("started", Instant.now().toString());
    byte[] content;
    try {
      content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(me);
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file.getParent(), e);
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        Files.write(file, content, java.nio.file.StandardOpenOption.CREATE_NEW);
        return new RunLock(file, content);
      } catch (FileAlreadyExistsException e) {
        takeOverIfStale(file, scope);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the lock " + file, e);
      }
    }
    throw new UserError(
        "cannot take the lock " + file + " for the " + scope + ": it keeps changing");
  }

  /** Removes a stale lock (atomically, so two runs cannot both take it over), else fails. */
  private static void takeOverIfStale(Path file, RunScope scope) {
    byte[] held;
    JsonNode holder;
    try {
      held = Files.readAllBytes(file);
      holder = JSON.readTree(held);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lock " + file, e);
    }
    long pid = holder.path("pid").asLong(-1);
    String host = holder.path("host").asText("");
    boolean sameHost = host.equals(host());
    boolean alive =
        !sameHost
            || pid == ProcessHandle.current().pid()
            || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    if (alive) {
      throw new UserError(
          "another run is writing the "
              + scope
              + ": run "
              + holder.path("run_id").asText("?")
              + " (pid "
              + pid
              + " on "
              + host
              + ", started "
              + holder.path("started").asText("?")
              + ") holds "
              + file
              + (sameHost
                  ? ""
                  : "; it runs on another host, so it cannot be checked: if it is dead, delete the"
                      + " lock file"));
    }
    Path aside = file.resolveSibling(file.getFileName() + ".stale-" + UUID.randomUUID());
    try {
      Files.move(file, aside);
    } catch (NoSuchFileException e) {
      return; // another run took it over first; try again
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take over the stale lock " + file, e);
    }
    try {
      if (!Arrays.equals(held, Files.readAllBytes(aside))) {
        // A run that took it over in between wrote a new lock: give it back.
        Files.move(aside, file);
        return;
      }
      Files.delete(aside);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take over the stale lock " + file, e);
    }
    LOG.warn(
        "took over the stale lock of the {}: run {} (pid {} on {}) is no longer alive",
        scope,
        holder.path("run_id").asText("?"),
        pid,
        host);
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "unknown" : h;
    }
  }

  /** Releases the lock if it is still this run's. */
  @Override
  public void close() {
    try {
      if (Arrays.equals(content, Files.readAllBytes(file))) {
        Files.delete(file);
      }
    } catch (NoSuchFileException e) {
      // Deleted by hand; nothing to release.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock " + file, e);
    }
  }
}
