package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
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
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What node-dump.sh and {@code collect node} see on real-shaped nodes, both ways on the same root
 * with the same rows: a flags-only kubelet, files named only inside the kubelet config and
 * kubeconfigs (outside the conventional folders), key-bearing PEMs (only their certificates
 * travel), the versions and OS image a mounted image records, an RKE2 server, and a host with no
 * Kubernetes process (rejected with its own reason, counted, not scored).
 */
class NodeCollectionCoverageTest {

  static final LocalDate DATE = LocalDate.of(2026, 11, 22);
  static final long LIMIT = DumpReader.DEFAULT_MAX_FILE_BYTES;

  @TempDir Path tmp;

  /** A dump taken both ways on one root. */
  record Both(Path script, Path whScript, Path whLive, ImportRun.Result live) {}

  private Both bothWays(Path root, String name) throws Exception {
    Path bin = tmp.resolve("bin-" + name);
    write(bin.resolve("ps"), "#!/bin/sh\necho '    PID COMMAND'\n");
    Files.setPosixFilePermissions(bin.resolve("ps"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path out = tmp.resolve(name + ".tar.gz");
    NodeDumpScriptTest.runScript(root, bin, out);
    Path whScript = tmp.resolve("wh-script-" + name);
    ImportRun.run(ImportRun.Request.of(List.of(out), whScript, DATE));
    Path whLive = tmp.resolve("wh-live-" + name);
    ImportRun.Result r =
        LiveNode.run(
            new LiveNode.Request(
                root, "kubeadm:lab", "n1", "kubeadm", null, null, whLive, DATE, null, null, LIMIT));
    for (Table t :
        List.of(
            Table.PROCESSES,
            Table.CONFIG_FILES,
            Table.CERTIFICATES,
            Table.FILE_STATS,
            Table.COLLECTION_ERRORS)) {
      assertEquals(
          String.join("\n", LiveNodeTest.comparable(whScript, t)),
          String.join("\n", LiveNodeTest.comparable(whLive, t)),
          name + " " + t.tableName());
    }
    Map<String, String> metaScript = new TreeMap<>(dump(whScript).getMeta());
    Map<String, String> metaLive = new TreeMap<>(dump(whLive).getMeta());
    metaScript.remove("collected_at");
    metaLive.remove("collected_at");
    assertEquals(metaScript, metaLive, name + " meta.env");
    assertEquals(dump(whScript).getKubeletVersion(), dump(whLive).getKubeletVersion());
    assertEquals(dump(whScript).getStatus(), dump(whLive).getStatus());
    return new Both(out, whScript, whLive, r);
  }

  @Test
  void flagsOnlyKubeletWithKubeconfigNamedFilesOutsideTheUsualFolders() throws Exception {
    Path root = tmp.resolve("aks");
    LiveNodeTest.Ca ca = LiveNodeTest.ca();
    String cert = LiveNodeTest.pem(ca.cert());
    write(
        root.resolve("proc/3120/cmdline"),
        String.join(
                "\0",
                "/usr/local/bin/kubelet",
                "--anonymous-auth=false",
                "--client-ca-file=/etc/kubernetes/certs/ca.crt",
                "--tls-cert-file=/etc/kubernetes/certs/kubeletserver.crt",
                "--tls-private-key-file=/etc/kubernetes/certs/kubeletserver.key",
                "--kubeconfig=/var/lib/kubelet/kubeconfig",
                "--read-only-port=0")
            + "\0");
    write(root.resolve("proc/1/cmdline"), "/sbin/init\0");
    write(root.resolve("etc/kubernetes/certs/ca.crt"), cert);
    write(root.resolve("etc/kubernetes/certs/kubeletserver.crt"), cert);
    write(
        root.resolve("etc/kubernetes/certs/kubeletserver.key"),
        LiveNodeTest.privateKeyPem(ca.keys(), "plantedServingKey"));
    // the kubeconfig names its CA and client pair under /opt, which no convention covers
    write(
        root.resolve("var/lib/kubelet/kubeconfig"),
        "apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster:\n"
            + "    certificate-authority: /opt/azure/pki/apiserver-ca.crt\n"
            + "    server: https://10.0.0.1:443\n"
            + "users:\n- name: u\n  user:\n"
            + "    client-certificate: /opt/azure/pki/client.pem\n"
            + "    client-key: \"/opt/azure/pki/client.key\"\n"
            + "    tokenFile: /opt/azure/pki/bearer\n");
    write(root.resolve("opt/azure/pki/apiserver-ca.crt"), cert);
    write(
        root.resolve("opt/azure/pki/client.pem"),
        cert + LiveNodeTest.privateKeyPem(ca.keys(), "plantedClientKey"));
    write(
        root.resolve("opt/azure/pki/client.key"),
        LiveNodeTest.privateKeyPem(ca.keys(), "plantedKeyFile"));
    write(root.resolve("opt/azure/pki/bearer"), "plantedBearer\n");
    write(root.resolve("opt/azure/pki/unrelated.crt"), cert);
    write(
        root.resolve("etc/os-release"),
        "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nPRETTY_NAME=\"Ubuntu 22.04.5 LTS\"\n");

    Both b = bothWays(root, "aks");
    assertEquals(1, b.live().accepted(), b.live().summary());
    List<String> certs =
        LocalTables.readAll(b.whLive(), Table.CERTIFICATES, DATE, CertificateRow.class).stream()
            .map(CertificateRow::getPath)
            .toList();
    assertTrue(certs.contains("/opt/azure/pki/apiserver-ca.crt"), certs.toString());
    assertTrue(certs.contains("/opt/azure/pki/client.pem"), certs.toString());
    assertFalse(certs.contains("/opt/azure/pki/unrelated.crt"), "only what a config names");
    List<String> stats =
        LocalTables.readAll(b.whLive(), Table.FILE_STATS, DATE, FileStatRow.class).stream()
            .map(FileStatRow::getPath)
            .toList();
    assertTrue(stats.contains("/opt/azure/pki/client.key"), "a named key keeps its stat line");
    assertFalse(stats.contains("/opt/azure/pki/bearer"), "a token file is never followed");
    String all = allText(b.script());
    for (String planted :
        List.of("plantedServingKey", "plantedClientKey", "plantedKeyFile", "plantedBearer")) {
      assertFalse(all.contains(planted), planted + " left the node");
    }
    String clientPem = entry(b.script(), "fs/opt/azure/pki/client.pem");
    assertTrue(clientPem.contains("BEGIN CERTIFICATE"), clientPem);
    assertFalse(clientPem.contains("PRIVATE KEY"), clientPem);
    NodeDumpRow d = dump(b.whLive());
    assertEquals("Ubuntu 22.04.5 LTS", d.getMeta().get("os_image"));
    assertEquals(
        null, d.getKubeletVersion(), "a mounted image without a version file has no version");
  }

  @Test
  void kubeletConfigNamedFilesAndTheServingPemSymlinkAndTheEksVersionFile() throws Exception {
    Path root = tmp.resolve("eks");
    LiveNodeTest.Ca ca = LiveNodeTest.ca();
    String cert = LiveNodeTest.pem(ca.cert());
    write(
        root.resolve("proc/2417/cmdline"),
        String.join(
                "\0",
                "/usr/bin/kubelet",
                "--config=/etc/kubernetes/kubelet/config.json",
                "--kubeconfig=/var/lib/kubelet/kubeconfig",
                "--node-ip=10.0.0.7")
            + "\0");
    // pretty-printed as the EKS AMI writes it; the CA lives outside the usual folders
    write(
        root.resolve("etc/kubernetes/kubelet/config.json"),
        "{\n  \"kind\": \"KubeletConfiguration\",\n"
            + "  \"apiVersion\": \"kubelet.config.k8s.io/v1beta1\",\n"
            + "  \"authentication\": {\n    \"x509\": {\n"
            + "      \"clientCAFile\": \"/srv/eks/pki/kubelet-client-ca.crt\"\n    }\n  },\n"
            + "  \"serverTLSBootstrap\": true,\n  \"readOnlyPort\": 0\n}\n");
    write(
        root.resolve("var/lib/kubelet/kubeconfig"),
        "apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster:\n"
            + "    certificate-authority: /etc/kubernetes/pki/ca.crt\n");
    write(root.resolve("etc/kubernetes/pki/ca.crt"), cert);
    write(root.resolve("srv/eks/pki/kubelet-client-ca.crt"), cert);
    write(
        root.resolve("var/lib/kubelet/pki/kubelet-server-2026-11-20-10-00-00.pem"),
        cert + LiveNodeTest.privateKeyPem(ca.keys(), "plantedServerKey"));
    Files.createSymbolicLink(
        root.resolve("var/lib/kubelet/pki/kubelet-server-current.pem"),
        Path.of("kubelet-server-2026-11-20-10-00-00.pem"));
    write(root.resolve("etc/eks/kubelet-version.txt"), "Kubernetes v1.30.4-eks-a737599\n");
    write(
        root.resolve("etc/os-release"),
        "NAME=\"Amazon Linux\"\nPRETTY_NAME=\"Amazon Linux 2023.6.20241010\"\n");

    Both b = bothWays(root, "eks");
    NodeDumpRow d = dump(b.whLive());
    assertEquals("v1.30.4-eks-a737599", d.getKubeletVersion());
    assertEquals("/etc/eks/kubelet-version.txt", d.getMeta().get("kubelet_version_source"));
    assertEquals("Amazon Linux 2023.6.20241010", d.getMeta().get("os_image"));
    List<CertificateRow> certs =
        LocalTables.readAll(b.whLive(), Table.CERTIFICATES, DATE, CertificateRow.class);
    assertTrue(
        certs.stream().anyMatch(c -> c.getPath().equals("/srv/eks/pki/kubelet-client-ca.crt")),
        "a file named only by the kubelet config is collected");
    assertTrue(
        certs.stream()
            .anyMatch(c -> c.getPath().equals("/var/lib/kubelet/pki/kubelet-server-current.pem")));
    String serving = entry(b.script(), "fs/var/lib/kubelet/pki/kubelet-server-current.pem");
    assertTrue(serving.contains("BEGIN CERTIFICATE"), serving);
    assertFalse(serving.contains("PRIVATE KEY"), serving);
    assertFalse(allText(b.script()).contains("plantedServerKey"));
    // the importer never sees a key: no PRIVATE_KEY_IN_DUMP warning, only the certificate
    List<CollectionErrorRow> errs =
        LocalTables.readAll(b.whLive(), Table.COLLECTION_ERRORS, DATE, CollectionErrorRow.class);
    assertTrue(
        errs.stream().noneMatch(e -> e.getErrorCode().equals("PRIVATE_KEY_IN_DUMP")),
        errs.toString());
  }

  @Test
  void rke2ServerItsConfigManifestsEtcdConfigAndReleaseAreCollected() throws Exception {
    Path root = tmp.resolve("rke2");
    // rke2 rewrites its argv: one field "rke2 server" padded with NULs
    write(root.resolve("proc/800/cmdline"), "/usr/local/bin/rke2 server\0\0\0\0");
    write(
        root.resolve("proc/900/cmdline"),
        "/var/lib/rancher/rke2/data/v1.30.2-rke2r1-4d8ec3a2b9f1/bin/kubelet\0"
            + "--config-dir=/var/lib/rancher/rke2/agent/etc/kubelet.conf.d\0"
            + "--kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig\0");
    write(root.resolve("etc/rancher/rke2/config.yaml"), "profile: cis\ntoken: plantedRke2\n");
    write(
        root.resolve("var/lib/rancher/rke2/agent/etc/kubelet.conf.d/00-rke2-defaults.conf"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
            + "readOnlyPort: 0\n");
    write(
        root.resolve("var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: kube-apiserver}\nspec:\n  containers:\n"
            + "  - name: kube-apiserver\n    command: [kube-apiserver]\n"
            + "    args: [--etcd-servers=https://127.0.0.1:2379, --profiling=false]\n");
    write(
        root.resolve("var/lib/rancher/rke2/server/db/etcd/config"),
        "client-transport-security:\n  client-cert-auth: true\n");
    write(root.resolve("var/lib/rancher/rke2/server/db/etcd/member/snap/db"), "state\n");
    write(root.resolve("var/lib/rancher/rke2/agent/logs/kubelet.log"), "I1122 log\n");
    Files.createDirectories(root.resolve("var/lib/rancher/rke2/data/v1.30.2-rke2r1-4d8ec3a2b9f1"));

    Both b = bothWays(root, "rke2");
    NodeDumpRow d = dump(b.whLive());
    assertEquals("ACCEPTED", d.getStatus());
    assertEquals("v1.30.2+rke2r1", d.getKubeletVersion());
    List<String> procs =
        LocalTables.readAll(b.whLive(), Table.PROCESSES, DATE, ProcessRow.class).stream()
            .map(p -> p.getComponent() + " " + p.getArgvSource() + " " + p.getArgv())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "kube-apiserver STATIC_POD_MANIFEST [--etcd-servers=https://127.0.0.1:2379,"
                + " --profiling=false]",
            "kubelet CMDLINE [--config-dir=/var/lib/rancher/rke2/agent/etc/kubelet.conf.d,"
                + " --kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig]",
            "rke2 CMDLINE [server]"),
        procs);
    List<String> cfg =
        LocalTables.readAll(b.whLive(), Table.CONFIG_FILES, DATE, ConfigFileRow.class).stream()
            .map(c -> c.getPath() + " " + c.getKind())
            .toList();
    assertTrue(cfg.contains("/etc/rancher/rke2/config.yaml K3S_CONFIG"), cfg.toString());
    assertTrue(cfg.contains("/var/lib/rancher/rke2/server/db/etcd/config OTHER"), cfg.toString());
    assertTrue(
        cfg.contains(
            "/var/lib/rancher/rke2/agent/etc/kubelet.conf.d/00-rke2-defaults.conf KUBELET_DROPIN"),
        cfg.toString());
    List<String> stats =
        LocalTables.readAll(b.whLive(), Table.FILE_STATS, DATE, FileStatRow.class).stream()
            .map(FileStatRow::getPath)
            .toList();
    assertFalse(stats.stream().anyMatch(p -> p.contains("/member/")), "etcd data stays");
    assertFalse(stats.stream().anyMatch(p -> p.contains("/logs/")), "logs stay");
    assertFalse(allText(b.script()).contains("plantedRke2"), "the join token left the node");
  }

  @Test
  void aHostWithoutKubernetesIsRejectedCountedAndNotScored() throws Exception {
    Path root = tmp.resolve("bastion");
    write(root.resolve("proc/1/cmdline"), "/sbin/init\0");
    write(root.resolve("proc/640/cmdline"), "/usr/sbin/sshd\0-D\0");
    write(root.resolve("proc/700/cmdline"), "/usr/bin/grep\0kubelet\0");
    write(root.resolve("etc/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
    Both b = bothWays(root, "bastion");
    assertEquals(1, b.live().rejected(), b.live().summary());
    assertEquals(0, b.live().accepted(), b.live().summary());
    ImportRun.Result fromScript =
        ImportRun.run(ImportRun.Request.of(List.of(b.script()), tmp.resolve("wh-again"), DATE));
    assertTrue(fromScript.summary().contains("0 accepted, 1 rejected"), fromScript.summary());
    for (Path wh : List.of(b.whScript(), b.whLive())) {
      NodeDumpRow d = dump(wh);
      assertEquals("REJECTED", d.getStatus());
      assertTrue(
          d.getRejectReason().startsWith(DumpReader.NO_KUBERNETES_PROCESS + ": "),
          d.getRejectReason());
      assertEquals("n1", d.getNodeName(), "the node is still named, so the report can say which");
      assertTrue(LocalTables.readAll(wh, Table.PROCESSES, DATE, ProcessRow.class).isEmpty());
      assertTrue(
          LocalTables.readAll(wh, Table.COLLECTION_ERRORS, DATE, CollectionErrorRow.class).stream()
              .anyMatch(e -> e.getErrorCode().equals(DumpReader.NO_KUBERNETES_PROCESS)));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static NodeDumpRow dump(Path wh) {
    List<NodeDumpRow> rows = LocalTables.readAll(wh, Table.NODE_DUMPS, DATE, NodeDumpRow.class);
    assertEquals(1, rows.size(), rows.toString());
    return rows.get(0);
  }

  private static void write(Path p, String s) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }

  private static String entry(Path tgz, String name) throws IOException {
    try (InputStream in = Files.newInputStream(tgz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().replaceFirst("^\\./", "").equals(name)) {
          return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(name + " is not in " + tgz);
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
}
