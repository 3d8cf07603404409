package dev.fleetscore.demo;

import java.util.List;
import java.util.Locale;

/**
 * Pieces every node kind shares: the processes any Linux node runs, containerd shims, the node-dump
 * script's own processes, kubelet HTTP request metrics and the quoting systemd and shells apply
 * when flags are written to env files.
 */
final class NodeBits {

  private NodeBits() {}

  /**
   * The kubelet's serving PEM under {@code serverTLSBootstrap}: certificate and key in one file
   * (mode 0600), signed by the cluster CA. As node-dump.sh copies a PEM that holds a key, the dump
   * gets only its certificate block, and the stat line keeps the size on the node ({@code
   * statSize}). Its own seeded random source leaves every other choice of the node as it was.
   */
  static void servingPem(NodeContext n, String path, long statSize) {
    kubeletPem(
        n,
        path,
        statSize,
        "serving-pem",
        s ->
            s.ca(false)
                .usage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth)
                .dns(n.node.name)
                .ips(n.node.ip));
  }

  /**
   * The kubelet's rotated client certificate, {@code kubelet-client-current.pem} (on the node a
   * symlink to a PEM holding the certificate and its key), as node-dump.sh copies it: the
   * certificate block only, with the on-node size in the stat line.
   */
  static void clientPem(NodeContext n, String path, long statSize) {
    kubeletPem(
        n,
        path,
        statSize,
        "client-pem",
        s -> s.ca(false).usage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
  }

  /** A system:node certificate of the node's own key, signed by the cluster CA, as copied. */
  private static void kubeletPem(
      NodeContext n,
      String path,
      long statSize,
      String seedTag,
      java.util.function.Consumer<Certs.Spec> extensions) {
    java.util.Random r =
        new java.util.Random(Seeds.derive(n.cluster.seed, seedTag, n.cluster.index, n.node.index));
    java.time.Instant notAfter =
        n.snapshot
            .plus(65 + r.nextInt(270), java.time.temporal.ChronoUnit.DAYS)
            .plusSeconds(r.nextInt(86400));
    org.bouncycastle.cert.X509CertificateHolder cert =
        ClusterPki.issue(
            n.pki.ca,
            Certs.dn("system:nodes", "system:node:" + n.node.name),
            n.nodeEcKey().getPublic(),
            notAfter.minus(365, java.time.temporal.ChronoUnit.DAYS),
            notAfter,
            r,
            extensions);
    n.dump.file(
        path,
        Certs.pem(cert).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "600",
        "root",
        "root",
        statSize);
  }

  /** pid 1 and a few kernel threads, then journald and sshd. */
  static void systemProcesses(NodeContext n, String init, String sshd) {
    n.dump.process(new DumpBuilder.Proc(1, 0, "root", List.of(init.split(" ")), false, 9000));
    n.dump.process(new DumpBuilder.Proc(2, 0, "root", List.of("[kthreadd]"), false, 0));
    n.dump.process(new DumpBuilder.Proc(3, 2, "root", List.of("[rcu_gp]"), false, 0));
    n.dump.process(new DumpBuilder.Proc(4, 2, "root", List.of("[rcu_par_gp]"), false, 0));
    n.dump.process(
        new DumpBuilder.Proc(6, 2, "root", List.of("[kworker/0:0H-events_highpri]"), false, 0));
    n.proc(40, "root", "/usr/lib/systemd/systemd-journald");
    n.proc(60, "root", "/usr/lib/systemd/systemd-udevd");
    n.proc(200, "root", sshd.split(" "));
  }

  /** containerd-shim and pause processes of a few running pods. */
  static void shims(NodeContext n, String address, int pods) {
    for (int i = 0; i < pods; i++) {
      n.proc(
          400,
          "root",
          "/usr/bin/containerd-shim-runc-v2",
          "-namespace",
          "k8s.io",
          "-id",
          Seeds.hex(n.r, 64),
          "-address",
          address);
      n.proc(3, "65535", "/pause");
    }
  }

  /** The collection script and its ps, which any real capture shows last. */
  static void collector(NodeContext n, DumpBuilder.PsFormat format) {
    n.proc(20000, "root", "/bin/sh", "./node-dump.sh");
    n.proc(30, "root", format.command.split(" "));
  }

  /**
   * kubelet_http_requests_total as the kubelet's /metrics exposes it (labels sorted as the
   * Prometheus text format prints them). Read-only-port series exist only when the port is open and
   * something used it.
   */
  static String metrics(NodeContext n, boolean readOnlyTraffic) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "# HELP kubelet_http_requests_total [ALPHA] Number of the http requests received since the"
            + " server started\n");
    sb.append("# TYPE kubelet_http_requests_total counter\n");
    long up = Math.max(1, (n.collectedAt.getEpochSecond() - n.boot.getEpochSecond()) / 60);
    series(sb, "GET", "configz", "readwrite", 1 + n.r.nextInt(3));
    series(sb, "GET", "healthz", "readwrite", up * 6 + n.r.nextInt(50));
    series(sb, "GET", "metrics", "readwrite", up + n.r.nextInt(20));
    series(sb, "GET", "metrics/cadvisor", "readwrite", up + n.r.nextInt(20));
    series(sb, "GET", "metrics/probes", "readwrite", up + n.r.nextInt(20));
    if (readOnlyTraffic) {
      series(sb, "GET", "pods", "readonly", up / 2 + 1 + n.r.nextInt(100));
      series(sb, "GET", "stats", "readonly", up / 4 + 1 + n.r.nextInt(100));
    }
    series(sb, "GET", "stats", "readwrite", up * 2 + n.r.nextInt(40));
    return sb.toString();
  }

  private static void series(StringBuilder sb, String method, String path, String server, long v) {
    sb.append(
        String.format(
            Locale.ROOT,
            "kubelet_http_requests_total{long_running=\"false\",method=\"%s\",path=\"%s\",server_type=\"%s\"} %d\n",
            method,
            path,
            server,
            v));
  }

  /** Arguments joined for a shell-style env value: ones with spaces single-quoted. */
  static String shellJoin(List<String> args) {
    StringBuilder sb = new StringBuilder();
    for (String a : args) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a);
    }
    return sb.toString();
  }

  /** Size of the file on the node before its secrets were replaced by REDACTED. */
  static long originalSize(String redacted, int... secretLengths) {
    long size = redacted.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    for (int len : secretLengths) {
      size += len - "REDACTED".length();
    }
    return size;
  }
}
