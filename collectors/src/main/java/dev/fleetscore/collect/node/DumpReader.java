package dev.fleetscore.collect.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.schema.ArgvSources;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Turns one node dump (see DESIGN.md, "The node dump") into its {@link NodeEvidence}: one
 * node_dumps row, and its processes, config_files, certificates, file_stats and collection_errors
 * rows, each sorted by its natural key. Never throws on bad content: a dump without a usable
 * meta.env is one REJECTED row with the reason; every other problem is a collection_errors row and
 * the rest of the node is still read. Private keys are never decoded and secrets are redacted.
 */
public final class DumpReader {

  /** Files over this size are hashed but not read (default 8 MiB). */
  public static final long DEFAULT_MAX_FILE_BYTES = 8L * 1024 * 1024;

  static final String PRODUCER = FleetscoreVersion.producer("collectors");

  /** What every row of a snapshot carries. */
  public record Snapshot(String snapshotId, LocalDate date) {}

  private static final String METRICS_PATH = "http://127.0.0.1:10255/metrics";

  /** Flags whose value is a certificate, and the flag naming the CA that must have signed it. */
  /**
   * Who verifies each certificate, and with which CA: {leaf component, leaf flag, consuming
   * component, the consumer's flag naming the CA it trusts for it}. A certificate is verified
   * against the CA of the component that consumes it, not the CA of the component that presents it.
   * Several rows for one leaf are tried in order; the first whose CA file is named on this node
   * wins. {@code kubelet client-certificate} is the client certificate of the kubelet's
   * --kubeconfig, {@code kubelet tls-cert-file} its serving certificate (tlsCertFile, else the
   * certificate it keeps under --cert-dir).
   */
  static final String[][] CERT_CA_PAIRS = {
    // Pods and in-cluster clients verify the API server with the root CA the controller-manager
    // publishes (kube-root-ca.crt); the kubelet with its kubeconfig's certificate-authority.
    {"kube-apiserver", "tls-cert-file", "kube-controller-manager", "root-ca-file"},
    {"kube-apiserver", "tls-cert-file", "kubelet", "kubeconfig-certificate-authority"},
    // The kubelet verifies the API server's client certificate with its clientCAFile.
    {"kube-apiserver", "kubelet-client-certificate", "kubelet", "client-ca-file"},
    // Aggregated API servers verify the front-proxy client with the request-header CA.
    {"kube-apiserver", "proxy-client-cert-file", "kube-apiserver", "requestheader-client-ca-file"},
    // etcd verifies the API server's etcd client certificate with its --trusted-ca-file.
    {"kube-apiserver", "etcd-certfile", "etcd", "trusted-ca-file"},
    // The API server verifies etcd's serving certificate with --etcd-cafile.
    {"etcd", "cert-file", "kube-apiserver", "etcd-cafile"},
    {"etcd", "peer-cert-file", "etcd", "peer-trusted-ca-file"},
    // The API server verifies the kubelet's serving and client certificates.
    {"kubelet", "tls-cert-file", "kube-apiserver", "kubelet-certificate-authority"},
    {"kubelet", "client-certificate", "kube-apiserver", "client-ca-file"},
  };

  /**
   * The pairing of one leaf certificate: the consumer setting that names its CA ("kube-apiserver
   * --kubelet-certificate-authority") and the CA file, null when that component's configuration is
   * not on this node.
   */
  record Pairing(String caSetting, String caPath, boolean consumerSeen) {}

  /** The reject reason of a dump in which no Kubernetes process runs. */
  public static final String NO_KUBERNETES_PROCESS = "NO_KUBERNETES_PROCESS";

  /** How far a dump's collected_at may lie past the reader's clock: node clocks a little ahead. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

  private final Snapshot snapshot;
  private final long maxFileBytes;
  private final Clock clock;

  public DumpReader(Snapshot snapshot, long maxFileBytes) {
    this(snapshot, maxFileBytes, Clock.systemUTC());
  }

  DumpReader(Snapshot snapshot, long maxFileBytes, Clock clock) {
    this.snapshot = snapshot;
    this.maxFileBytes = maxFileBytes;
    this.clock = clock;
  }

  /** Reads one dump; {@code source} is how the dump is named in the tables. */
  public NodeEvidence read(java.nio.file.Path dump, String source) {
    DumpFiles files = DumpFiles.read(dump, maxFileBytes);
    return new Node(files, source).build();
  }

