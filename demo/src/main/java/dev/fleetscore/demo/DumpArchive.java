package dev.fleetscore.demo;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a {@link NodeDump} to disk reproducibly: as a {@code .tar.gz} whose entries (directories
 * included, no leading {@code ./}) are sorted by path, owned by root (uid/gid 0), mode 0755/0644
 * and stamped with the dump's collected_at, in a gzip stream with no name and modification time 0;
 * or as a directory tree with the same files and mtimes.
 */
final class DumpArchive {

  private DumpArchive() {}

  static byte[] tarGz(SortedMap<String, byte[]> entries, Instant mtime) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
      GzipParameters gz = new GzipParameters();
      // Level 1: half the CPU of the default level for 10% more bytes; dumps are small anyway.
      gz.setCompressionLevel(Deflater.BEST_SPEED);
      gz.setModificationTime(0);
      gz.setOperatingSystem(3);
      try (TarArchiveOutputStream tar =
          new TarArchiveOutputStream(
              new BufferedOutputStream(new GzipCompressorOutputStream(bytes, gz), 1 << 16),
              "UTF-8")) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        TreeSet<String> names = new TreeSet<>(entries.keySet());
        for (String path : entries.keySet()) {
          for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            names.add(path.substring(0, i + 1));
          }
        }
        Date date = Date.from(mtime);
        for (String name : names) {
          boolean dir = name.endsWith("/");
          TarArchiveEntry e = new TarArchiveEntry(name, true);
          e.setModTime(date);
          e.setIds(0, 0);
          e.setUserName("root");
          e.setGroupName("root");
          e.setMode(dir ? 040755 : 0100644);
          byte[] content = dir ? new byte[0] : entries.get(name);
          e.setSize(content.length);
          tar.putArchiveEntry(e);
          tar.write(content);
          tar.closeArchiveEntry();
        }
        tar.finish();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeTarGz(Path file, NodeDump dump) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, tarGz(dump.entries(), dump.collectedAt()));
  }

  static void writeDirectory(Path dir, NodeDump dump) throws IOException {
    FileTime time = FileTime.from(dump.collectedAt());
    for (Map.Entry<String, byte[]> e : dump.entries().entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
      Files.setLastModifiedTime(f, time);
    }
  }
}
