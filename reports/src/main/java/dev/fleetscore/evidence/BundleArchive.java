package dev.fleetscore.evidence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Packs a bundle folder into a reproducible {@code .tar.gz}: entries in byte order of their path,
 * every entry owned by uid/gid 0 with empty owner names, mode 0644 (files) or 0755 (folders), one
 * fixed modification time (the snapshot date at 00:00 UTC), POSIX long names; gzip without a file
 * name, with modification time 0 and OS "Unix". The same folder content gives the same bytes.
 */
final class BundleArchive {

  private BundleArchive() {}

  /** Relative paths ('/'-separated) of every regular file under {@code dir}, sorted. */
  static List<String> files(Path dir) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p)) {
          out.add(relative(dir, p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(null);
    return out;
  }

  static String relative(Path dir, Path p) {
    return dir.relativize(p).toString().replace('\\', '/');
  }

  static void write(Path folder, String rootName, long mtimeMillis, Path target) {
    List<String> entries = new ArrayList<>();
    try (Stream<Path> s = Files.walk(folder)) {
      for (Path p : s.toList()) {
        if (p.equals(folder)) {
          continue;
        }
        entries.add(relative(folder, p) + (Files.isDirectory(p) ? "/" : ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    entries.sort(null);
    GzipParameters gz = new GzipParameters();
    gz.setCompressionLevel(9);
    gz.setModificationTime(0);
    gz.setOperatingSystem(3);
    FileTime mtime = FileTime.fromMillis(mtimeMillis);
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file, gz);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.putArchiveEntry(dirEntry(rootName + "/", mtime));
      tar.closeArchiveEntry();
      for (String e : entries) {
        if (e.endsWith("/")) {
          tar.putArchiveEntry(dirEntry(rootName + "/" + e, mtime));
          tar.closeArchiveEntry();
          continue;
        }
        Path p = folder.resolve(e);
        TarArchiveEntry t = new TarArchiveEntry(rootName + "/" + e, true);
        t.setSize(Files.size(p));
        t.setMode(0100644);
        own(t, mtime);
        tar.putArchiveEntry(t);
        try (InputStream in = Files.newInputStream(p)) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static TarArchiveEntry dirEntry(String name, FileTime mtime) {
    TarArchiveEntry t = new TarArchiveEntry(name, true);
    t.setMode(040755);
    own(t, mtime);
    return t;
  }

  private static void own(TarArchiveEntry t, FileTime mtime) {
    t.setUserId(0);
    t.setGroupId(0);
    t.setUserName("");
    t.setGroupName("");
    t.setLastModifiedTime(mtime);
  }
}