  /** Reads one dump already held in memory as files (the live collector). */
  NodeEvidence read(DumpFiles files, String source) {
    return new Node(files, source).build();
  }

  /** The state of reading one dump. */
  private final class Node {
    final DumpFiles files;
    final String source;
    String cluster;
    String node;
    Instant collectedAt;
    final List<CollectionErrorRow> errors = new ArrayList<>();
    final List<ProcessRow> processes = new ArrayList<>();
    final List<ConfigFileRow> configs = new ArrayList<>();
    final List<CertificateRow> certs = new ArrayList<>();
    final List<FileStatRow> stats = new ArrayList<>();

    /** Absolute path on the node → what names it ("kubelet --config"). */
    final Map<String, Set<String>> refs = new TreeMap<>();

    /** component → flag → value, from the most exact process of each component. */
    final Map<String, Map<String, String>> flags = new TreeMap<>();

    Node(DumpFiles files, String source) {
      this.files = files;
      this.source = source;
      if (files.unreadable != null) {
        // The raw bytes alone would give two empty or two identical broken files one id, and
        // make the second a false duplicate of the first: the input's name is part of the id.
        MessageDigest md = DumpFiles.sha256();
        md.update(("unreadable\0" + source + "\0" + files.dumpId).getBytes(StandardCharsets.UTF_8));
        files.dumpId = HexFormat.of().formatHex(md.digest());
      }
    }

    NodeEvidence build() {
      DumpMeta m = DumpMeta.read(files);
      Map<String, String> meta = m.values;
      String reject = m.reject;
      cluster = m.cluster;
      node = m.node;
      collectedAt = m.collectedAt;
      NodeDumpRow.Builder dump =
          NodeDumpRow.newBuilder()
              .setSnapshotId(snapshot.snapshotId())
              .setSnapshotDate(snapshot.date())
              .setProducerVersion(PRODUCER)
              .setDumpId(files.dumpId)
              .setSource(source)
              .setMeta(m.forTable())
              .setFilesCount(files.files.size())
              .setBytesTotal(files.bytesTotal)
              .setProvider(lower(meta.get("provider")))
              .setNodePool(meta.get("node_pool"))
              .setZone(meta.get("zone"))
              .setKubeletVersion(meta.get("kubelet_version"));
      if (reject != null) {
        // The node is unknown, so nothing of it can be joined: the dump row says why.
        cluster = null;
        node = null;
        errors.clear();
        boolean whole = files.unreadable != null;
        error(
            whole ? "ARCHIVE" : "META",
            whole ? null : "meta.env",
            reject.substring(0, reject.indexOf(':')),
            reject,
            "ERROR");
        for (DumpFiles.Problem p : files.problems) {
          error("ARCHIVE", p.path(), p.code(), p.message(), "ERROR");
        }
        return NodeEvidence.newBuilder()
            .setDump(
                dump.setStatus("REJECTED")
                    .setRejectReason(reject)
                    .setCollectedAt(collectedAt)
                    .setErrorsCount(errors.size())
                    .build())
            .setProcesses(List.of())
            .setConfigFiles(List.of())
            .setCertificates(List.of())
            .setFileStats(List.of())
            .setCollectionErrors(sortedErrors())
            .build();
      }
      for (DumpFiles.Problem p : files.problems) {
        error("ARCHIVE", p.path(), p.code(), p.message(), "ERROR");
      }
      checkCollectedAt();
      readProcesses();
      readConfigsAndCerts();
      readStats();
      if (dump.getKubeletVersion() == null) {
        dump.setKubeletVersion(versionFlag());
      }
      if (processes.stream().allMatch(r -> "STATIC_POD_MANIFEST".equals(r.getArgvSource()))) {
        // Nothing of Kubernetes runs (a dump of the wrong host, or of a node whose kubelet is
        // down): there is nothing to score, so the dump is rejected, with its identity kept.
        String why =
            NO_KUBERNETES_PROCESS
                + ": no kubelet, k3s, rke2 or control-plane process in cmdline/, ps.txt or the"
                + " k3s journal"
                + (processes.isEmpty()
                    ? ""
                    : " (only static pod manifests, which are not running)");
        error("PROCESSES", null, NO_KUBERNETES_PROCESS, why, "ERROR");
        List<CollectionErrorRow> errs = sortedErrors();
        return NodeEvidence.newBuilder()
            .setDump(
                dump.setClusterId(cluster)
                    .setNodeName(node)
                    .setCollectedAt(collectedAt)
                    .setStatus("REJECTED")
                    .setRejectReason(why)
                    .setErrorsCount(errs.size())
                    .build())
            .setProcesses(List.of())
            .setConfigFiles(List.of())
            .setCertificates(List.of())
            .setFileStats(List.of())
            .setCollectionErrors(errs)
            .build();
      }
      processes.sort(
          Comparator.comparing(ProcessRow::getSourcePath)
              .thenComparing(r -> r.getLineNumber() == null ? 0 : r.getLineNumber())
              .thenComparing(ProcessRow::getComponent));
      configs.sort(Comparator.comparing(ConfigFileRow::getPath));
      certs.sort(
          Comparator.comparing(CertificateRow::getPath)
              .thenComparingInt(CertificateRow::getBundleIndex));
      stats.sort(Comparator.comparing(FileStatRow::getPath));
      List<CollectionErrorRow> errs = sortedErrors();
      return NodeEvidence.newBuilder()
          .setDump(
              dump.setClusterId(cluster)
                  .setNodeName(node)
                  .setCollectedAt(collectedAt)
                  .setStatus("ACCEPTED")
                  .setErrorsCount(errs.size())
                  .build())
          .setProcesses(processes)
          .setConfigFiles(configs)
          .setCertificates(certs)
          .setFileStats(stats)
          .setCollectionErrors(errs)
          .build();
    }

