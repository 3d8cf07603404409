package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.LocalTables;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live collector against fake node roots: the same rows as node-dump.sh run on the same root
 * and imported, no planted secret or key in any row (nor in the dump held in memory), symlinks kept
 * inside the root, the read-only port's metrics filtered, and a Bottlerocket-shaped node.
 */
class LiveNodeTest {

  static final LocalDate DATE = LocalDate.of(2026, 11, 22);
  static final Path FIXTURES = Path.of("src/test/resources/LiveNodeTest");
  static final long LIMIT = DumpReader.DEFAULT_MAX_FILE_BYTES;

  @TempDir Path tmp;

  @Test
  void givesTheSameRowsAsTheScriptOnTheSameRoot() throws Exception {
    Path root = kubeadmRoot();
    Path script = scriptDump(root);
    Path whScript = tmp.resolve("wh-script");
    ImportRun.run(ImportRun.Request.of(List.of(script), whScript, DATE));
    Path whLive = tmp.resolve("wh-live");
    ImportRun.Result r = LiveNode.run(request(root, whLive));
    assertEquals(1, r.accepted(), r.summary());

    for (Table t :
        List.of(
            Table.PROCESSES,
            Table.CONFIG_FILES,
            Table.CERTIFICATES,
            Table.FILE_STATS,
            Table.COLLECTION_ERRORS)) {
      List<String> fromScript = comparable(whScript, t);
      List<String> live = comparable(whLive, t);
      assertFalse(fromScript.isEmpty(), t + " is empty");
      assertEquals(String.join("\n", fromScript), String.join("\n", live), t.tableName());
    }
    NodeDumpRow s = LocalTables.readAll(whScript, Table.NODE_DUMPS, DATE, NodeDumpRow.class).get(0);
    NodeDumpRow l = LocalTables.readAll(whLive, Table.NODE_DUMPS, DATE, NodeDumpRow.class).get(0);
    assertEquals("ACCEPTED", l.getStatus());
    assertEquals(s.getFilesCount(), l.getFilesCount(), "the same files in both dumps");
    assertEquals(s.getMeta().keySet(), l.getMeta().keySet());
    assertEquals("live:" + root.toRealPath(), l.getSource());

    // What the fixture is for: the flags' files, the drop-in, the symlinked PEM, the key's stat.
    List<ConfigFileRow> cfg =
        LocalTables.readAll(whLive, Table.CONFIG_FILES, DATE, ConfigFileRow.class);
    assertEquals("KUBELET_CONFIG", kind(cfg, "/etc/kubernetes/kubelet/config.json"));
    assertEquals("KUBELET_DROPIN", kind(cfg, "/etc/kubernetes/kubelet/config.json.d/10-pids.conf"));
    assertEquals("KUBECONFIG", kind(cfg, "/etc/kubernetes/kubelet/kubeconfig"));
    assertEquals(
        "SYSTEMD_DROPIN", kind(cfg, "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"));
    assertEquals("STATIC_POD_MANIFEST", kind(cfg, "/etc/kubernetes/manifests/kube-scheduler.yaml"));
    List<String> certs =
        LocalTables.readAll(whLive, Table.CERTIFICATES, DATE, CertificateRow.class).stream()
            .map(c -> c.getPath() + " " + c.getVerifyStatus())
            .toList();
    assertTrue(certs.contains("/etc/kubernetes/pki/ca.crt NOT_CHECKED"), certs.toString());
    assertTrue(
        certs.contains("/var/lib/kubelet/pki/kubelet-server-current.pem NOT_CHECKED"),
        "a symlink inside the root is read as its target: " + certs);
    List<FileStatRow> stats =
        LocalTables.readAll(whLive, Table.FILE_STATS, DATE, FileStatRow.class);
    FileStatRow key =
        stats.stream()
            .filter(x -> x.getPath().equals("/etc/kubernetes/pki/ca.key"))
            .findFirst()
            .orElseThrow();
    assertEquals("600", key.getMode());
    assertTrue(
        stats.stream().noneMatch(x -> x.getPath().contains("/pods/")), "pod state is skipped");
    List<String> procs =
        LocalTables.readAll(whLive, Table.PROCESSES, DATE, ProcessRow.class).stream()
            .map(p -> p.getComponent() + " " + p.getArgvSource())
            .toList();
    assertEquals(
        List.of("kube-proxy CMDLINE", "kube-scheduler STATIC_POD_MANIFEST", "kubelet CMDLINE"),
        procs.stream().sorted().toList());
  }

