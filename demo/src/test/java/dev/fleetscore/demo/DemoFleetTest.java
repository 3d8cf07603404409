package dev.fleetscore.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default demo fleet as a whole: byte-identical for a fixed seed, every node kind present,
 * archives in the documented reproducible shape, every dump in the node-dump contract, no private
 * key material anywhere, and a manifest that matches what is on disk.
 */
class DemoFleetTest {

  @TempDir static Path tmp;
  static Path fleet;
  static JsonNode manifest;

  private static final Pattern CLUSTER_ID =
      Pattern.compile(
          "^(gke:[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+|eks:\\d{12}/[a-z0-9-]+/[a-z0-9-]+"
              + "|aks:[0-9a-f-]{36}/[a-z0-9-]+/[a-z0-9-]+|kubeadm:[a-z0-9-]+|k3s:[a-z0-9-]+)$");
  private static final Pattern STAT = Pattern.compile("^[0-7]{3,4} \\S+ \\S+ \\d+ /\\S*$");

  @BeforeAll
  static void writeDefaultFleet() {
    fleet = tmp.resolve("a");
    DemoFleet.write(fleet, FleetSpec.defaults());
    manifest = TestDumps.manifest(fleet);
  }

  private static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws IOException {
    Path second = tmp.resolve("b");
    DemoFleet.write(
        second, FleetSpec.defaults(), new DemoFleet.Options(DemoFleet.Format.TAR_GZ, 1));
    Map<String, byte[]> a = tree(fleet);
    Map<String, byte[]> b = tree(second);
    assertEquals(a.keySet(), b.keySet());
    for (String f : a.keySet()) {
      assertArrayEquals(a.get(f), b.get(f), f);
    }
  }

  @Test
  void anotherSeedOrDateWritesAnotherFleet() {
    NodeDump base = DemoFleet.dump(FleetSpec.defaults(), 0, 1);
    NodeDump otherSeed =
        DemoFleet.dump(FleetSpec.of(6, 4, 43, FleetSpec.DEFAULT_SNAPSHOT_DATE), 0, 1);
    NodeDump otherDate = DemoFleet.dump(FleetSpec.of(6, 4, 42, LocalDate.of(2026, 9, 1)), 0, 1);
    assertFalse(
        java.util.Arrays.equals(base.entries().get("ps.txt"), otherSeed.entries().get("ps.txt")));
    assertNotEquals(base.nodeName(), otherSeed.nodeName());
    assertEquals(
        Instant.parse("2026-09-01T00:00:00Z"),
        otherDate.collectedAt().truncatedTo(java.time.temporal.ChronoUnit.DAYS));
  }

  @Test
  void inMemoryDumpsAreTheArchivedDumps() {
    Iterator<NodeDump> it = DemoFleet.dumps(FleetSpec.defaults());
    int i = 0;
    for (JsonNode d : manifest.get("dumps")) {
      NodeDump dump = it.next();
      assertEquals(d.get("path").asText(), dump.name() + ".tar.gz");
      TestDumps.Archive a = TestDumps.read(fleet.resolve(d.get("path").asText()));
      assertEquals(dump.entries().keySet(), a.files().keySet());
      for (String e : a.files().keySet()) {
        assertArrayEquals(dump.entries().get(e), a.files().get(e), e);
      }
      i++;
    }
    assertFalse(it.hasNext());
    assertEquals(FleetSpec.defaults().dumpCount(), i);
    NodeDump alone = DemoFleet.dump(FleetSpec.defaults(), 4, 2);
    assertArrayEquals(
        alone.entries().get("ps.txt"),
        TestDumps.read(fleet.resolve(alone.name() + ".tar.gz")).files().get("ps.txt"));
  }