    private List<CollectionErrorRow> sortedErrors() {
      List<CollectionErrorRow> e = new ArrayList<>(errors);
      e.sort(
          Comparator.comparing(CollectionErrorRow::getStage)
              .thenComparing(r -> r.getPath() == null ? "" : r.getPath())
              .thenComparing(CollectionErrorRow::getErrorCode)
              .thenComparing(CollectionErrorRow::getMessage));
      return e;
    }

    /**
     * A collected_at after the time of this import (beyond {@link #CLOCK_SKEW}) is kept but
     * flagged: the node's clock is wrong, and the newest-dump-wins rule would favour the dump. The
     * message leaves out the import's time so that the row does not change with it.
     */
    private void checkCollectedAt() {
      if (collectedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
        error(
            "META",
            "meta.env",
            "FUTURE_COLLECTED_AT",
            "collected_at "
                + collectedAt
                + " is more than "
                + CLOCK_SKEW.toMinutes()
                + " minutes after the time of this import; the node's clock is likely wrong",
            "WARNING");
      }
    }

    // ---------------------------------------------------------------- processes

    private void readProcesses() {
      Set<Integer> exact = new TreeSet<>();
      for (Map.Entry<String, byte[]> e : files.files.entrySet()) {
        String p = e.getKey();
        if (!p.startsWith("cmdline/")) {
          continue;
        }
        Integer pid = parsePid(p.substring("cmdline/".length()));
        Optional<Processes.Found> f = Processes.fromCmdline(p, pid, e.getValue());
        if (f.isPresent()) {
          if (pid != null) {
            exact.add(pid);
          }
          addProcess(f.get());
        }
      }
      String ps = files.text("ps.txt");
      if (ps != null) {
        List<Processes.BadLine> bad = new ArrayList<>();
        for (Processes.Found f : Processes.fromPs("ps.txt", ps, bad)) {
          if (f.pid() == null || !exact.contains(f.pid())) {
            addProcess(f);
          }
        }
        for (Processes.BadLine b : bad) {
          error(
              "PROCESSES",
              "ps.txt",
              "MALFORMED_PS",
              "line " + b.lineNumber() + ": " + b.message(),
              "WARNING");
        }
      } else if (exact.isEmpty()) {
        error(
            "PROCESSES",
            "ps.txt",
            "MISSING_FILE",
            "the dump has neither ps.txt nor cmdline/",
            "WARNING");
      }
      String journal = files.text("journal/k3s.txt");
      if (journal != null) {
        Processes.fromK3sJournal("journal/k3s.txt", journal).forEach(this::addProcess);
      }
      // Flags of each component from its most exact evidence: what names files and CAs.
      Map<String, ProcessRow> best = new TreeMap<>();
      for (ProcessRow r : processes) {
        best.merge(
            ArgvSources.component(r),
            r,
            (b, n) -> ArgvSources.MOST_EXACT_FIRST.compare(n, b) < 0 ? n : b);
      }
      best.forEach((comp, r) -> flags.put(comp, flagMap(r.getArgv())));
      flags.forEach(
          (comp, fl) ->
              fl.forEach(
                  (flag, value) -> {
                    if (value.startsWith("/")) {
                      ref(value, comp + " --" + flag);
                    }
                  }));
    }

