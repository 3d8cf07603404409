package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants one secret of every class the redaction knows (flags, headers, URL userinfo, registry
 * auths, environment assignments, one-word flag and value, GKE node metadata, high-entropy values)
 * on a fake node and in a GKE export, collects it every way (node-dump.sh then import, a raw dump
 * imported as found, the live {@code collect node}, {@code collect gke}), scores, writes the report
 * with every CSV and the signed evidence bundle, and looks for each planted value in every byte
 * produced: each table's rows decoded, every other file of the warehouse, the report and the bundle
 * (its archive unpacked and its tables decoded), and everything the commands and their logs
 * printed.
 */
class PlantedSecretScanTest {

  private static final Path SCRIPT = Path.of("../collectors/scripts/node-dump.sh");
  private static final String DATE = "2026-11-22";
  private static final String BASIC =
      Base64.getEncoder().encodeToString("admin:plantedBasic16".getBytes(StandardCharsets.UTF_8));
  private static final String REGISTRY_AUTH =
      Base64.getEncoder().encodeToString("robot:plantedReg09".getBytes(StandardCharsets.UTF_8));

  /** Planted value → its class; each must appear nowhere. */
  private static final Map<String, String> PLANTED = new LinkedHashMap<>();

  static {
    PLANTED.put("plantedHdr01", "--manifest-url-header=Authorization:Bearer");
    PLANTED.put("plantedAws02", "AWS_SECRET_ACCESS_KEY as a positional argument");
    PLANTED.put("plantedApi03", "--api-key X");
    PLANTED.put("plantedAzure04", "\"--azure-client-secret X\" as one argument");
    PLANTED.put("plantedEtcd05", "--etcd-servers URL password");
    PLANTED.put("plantedK3sDb06", "k3s --datastore-endpoint URL password");
    PLANTED.put("plantedPodUrl07", "kubelet staticPodURL password");
    PLANTED.put("plantedPodHdr08", "kubelet staticPodURLHeader Authorization Bearer");
    PLANTED.put(REGISTRY_AUTH, "/var/lib/kubelet/config.json auths.*.auth");
    PLANTED.put("plantedReg09", "registry password (decoded auth)");
    PLANTED.put("plantedK3sCfg10", "k3s config datastore-endpoint URL password");
    PLANTED.put("plantedK3sEnv11", "K3S_DATASTORE_ENDPOINT URL password");
    PLANTED.put("plantedEnvTok12", "Environment=\"API_TOKEN=...\" in a drop-in");
    PLANTED.put("plantedAwsDropin13", "Environment=\"AWS_SECRET_ACCESS_KEY=...\" in a drop-in");
    PLANTED.put("plantedManifest14", "static pod manifest --etcd-servers URL password");
    PLANTED.put("plantedKc15", "kubeconfig token");
    PLANTED.put(BASIC, "Proxy-Authorization Basic credential");
    PLANTED.put("plantedBasic16", "Basic credential password (decoded)");
    PLANTED.put("plantedGkeEnv17", "GKE nodeConfig.metadata kube-env");
    PLANTED.put("plantedGkeScript18", "GKE nodeConfig.metadata startup-script");
    PLANTED.put("plantedGkePool19", "GKE node pool config.metadata");
    PLANTED.put("plantedGkeMaster20", "GKE masterAuth.password");
    PLANTED.put("Qz7vX2mN9kL4wR8tYp3s", "high-entropy value of a key-named field");
    PLANTED.put("plantedPsTok21", "--bootstrap-token in ps output");
    PLANTED.put("plantedEnvFile22", "SECRET-named variable in an env file");
  }

  /** Not stripped on the node (no entropy test in sed); the importer removes them. */
  private static final List<String> IMPORTER_ONLY = List.of("Qz7vX2mN9kL4wR8tYp3s");

  @TempDir Path tmp;

