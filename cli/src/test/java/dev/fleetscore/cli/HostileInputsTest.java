package dev.fleetscore.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.Parsers;
import dev.fleetscore.rules.RuleLoadException;
import dev.fleetscore.rules.RuleLoader;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated hostile inputs (seeded, so every run feeds the same bytes) through the real commands:
 * nesting far past {@link Parsers#MAX_DEPTH} in JSON and YAML, alias chains and self-references,
 * huge scalars, invalid UTF-8, a UTF-16 BOM, NUL bytes, truncated documents, binary junk and odd
 * archives. Each input must end as a row (node_dumps, config_files, collection_errors) or, for the
 * rule loader, as a one-line error with exit code 3; the run itself always completes and its counts
 * reconcile. Before the parse limits, the deep inputs ended every command in a StackOverflowError.
 */
class HostileInputsTest {

  private static final long SEED = 20261205L;
  private static final String DATE = "2026-11-22";
  private static final String KUBELET_CONFIG =
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n"
          + "authentication:\n  anonymous:\n    enabled: false\n  x509:\n"
          + "    clientCAFile: /etc/kubernetes/pki/ca.crt\n";

  @TempDir Path tmp;

  /** Named hostile documents; the same bytes for the same seed. */
  static Map<String, byte[]> documents(Random r) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int d : new int[] {101, 1_000, 5_000, 20_000}) {
      m.put("yaml-flow-list-" + d, ("a: " + "[".repeat(d) + "]".repeat(d)).getBytes(UTF_8));
      m.put("yaml-flow-map-" + d, ("a: " + "{b: ".repeat(d) + "1" + "}".repeat(d)).getBytes(UTF_8));
      m.put("json-list-" + d, ("[".repeat(d) + "]".repeat(d)).getBytes(UTF_8));
      m.put("json-map-" + d, ("{\"a\":".repeat(d) + "1" + "}".repeat(d)).getBytes(UTF_8));
      m.put("unclosed-" + d, ("x: " + "[".repeat(d)).getBytes(UTF_8));
    }
    StringBuilder block = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      block.append(" ".repeat(i)).append("k").append(i).append(":\n");
    }
    m.put("yaml-block-300", block.toString().getBytes(UTF_8));
    StringBuilder chain = new StringBuilder("a0: &a0 [1]\n");
    for (int i = 1; i < 40; i++) {
      chain.append("a").append(i).append(": &a").append(i).append(' ');
      chain.append("[".repeat(10)).append("*a").append(i - 1).append("]".repeat(10)).append('\n');
    }
    m.put("alias-chain", chain.toString().getBytes(UTF_8));
    m.put("alias-self", "a: &x [1, {b: *x}]\n".getBytes(UTF_8));
    StringBuilder laughs = new StringBuilder("a0: &a0 [lol, lol]\n");
    for (int i = 1; i < 60; i++) {
      laughs.append("a").append(i).append(": &a").append(i);
      laughs.append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
    }
    m.put("billion-laughs", laughs.toString().getBytes(UTF_8));
    m.put("huge-scalar", (KUBELET_CONFIG + "x: " + "y".repeat(1 << 20) + "\n").getBytes(UTF_8));
    byte[] badUtf8 = (KUBELET_CONFIG + "z: \"").getBytes(UTF_8);
    badUtf8 = Arrays.copyOf(badUtf8, badUtf8.length + 4);
    badUtf8[badUtf8.length - 4] = (byte) 0xC3;
    badUtf8[badUtf8.length - 3] = (byte) 0x28;
    badUtf8[badUtf8.length - 2] = (byte) 0xFF;
    badUtf8[badUtf8.length - 1] = '"';
    m.put("invalid-utf8", badUtf8);
    ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
    utf16.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF});
    utf16.writeBytes(KUBELET_CONFIG.getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
    m.put("utf16-bom", utf16.toByteArray());
    m.put("nul-bytes", "apiVersion: v1\0\0kind: \0Kubelet\0\n".getBytes(UTF_8));
    for (int i = 0; i < 4; i++) {
      int cut = 1 + r.nextInt(KUBELET_CONFIG.length() - 2);
      m.put("truncated-" + i, KUBELET_CONFIG.substring(0, cut).getBytes(UTF_8));
    }
    for (int i = 0; i < 3; i++) {
      byte[] junk = new byte[64 + r.nextInt(4096)];
      r.nextBytes(junk);
      m.put("binary-junk-" + i, junk);
    }
    m.put(
        "duplicates-and-second-document",
        (KUBELET_CONFIG + "readOnlyPort: 10255\n---\nreadOnlyPort: 0\n").getBytes(UTF_8));
    return m;
  }

  @Test
  void theImporterTurnsEveryHostileFileAndArchiveIntoRows() throws IOException {
    Map<String, byte[]> docs = documents(new Random(SEED));
    Path dumps = tmp.resolve("dumps");
    for (Map.Entry<String, byte[]> d : docs.entrySet()) {
      Path dir = dumps.resolve(d.getKey());
      Map<String, byte[]> files = dumpFiles(d.getKey(), d.getValue());
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
    }
    Random r = new Random(SEED + 1);
    byte[] good = tarGz(dumpFiles("arch-good", KUBELET_CONFIG.getBytes(UTF_8)));
    Files.write(dumps.resolve("arch-truncated.tar.gz"), Arrays.copyOf(good, good.length / 2));
    Files.write(dumps.resolve("arch-empty.tar.gz"), tarGz(Map.of()));
    Files.write(dumps.resolve("arch-zero-bytes.tar.gz"), new byte[0]);
    byte[] junk = new byte[2048];
    r.nextBytes(junk);
    Files.write(dumps.resolve("arch-junk.tar.gz"), junk);
    Files.write(dumps.resolve("arch-gzip-not-tar.tar.gz"), gzip(junk));
    Map<String, byte[]> odd = new TreeMap<>(dumpFiles("arch-odd", docs.get("json-list-20000")));
    odd.put("../../escape", "x".getBytes(UTF_8));
    odd.put("/etc/absolute", "x".getBytes(UTF_8));
    odd.put("fs/etc/kubernetes/", new byte[0]);
    Files.write(dumps.resolve("arch-odd.tar.gz"), tarGz(odd));
    Files.write(
        dumps.resolve("arch-deep.tar.gz"),
        tarGz(dumpFiles("arch-deep", docs.get("yaml-flow-map-20000"))));

    Path wh = tmp.resolve("wh");
    FleetscoreCommandTest.Run run =
        FleetscoreCommandTest.run(
            "collect", "import", dumps.toString(), "--warehouse", wh.toString(), "--date", DATE);
    assertEquals(ExitCodes.OK, run.code(), run.err());
    assertNoTrace(run);
    Matcher m = Pattern.compile("imported (\\d+) inputs").matcher(run.out());
    assertTrue(m.find(), run.out());
    int dumpsIn = Integer.parseInt(m.group(1));

    LocalDate date = LocalDate.parse(DATE);
    List<NodeDumpRow> rows = LocalTables.readAll(wh, Table.NODE_DUMPS, date, NodeDumpRow.class);
    List<ConfigFileRow> configs =
        LocalTables.readAll(wh, Table.CONFIG_FILES, date, ConfigFileRow.class);
    List<CollectionErrorRow> errors =
        LocalTables.readAll(wh, Table.COLLECTION_ERRORS, date, CollectionErrorRow.class);
    assertEquals(dumpsIn, rows.size(), "every input is one node_dumps row");
    assertEquals(docs.size() + 7, dumpsIn, "every dump folder and archive is an input");
    for (String name : docs.keySet()) {
      ConfigFileRow c =
          configs.stream()
              .filter(x -> name.equals(x.getNodeName()))
              .filter(x -> x.getPath().equals("/var/lib/kubelet/config.yaml"))
              .findFirst()
              .orElse(null);
      assertNotNull(c, name + ": the kubelet config has a config_files row");
      if (c.getParseError() != null) {
        assertFalse(c.getParseError().contains("\n"), name);
        assertTrue(
            errors.stream()
                .anyMatch(
                    e ->
                        name.equals(e.getNodeName())
                            && e.getPath().equals("/var/lib/kubelet/config.yaml")
                            && e.getSeverity().equals("ERROR")),
            name + ": a parse error is also a collection_errors row");
      }
      if (name.matches(".*-(101|1000|5000|20000)") && !name.startsWith("unclosed")) {
        assertNotNull(c.getParseError(), name);
        assertTrue(c.getParseError().contains("maximum allowed nesting depth (100)"), name);
      }
    }
    for (String name : List.of("arch-odd", "arch-deep")) {
      assertTrue(
          configs.stream()
              .anyMatch(
                  c ->
                      name.equals(c.getNodeName())
                          && c.getParseError() != null
                          && c.getParseError().contains("nesting depth")),
          name + ": the deep kubelet config in the archive is a parse error row");
    }
    for (String code : List.of("DUPLICATE_KEY", "SECOND_DOCUMENT")) {
      assertTrue(
          errors.stream()
              .anyMatch(
                  e ->
                      "duplicates-and-second-document".equals(e.getNodeName())
                          && e.getErrorCode().equals(code)
                          && e.getSeverity().equals("WARNING")),
          code);
    }
  }

  @Test
  void theCloudReadersTurnEveryHostileExportIntoARow() throws IOException {
    Map<String, byte[]> docs = documents(new Random(SEED));
    Path dir = tmp.resolve("exports");
    Files.createDirectories(dir);
    int n = 0;
    for (Map.Entry<String, byte[]> d : docs.entrySet()) {
      Files.write(dir.resolve(d.getKey() + (n++ % 2 == 0 ? ".json" : ".yaml")), d.getValue());
    }
    String deepRoles = "[".repeat(5_000) + "]".repeat(5_000);
    Files.writeString(
        dir.resolve("aws-auth-deep.json"),
        "{\"kind\": \"ConfigMap\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"aws-auth\","
            + " \"namespace\": \"kube-system\"}, \"data\": {\"mapRoles\": \""
            + deepRoles
            + "\"}}");
    Files.writeString(
        dir.resolve("nodes-deep.json"),
        "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": "
            + "[".repeat(5_000)
            + "]".repeat(5_000)
            + "}");
    int files = n + 2;
    Pattern counts =
        Pattern.compile(
            "read (\\d+) of (\\d+) export files \\((\\d+) belong to another collector, (\\d+)"
                + " could not be read\\)");
    for (String scope : List.of("gke", "eks", "inventory", "rbac")) {
      Path wh = tmp.resolve("wh-" + scope);
      FleetscoreCommandTest.Run run =
          FleetscoreCommandTest.run(
              "collect",
              scope,
              "--from",
              dir.toString(),
              "--warehouse",
              wh.toString(),
              "--date",
              DATE);
      assertEquals(ExitCodes.OK, run.code(), scope + ": " + run.err());
      assertNoTrace(run);
      Matcher m = counts.matcher(run.out());
      assertTrue(m.find(), run.out());
      int read = Integer.parseInt(m.group(1));
      int skipped = Integer.parseInt(m.group(3));
      int failed = Integer.parseInt(m.group(4));
      assertEquals(files, Integer.parseInt(m.group(2)), scope);
      assertEquals(files, read + skipped + failed, scope + ": counts reconcile");
      List<CollectionErrorRow> errors =
          LocalTables.readAll(
              wh, Table.COLLECTION_ERRORS, LocalDate.parse(DATE), CollectionErrorRow.class);
      long failedSources = errors.stream().map(CollectionErrorRow::getSource).distinct().count();
      assertTrue(failedSources >= failed, scope + ": every failed file has an error row");
      assertTrue(
          errors.stream()
              .anyMatch(
                  e ->
                      e.getSource().endsWith("json-map-20000.json")
                          && e.getMessage().contains("maximum allowed nesting depth (100)")),
          scope + ": the deep export is a TOO_DEEP row");
      for (CollectionErrorRow e : errors) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
      }
    }
  }

  @Test
  void theRuleLoaderRejectsEveryHostileRuleFileInOneLine() throws IOException {
    Map<String, byte[]> docs = documents(new Random(SEED));
    int i = 0;
    for (Map.Entry<String, byte[]> d : docs.entrySet()) {
      Path pack = tmp.resolve("pack-" + i++);
      Files.createDirectories(pack);
      Files.writeString(
          pack.resolve("pack.yaml"),
          "pack: site\nversion: 1.0.0\ntitle: t\nframeworks: {site-1: {title: t, source: s}}\n"
              + "files: [r.yaml]\n");
      Files.write(pack.resolve("r.yaml"), d.getValue());
      // The loader directly (the whole command per input would take half a minute); the
      // command's exit code and one-line output for the same exception are checked below.
      RuleLoadException e =
          assertThrows(
              RuleLoadException.class,
              () -> RuleLoader.compile(RuleLoader.directorySources(pack)),
              d.getKey());
      assertEquals(1, e.getMessage().lines().count(), d.getKey() + ": " + e.getMessage());
      assertTrue(
          e.getMessage().startsWith(pack.resolve("r.yaml").toString()),
          d.getKey() + ": " + e.getMessage());
      if (d.getKey().matches("(yaml|json)-.*-(1000|5000|20000)")) {
        assertTrue(
            e.getMessage().matches("\\S+r\\.yaml:\\d+:\\d+: .*nesting depth \\(100\\).*"),
            d.getKey() + ": " + e.getMessage());
      }
    }
    FleetscoreCommandTest.Run deepRule =
        RulesCommandTest.run("rules", "check", "--rules", tmp.resolve("pack-0").toString());
    assertEquals(ExitCodes.INPUT, deepRule.code(), deepRule.err());
    assertEquals(1, deepRule.err().strip().lines().count(), deepRule.err());
    assertTrue(deepRule.err().contains("nesting depth (100)"), deepRule.err());
    Path deepPack = tmp.resolve("deep-pack");
    Files.createDirectories(deepPack);
    Files.write(deepPack.resolve("pack.yaml"), docs.get("yaml-flow-map-20000"));
    FleetscoreCommandTest.Run run =
        RulesCommandTest.run("rules", "check", "--rules", deepPack.toString());
    assertEquals(ExitCodes.INPUT, run.code(), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  private static void assertNoTrace(FleetscoreCommandTest.Run run) {
    assertFalse(run.err().contains("\tat "), run.err());
    assertFalse(run.err().contains("StackOverflowError"), run.err());
  }

  private static Map<String, byte[]> dumpFiles(String node, byte[] kubeletConfig) {
    Map<String, byte[]> m = new TreeMap<>();
    m.put(
        "meta.env",
        ("cluster=kubeadm:hostile\nnode="
                + node
                + "\ncollected_at=2026-11-22T03:00:00Z\nprovider=kubeadm\n")
            .getBytes(UTF_8));
    m.put(
        "ps.txt",
        "    PID COMMAND\n   1131 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n"
            .getBytes(UTF_8));
    m.put("fs/var/lib/kubelet/config.yaml", kubeletConfig);
    return m;
  }

  private static byte[] tarGz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
        e.setSize(f.getKey().endsWith("/") ? 0 : f.getValue().length);
        tar.putArchiveEntry(e);
        if (!f.getKey().endsWith("/")) {
          tar.write(f.getValue());
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
      gz.write(content);
    }
    return bytes.toByteArray();
  }
}