    private void addProcess(Processes.Found f) {
      Secrets.Redacted r = Secrets.redactArgv(f.argv());
      processes.add(
          ProcessRow.newBuilder()
              .setSnapshotId(snapshot.snapshotId())
              .setSnapshotDate(snapshot.date())
              .setClusterId(cluster)
              .setNodeName(node)
              .setCollectedAt(collectedAt)
              .setProducerVersion(PRODUCER)
              .setDumpId(files.dumpId)
              .setComponent(f.component())
              .setPid(f.pid())
              .setExecutable(f.executable())
              .setArgv(r.argv())
              .setArgvSource(f.argvSource())
              .setLossy(f.lossy())
              .setSourcePath(f.sourcePath())
              .setLineNumber(f.lineNumber())
              .build());
    }

    private String versionFlag() {
      for (ProcessRow r : processes) {
        if (r.getComponent().equals("kubelet")) {
          String v = flagMap(r.getArgv()).get("version");
          if (v != null && v.startsWith("v")) {
            return v;
          }
        }
      }
      return null;
    }

    // ---------------------------------------------------------------- files

    private void readConfigsAndCerts() {
      // Parse every config first: the kubelet config names more files (clientCAFile, ...).
      Map<String, ConfigParser.Parsed> parsed = new TreeMap<>();
      List<String> certFiles = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : files.files.entrySet()) {
        String p = e.getKey();
        if (!p.startsWith("fs/")) {
          if (p.equals("metrics/kubelet.txt")) {
            parsed.put(p, ConfigParser.parse(p, new String(e.getValue(), StandardCharsets.UTF_8)));
          } else if (!isKnownTopLevel(p)) {
            error(
                "ARCHIVE",
                p,
                "UNKNOWN_FILE",
                p + " is not part of the dump format; ignored",
                "WARNING");
          }
          continue;
        }
        String abs = p.substring(2);
        byte[] content = e.getValue();
        if (CertParser.isKeyFileName(abs)
            || CertParser.containsPrivateKey(content)
                && !CertParser.looksLikeCertificateFile(abs, content)) {
          error(
              "CERTIFICATE",
              abs,
              "PRIVATE_KEY_IN_DUMP",
              "a private key was copied into the dump; it was not read and nothing of it is stored",
              "WARNING");
          continue;
        }
        if (CertParser.looksLikeCertificateFile(abs, content)) {
          certFiles.add(abs);
          continue;
        }
        parsed.put(abs, ConfigParser.parse(abs, new String(content, StandardCharsets.UTF_8)));
      }
      addKubeletConfigRefs(parsed);
      for (Map.Entry<String, ConfigParser.Parsed> e : parsed.entrySet()) {
        String p = e.getKey();
        byte[] content = files.files.get(p.startsWith("/") ? "fs" + p : p);
        addConfig(p.equals("metrics/kubelet.txt") ? METRICS_PATH : p, content, e.getValue());
      }
      Map<String, CertParser.Result> byPath = new TreeMap<>();
      for (String abs : certFiles) {
        byPath.put(abs, CertParser.parse(files.files.get("fs" + abs)));
      }
      Map<String, Pairing> caOf = caAssignments(parsed);
      for (Map.Entry<String, CertParser.Result> e : byPath.entrySet()) {
        addCerts(e.getKey(), e.getValue(), caOf.get(e.getKey()), byPath);
      }
    }

    private boolean isKnownTopLevel(String p) {
      return p.equals("meta.env")
          || p.equals("ps.txt")
          || p.equals("stat.txt")
          || p.startsWith("cmdline/")
          || p.equals("journal/k3s.txt");
    }