  @Test
  void noPlantedSecretInAnyTableLogReportOrBundle() throws Exception {
    Path root = tmp.resolve("root");
    fakeNode(root);
    Path bin = tmp.resolve("bin");
    write(
        bin.resolve("ps"),
        "#!/bin/sh\necho '    PID COMMAND'\n"
            + "echo '  100 /usr/bin/kubelet --manifest-url-header=Authorization:Bearer plantedHdr01"
            + " AWS_SECRET_ACCESS_KEY=plantedAws02 --api-key plantedApi03"
            + " --azure-client-secret plantedAzure04 --bootstrap-token plantedPsTok21'\n");
    Files.setPosixFilePermissions(bin.resolve("ps"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path scriptDump = tmp.resolve("dumps/n-script.tar.gz");
    Files.createDirectories(scriptDump.getParent());
    runScript(root, bin, scriptDump);
    String onNode = tarText(scriptDump);
    List<String> leaks = new ArrayList<>();
    for (String v : PLANTED.keySet()) {
      if (!IMPORTER_ONLY.contains(v)) {
        leak(v, "node-dump.sh's archive", onNode, leaks);
      }
    }
    Path rawDump = tmp.resolve("dumps/n-raw");
    rawDump(root, rawDump);
    Path gke = tmp.resolve("gke/describe.json");
    write(gke, GKE_CLUSTER);

    Path wh = tmp.resolve("wh");
    Path report = tmp.resolve("report");
    Path evidence = tmp.resolve("evidence");
    List<FleetscoreCommandTest.Run> runs = new ArrayList<>();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
    try {
      System.setOut(capture);
      System.setErr(capture);
      runs.add(
          ok(
              "collect",
              "import",
              scriptDump.toString(),
              rawDump.toString(),
              "--warehouse",
              wh.toString(),
              "--date",
              DATE));
      runs.add(
          ok(
              "collect",
              "node",
              "--root",
              root.toString(),
              "--cluster",
              "kubeadm:lab",
              "--node",
              "n-live",
              "--warehouse",
              wh.toString(),
              "--date",
              DATE));
      runs.add(
          ok(
              "collect",
              "gke",
              "--from",
              gke.getParent().toString(),
              "--warehouse",
              wh.toString(),
              "--date",
              DATE));
      runs.add(ok("score", "--warehouse", wh.toString(), "--date", DATE));
      runs.add(
          ok(
              "report",
              "--warehouse",
              wh.toString(),
              "--date",
              DATE,
              "--out",
              report.toString(),
              "--csv",
              "ALL"));
      Path key = tmp.resolve("signer.key");
      Path cert = tmp.resolve("signer.pem");
      runs.add(ok("evidence", "keygen", "--key", key.toString(), "--cert", cert.toString()));
      runs.add(
          ok(
              "evidence",
              "--warehouse",
              wh.toString(),
              "--date",
              DATE,
              "--key",
              key.toString(),
              "--cert",
              cert.toString(),
              "--out",
              evidence.toString()));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }

    StringBuilder everything = new StringBuilder();
    for (FleetscoreCommandTest.Run r : runs) {
      everything.append(r.out()).append(r.err());
    }
    everything.append(logs.toString(StandardCharsets.UTF_8));
    LocalDate d = LocalDate.parse(DATE);
    everything.append(decodedTables(wh, d));
    everything.append(filesText(wh)).append(filesText(report)).append(filesText(evidence));
    List<Path> bundleTables;
    try (Stream<Path> s = Files.walk(evidence)) {
      bundleTables = s.filter(p -> p.getFileName().toString().equals("tables")).toList();
    }
    assertEquals(1, bundleTables.size(), "the bundle keeps its tables in tables/");
    everything.append(decodedTables(bundleTables.get(0), d));
    String all = everything.toString();
    for (String v : PLANTED.keySet()) {
      leak(v, "the tables, logs, report or bundle", all, leaks);
    }
    if (!leaks.isEmpty()) {
      fail(leaks.size() + " leaks:\n" + String.join("\n", leaks));
    }

    // The secrets were read and redacted, not lost: the rows are there with their shape kept.
    List<ProcessRow> procs = LocalTables.readAll(wh, Table.PROCESSES, d, ProcessRow.class);
    List<String> argv = procs.stream().flatMap(p -> p.getArgv().stream()).toList();
    for (String kept :
        List.of(
            "--manifest-url-header=Authorization:REDACTED",
            "--etcd-servers=https://REDACTED@10.0.0.1:2379",
            "--datastore-endpoint=postgres://REDACTED@db.internal:5432/k3s",
            "--token-auth-file=/etc/kubernetes/tokens.csv",
            "--azure-client-secret REDACTED",
            "AWS_SECRET_ACCESS_KEY=REDACTED")) {
      assertTrue(argv.contains(kept), kept + " in " + argv);
    }
    assertTrue(
        procs.stream().map(ProcessRow::getNodeName).distinct().count() >= 3,
        "script, raw and live nodes all imported");
    assertTrue(all.contains("pods.example"), "a redacted URL keeps its host");
    assertTrue(Files.list(report).findAny().isPresent());
  }

  private static void leak(String value, String where, String text, List<String> leaks) {
    int at = text.indexOf(value);
    if (at >= 0) {
      leaks.add(
          PLANTED.get(value)
              + " reached "
              + where
              + ": ..."
              + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 40))
                  .replace('\n', ' ')
              + "...");
    }
  }

