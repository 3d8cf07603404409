package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.LocalTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the importer finds under an input folder: every file ends as a row (a dump, or IGNORED with
 * why), archives are read in any letter case and format it supports, unreadable inputs have their
 * own reason and id, duplicate archive entries and future collection times are flagged.
 */
class ImportInputsTest {

  static final String CONFIG = "fs/var/lib/kubelet/config.yaml";

  @TempDir Path tmp;

  private static List<Map.Entry<String, String>> good(String node) {
    List<Map.Entry<String, String>> m = new ArrayList<>();
    m.add(Map.entry("meta.env", String.format(ImportRunTest.META, node)));
    m.add(Map.entry("ps.txt", ImportRunTest.PS));
    m.add(
        Map.entry(
            CONFIG,
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n"));
    return m;
  }

  private static void archive(Path file, List<Map.Entry<String, String>> entries)
      throws IOException {
    String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    OutputStream raw = Files.newOutputStream(file);
    try (ArchiveOutputStream<? extends ArchiveEntry> out =
        n.endsWith(".zip")
            ? new ZipArchiveOutputStream(raw)
            : new TarArchiveOutputStream(
                n.endsWith(".tar") ? raw : new GzipCompressorOutputStream(raw))) {
      for (Map.Entry<String, String> f : entries) {
        byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
        if (out instanceof ZipArchiveOutputStream zip) {
          zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
          zip.write(b);
          zip.closeArchiveEntry();
        } else {
          TarArchiveOutputStream tar = (TarArchiveOutputStream) out;
          TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
          e.setSize(b.length);
          tar.putArchiveEntry(e);
          tar.write(b);
          tar.closeArchiveEntry();
        }
      }
    }
  }

  private Path folderDump(Path dir, String node) throws IOException {
    for (Map.Entry<String, String> f : good(node)) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    return dir;
  }

  @Test
  void everyFileUnderAnInputFolderEndsAsARow() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("dumps"));
    folderDump(in.resolve("n1"), "n1");
    archive(in.resolve("N2.TAR.GZ"), good("n2"));
    archive(Files.createDirectories(in.resolve("sub")).resolve("n6.tar"), good("n6"));
    archive(in.resolve("n3.tar"), good("n3"));
    archive(in.resolve("n4.zip"), good("n4"));
    archive(in.resolve("n5.tgz"), good("n5"));
    Files.copy(in.resolve("n5.tgz"), in.resolve("n5.tar.gz.part"));
    Files.writeString(in.resolve("README.txt"), "dumps of the lab cluster\n");
    Files.write(in.resolve("empty.tar.gz"), new byte[0]);
    Files.writeString(in.resolve("junk.tar.gz"), "not gzip at all\n");
    Files.write(in.resolve("empty2.tgz"), new byte[0]);

    Path wh = tmp.resolve("wh");
    ImportRun.Result r = ImportRun.run(ImportRun.Request.of(List.of(in), wh, ImportRunTest.DATE));
    List<NodeDumpRow> rows =
        LocalTables.readAll(wh, Table.NODE_DUMPS, ImportRunTest.DATE, NodeDumpRow.class);
    Map<String, NodeDumpRow> bySource = new TreeMap<>();
    rows.forEach(d -> bySource.put(d.getSource(), d));

    // The general guarantee: each regular file outside a dump folder is a row of its own.
    Set<String> expected;
    try (Stream<Path> s = Files.walk(in)) {
      expected =
          s.filter(Files::isRegularFile)
              .filter(p -> !p.startsWith(in.resolve("n1")))
              .map(p -> tmp.relativize(p).toString())
              .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
    expected.add("dumps/n1");
    assertEquals(expected, bySource.keySet());
    assertEquals(r.accepted() + r.rejected() + r.ignored(), rows.size());

    for (String ok :
        List.of(
            "dumps/n1",
            "dumps/N2.TAR.GZ",
            "dumps/n3.tar",
            "dumps/n4.zip",
            "dumps/n5.tgz",
            "dumps/sub/n6.tar")) {
      assertEquals("ACCEPTED", bySource.get(ok).getStatus(), ok + ": " + bySource.get(ok));
    }
    assertTrue(
        bySource.get("dumps/n5.tar.gz.part").getRejectReason().startsWith("IGNORED_PARTIAL"));
    assertEquals("IGNORED", bySource.get("dumps/n5.tar.gz.part").getStatus());
    assertEquals("IGNORED", bySource.get("dumps/README.txt").getStatus());
    assertTrue(bySource.get("dumps/README.txt").getRejectReason().startsWith("IGNORED_NOT_A_DUMP"));
    for (String bad : List.of("dumps/empty.tar.gz", "dumps/junk.tar.gz", "dumps/empty2.tgz")) {
      NodeDumpRow d = bySource.get(bad);
      assertEquals("REJECTED", d.getStatus(), bad);
      assertTrue(d.getRejectReason().startsWith("UNREADABLE_ARCHIVE: "), d.getRejectReason());
    }
    assertTrue(bySource.get("dumps/empty.tar.gz").getRejectReason().contains("empty (0 bytes)"));
    // Two empty files and a broken one: three rows with three ids, none a "duplicate".
    assertEquals(0, r.duplicates());
    assertEquals(3, r.rejected());
    assertEquals(
        3,
        Set.of(
                bySource.get("dumps/empty.tar.gz").getDumpId(),
                bySource.get("dumps/empty2.tgz").getDumpId(),
                bySource.get("dumps/junk.tar.gz").getDumpId())
            .size());
    assertEquals(2, r.ignored());
    assertEquals(6, r.accepted());
    assertTrue(r.summary().startsWith("imported 11 inputs in "), r.summary());
    assertTrue(r.summary().contains(", 2 ignored (not dumps), "), r.summary());
    List<CollectionErrorRow> errors =
        LocalTables.readAll(
            wh, Table.COLLECTION_ERRORS, ImportRunTest.DATE, CollectionErrorRow.class);
    assertTrue(
        errors.stream()
            .anyMatch(
                e ->
                    e.getSource().equals("dumps/junk.tar.gz")
                        && e.getErrorCode().equals("UNREADABLE_ARCHIVE")));
  }

  @Test
  void aFolderOfOnlyIgnoredFilesIsBadInputNamingOne() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("dumps"));
    Files.writeString(in.resolve("n1.tar.gz.part"), "x");
    dev.fleetscore.common.UserError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.fleetscore.common.UserError.class,
            () ->
                ImportRun.run(
                    ImportRun.Request.of(List.of(in), tmp.resolve("wh"), ImportRunTest.DATE)));
    assertTrue(e.getMessage().contains("dumps/n1.tar.gz.part"), e.getMessage());
  }

  @Test
  void anEntryTwiceInOneArchiveIsACollectionErrorAndTheLastCopyIsRead() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("dumps"));
    List<Map.Entry<String, String>> entries = good("n1");
    entries.add(
        Map.entry(
            CONFIG,
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n"));
    archive(in.resolve("n1.tar.gz"), entries);
    archive(in.resolve("n2.tar.gz"), good("n2"));
    Path wh = tmp.resolve("wh");
    ImportRun.run(ImportRun.Request.of(List.of(in), wh, ImportRunTest.DATE));
    List<CollectionErrorRow> errors =
        LocalTables.readAll(
            wh, Table.COLLECTION_ERRORS, ImportRunTest.DATE, CollectionErrorRow.class);
    List<CollectionErrorRow> dup =
        errors.stream().filter(e -> e.getErrorCode().equals("DUPLICATE_ENTRY")).toList();
    assertEquals(1, dup.size(), errors.toString());
    assertEquals(CONFIG, dup.get(0).getPath());
    assertEquals("n1", dup.get(0).getNodeName());
    assertEquals("ERROR", dup.get(0).getSeverity());
    assertTrue(dup.get(0).getMessage().contains("the last copy is read"), dup.get(0).getMessage());
    ConfigFileRow kept =
        LocalTables.readAll(wh, Table.CONFIG_FILES, ImportRunTest.DATE, ConfigFileRow.class)
            .stream()
            .filter(c -> c.getNodeName().equals("n1") && c.getPath().endsWith("config.yaml"))
            .findFirst()
            .orElseThrow();
    assertTrue(kept.getContentJson().contains("10255"), kept.getContentJson());
    // The replaced copy is part of the dump's identity.
    List<Map.Entry<String, String>> once = good("n1");
    once.set(2, entries.get(3));
    archive(tmp.resolve("n1-once.tar.gz"), once);
    assertNotEquals(
        DumpFiles.read(in.resolve("n1.tar.gz"), 1 << 20).dumpId,
        DumpFiles.read(tmp.resolve("n1-once.tar.gz"), 1 << 20).dumpId);
  }

  @Test
  void aCollectedAtInTheFutureIsAWarningAndTheDumpIsKept() throws IOException {
    Path dir = folderDump(tmp.resolve("n1"), "n1");
    Instant now = Instant.parse("2026-03-20T12:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    DumpReader reader =
        new DumpReader(new DumpReader.Snapshot("s", ImportRunTest.DATE), 1 << 20, clock);
    // 15 minutes of clock skew are allowed past the reader's clock.
    Map<String, Boolean> cases = new TreeMap<>();
    cases.put("2026-03-14T03:00:00Z", false);
    cases.put("2026-03-20T12:14:00Z", false);
    cases.put("2026-03-20T12:16:00Z", true);
    cases.put("2031-01-01T00:00:00Z", true);
    for (Map.Entry<String, Boolean> c : cases.entrySet()) {
      Files.writeString(
          dir.resolve("meta.env"),
          "cluster=kubeadm:lab\nnode=n1\ncollected_at=" + c.getKey() + "\n");
      NodeEvidence e = reader.read(dir, "n1");
      assertEquals("ACCEPTED", e.getDump().getStatus());
      List<CollectionErrorRow> future =
          e.getCollectionErrors().stream()
              .filter(x -> x.getErrorCode().equals("FUTURE_COLLECTED_AT"))
              .toList();
      assertEquals(c.getValue() ? 1 : 0, future.size(), c.getKey() + ": " + future);
      if (c.getValue()) {
        assertEquals("WARNING", future.get(0).getSeverity());
        assertTrue(
            future.get(0).getMessage().contains("after the time of this import"),
            future.get(0).getMessage());
        assertTrue(!future.get(0).getMessage().contains(now.toString()), "no run time in the row");
      }
    }
  }
}