    /** Files the kubelet's config file names, resolved against the config file's folder. */
    private void addKubeletConfigRefs(Map<String, ConfigParser.Parsed> parsed) {
      Map<String, String> kf = flags.getOrDefault("kubelet", Map.of());
      String config = kf.get("config");
      List<String> kubeletConfigs = new ArrayList<>();
      if (config != null) {
        kubeletConfigs.add(config);
      }
      String dir = kf.get("config-dir");
      if (dir != null) {
        String d = dir.endsWith("/") ? dir : dir + "/";
        for (String p : parsed.keySet()) {
          if (p.startsWith(d) && p.endsWith(".conf") && p.indexOf('/', d.length()) < 0) {
            ref(p, "kubelet --config-dir");
            kubeletConfigs.add(p);
          }
        }
      }
      for (String c : kubeletConfigs) {
        ConfigParser.Parsed cp = parsed.get(c);
        if (cp == null || cp.content() == null) {
          continue;
        }
        String base = c.substring(0, c.lastIndexOf('/') + 1);
        JsonNode n = cp.content();
        refField(
            n.path("authentication").path("x509").path("clientCAFile"),
            base,
            "kubelet authentication.x509.clientCAFile",
            "client-ca-file");
        refField(n.path("tlsCertFile"), base, "kubelet tlsCertFile", "tls-cert-file");
        refField(n.path("staticPodPath"), base, "kubelet staticPodPath", null);
      }
    }

    private void refField(JsonNode v, String base, String what, String asFlag) {
      if (!v.isTextual() || v.textValue().isBlank()) {
        return;
      }
      String p = v.textValue().startsWith("/") ? v.textValue() : base + v.textValue();
      ref(p, what);
      if (asFlag != null) {
        // A flag given on the command line wins over the file, as in the kubelet.
        flags.computeIfAbsent("kubelet", k -> new TreeMap<>()).putIfAbsent(asFlag, p);
      }
    }

    private void addConfig(String path, byte[] content, ConfigParser.Parsed p) {
      Set<String> by = refs.getOrDefault(path, Set.of());
      String kind = kindOf(path, p, by);
      ConfigFileRow.Builder b =
          ConfigFileRow.newBuilder()
              .setSnapshotId(snapshot.snapshotId())
              .setSnapshotDate(snapshot.date())
              .setClusterId(cluster)
              .setNodeName(node)
              .setCollectedAt(collectedAt)
              .setProducerVersion(PRODUCER)
              .setDumpId(files.dumpId)
              .setPath(path)
              .setKind(kind)
              .setFormat(p.format())
              .setReferencedBy(List.copyOf(by))
              .setSizeBytes(content.length)
              .setSha256(HexFormat.of().formatHex(DumpFiles.sha256().digest(content)))
              .setContentJson(p.content() == null ? null : ConfigParser.toJson(p.content()))
              .setApiVersion(p.apiVersion())
              .setObjectKind(p.objectKind())
              .setParseError(p.error())
              .setRedactions(p.redactions());
      if (kind.equals("KUBECONFIG") && p.content() != null) {
        ConfigParser.KubeconfigAuth a = ConfigParser.kubeconfigAuth(p.content());
        b.setKubeconfigAuth(a.auth())
            .setKubeconfigExecCommand(a.execCommand())
            .setKubeconfigServer(a.server());
      }
      configs.add(b.build());
      if (p.error() != null) {
        String stage = p.format().equals("PROMETHEUS") ? "METRICS" : "CONFIG";
        error(stage, path, p.errorCode(), path + ": " + p.error(), "ERROR");
      }
      for (ConfigParser.Warning w : p.warnings()) {
        error("CONFIG", path, w.code(), path + ": " + w.message(), "WARNING");
      }
      if (kind.equals("STATIC_POD_MANIFEST") && p.content() != null) {
        manifestProcesses(path, p.content());
      }
    }

