package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real node-dump.sh against a fake node root (a folder laid out like a kubeadm worker,
 * with a fake ps on the PATH), imports what it wrote, and checks that no planted secret left the
 * "node". Also runs shellcheck on the script when it is installed (.ci/run installs it).
 */
class NodeDumpScriptTest {

  static final Path SCRIPT = Path.of("scripts/node-dump.sh");

  @TempDir Path tmp;

  @Test
  void dumpsAFakeNodeThatTheImporterReads() throws Exception {
    Path root = tmp.resolve("root");
    write(
        root.resolve("proc/1131/cmdline"),
        "/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--kubeconfig=/etc/kubernetes/kubelet.conf\0--bootstrap-token=plantedA\0");
    write(root.resolve("proc/1/cmdline"), "/sbin/init\0");
    write(
        root.resolve("var/lib/kubelet/config.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n");
    write(
        root.resolve("etc/kubernetes/kubelet.conf"),
        "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: plantedB\n    client-key-data: plantedC\n");
    write(
        root.resolve("etc/kubernetes/pki/ca.key"),
        "-----BEGIN RSA PRIVATE KEY-----\nplantedD\n-----END RSA PRIVATE KEY-----\n");
    write(root.resolve("etc/default/kubelet"), "KUBELET_EXTRA_ARGS=--node-labels=a=b\n");
    Path bin = tmp.resolve("bin");
    write(
        bin.resolve("ps"),
        "#!/bin/sh\necho '    PID COMMAND'\necho '   1131 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --bootstrap-token=plantedE'\n");
    Files.setPosixFilePermissions(bin.resolve("ps"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path out = tmp.resolve("n1.tar.gz");
    runScript(root, bin, out);

    String everything = allText(out);
    assertFalse(
        everything.contains("plantedA"), "a token on the kubelet's command line left the node");
    assertFalse(everything.contains("plantedE"), "a token in ps output left the node");
    assertFalse(everything.contains("plantedB"), "kubeconfig token left the node");
    assertFalse(everything.contains("plantedC"), "client-key-data left the node");
    assertFalse(everything.contains("plantedD"), "a private key left the node");
    assertTrue(everything.contains("/etc/kubernetes/pki/ca.key"), "the key's stat line is kept");

    Path wh = tmp.resolve("wh");
    LocalDate d = LocalDate.of(2026, 11, 22);
    ImportRun.run(ImportRun.Request.of(List.of(out), wh, d));
    NodeDumpRow dump = LocalTables.readAll(wh, Table.NODE_DUMPS, d, NodeDumpRow.class).get(0);
    assertEquals("ACCEPTED", dump.getStatus(), String.valueOf(dump.getRejectReason()));
    assertEquals("kubeadm:lab", dump.getClusterId());
    List<ProcessRow> procs = LocalTables.readAll(wh, Table.PROCESSES, d, ProcessRow.class);
    ProcessRow kubelet =
        procs.stream().filter(r -> r.getArgvSource().equals("CMDLINE")).findFirst().orElseThrow();
    assertEquals("--bootstrap-token=REDACTED", kubelet.getArgv().get(2));
    assertEquals(1, procs.size(), "the ps line of a pid with a cmdline is not read twice");
    List<ConfigFileRow> cfg = LocalTables.readAll(wh, Table.CONFIG_FILES, d, ConfigFileRow.class);
    assertTrue(
        cfg.stream()
            .anyMatch(
                c ->
                    c.getPath().equals("/var/lib/kubelet/config.yaml")
                        && c.getKind().equals("KUBELET_CONFIG")));
    assertTrue(cfg.stream().anyMatch(c -> c.getKind().equals("ENV_FILE")));
    List<FileStatRow> stats = LocalTables.readAll(wh, Table.FILE_STATS, d, FileStatRow.class);
    assertTrue(
        stats.stream().anyMatch(s -> s.getPath().equals("/etc/kubernetes/pki/ca.key")),
        stats.toString());
    for (Table t :
        List.of(
            Table.NODE_DUMPS,
            Table.PROCESSES,
            Table.CONFIG_FILES,
            Table.FILE_STATS,
            Table.COLLECTION_ERRORS)) {
      for (Object row : LocalTables.readAll(wh, t, d, t.rowClass())) {
        assertFalse(row.toString().contains("planted"), t + ": " + row);
      }
    }
  }

  @Test
  void shellcheckFindsNothing() throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v shellcheck").start();
    assumeTrue(which.waitFor() == 0, "shellcheck is not installed (.ci/run installs it)");
    Process p =
        new ProcessBuilder("shellcheck", "-s", "sh", SCRIPT.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  private static void write(Path p, String s) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }

  private static String allText(Path tgz) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(tgz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        all.write(e.getName().getBytes(StandardCharsets.UTF_8));
        all.write('\n');
        tar.transferTo(all);
      }
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /**
   * Runs node-dump.sh on a fake root as node n1 of kubeadm:lab, with {@code bin} (a fake ps) first
   * on the PATH; asserts it succeeded.
   */
  static void runScript(Path root, Path bin, Path out) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                SCRIPT.toString(),
                "--root",
                root.toString(),
                "--cluster",
                "kubeadm:lab",
                "--node",
                "n1",
                "--provider",
                "kubeadm",
                "--out",
                out.toString())
            .redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), log);
  }
}
