package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.demo.DemoFleet;
import dev.fleetscore.demo.FleetSpec;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer over hand-made dumps with every kind of bad input, and over the demo fleet: one
 * node_dumps row per input, a collection_errors row per problem, no secret in any row, and
 * byte-identical tables whatever the thread count.
 */
class ImportRunTest {

  static final LocalDate DATE = LocalDate.of(2026, 3, 14);
  static final String META =
      "cluster=kubeadm:lab\nnode=%s\ncollected_at=2026-03-14T03:00:00Z\nprovider=kubeadm\n";
  static final String PS =
      "    PID COMMAND\n   1131 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --kubeconfig=/etc/kubernetes/kubelet.conf --token=plantedsecret1\n";

  @TempDir Path tmp;

  private Path dump(String name, Map<String, String> files) throws IOException {
    Path d = tmp.resolve("dumps").resolve(name);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = d.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    return d;
  }

  private Map<String, String> good(String node) {
    Map<String, String> m = new TreeMap<>();
    m.put("meta.env", String.format(META, node));
    m.put("ps.txt", PS);
    m.put(
        "fs/var/lib/kubelet/config.yaml",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\nauthentication:\n  anonymous:\n    enabled: false\n");
    m.put(
        "fs/etc/kubernetes/kubelet.conf",
        "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nclusters: [{name: k, cluster: {server: https://10.0.0.1:6443}}]\nusers: [{name: u, user: {token: plantedsecret2, client-key-data: plantedsecret3}}]\n");
    m.put(
        "stat.txt",
        "600 root root 120 /var/lib/kubelet/config.yaml\n600 root root 1679 /etc/kubernetes/pki/ca.key\n");
    return m;
  }

  @Test
  void badInputBecomesErrorRowsAndTheRestIsKept() throws IOException {
    dump("n1", good("n1"));
    Map<String, String> truncated = good("n2");
    truncated.put(
        "fs/var/lib/kubelet/config.yaml",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: fa");
    dump("n2", truncated);
    Map<String, String> json = good("n3");
    json.put(
        "fs/etc/kubernetes/kubelet-config.json",
        "{\"kind\": \"KubeletConfiguration\", \"readOnlyPort\": ");
    json.put("fs/etc/kubernetes/pki/ca.crt", "\u0000\u0001junk\u00ff not a certificate");
    json.put(
        "fs/etc/kubernetes/pki/apiserver.key",
        "-----BEGIN PRIVATE KEY-----\nplantedsecret4\n-----END PRIVATE KEY-----\n");
    StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
      }
      bomb.append("]\n");
    }
    json.put("fs/etc/rancher/k3s/config.yaml", bomb.toString());
    dump("n3", json);
    Map<String, String> noMeta = good("n4");
    noMeta.remove("meta.env");
    dump("n4", noMeta);
    Path big = dump("n5", good("n5"));
    Files.createDirectories(big.resolve("fs/var/log"));
    try (OutputStream o = Files.newOutputStream(big.resolve("fs/var/log/huge.log"))) {
      byte[] mb = new byte[1 << 20];
      for (int i = 0; i < 50; i++) {
        o.write(mb);
      }
    }
    Files.createSymbolicLink(big.resolve("fs/etc/passwd-link"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(big.resolve("fs/etc/escape"), Path.of("../../../../outside"));
    Path tgz = tmp.resolve("dumps/n6.tar.gz");
    writeTarGz(tgz, good("n6"), true);
    Path cut = tmp.resolve("dumps/n7.tar.gz");
    writeTarGz(cut, good("n7"), false);
    byte[] all = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(all, all.length * 2 / 3));
    // The copy sorts first ("-" before "."), so it is the one kept.
    Files.copy(tmp.resolve("dumps/n6.tar.gz"), tmp.resolve("dumps/n6-copy.tar.gz"));

    Path wh = tmp.resolve("wh");
    ImportRun.Result r =
        ImportRun.run(ImportRun.Request.of(List.of(tmp.resolve("dumps")), wh, DATE));
    assertEquals(8, r.dumpsIn());
    assertEquals(r.dumpsIn(), r.accepted() + r.rejected());
    assertEquals(1, r.duplicates());

    List<NodeDumpRow> dumps = LocalTables.readAll(wh, Table.NODE_DUMPS, DATE, NodeDumpRow.class);
    assertEquals(8, dumps.size());
    Map<String, NodeDumpRow> bySource =
        dumps.stream().collect(Collectors.toMap(NodeDumpRow::getSource, d -> d));
    assertTrue(bySource.get("dumps/n4").getRejectReason().startsWith("MISSING_META"));
    assertTrue(
        bySource.get("dumps/n6.tar.gz").getRejectReason().startsWith("DUPLICATE_DUMP"),
        bySource.toString());
    assertEquals(
        "ACCEPTED",
        bySource.get("dumps/n7.tar.gz").getStatus(),
        "a truncated archive keeps what it had");

    List<CollectionErrorRow> errors =
        LocalTables.readAll(wh, Table.COLLECTION_ERRORS, DATE, CollectionErrorRow.class);
    Set<String> codes =
        errors.stream()
            .map(e -> e.getNodeName() + ":" + e.getErrorCode())
            .collect(Collectors.toSet());
    for (String want :
        List.of(
            "n2:MALFORMED_YAML",
            "n3:INVALID_JSON",
            "n3:NOT_PEM",
            "n3:ALIAS_BOMB",
            "n3:PRIVATE_KEY_IN_DUMP",
            "n5:TOO_LARGE",
            "n5:SYMLINK_OUTSIDE_DUMP",
            "n6:PATH_TRAVERSAL",
            "n7:TRUNCATED",
            "null:MISSING_META")) {
      assertTrue(codes.contains(want), want + " in " + codes);
    }
    // The rest of a node with a bad file is still collected.
    List<ConfigFileRow> configs =
        LocalTables.readAll(wh, Table.CONFIG_FILES, DATE, ConfigFileRow.class);
    assertTrue(
        configs.stream()
            .anyMatch(
                c ->
                    c.getNodeName().equals("n3")
                        && c.getKind().equals("KUBELET_CONFIG")
                        && c.getContentJson() != null));
    ConfigFileRow kc =
        configs.stream()
            .filter(c -> c.getNodeName().equals("n1") && c.getKind().equals("KUBECONFIG"))
            .findFirst()
            .orElseThrow();
    assertEquals("TOKEN", kc.getKubeconfigAuth());
    assertEquals(List.of("kubelet --kubeconfig"), kc.getReferencedBy());
    List<ProcessRow> procs = LocalTables.readAll(wh, Table.PROCESSES, DATE, ProcessRow.class);
    assertTrue(procs.stream().allMatch(p -> p.getArgv().contains("--token=REDACTED")));

    // No planted secret anywhere in any table.
    assertNoRowContains(wh, DATE, "plantedsecret");
  }

  @Test
  void demoFleetImportsCompletelyAndDeterministically() throws IOException {
    DemoFleet.Result g = DemoFleet.write(tmp.resolve("fleet"), FleetSpec.defaults());
    Path wh1 = tmp.resolve("wh1");
    Path wh2 = tmp.resolve("wh2");
    ImportRun.Result a =
        ImportRun.run(
            new ImportRun.Request(
                List.of(tmp.resolve("fleet/dumps")),
                wh1,
                FleetSpec.DEFAULT_SNAPSHOT_DATE,
                null,
                1,
                "import",
                DumpReader.DEFAULT_MAX_FILE_BYTES,
                null));
    ImportRun.Result b =
        ImportRun.run(
            new ImportRun.Request(
                List.of(tmp.resolve("fleet/dumps")),
                wh2,
                FleetSpec.DEFAULT_SNAPSHOT_DATE,
                null,
                4,
                "import",
                DumpReader.DEFAULT_MAX_FILE_BYTES,
                null));
    assertEquals(g.dumps(), a.dumpsIn());
    assertEquals(a.rows(), b.rows());
    assertEquals(hashes(wh1), hashes(wh2), "same dumps, other thread count: same bytes");
    LocalDate d = FleetSpec.DEFAULT_SNAPSHOT_DATE;
    List<NodeDumpRow> dumps = LocalTables.readAll(wh1, Table.NODE_DUMPS, d, NodeDumpRow.class);
    assertEquals(
        1,
        dumps.stream().filter(x -> x.getStatus().equals("REJECTED")).count(),
        "the dump without meta.env");
    List<CertificateRow> certs =
        LocalTables.readAll(wh1, Table.CERTIFICATES, d, CertificateRow.class);
    CertificateRow apiserver =
        certs.stream()
            .filter(c -> c.getPath().equals("/etc/kubernetes/pki/apiserver.crt"))
            .findFirst()
            .orElseThrow();
    assertEquals("/etc/kubernetes/pki/ca.crt", apiserver.getVerifyCaPath());
    assertTrue(Set.of("VERIFIED", "SIGNATURE_INVALID").contains(apiserver.getVerifyStatus()));
    assertTrue(apiserver.getReferencedBy().contains("kube-apiserver --tls-cert-file"));
    assertNotNull(apiserver.getPublicKeyBits());
    List<ProcessRow> procs = LocalTables.readAll(wh1, Table.PROCESSES, d, ProcessRow.class);
    assertTrue(
        procs.stream()
            .anyMatch(
                p -> p.getArgvSource().equals("K3S_JOURNAL") && p.getComponent().equals("k3s")));
    assertTrue(
        procs.stream()
            .anyMatch(
                p ->
                    p.getArgvSource().equals("STATIC_POD_MANIFEST")
                        && p.getComponent().equals("etcd")));
    List<ConfigFileRow> configs =
        LocalTables.readAll(wh1, Table.CONFIG_FILES, d, ConfigFileRow.class);
    assertTrue(
        configs.stream()
            .anyMatch(
                c -> c.getKind().equals("KUBELET_READONLY_METRICS") && c.getContentJson() != null));
    assertTrue(configs.stream().anyMatch(c -> c.getKind().equals("KUBELET_DROPIN")));
  }

  private static Map<String, String> hashes(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(
            root.relativize(p).toString(),
            HexFormat.of().formatHex(DumpFiles.sha256().digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  private static void writeTarGz(Path file, Map<String, String> files, boolean traversal)
      throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      Map<String, String> all = new TreeMap<>(files);
      if (traversal) {
        all.put("../../etc/cron.d/evil", "* * * * * root sh -c bad\n");
      }
      for (Map.Entry<String, String> f : all.entrySet()) {
        byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
      }
      if (!traversal) {
        // Pad so that cutting the archive loses whole files, as a failed copy does.
        for (int i = 0; i < 20; i++) {
          byte[] b = new byte[4096];
          new java.util.Random(i).nextBytes(b);
          TarArchiveEntry e = new TarArchiveEntry("fs/var/filler-" + i, true);
          e.setSize(b.length);
          tar.putArchiveEntry(e);
          tar.write(b);
          tar.closeArchiveEntry();
        }
      }
    }
  }

  /** Fails if any row of any raw node table of {@code date} contains {@code needle}. */
  static void assertNoRowContains(Path wh, java.time.LocalDate date, String needle) {
    for (Table t :
        List.of(
            Table.NODE_DUMPS,
            Table.PROCESSES,
            Table.CONFIG_FILES,
            Table.CERTIFICATES,
            Table.FILE_STATS,
            Table.COLLECTION_ERRORS)) {
      for (Object row : LocalTables.readAll(wh, t, date, t.rowClass())) {
        assertFalse(row.toString().contains(needle), t + ": " + row);
      }
    }
  }
}
