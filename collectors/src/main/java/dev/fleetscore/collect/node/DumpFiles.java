package dev.fleetscore.collect.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The files of one node dump, read from a folder or an archive ({@code .tar.gz}, {@code .tgz},
 * {@code .tar}, {@code .zip}, in any letter case), keyed by their path inside the dump ({@code
 * meta.env}, {@code fs/etc/...}). Reading never fails on bad content: a file over the size limit, a
 * symlink leaving the dump, a path with {@code ..}, an entry present twice or a truncated archive
 * become {@link Problem}s and the rest is kept; an archive of which nothing can be read sets {@link
 * #unreadable}. The live collector builds one in memory ({@link #of}). The dump id is a SHA-256
 * over every file name and content, in name order, so the same dump always gets the same id
 * wherever it is stored; for an unreadable input it is the SHA-256 of its raw bytes.
 */
final class DumpFiles {

  /** A problem met while reading the dump itself. */
  record Problem(String path, String code, String message) {}

  final Map<String, byte[]> files = new TreeMap<>();
  final List<Problem> problems = new ArrayList<>();
  long bytesTotal;
  String dumpId;

  /** "CODE: why" when nothing of the input could be read as a dump; null otherwise. */
  String unreadable;

  private final Map<String, byte[]> digests = new TreeMap<>();
  private final Map<String, String> links = new TreeMap<>();
  private final Set<String> entryNames = new HashSet<>();
  private final List<byte[]> replacedDigests = new ArrayList<>();
  private final long maxFileBytes;

  private DumpFiles(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /** The archive formats read, told apart by the file name's ending in any letter case. */
  enum Archive {
    TAR_GZ,
    TAR,
    ZIP;

    /** The format of a file named {@code name}, or null when it is not a dump archive. */
    static Archive of(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
        return TAR_GZ;
      }
      if (n.endsWith(".tar")) {
        return TAR;
      }
      return n.endsWith(".zip") ? ZIP : null;
    }
  }

  /**
   * Reads a folder or an archive; a file whose name is no known archive (named directly on the
   * command line) is read as a gzipped tar.
   */
  static DumpFiles read(Path dump, long maxFileBytes) {
    DumpFiles d = new DumpFiles(maxFileBytes);
    if (Files.isDirectory(dump)) {
      d.readDirectory(dump);
    } else {
      Archive kind = Archive.of(dump.getFileName().toString());
      d.readArchive(dump, kind == null ? Archive.TAR_GZ : kind);
    }
    d.resolveLinks();
    d.dumpId = d.unreadable == null ? d.computeId() : rawId(dump);
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

  private void readArchive(Path file, Archive kind) {
    try {
      if (Files.size(file) == 0) {
        unreadable = "UNREADABLE_ARCHIVE: the file is empty (0 bytes)";
        return;
      }
    } catch (IOException e) {
      unreadable = "UNREADABLE_ARCHIVE: cannot read the file: " + e.getMessage();
      return;
    }
    int before = entryNames.size() + problems.size();
    try {
      if (kind == Archive.ZIP) {
        readZip(file);
      } else {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          readTar(kind == Archive.TAR_GZ ? new GzipCompressorInputStream(raw) : raw);
        }
      }
    } catch (IOException e) {
      if (entryNames.size() + problems.size() == before) {
        unreadable =
            "UNREADABLE_ARCHIVE: not a readable "
                + kind.name().toLowerCase(Locale.ROOT).replace('_', '.')
                + " archive ("
                + e.getMessage()
                + ")";
        return;
      }
      problems.add(
          new Problem(
              null,
              "TRUNCATED",
              "archive cannot be read to its end ("
                  + e.getMessage()
                  + "); the files read before the damage are kept"));
    }
  }

  private void readTar(InputStream in) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String name = entry(e.getName(), e.isDirectory());
      if (name == null) {
        continue;
      }
      if (e.isSymbolicLink()) {
        links.put(name, e.getLinkName());
      } else if (e.isFile()) {
        take(name, tar, e.getSize());
      }
    }
  }

  private void readZip(Path file) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
      for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
        String name = entry(e.getName(), e.isDirectory());
        if (name == null) {
          continue;
        }
        if (e.isUnixSymlink()) {
          links.put(name, zip.getUnixSymlink(e));
        } else {
          try (InputStream in = zip.getInputStream(e)) {
            take(name, in, e.getSize());
          }
        }
      }
    }
  }

  /**
   * The cleaned name of an archive entry, or null when it is skipped (a folder, or a path leaving
   * the dump). A name met a second time is a problem: the later copy replaces the earlier one, as
   * {@code tar -x} would leave it on disk, and the replaced content still counts in the dump id.
   */
  private String entry(String raw, boolean directory) {
    String name = clean(raw);
    if (name == null) {
      problems.add(
          new Problem(
              raw, "PATH_TRAVERSAL", "archive entry '" + raw + "' leaves the dump; ignored"));
      return null;
    }
    if (directory || name.isEmpty()) {
      return null;
    }
    if (!entryNames.add(name)) {
      problems.add(
          new Problem(
              name,
              "DUPLICATE_ENTRY",
              "the archive holds "
                  + name
                  + " more than once; the last copy is read, as tar -x would leave it"));
      files.remove(name);
      links.remove(name);
      byte[] old = digests.remove(name);
      if (old != null) {
        replacedDigests.add(old);
      }
    }
    return name;
  }

  private void readDirectory(Path root) {
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      unreadable = "UNREADABLE: cannot list the dump folder: " + e.getMessage();
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
    for (byte[] d : replacedDigests) {
      md.update((byte) 0);
      md.update(d);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The SHA-256 of a file's raw bytes (the reader adds the input's name to tell inputs apart). */
  private static String rawId(Path file) {
    MessageDigest md = sha256();
    if (Files.isRegularFile(file)) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
        in.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(md.digest());
      } catch (IOException e) {
        md.reset();
      }
    }
    md.update("unreadable".getBytes(StandardCharsets.UTF_8));
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
