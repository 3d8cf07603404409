package dev.fleetscore.collect.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The files of one node dump, read from a folder or a {@code .tar.gz}, keyed by their path inside
 * the dump ({@code meta.env}, {@code fs/etc/...}). Reading never fails on bad content: a file over
 * the size limit, a symlink leaving the dump, a path with {@code ..} or a truncated archive become
 * {@link Problem}s and the rest is kept. The live collector builds one in memory ({@link #of}). The
 * dump id is a SHA-256 over every file name and content, in name order, so the same dump always
 * gets the same id wherever it is stored.
 */
final class DumpFiles {

  /** A problem met while reading the dump itself. */
  record Problem(String path, String code, String message) {}

  final Map<String, byte[]> files = new TreeMap<>();
  final List<Problem> problems = new ArrayList<>();
  long bytesTotal;
  String dumpId;

  private final Map<String, byte[]> digests = new TreeMap<>();
  private final Map<String, String> links = new TreeMap<>();
  private final long maxFileBytes;

  private DumpFiles(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /** Reads a folder or a .tar.gz (anything that is not a folder is read as a gzipped tar). */
  static DumpFiles read(Path dump, long maxFileBytes) {
    DumpFiles d = new DumpFiles(maxFileBytes);
    if (Files.isDirectory(dump)) {
      d.readDirectory(dump);
    } else {
      d.readTarGz(dump);
    }
    d.resolveLinks();
    d.dumpId = d.computeId();
    return d;
  }

  /**
   * A dump already held in memory (the live collector): entries keyed by their path inside the
   * dump, content within the limit; the problems met while gathering them.
   */
  static DumpFiles of(Map<String, byte[]> entries, List<Problem> problems) {
    DumpFiles d = new DumpFiles(Long.MAX_VALUE);
    for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
      String name = clean(e.getKey());
      if (name == null || name.isEmpty() || !name.equals(e.getKey())) {
        throw new IllegalArgumentException("not a dump path: '" + e.getKey() + "'");
      }
      d.files.put(name, e.getValue());
      d.digests.put(name, sha256().digest(e.getValue()));
      d.bytesTotal += e.getValue().length;
    }
    d.problems.addAll(problems);
    d.dumpId = d.computeId();
    return d;
  }

  String text(String path) {
    byte[] b = files.get(path);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private void readTarGz(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        GzipCompressorInputStream gz = new GzipCompressorInputStream(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = clean(e.getName());
        if (name == null) {
          problems.add(
              new Problem(
                  e.getName(),
                  "PATH_TRAVERSAL",
                  "archive entry '" + e.getName() + "' leaves the dump; ignored"));
          continue;
        }
        if (e.isDirectory() || name.isEmpty()) {
          continue;
        }
        if (e.isSymbolicLink()) {
          links.put(name, e.getLinkName());
          continue;
        }
        if (!e.isFile()) {
          continue;
        }
        take(name, tar, e.getSize());
      }
    } catch (IOException e) {
      problems.add(
          new Problem(
              null,
              "TRUNCATED",
              "archive cannot be read to its end ("
                  + e.getMessage()
                  + "); the files read before the damage are kept"));
    }
  }

  private void readDirectory(Path root) {
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.sorted().toList();
    } catch (IOException e) {
      problems.add(new Problem(null, "UNREADABLE", "cannot list the dump: " + e.getMessage()));
      return;
    }
    for (Path p : all) {
      String name = root.relativize(p).toString().replace('\\', '/');
      if (name.isEmpty()) {
        continue;
      }
      try {
        if (Files.isSymbolicLink(p)) {
          Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
          if (!target.startsWith(root.normalize())) {
            problems.add(
                new Problem(
                    name,
                    "SYMLINK_OUTSIDE_DUMP",
                    "symlink " + name + " points outside the dump; not followed"));
            continue;
          }
          links.put(name, root.normalize().relativize(target).toString().replace('\\', '/'));
          continue;
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
          take(name, in, Files.size(p));
        }
      } catch (IOException e) {
        problems.add(
            new Problem(name, "UNREADABLE", "cannot read " + name + ": " + e.getMessage()));
      }
    }
  }

  /** Reads one file's bytes (hashing all of them), keeping the content only within the limit. */
  private void take(String name, InputStream in, long declaredSize) throws IOException {
    MessageDigest md = sha256();
    boolean keep = declaredSize <= maxFileBytes;
    ByteArrayOutputStream out =
        keep ? new ByteArrayOutputStream((int) Math.max(0, declaredSize)) : null;
    byte[] buf = new byte[1 << 16];
    long n = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      md.update(buf, 0, r);
      n += r;
      if (out != null) {
        if (n > maxFileBytes) {
          out = null;
        } else {
          out.write(buf, 0, r);
        }
      }
    }
    bytesTotal += n;
    digests.put(name, md.digest());
    if (out == null) {
      problems.add(
          new Problem(
              name,
              "TOO_LARGE",
              name + " is " + n + " bytes, over the limit of " + maxFileBytes + "; not read"));
    } else {
      files.put(name, out.toByteArray());
    }
  }

  /** A symlink inside the dump stands for its target's content; one leaving it is refused. */
  private void resolveLinks() {
    for (Map.Entry<String, String> l : links.entrySet()) {
      String name = l.getKey();
      String target = l.getValue();
      String resolved;
      if (target.startsWith("/")) {
        resolved = null;
      } else {
        int slash = name.lastIndexOf('/');
        resolved = clean((slash < 0 ? "" : name.substring(0, slash + 1)) + target);
      }
      if (resolved == null) {
        problems.add(
            new Problem(
                name,
                "SYMLINK_OUTSIDE_DUMP",
                "symlink " + name + " -> " + target + " points outside the dump; not followed"));
      } else if (files.containsKey(resolved)) {
        files.put(name, files.get(resolved));
        digests.put(name, digests.get(resolved));
      } else {
        problems.add(
            new Problem(
                name, "DANGLING_SYMLINK", "symlink " + name + " -> " + target + " has no target"));
      }
    }
  }

  private String computeId() {
    MessageDigest md = sha256();
    for (Map.Entry<String, byte[]> e : digests.entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(e.getValue());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The entry name without "./" or a leading "/", or null when it climbs out with "..". */
  static String clean(String name) {
    String[] parts = name.replace('\\', '/').split("/");
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        return null;
      }
      out.add(p);
    }
    return String.join("/", out);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