    private String kindOf(String path, ConfigParser.Parsed p, Set<String> by) {
      if (path.equals(METRICS_PATH)) {
        return "KUBELET_READONLY_METRICS";
      }
      if (by.contains("kubelet --config")) {
        return "KUBELET_CONFIG";
      }
      if (by.contains("kubelet --config-dir")) {
        return "KUBELET_DROPIN";
      }
      String kind = p.objectKind();
      if ("Pod".equals(kind)
          || path.contains("/manifests/")
              && (path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith(".json"))) {
        return "STATIC_POD_MANIFEST";
      }
      if ("Config".equals(kind) || by.stream().anyMatch(s -> s.endsWith("kubeconfig"))) {
        return "KUBECONFIG";
      }
      if ("KubeletConfiguration".equals(kind)) {
        return "KUBELET_CONFIG";
      }
      if (path.startsWith("/etc/rancher/k3s/config.yaml")
          || path.startsWith("/etc/rancher/rke2/config.yaml")) {
        return "K3S_CONFIG";
      }
      return switch (p.format()) {
        case "INI" -> path.contains(".service.d/") ? "SYSTEMD_DROPIN" : "SYSTEMD_UNIT";
        case "ENV" -> "ENV_FILE";
        default -> "OTHER";
      };
    }

    /** A static pod manifest's containers are processes the kubelet would run. */
    private void manifestProcesses(String path, JsonNode pod) {
      for (JsonNode c : pod.path("spec").path("containers")) {
        List<String> cmd = new ArrayList<>();
        c.path("command").forEach(w -> cmd.add(w.asText()));
        c.path("args").forEach(w -> cmd.add(w.asText()));
        if (cmd.isEmpty()) {
          continue;
        }
        String exe = cmd.remove(0);
        Processes.componentOf(exe)
            .ifPresent(
                comp ->
                    addProcess(
                        new Processes.Found(
                            comp,
                            null,
                            exe,
                            cmd,
                            "STATIC_POD_MANIFEST",
                            false,
                            "fs" + path,
                            null)));
      }
      // Flags named in manifests also name files (a control-plane node without its processes).
      for (ProcessRow r : List.copyOf(processes)) {
        if (r.getArgvSource().equals("STATIC_POD_MANIFEST")
            && r.getSourcePath().equals("fs" + path)) {
          Map<String, String> fl = flagMap(r.getArgv());
          Map<String, String> known = flags.computeIfAbsent(r.getComponent(), k -> new TreeMap<>());
          fl.forEach(
              (flag, value) -> {
                known.putIfAbsent(flag, value);
                if (value.startsWith("/")) {
                  ref(value, r.getComponent() + " --" + flag);
                }
              });
        }
      }
    }

    /** leaf certificate path → who verifies it and with which CA file (see CERT_CA_PAIRS). */
    private Map<String, Pairing> caAssignments(Map<String, ConfigParser.Parsed> parsed) {
      Map<String, Map<String, String>> f = new TreeMap<>();
      flags.forEach((c, m) -> f.put(c, new TreeMap<>(m)));
      Map<String, String> kubelet = f.computeIfAbsent("kubelet", k -> new TreeMap<>());
      String kubeconfig = kubelet.get("kubeconfig");
      ConfigParser.Parsed kc = kubeconfig == null ? null : parsed.get(kubeconfig);
      if (kc != null && kc.content() != null) {
        String base = kubeconfig.substring(0, kubeconfig.lastIndexOf('/') + 1);
        JsonNode user = kc.content().path("users").path(0).path("user");
        JsonNode cluster = kc.content().path("clusters").path(0).path("cluster");
        putPath(kubelet, "client-certificate", user.path("client-certificate"), base);
        putPath(
            kubelet,
            "kubeconfig-certificate-authority",
            cluster.path("certificate-authority"),
            base);
      }
      if (!kubelet.containsKey("tls-cert-file") && flags.containsKey("kubelet")) {
        String dir = kubelet.getOrDefault("cert-dir", "/var/lib/kubelet/pki");
        dir = dir.endsWith("/") ? dir : dir + "/";
        for (String name : List.of("kubelet-server-current.pem", "kubelet.crt")) {
          if (files.files.containsKey("fs" + dir + name)) {
            kubelet.put("tls-cert-file", dir + name);
            break;
          }
        }
      }
      Map<String, Pairing> out = new TreeMap<>();
      for (String[] pair : CERT_CA_PAIRS) {
        String leaf = f.getOrDefault(pair[0], Map.of()).get(pair[1]);
        if (leaf == null) {
          continue;
        }
        String ca = f.getOrDefault(pair[2], Map.of()).get(pair[3]);
        String setting =
            pair[2]
                + (pair[3].equals("kubeconfig-certificate-authority")
                    ? " --kubeconfig certificate-authority"
                    : " --" + pair[3]);
        // The consumer runs on this node (its command line or manifest is here) but names no CA:
        // it does not verify this certificate at all.
        boolean seen =
            ca == null
                && !pair[3].equals("kubeconfig-certificate-authority")
                && flags.containsKey(pair[2]);
        Pairing prev = out.get(leaf);
        if (prev == null || (prev.caPath() == null && ca != null)) {
          out.put(leaf, new Pairing(setting, ca, seen));
        }
      }
      return out;
    }