  @Test
  void theDefaultFleetHasEveryNodeKindAndEveryBrokenDump() {
    Set<NodeKind> kinds = EnumSet.noneOf(NodeKind.class);
    Set<String> codes = new HashSet<>();
    for (JsonNode d : manifest.get("dumps")) {
      kinds.add(NodeKind.valueOf(d.get("kind").asText()));
      d.get("planted").forEach(p -> codes.add(p.get("code").asText()));
    }
    for (JsonNode c : manifest.get("clusters")) {
      c.get("planted").forEach(p -> codes.add(p.get("code").asText()));
    }
    assertEquals(EnumSet.allOf(NodeKind.class), kinds);
    for (Planted p : Planted.values()) {
      assertTrue(codes.contains(p.name()), "the default fleet plants " + p);
    }
    assertEquals(26, manifest.get("dumps").size());
    assertEquals(26, manifest.get("totals").get("dumps").asInt());
  }

  @Test
  void everyDumpIsInTheNodeDumpContract() {
    for (JsonNode d : manifest.get("dumps")) {
      TestDumps.Archive a = TestDumps.read(fleet.resolve(d.get("path").asText()));
      String where = d.get("path").asText();
      boolean noMeta = d.get("variant").asText().equals("NO_META");
      assertEquals(noMeta, a.text("meta.env") == null, where);
      if (!noMeta) {
        Map<String, String> meta = new TreeMap<>();
        for (String line : a.text("meta.env").split("\n")) {
          meta.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertTrue(CLUSTER_ID.matcher(meta.get("cluster")).matches(), meta.get("cluster"));
        assertEquals(d.get("cluster_id").asText(), meta.get("cluster"));
        assertEquals(d.get("node").asText(), meta.get("node"));
        assertEquals(d.get("collected_at").asText(), meta.get("collected_at"));
        Instant.parse(meta.get("collected_at"));
        assertEquals(d.get("provider").asText(), meta.get("provider"));
      }
      String ps = a.text("ps.txt");
      assertTrue(
          ps.startsWith("    PID COMMAND\n")
              || ps.startsWith("UID          PID    PPID  C STIME TTY          TIME CMD\n")
              || ps.startsWith(
                  "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"),
          where);
      Map<String, String[]> stat = a.stat();
      for (String line : a.text("stat.txt").split("\n")) {
        assertTrue(STAT.matcher(line).matches(), line);
      }
      for (String f : a.files().keySet()) {
        assertTrue(
            f.equals("meta.env")
                || f.equals("ps.txt")
                || f.equals("stat.txt")
                || f.startsWith("fs/")
                || f.startsWith("cmdline/")
                || f.equals("journal/k3s.txt")
                || f.equals("metrics/kubelet.txt"),
            f);
        if (f.startsWith("fs/")) {
          assertNotNull(stat.get(f.substring(2)), "stat line for " + f);
        }
        if (f.startsWith("cmdline/")) {
          byte[] c = a.files().get(f);
          assertEquals(0, c[c.length - 1], f + " ends with NUL");
          String pid = f.substring("cmdline/".length());
          String argv0 = new String(c, StandardCharsets.UTF_8).split("\0")[0];
          assertTrue(ps.contains(" " + pid + " ") && ps.contains(argv0), f);
        }
      }
      if (d.get("kind").asText().startsWith("K3S")) {
        assertTrue(a.text("journal/k3s.txt").contains("msg=\"Running kubelet --"), where);
      }
    }
  }

  @Test
  void archivesAreReproducibleTarGz() throws IOException {
    for (JsonNode d : manifest.get("dumps")) {
      Path file = fleet.resolve(d.get("path").asText());
      byte[] gz = Files.readAllBytes(file);
      assertEquals(0x1f, gz[0] & 0xff);
      assertEquals(0x8b, gz[1] & 0xff);
      assertEquals(0, gz[3], "no file name or other gzip flags");
      assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(gz, 4, 8), "gzip mtime is 0");
      TestDumps.Archive a = TestDumps.read(file);
      List<String> names = new ArrayList<>();
      Instant collected = Instant.parse(d.get("collected_at").asText());
      for (TarArchiveEntry e : a.headers()) {
        names.add(e.getName());
        assertFalse(e.getName().startsWith("/") || e.getName().startsWith("./"), e.getName());
        assertEquals(0, e.getLongUserId());
        assertEquals(0, e.getLongGroupId());
        assertEquals("root", e.getUserName());
        assertEquals(collected, e.getModTime().toInstant());
        assertEquals(e.isDirectory() ? 0755 : 0644, e.getMode() & 07777);
      }
      assertEquals(names.stream().sorted().toList(), names, "entries sorted");
    }
  }

