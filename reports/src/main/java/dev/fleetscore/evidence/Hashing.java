package dev.fleetscore.evidence;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.io.SnappyCodecFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/** SHA-256 of files and streams, Parquet row counts from footers, and rule-pack content hashes. */
final class Hashing {

  private Hashing() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** Lowercase hex SHA-256 of a file, streamed. */
  static String file(Path p) {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
    return hex(md.digest());
  }

  static String bytes(byte[] b) {
    return hex(sha256().digest(b));
  }

  /** Rows in a Parquet file, from its footer. */
  static long parquetRows(Path p) {
    try (ParquetFileReader r =
        ParquetFileReader.open(
            new LocalInputFile(p),
            ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(SnappyCodecFactory.INSTANCE)
                .build())) {
      return r.getRecordCount();
    } catch (IOException | RuntimeException e) {
      throw new UserError("cannot read the Parquet footer of " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * The digest of a table: SHA-256 over one line {@code <file name> <sha256>\n} per file in name
   * order. Two runs that wrote the same files under the same names have the same table digest,
   * whatever folder they live in; that is how "rescoring the same inputs reproduces the same
   * tables" is checked from two manifests.
   */
  static String table(List<String[]> nameAndSha) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (String[] f : nameAndSha) {
      sorted.put(f[0], f[1]);
    }
    StringBuilder sb = new StringBuilder();
    sorted.forEach((n, h) -> sb.append(n).append(' ').append(h).append('\n'));
    return bytes(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The content hash of a rule pack directory with the rule engine's recipe: SHA-256 over every
   * {@code .yaml}/{@code .yml} file directly in it (the loader requires each to be listed in {@code
   * pack.yaml}), in name order, each as 4-byte big-endian length + UTF-8 name + 4-byte length +
   * content. Its first 16 hex digits are the {@code +hash} part of a findings {@code pack_version},
   * so a copied pack can be tied to the findings that cite it.
   */
  static String rulePack(Path dir) {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"))) {
          files.put(n, p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    MessageDigest md = sha256();
    try {
      for (Map.Entry<String, Path> e : files.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        byte[] content = Files.readAllBytes(e.getValue());
        md.update(len(name.length));
        md.update(name);
        md.update(len(content.length));
        md.update(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    return hex(md.digest());
  }

  private static byte[] len(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }
}