    private static void putPath(Map<String, String> m, String key, JsonNode v, String base) {
      if (v.isTextual() && !v.textValue().isBlank()) {
        String p = v.textValue();
        m.put(key, p.startsWith("/") ? p : base + p);
      }
    }

    private void addCerts(
        String path, CertParser.Result r, Pairing pairing, Map<String, CertParser.Result> all) {
      String caPath = pairing == null ? null : pairing.caPath();
      for (String[] pr : r.problems()) {
        error("CERTIFICATE", path, pr[0], path + ": " + pr[1], "ERROR");
      }
      if (r.privateKeyBlocks() > 0) {
        error(
            "CERTIFICATE",
            path,
            "PRIVATE_KEY_IN_DUMP",
            path + " also holds a private key; the key was not read and nothing of it is stored",
            "WARNING");
      }
      CertParser.Result ca = caPath == null ? null : all.get(caPath);
      for (CertParser.Cert c : r.certs()) {
        var h = c.holder();
        CertParser.KeyFacts k = CertParser.keyFacts(h.getSubjectPublicKeyInfo());
        BasicConstraints bc = CertParser.basicConstraints(h);
        boolean selfSigned = h.getSubject().equals(h.getIssuer()) && CertParser.signedBy(h, h);
        String status;
        String detail = null;
        String verifyPath = c.index() == 0 ? caPath : null;
        String caSetting = c.index() == 0 && pairing != null ? pairing.caSetting() : null;
        if (verifyPath == null && caSetting != null && pairing.consumerSeen()) {
          status = "NO_CA_CONFIGURED";
          String consumer = caSetting.substring(0, caSetting.indexOf(' '));
          detail =
              consumer
                  + " runs on this node without "
                  + caSetting.substring(caSetting.indexOf(' ') + 1)
                  + ", so it verifies this certificate against no CA";
        } else if (verifyPath == null) {
          status = "NOT_CHECKED";
          if (caSetting != null) {
            String consumer = caSetting.substring(0, caSetting.indexOf(' '));
            detail =
                consumer
                    + " verifies this certificate with "
                    + caSetting.substring(caSetting.indexOf(' ') + 1)
                    + ", and its configuration is not in this dump (it runs on another node or"
                    + " in a managed control plane)";
          }
        } else if (ca == null) {
          status = files.files.containsKey("fs" + caPath) ? "CA_UNREADABLE" : "CA_NOT_IN_DUMP";
          detail =
              status.equals("CA_NOT_IN_DUMP")
                  ? caPath + " is not in the dump"
                  : caPath + " holds no readable certificate";
        } else if (ca.certs().isEmpty()) {
          status = "CA_UNREADABLE";
          detail = caPath + " holds no readable certificate";
        } else {
          status = "SIGNATURE_INVALID";
          detail = "no certificate in " + caPath + " signed it";
          for (CertParser.Cert cc : ca.certs()) {
            if (CertParser.signedBy(h, cc.holder())) {
              status = "VERIFIED";
              detail = CertParser.rfc4514(cc.holder().getSubject());
              break;
            }
          }
        }
        certs.add(
            CertificateRow.newBuilder()
                .setSnapshotId(snapshot.snapshotId())
                .setSnapshotDate(snapshot.date())
                .setClusterId(cluster)
                .setNodeName(node)
                .setCollectedAt(collectedAt)
                .setProducerVersion(PRODUCER)
                .setDumpId(files.dumpId)
                .setPath(path)
                .setBundleIndex(c.index())
                .setReferencedBy(List.copyOf(refs.getOrDefault(path, Set.of())))
                .setSubject(CertParser.rfc4514(h.getSubject()))
                .setIssuer(CertParser.rfc4514(h.getIssuer()))
                .setSerialHex(CertParser.serialHex(h.getSerialNumber()))
                .setNotBefore(h.getNotBefore().toInstant())
                .setNotAfter(h.getNotAfter().toInstant())
                .setPublicKeyAlgorithm(k.algorithm())
                .setPublicKeyBits(k.bits())
                .setPublicKeyCurve(k.curve())
                .setSignatureAlgorithm(CertParser.signatureAlgorithm(h))
                .setSanDns(CertParser.sans(h, GeneralName.dNSName))
                .setSanIp(CertParser.sans(h, GeneralName.iPAddress))
                .setKeyUsage(CertParser.keyUsage(h))
                .setExtendedKeyUsage(CertParser.extendedKeyUsage(h))
                .setBasicConstraintsCa(bc == null ? null : bc.isCA())
                .setPathLenConstraint(
                    bc == null || bc.getPathLenConstraint() == null
                        ? null
                        : bc.getPathLenConstraint().intValue())
                .setSubjectKeyId(CertParser.subjectKeyId(h))
                .setAuthorityKeyId(CertParser.authorityKeyId(h))
                .setSha256Fingerprint(CertParser.sha256(c.der()))
                .setSelfSigned(selfSigned)
                .setVerifyCaPath(verifyPath)
                .setVerifyCaSetting(caSetting)
                .setVerifyStatus(status)
                .setVerifyDetail(detail)
                .build());
      }
    }

