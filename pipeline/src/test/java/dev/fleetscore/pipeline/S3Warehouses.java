package dev.fleetscore.pipeline;

import dev.fleetscore.testing.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Test helpers for warehouses on {@link S3TestServer}: pointing this JVM's Beam file systems at the
 * server, and copying local warehouse trees to and from a bucket.
 */
final class S3Warehouses {

  private S3Warehouses() {}

  /** Credentials through the AWS default chain's system properties, as a user's env would. */
  static void useServer(S3TestServer server) {
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    ObjectStore.use(new ObjectStore.Settings(server.endpoint(), true, S3TestServer.REGION));
  }

  static void reset() {
    ObjectStore.use(ObjectStore.Settings.DEFAULT);
  }

  /** Copies every file under {@code local} to the same relative keys under {@code uri}. */
  static void upload(Path local, String uri) {
    try (Stream<Path> s = Files.walk(local)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        String key = uri + "/" + local.relativize(f).toString().replace('\\', '/');
        try (WritableByteChannel c =
            FileSystems.create(BeamFiles.resource(key), MimeTypes.BINARY)) {
          c.write(ByteBuffer.wrap(Files.readAllBytes(f)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot upload " + local, e);
    }
  }

  /** Every object under {@code uri} (any depth), as paths relative to it, sorted. */
  static List<String> list(String uri) {
    List<String> out = new ArrayList<>();
    for (var m : BeamFiles.match(uri + "/**")) {
      out.add(m.resourceId().toString().substring(uri.length() + 1));
    }
    return out;
  }

  /** Copies every object under {@code uri} to the same relative paths under {@code local}. */
  static void download(String uri, Path local) {
    try {
      for (String rel : list(uri)) {
        Path f = local.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, read(uri + "/" + rel));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot download " + uri, e);
    }
  }

  /** The bytes of one object. */
  static byte[] read(String uri) {
    try (var in = Channels.newInputStream(FileSystems.open(BeamFiles.resource(uri)))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }
}