  @Test
  void noPlantedSecretOrKeyLeavesTheNode() throws Exception {
    Path root = kubeadmRoot();
    DumpFiles d = new LiveNode(root, LIMIT, null, false).collect(meta());
    for (Map.Entry<String, byte[]> e : d.files.entrySet()) {
      String s = new String(e.getValue(), StandardCharsets.ISO_8859_1);
      assertFalse(s.contains("planted"), e.getKey() + " holds a planted secret:\n" + s);
    }
    assertFalse(d.files.containsKey("fs/etc/kubernetes/pki/ca.key"));
    assertFalse(d.files.containsKey("fs/var/lib/kubelet/token"));
    assertTrue(d.text("stat.txt").contains(" /etc/kubernetes/pki/ca.key\n"));
    assertTrue(d.text("ps.txt").contains("--bootstrap-token=REDACTED"), d.text("ps.txt"));

    Path wh = tmp.resolve("wh");
    LiveNode.run(request(root, wh));
    ImportRunTest.assertNoRowContains(wh, DATE, "planted");
  }

  @Test
  void symlinksStayInsideTheRoot() throws Exception {
    Path root = tmp.resolve("root");
    Path outside = tmp.resolve("outside/kubelet.conf");
    write(outside, "apiVersion: v1\nkind: Config\n# plantedOutside\n");
    write(root.resolve("etc/kubernetes/inside.conf"), "apiVersion: v1\nkind: Config\n");
    Files.createDirectories(root.resolve("etc/kubernetes/a"));
    Files.createSymbolicLink(
        root.resolve("etc/kubernetes/a/up.conf"), Path.of("../../../../outside/kubelet.conf"));
    Files.createSymbolicLink(root.resolve("etc/kubernetes/abs.conf"), outside.toAbsolutePath());
    Files.createSymbolicLink(
        root.resolve("etc/kubernetes/rooted.conf"), Path.of("/etc/kubernetes/inside.conf"));
    Files.createSymbolicLink(root.resolve("etc/kubernetes/loop.conf"), Path.of("loop.conf"));

    DumpFiles d = new LiveNode(root, LIMIT, null, false).collect(meta());
    for (byte[] b : d.files.values()) {
      assertFalse(new String(b, StandardCharsets.UTF_8).contains("plantedOutside"));
    }
    assertFalse(d.files.containsKey("fs/etc/kubernetes/a/up.conf"));
    assertFalse(d.files.containsKey("fs/etc/kubernetes/abs.conf"));
    assertFalse(d.files.containsKey("fs/etc/kubernetes/loop.conf"));
    assertEquals(
        d.text("fs/etc/kubernetes/inside.conf"),
        d.text("fs/etc/kubernetes/rooted.conf"),
        "an absolute link is read from the root, as in a chroot");
  }

  @Test
  void readOnlyPortMetricsKeepOnlyTheRequestCounts() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        ex -> {
          byte[] body =
              ("# HELP kubelet_http_requests_total Number of the http requests\n"
                      + "kubelet_http_requests_total{method=\"GET\",path=\"pods\",server_type=\"readonly\"} 7\n"
                      + "process_cpu_seconds_total 12.5\n"
                      + "kubelet_http_requests_total{method=\"GET\",path=\"stats\",server_type=\"readonly\"} 3\n")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
      Path root = tmp.resolve("root");
      // a kubelet that still serves the read-only port (a dump without one is rejected)
      write(root.resolve("proc/10/cmdline"), "/usr/bin/kubelet\0--read-only-port=10255\0");
      DumpFiles d = new LiveNode(root, LIMIT, url, false).collect(meta());
      String kept = d.text("metrics/kubelet.txt");
      assertEquals(2, kept.lines().count(), kept);
      assertTrue(kept.lines().allMatch(l -> l.startsWith("kubelet_http_requests_total{")));
      NodeEvidence e = new DumpReader(new DumpReader.Snapshot("s", DATE), LIMIT).read(d, "live:/");
      assertTrue(
          e.getConfigFiles().stream().anyMatch(c -> c.getKind().equals("KUBELET_READONLY_METRICS")),
          e.getConfigFiles().toString());
    } finally {
      server.stop(0);
    }