  @Test
  void noPrivateKeyMaterialOrSecretLeavesTheGenerator() throws IOException {
    List<byte[]> everything = new ArrayList<>(tree(fleet).values());
    for (JsonNode d : manifest.get("dumps")) {
      TestDumps.Archive a = TestDumps.read(fleet.resolve(d.get("path").asText()));
      everything.addAll(a.files().values());
      for (String f : a.files().keySet()) {
        assertFalse(f.endsWith(".key"), "key file copied: " + f);
        String text = a.text(f);
        for (String line : text.split("\n")) {
          String t = line.trim();
          if (t.startsWith("client-key-data:")
              || t.startsWith("token:")
              || t.startsWith("K3S_TOKEN=")) {
            assertTrue(
                t.endsWith("REDACTED") || t.endsWith("\"REDACTED\"") || t.endsWith("'REDACTED'"),
                f + ": " + t);
          }
        }
      }
    }
    for (byte[] b : everything) {
      String s = new String(b, StandardCharsets.ISO_8859_1);
      assertFalse(s.contains("PRIVATE KEY"), "PEM private key in the output");
      assertFalse(s.contains("-----BEGIN EC "), "EC key in the output");
    }
  }

  @Test
  void theManifestListsEveryFileOnDiskAndNothingElse() throws IOException {
    Set<String> listed = new HashSet<>();
    manifest.get("dumps").forEach(d -> listed.add(d.get("path").asText()));
    for (JsonNode c : manifest.get("clusters")) {
      c.get("exports").forEach(e -> listed.add(e.asText()));
    }
    Set<String> onDisk = new HashSet<>(tree(fleet).keySet());
    onDisk.remove("fleet.json");
    onDisk.remove("exports/index.json");
    onDisk.removeIf(p -> p.matches("exports/gke/[^/]+/clusters\\.json"));
    assertEquals(onDisk, listed);
  }

  @Test
  void directoriesHoldTheSameFilesAsArchives() throws IOException {
    Path dirs = tmp.resolve("dirs");
    DemoFleet.write(
        dirs,
        FleetSpec.defaults().withCloudExports(false),
        new DemoFleet.Options(DemoFleet.Format.DIRECTORY, 2));
    JsonNode m = TestDumps.manifest(dirs);
    for (JsonNode d : m.get("dumps")) {
      String path = d.get("path").asText();
      assertTrue(path.endsWith("/"));
      TestDumps.Archive a =
          TestDumps.read(fleet.resolve(path.substring(0, path.length() - 1) + ".tar.gz"));
      Map<String, byte[]> t = tree(dirs.resolve(path));
      assertEquals(a.files().keySet(), t.keySet());
    }
    assertFalse(Files.exists(dirs.resolve("exports")));
  }

  @Test
  void writingIntoANonEmptyFolderIsAUserError() throws IOException {
    Path busy = tmp.resolve("busy");
    Files.createDirectories(busy);
    Files.writeString(busy.resolve("x"), "x");
    assertThrows(UserError.class, () -> DemoFleet.write(busy, FleetSpec.defaults()));
  }

  @Test
  void specsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> FleetSpec.of(0, 4, 1, LocalDate.EPOCH));
    assertThrows(IllegalArgumentException.class, () -> FleetSpec.of(1, 0, 1, LocalDate.EPOCH));
    assertThrows(IllegalArgumentException.class, () -> FleetSpec.defaults().withDefectRate(1.5));
    assertThrows(NullPointerException.class, () -> FleetSpec.of(1, 1, 1, null));
    assertThrows(IllegalArgumentException.class, () -> DemoFleet.dump(FleetSpec.defaults(), 6, 0));
  }
}