    // ---------------------------------------------------------------- stat

    private void readStats() {
      String text = files.text("stat.txt");
      if (text == null) {
        error(
            "STAT",
            "stat.txt",
            "MISSING_FILE",
            "the dump has no stat.txt: file permissions cannot be judged",
            "WARNING");
        return;
      }
      Map<String, FileStatRow> byPath = new LinkedHashMap<>();
      String[] lines = text.split("\r?\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty()) {
          continue;
        }
        String[] c = line.split("\\s+", 5);
        if (c.length < 5 || !c[0].matches("[0-7]{3,4}") || !c[4].startsWith("/")) {
          error(
              "STAT",
              "stat.txt",
              "MALFORMED_STAT",
              "line " + (i + 1) + " is not 'MODE OWNER GROUP SIZE PATH'",
              "WARNING");
          continue;
        }
        Long size;
        try {
          size = Long.valueOf(c[3]);
        } catch (NumberFormatException e) {
          size = null;
        }
        byPath.put(
            c[4],
            FileStatRow.newBuilder()
                .setSnapshotId(snapshot.snapshotId())
                .setSnapshotDate(snapshot.date())
                .setClusterId(cluster)
                .setNodeName(node)
                .setCollectedAt(collectedAt)
                .setProducerVersion(PRODUCER)
                .setDumpId(files.dumpId)
                .setPath(c[4])
                .setMode(c[0].length() == 4 && c[0].startsWith("0") ? c[0].substring(1) : c[0])
                .setOwner(c[1])
                .setGroup(c[2])
                .setSizeBytes(size)
                .build());
      }
      stats.addAll(byPath.values());
    }

    // ---------------------------------------------------------------- helpers

    private void ref(String path, String what) {
      refs.computeIfAbsent(path, k -> new TreeSet<>()).add(what);
    }

    private void error(String stage, String path, String code, String message, String severity) {
      errors.add(
          CollectionErrorRow.newBuilder()
              .setSnapshotId(snapshot.snapshotId())
              .setSnapshotDate(snapshot.date())
              .setClusterId(cluster)
              .setNodeName(node)
              .setCollectedAt(collectedAt)
              .setProducerVersion(PRODUCER)
              .setDumpId(files.dumpId)
              .setSource(source)
              .setPath(path)
              .setStage(stage)
              .setErrorCode(code)
              .setMessage(Secrets.redactText(message, new int[1]))
              .setSeverity(severity)
              .build());
    }
  }

  /**
   * The flags of an argument vector with pflag's reading of values: {@code --f=v}, {@code --f v}
   * when the next word is not a flag, bare {@code --f} as "true"; the last occurrence wins.
   */
  static Map<String, String> flagMap(List<String> argv) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
        continue;
      }
      String body = a.replaceFirst("^--?", "");
      int eq = body.indexOf('=');
      if (eq >= 0) {
        out.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
        out.put(body, argv.get(++i));
      } else {
        out.put(body, "true");
      }
    }
    return out;
  }

  private static Integer parsePid(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String lower(String s) {
    return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
  }
}