    // A closed port is what a hardened node has: nothing is recorded, as in the script.
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path root = tmp.resolve("root2");
    Files.createDirectories(root);
    DumpFiles d =
        new LiveNode(root, LIMIT, URI.create("http://127.0.0.1:" + closed + "/metrics"), false)
            .collect(meta());
    assertNull(d.text("metrics/kubelet.txt"));
    assertTrue(d.problems.isEmpty(), d.problems.toString());
  }

  @Test
  void bottlerocketNodeImportsWithItsConfigFile() throws Exception {
    Path root = tmp.resolve("br");
    Path fixture = FIXTURES.resolve("bottlerocket");
    try (Stream<Path> s = Files.walk(fixture)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path rel = fixture.relativize(p);
        if (!rel.toString().equals("kubelet.argv")) {
          Files.createDirectories(root.resolve(rel).getParent());
          Files.copy(p, root.resolve(rel));
        }
      }
    }
    String argv = String.join("\0", Files.readAllLines(fixture.resolve("kubelet.argv"))) + "\0";
    write(root.resolve("proc/2417/cmdline"), argv);
    write(root.resolve("etc/kubernetes/pki/ca.crt"), pem(ca().cert()));

    Path wh = tmp.resolve("wh");
    LiveNode.run(
        new LiveNode.Request(
            root,
            "eks:br-lab",
            "ip-10-20-30-40.eu-west-1.compute.internal",
            "eks",
            "br-workers",
            "eu-west-1a",
            wh,
            DATE,
            null,
            null,
            LIMIT));
    NodeDumpRow dump = LocalTables.readAll(wh, Table.NODE_DUMPS, DATE, NodeDumpRow.class).get(0);
    assertEquals("ACCEPTED", dump.getStatus());
    assertEquals("eks", dump.getProvider());
    assertEquals("br-workers", dump.getNodePool());
    List<ProcessRow> procs = LocalTables.readAll(wh, Table.PROCESSES, DATE, ProcessRow.class);
    assertEquals(1, procs.size(), procs.toString());
    ProcessRow kubelet = procs.get(0);
    assertEquals("kubelet", kubelet.getComponent());
    assertEquals("CMDLINE", kubelet.getArgvSource());
    assertEquals(2417, kubelet.getPid());
    assertEquals("/usr/bin/kubelet", kubelet.getExecutable());
    assertEquals(
        "/etc/kubernetes/kubelet/config", DumpReader.flagMap(kubelet.getArgv()).get("config"));
    assertEquals("true", DumpReader.flagMap(kubelet.getArgv()).get("register-with-taints"));

    List<ConfigFileRow> cfg =
        LocalTables.readAll(wh, Table.CONFIG_FILES, DATE, ConfigFileRow.class);
    ConfigFileRow config =
        cfg.stream()
            .filter(c -> c.getPath().equals("/etc/kubernetes/kubelet/config"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(cfg.toString()));
    assertEquals("KUBELET_CONFIG", config.getKind());
    assertEquals("YAML", config.getFormat());
    assertEquals(List.of("kubelet --config"), config.getReferencedBy());
    assertNull(config.getParseError());
    JsonNode content = new ObjectMapper().readTree(config.getContentJson());
    assertEquals(0, content.path("readOnlyPort").asInt(-1));
    assertEquals(1048576, content.path("podPidsLimit").asLong());
    assertEquals(
        "/etc/kubernetes/pki/ca.crt", content.at("/authentication/x509/clientCAFile").asText());
    ConfigFileRow kc =
        cfg.stream()
            .filter(c -> c.getPath().equals("/etc/kubernetes/kubelet/kubeconfig"))
            .findFirst()
            .orElseThrow();
    assertEquals("KUBECONFIG", kc.getKind());
    assertEquals("EXEC", kc.getKubeconfigAuth());
    assertEquals("/usr/bin/aws-iam-authenticator", kc.getKubeconfigExecCommand());
    assertTrue(
        cfg.stream()
            .anyMatch(
                c ->
                    c.getPath().equals("/etc/kubernetes/kubelet/credential-provider-config.yaml")));
    List<String> certRefs =
        LocalTables.readAll(wh, Table.CERTIFICATES, DATE, CertificateRow.class).stream()
            .flatMap(c -> c.getReferencedBy().stream())
            .toList();
    assertEquals(List.of("kubelet authentication.x509.clientCAFile"), certRefs);
  }

  @Test
  void joinsTheBucketCountOfADateAlreadyImported() throws Exception {
    Path root = kubeadmRoot();
    Path wh = tmp.resolve("wh");
    // A bulk import of the date in 4 buckets (only its file names matter here).
    Path part = wh.resolve("node_dumps/snapshot_date=" + DATE);
    Files.createDirectories(part);
    Files.write(part.resolve("part-00000-of-00004-import.parquet"), new byte[0]);
    LiveNode.run(request(root, wh));
    LiveNode.run(request(root, wh)); // a rerun replaces its own files
    List<String> names;
    try (Stream<Path> s = Files.list(part)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    String label = LiveNode.defaultLabel("kubeadm:lab", "n1");
    assertEquals(5, names.size(), names.toString());
    assertTrue(names.contains("part-00000-of-00004-import.parquet"));
    assertTrue(names.contains("part-00003-of-00004-" + label + ".parquet"), names.toString());
  }

  @Test
  void aMountedImageNeedsItsNodeName() throws IOException {
    Path root = tmp.resolve("img");
    Files.createDirectories(root);
    LiveNode.Request req =
        new LiveNode.Request(
            root, "c", null, null, null, null, tmp.resolve("wh"), DATE, null, null, LIMIT);
    UserError e = assertThrows(UserError.class, () -> LiveNode.run(req));
    assertTrue(e.getMessage().contains("--node"), e.getMessage());
  }

  @Test
  void defaultLabelIsPerNodeAndValid() {
    String a = LiveNode.defaultLabel("eks:a", "ip-10-0-0-1.ec2.internal");
    assertTrue(a.matches("node\\.ip_10_0_0_1\\.ec2\\.internal\\.[0-9a-f]{8}"), a);
    assertFalse(a.equals(LiveNode.defaultLabel("eks:b", "ip-10-0-0-1.ec2.internal")));
  }

  // ---------------------------------------------------------------- fixtures

  /** A kubeadm-like worker with a kube-proxy, planted secrets, keys and pod state. */
  private Path kubeadmRoot() throws Exception {
    Path root = tmp.resolve("root");
    write(
        root.resolve("proc/1131/cmdline"),
        String.join(
                "\0",
                "/usr/bin/kubelet",
                "--config",
                "/etc/kubernetes/kubelet/config.json",
                "--config-dir",
                "/etc/kubernetes/kubelet/config.json.d",
                "--kubeconfig",
                "/etc/kubernetes/kubelet/kubeconfig",
                "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
                "--tls-cert-file=/var/lib/kubelet/pki/kubelet-server-current.pem",
                "--tls-private-key-file=/var/lib/kubelet/pki/kubelet-server-current.pem",
                "--bootstrap-token=plantedA",
                "--cgroup-root=/",
                "--node-labels=a=/b")
            + "\0");
    write(root.resolve("proc/1/cmdline"), "/sbin/init\0splash\0");
    write(root.resolve("proc/2/cmdline"), "");
    write(root.resolve("proc/2/comm"), "kthreadd\n");
    write(
        root.resolve("proc/2001/cmdline"),
        "kube-proxy\0--kubeconfig=/var/lib/kube-proxy/kubeconfig.conf\0--hostname-override=n1\0");
    write(root.resolve("proc/3000/cmdline"), "/usr/bin/grep\0kubelet\0");
    write(
        root.resolve("etc/kubernetes/kubelet/config.json"),
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\","
            + "\"readOnlyPort\":0,\"authentication\":{\"anonymous\":{\"enabled\":false},"
            + "\"x509\":{\"clientCAFile\":\"/etc/kubernetes/pki/ca.crt\"}},"
            + "\"staticPodPath\":\"/etc/kubernetes/manifests\"}\n");
    write(
        root.resolve("etc/kubernetes/kubelet/config.json.d/10-pids.conf"),
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\","
            + "\"podPidsLimit\":4096}\n");
    write(
        root.resolve("etc/kubernetes/kubelet/kubeconfig"),
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
            + "contexts: [{name: c, context: {cluster: k, user: u}}]\n"
            + "clusters: [{name: k, cluster: {server: https://10.0.0.1:6443}}]\n"
            + "users:\n- name: u\n  user:\n    token: plantedB\n    client-key-data: plantedC\n"
            + "    password: plantedI\n");
    write(
        root.resolve("etc/kubernetes/bootstrap-kubelet.conf"),
        "apiVersion: v1\nkind: Config\nusers:\n- name: b\n  user:\n    token:   plantedJ  \n");
    write(
        root.resolve("var/lib/kube-proxy/kubeconfig.conf"),
        "apiVersion: v1\nkind: Config\nusers:\n- name: p\n  user:\n    tokenFile: /var/run/secrets/t\n");
    write(
        root.resolve("etc/systemd/system/kubelet.service.d/10-kubeadm.conf"),
        "[Service]\nEnvironment=\"KUBELET_EXTRA_ARGS=--bootstrap-token=plantedE --v=2\"\n"
            + "ExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n");
    write(
        root.resolve("etc/default/kubelet"),
        "KUBELET_EXTRA_ARGS=--node-labels=x=y\nREGISTRY_PASSWORD=plantedF\nK3S_TOKEN=plantedK\n");
    write(
        root.resolve("etc/kubernetes/manifests/kube-scheduler.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: kube-scheduler, namespace: kube-system}\n"
            + "spec:\n  containers:\n  - name: kube-scheduler\n    command:\n    - kube-scheduler\n"
            + "    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf\n"
            + "    - --bind-address=127.0.0.1\n");
    Ca ca = ca();
    write(root.resolve("etc/kubernetes/pki/ca.crt"), pem(ca.cert()));
    write(root.resolve("etc/kubernetes/pki/ca.key"), privateKeyPem(ca.keys(), "plantedD"));
    Files.setPosixFilePermissions(
        root.resolve("etc/kubernetes/pki/ca.key"), PosixFilePermissions.fromString("rw-------"));
    // A kubelet serving PEM holding certificate and key, behind the usual "current" symlink.
    write(
        root.resolve("var/lib/kubelet/pki/kubelet-server-2026-11-01.pem"),
        pem(ca.cert()) + privateKeyPem(ca.keys(), "plantedG"));
    Files.createSymbolicLink(
        root.resolve("var/lib/kubelet/pki/kubelet-server-current.pem"),
        Path.of("kubelet-server-2026-11-01.pem"));
    write(root.resolve("etc/kubernetes/admission/broken.yaml"), "apiVersion: v1\nkind: [\n");
    write(root.resolve("var/lib/kubelet/token"), "plantedH\n");
    write(root.resolve("var/lib/kubelet/pods/uid/volumes/secret/token"), "plantedL\n");
    write(root.resolve("var/lib/kubelet/device-plugins/kubelet.sock.txt"), "x\n");
    return root;
  }

  /** Runs node-dump.sh on the root with a fake ps (the host's ps would list this JVM's host). */
  private Path scriptDump(Path root) throws Exception {
    Path bin = tmp.resolve("bin");
    write(
        bin.resolve("ps"),
        "#!/bin/sh\necho '    PID COMMAND'\n"
            + "echo '   1131 /usr/bin/kubelet --config /etc/kubernetes/kubelet/config.json"
            + " --bootstrap-token=plantedM'\n");
    Files.setPosixFilePermissions(bin.resolve("ps"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path out = tmp.resolve("n1.tar.gz");
    NodeDumpScriptTest.runScript(root, bin, out);
    return out;
  }

  private static LiveNode.Request request(Path root, Path wh) {
    return new LiveNode.Request(
        root, "kubeadm:lab", "n1", "kubeadm", null, null, wh, DATE, null, null, LIMIT);
  }

  private static Map<String, String> meta() {
    return LiveNode.meta(
        request(Path.of("/"), Path.of("wh")), "n1", Instant.parse("2026-11-22T03:00:00Z"));
  }

  /** A table's rows as text, without what differs by construction between two dumps. */
  static List<String> comparable(Path wh, Table t) {
    List<String> out = new ArrayList<>();
    for (Object o : LocalTables.readAll(wh, t, DATE, t.rowClass())) {
      SpecificRecord r = (SpecificRecord) o; // read for this comparison only
      for (String f : List.of("dump_id", "collected_at", "source")) {
        if (r.getSchema().getField(f) != null) {
          r.put(r.getSchema().getField(f).pos(), null);
        }
      }
      out.add(r.toString());
    }
    return out;
  }

  private static String kind(List<ConfigFileRow> cfg, String path) {
    return cfg.stream()
        .filter(c -> c.getPath().equals(path))
        .map(ConfigFileRow::getKind)
        .findFirst()
        .orElse("missing: " + cfg.stream().map(ConfigFileRow::getPath).toList());
  }

  private static void write(Path p, String s) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }

  record Ca(KeyPair keys, X509CertificateHolder cert) {}

  static Ca ca() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      KeyPair kp = g.generateKeyPair();
      X500Name dn = new X500Name("CN=kubernetes");
      X509CertificateHolder cert =
          new JcaX509v3CertificateBuilder(
                  dn,
                  BigInteger.valueOf(42),
                  Date.from(Instant.parse("2026-01-01T00:00:00Z")),
                  Date.from(Instant.parse("2036-01-01T00:00:00Z")),
                  dn,
                  kp.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      return new Ca(kp, cert);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509CertificateHolder c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PEM private key block with a marker inside, to prove its bytes never travel. */
  static String privateKeyPem(KeyPair kp, String marker) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + marker
        + "\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