  private static FleetscoreCommandTest.Run ok(String... args) {
    FleetscoreCommandTest.Run r = FleetscoreCommandTest.run(args);
    assertEquals(ExitCodes.OK, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  /** A node with a kubelet, an API server and k3s, each carrying secrets as they are found. */
  private static void fakeNode(Path root) throws IOException {
    cmdline(
        root,
        100,
        "/usr/bin/kubelet",
        "--config=/var/lib/kubelet/config.yaml",
        "--kubeconfig=/etc/kubernetes/kubelet.conf",
        "--manifest-url-header=Authorization:Bearer plantedHdr01",
        "AWS_SECRET_ACCESS_KEY=plantedAws02",
        "--api-key",
        "plantedApi03",
        "--azure-client-secret plantedAzure04");
    cmdline(
        root,
        200,
        "/usr/local/bin/kube-apiserver",
        "--etcd-servers=https://root:plantedEtcd05@10.0.0.1:2379",
        "--token-auth-file=/etc/kubernetes/tokens.csv",
        "--authorization-mode=Node,RBAC");
    cmdline(
        root,
        300,
        "/usr/local/bin/k3s",
        "server",
        "--datastore-endpoint=postgres://k3s:plantedK3sDb06@db.internal:5432/k3s");
    write(
        root.resolve("var/lib/kubelet/config.yaml"),
        """
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        readOnlyPort: 0
        authentication:
          anonymous:
            enabled: false
        staticPodURL: https://pods:plantedPodUrl07@pods.example/list
        staticPodURLHeader:
          Authorization:
          - Bearer plantedPodHdr08
          Proxy-Authorization: ["Basic %s"]
        """
            .formatted(BASIC));
    write(
        root.resolve("var/lib/kubelet/config.json"),
        "{\"auths\":{\"registry.example\":{\"auth\":\"" + REGISTRY_AUTH + "\"}}}\n");
    write(
        root.resolve("etc/kubernetes/kubelet.conf"),
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: k, cluster: {server: https://10.0.0.1:6443}}]
        users:
        - name: u
          user:
            token: plantedKc15
        """);
    write(
        root.resolve("etc/rancher/k3s/config.yaml"),
        "datastore-endpoint: \"mysql://k3s:plantedK3sCfg10@tcp(db:3306)/k3s\"\n"
            + "cluster-signing-key-blob: Qz7vX2mN9kL4wR8tYp3s\n");
    write(
        root.resolve("etc/systemd/system/k3s.service.env"),
        "K3S_DATASTORE_ENDPOINT='postgres://k3s:plantedK3sEnv11@db:5432/k3s'\n"
            + "REGISTRY_CLIENT_SECRET=plantedEnvFile22\n");
    write(
        root.resolve("etc/systemd/system/kubelet.service.d/20-secrets.conf"),
        "[Service]\nEnvironment=\"API_TOKEN=plantedEnvTok12\"\n"
            + "Environment=\"AWS_SECRET_ACCESS_KEY=plantedAwsDropin13\"\n");
    write(
        root.resolve("etc/kubernetes/manifests/kube-apiserver.yaml"),
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver, namespace: kube-system}
        spec:
          containers:
          - name: kube-apiserver
            command:
            - kube-apiserver
            - --etcd-servers=https://root:plantedManifest14@10.0.0.1:2379
            - --token-auth-file=/etc/kubernetes/tokens.csv
        """);
  }

  private static final String GKE_CLUSTER =
      """
      {"name": "prod-eu", "location": "europe-west1",
       "selfLink": "https://container.googleapis.com/v1/projects/acme/locations/europe-west1/clusters/prod-eu",
       "currentMasterVersion": "1.31.5-gke.1169000", "status": "RUNNING",
       "masterAuth": {"password": "plantedGkeMaster20"},
       "nodeConfig": {"machineType": "e2-standard-4", "imageType": "COS_CONTAINERD",
         "metadata": {"kube-env": "KUBELET_CERT: x\\nCA_CERT: y\\nKUBE_PROXY_TOKEN: plantedGkeEnv17",
                      "startup-script": "#!/bin/sh\\necho plantedGkeScript18 > /tmp/x",
                      "disable-legacy-endpoints": "true"}},
       "nodePools": [{"name": "default-pool", "version": "1.31.5-gke.1169000",
         "selfLink": "https://container.googleapis.com/v1/projects/acme/locations/europe-west1/clusters/prod-eu/nodePools/default-pool",
         "config": {"machineType": "e2-standard-4", "metadata": {"user-data": "plantedGkePool19"}}}]}
      """;

  /** The dump as node-dump.sh lays it out, but with every file copied as found (no sed). */
  private static void rawDump(Path root, Path dump) throws IOException {
    write(
        dump.resolve("meta.env"),
        "cluster=kubeadm:lab\nnode=n-raw\ncollected_at=2026-11-22T08:00:00Z\nprovider=kubeadm\n");
    StringBuilder ps = new StringBuilder("    PID COMMAND\n");
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String rel = root.relativize(p).toString();
        if (rel.startsWith("proc/")) {
          String pid = p.getParent().getFileName().toString();
          byte[] raw = Files.readAllBytes(p);
          Files.createDirectories(dump.resolve("cmdline"));
          Files.write(dump.resolve("cmdline/" + pid), raw);
          ps.append("  ")
              .append(pid)
              .append(' ')
              .append(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip())
              .append('\n');
        } else {
          Path to = dump.resolve("fs").resolve(rel);
          Files.createDirectories(to.getParent());
          Files.copy(p, to);
        }
      }
    }
    write(dump.resolve("ps.txt"), ps.toString());
  }

  private static void runScript(Path root, Path bin, Path out) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                SCRIPT.toString(),
                "--root",
                root.toString(),
                "--cluster",
                "kubeadm:lab",
                "--node",
                "n-script",
                "--out",
                out.toString())
            .redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), log);
  }

  private static String decodedTables(Path warehouse, LocalDate d) {
    StringBuilder sb = new StringBuilder();
    for (Table t : Table.values()) {
      for (Object row : LocalTables.readAll(warehouse, t, d, t.rowClass())) {
        sb.append(row).append('\n');
      }
    }
    return sb.toString();
  }

  /** Every file's bytes; archives unpacked (Parquet is decoded separately). */
  private static String filesText(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      sb.append(f).append('\n');
      sb.append(
          f.toString().endsWith(".tar.gz")
              ? tarText(f)
              : new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    return sb.toString();
  }

  private static String tarText(Path tgz) throws IOException {
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
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  private static void cmdline(Path root, int pid, String... argv) throws IOException {
    write(root.resolve("proc/" + pid + "/cmdline"), String.join("\0", argv) + "\0");
  }

  private static void write(Path p, String s) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }
}
