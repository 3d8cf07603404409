package dev.fleetscore.demo;

import static dev.fleetscore.demo.Formats.map;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * k3s nodes. k3s runs the kubelet inside its own process, so ps shows no kubelet arguments: they
 * are only in the journal's {@code Running kubelet} line, which the dump carries as {@code
 * journal/k3s.txt} (journalctl short format, as {@code journalctl -u k3s -u k3s-agent} prints it).
 * k3s 1.32 and later pass --config-dir and keep the defaults in 00-k3s-defaults.conf
 * (sigs.k8s.io/yaml of a KubeletConfiguration, mode 0600), plus any user drop-in; older k3s passes
 * every setting as a flag. k3s merges --kubelet-arg values into its own flag map by name and logs
 * them sorted, so no flag repeats.
 */
final class K3sNode implements NodeRenderer {

  static final String AGENT = "/var/lib/rancher/k3s/agent";
  static final String DROP_IN_DIR = AGENT + "/etc/kubelet.conf.d";
  static final String JOURNAL = "journal/k3s.txt";

  private static final DateTimeFormatter JOURNAL_TIME =
      DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);

  private final NodeKind kind;

  K3sNode(NodeKind kind) {
    this.kind = kind;
  }

  @Override
  public String kubeconfigPath() {
    return AGENT + "/kubelet.kubeconfig";
  }

  private boolean server(NodeContext n) {
    return n.node.index == 0;
  }

  @Override
  public String clientCaPath() {
    return AGENT + "/client-ca.crt";
  }

  @Override
  public KubeletInputs kubelet(NodeContext n) {
    ClusterPlan c = n.cluster;
    KubeletInputs k = new KubeletInputs();
    k.executable = "/usr/local/bin/k3s";
    Map<String, String> args = new TreeMap<>();
    args.put("cloud-provider", "external");
    args.put("containerd", "/run/k3s/containerd/containerd.sock");
    args.put("hostname-override", n.node.name);
    args.put("kubeconfig", kubeconfigPath());
    args.put("node-ip", n.node.ip);
    args.put("node-labels", "");
    args.put("read-only-port", "0");
    if (kind == NodeKind.K3S_CONFIG_DIR) {
      args.put("config-dir", DROP_IN_DIR);
      k.configDir = DROP_IN_DIR;
      k.dropIns.put("00-k3s-defaults.conf", defaults(c));
    } else {
      args.put("address", "0.0.0.0");
      args.put("allowed-unsafe-sysctls", "net.ipv4.ip_forward,net.ipv6.conf.all.forwarding");
      args.put("anonymous-auth", "false");
      args.put("authentication-token-webhook", "true");
      args.put("authorization-mode", "Webhook");
      args.put("cgroup-driver", "systemd");
      args.put("client-ca-file", AGENT + "/client-ca.crt");
      args.put("cluster-dns", c.clusterDns);
      args.put("cluster-domain", "cluster.local");
      args.put("container-runtime-endpoint", "unix:///run/k3s/containerd/containerd.sock");
      args.put("eviction-hard", "imagefs.available<5%,nodefs.available<5%");
      args.put("eviction-minimum-reclaim", "imagefs.available=10%,nodefs.available=10%");
      args.put("fail-swap-on", "false");
      args.put("healthz-bind-address", "127.0.0.1");
      args.put("pod-infra-container-image", "rancher/mirrored-pause:3.6");
      args.put("pod-manifest-path", AGENT + "/pod-manifests");
      args.put("resolv-conf", "/run/systemd/resolve/resolv.conf");
      args.put("serialize-image-pulls", "false");
      args.put("tls-cert-file", AGENT + "/serving-kubelet.crt");
      args.put("tls-private-key-file", AGENT + "/serving-kubelet.key");
    }
    args.forEach((key, value) -> k.managed.add("--" + key + "=" + value));
    return k;
  }

  /** 00-k3s-defaults.conf: what k3s marshals, zero-valued omitempty fields left out. */
  private static Map<String, Object> defaults(ClusterPlan c) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("allowedUnsafeSysctls", List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"));
    d.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    d.put(
        "authentication",
        map(
            "anonymous", map("enabled", false),
            "webhook", map("cacheTTL", "2m0s", "enabled", true),
            "x509", map("clientCAFile", AGENT + "/client-ca.crt")));
    d.put(
        "authorization",
        map(
            "mode",
            "Webhook",
            "webhook",
            map("cacheAuthorizedTTL", "5m0s", "cacheUnauthorizedTTL", "30s")));
    d.put("cgroupDriver", "systemd");
    d.put("clusterDNS", List.of(c.clusterDns));
    d.put("clusterDomain", "cluster.local");
    d.put("containerRuntimeEndpoint", "unix:///run/k3s/containerd/containerd.sock");
    d.put("cpuManagerReconcilePeriod", "10s");
    d.put("crashLoopBackOff", map());
    d.put("evictionHard", map("imagefs.available", "5%", "nodefs.available", "5%"));
    d.put("evictionMinimumReclaim", map("imagefs.available", "10%", "nodefs.available", "10%"));
    d.put("evictionPressureTransitionPeriod", "5m0s");
    d.put("failSwapOn", false);
    d.put("fileCheckFrequency", "20s");
    d.put("healthzBindAddress", "127.0.0.1");
    d.put("httpCheckFrequency", "20s");
    d.put("imageMaximumGCAge", "0s");
    d.put("imageMinimumGCAge", "2m0s");
    d.put("kind", "KubeletConfiguration");
    d.put(
        "logging",
        map(
            "flushFrequency",
            "5s",
            "format",
            "text",
            "options",
            map("json", map("infoBufferSize", "0"), "text", map("infoBufferSize", "0")),
            "verbosity",
            0));
    d.put("memorySwap", map());
    d.put("nodeStatusReportFrequency", "5m0s");
    d.put("nodeStatusUpdateFrequency", "10s");
    d.put("resolvConf", "/run/systemd/resolve/resolv.conf");
    d.put("runtimeRequestTimeout", "2m0s");
    d.put("serializeImagePulls", false);
    d.put("shutdownGracePeriod", "0s");
    d.put("shutdownGracePeriodCriticalPods", "0s");
    d.put("staticPodPath", AGENT + "/pod-manifests");
    d.put("streamingConnectionIdleTimeout", "4h0m0s");
    d.put("syncFrequency", "1m0s");
    d.put("tlsCertFile", AGENT + "/serving-kubelet.crt");
    d.put("tlsPrivateKeyFile", AGENT + "/serving-kubelet.key");
    d.put("volumeStatsAggPeriod", "1m0s");
    return d;
  }

  @Override
  public void render(NodeContext n, KubeletInputs k) {
    ClusterPlan c = n.cluster;
    // k3s's GetArgs: a --kubelet-arg replaces the flag of the same name, then all are sorted.
    Map<String, String> merged = new TreeMap<>();
    for (String a : k.concatenated()) {
      String body = a.substring(2);
      int eq = body.indexOf('=');
      merged.put(eq < 0 ? body : body.substring(0, eq), eq < 0 ? "true" : body.substring(eq + 1));
    }
    k.argv = new ArrayList<>();
    merged.forEach((key, value) -> k.argv.add("--" + key + "=" + value));

    String version = n.node.pool.kubeletVersion();
    boolean isServer = server(n);
    String unit = isServer ? "k3s" : "k3s-agent";
    NodeBits.systemProcesses(
        n, "/sbin/init", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups");
    int k3sPid = n.pid(200);
    Instant t = n.boot.plusSeconds(14 + n.r.nextInt(20));
    StringBuilder journal = new StringBuilder();
    journalLine(
        journal,
        n,
        t,
        k3sPid,
        (isServer ? "Starting k3s " : "Starting k3s agent ")
            + version
            + " ("
            + Seeds.hex(n.r, 8)
            + ")");
    t = t.plusSeconds(2 + n.r.nextInt(3));
    journalLine(journal, n, t, k3sPid, "Running kubelet " + String.join(" ", k.argv));
    journalLine(
        journal,
        n,
        t.plusSeconds(1),
        k3sPid,
        "Running kube-proxy --cluster-cidr="
            + c.podCidr
            + " --conntrack-max-per-core=0 --conntrack-tcp-timeout-close-wait=0s"
            + " --conntrack-tcp-timeout-established=0s --healthz-bind-address=127.0.0.1"
            + " --hostname-override="
            + n.node.name
            + " --kubeconfig="
            + AGENT
            + "/kubeproxy.kubeconfig --proxy-mode=iptables");
    if (isServer) {
      // k3s logs the exact slice it hands each embedded component (ground truth §1.5)
      Instant cp = t.minusSeconds(1);
      for (String comp : List.of("kube-apiserver", "kube-scheduler", "kube-controller-manager")) {
        journalLine(journal, n, cp, k3sPid, "Running " + comp + " " + controlPlaneArgs(comp, c));
      }
    }
    n.dump.extra(JOURNAL, journal.toString());

    for (Map.Entry<String, Map<String, Object>> d : k.dropIns.entrySet()) {
      n.dump.file(
          DROP_IN_DIR + "/" + d.getKey(),
          Formats.yaml(d.getValue()),
          d.getKey().startsWith("00-") ? "600" : "644");
    }
    StringBuilder config = new StringBuilder();
    config.append(isServer ? "write-kubeconfig-mode: \"0600\"\n" : "");
    config.append("protect-kernel-defaults: true\n");
    if (!k.extra.isEmpty()) {
      config.append("kubelet-arg:\n");
      for (String a : k.extra) {
        config.append("  - \"").append(a.substring(2)).append("\"\n");
      }
    }
    n.dump.file("/etc/rancher/k3s/config.yaml", config.toString(), "600");
    String env =
        isServer
            ? "K3S_TOKEN='REDACTED'\n"
            : "K3S_TOKEN='REDACTED'\nK3S_URL='https://10." + c.octet + ".0.4:6443'\n";
    n.dump.file(
        "/etc/systemd/system/" + unit + ".service.env",
        env.getBytes(StandardCharsets.UTF_8),
        "600",
        "root",
        "root",
        NodeBits.originalSize(env, 104));
    n.dump.file(
        "/etc/systemd/system/" + unit + ".service",
        "[Unit]\n"
            + "Description=Lightweight Kubernetes\n"
            + "Documentation=https://k3s.io\n"
            + "Wants=network-online.target\n"
            + "After=network-online.target\n"
            + "\n"
            + "[Install]\n"
            + "WantedBy=multi-user.target\n"
            + "\n"
            + "[Service]\n"
            + "Type="
            + (isServer ? "notify" : "exec")
            + "\n"
            + "EnvironmentFile=-/etc/default/%N\n"
            + "EnvironmentFile=-/etc/sysconfig/%N\n"
            + "EnvironmentFile=-/etc/systemd/system/"
            + unit
            + ".service.env\n"
            + "KillMode=process\n"
            + "Delegate=yes\n"
            + "LimitNOFILE=1048576\n"
            + "LimitNPROC=infinity\n"
            + "LimitCORE=infinity\n"
            + "TasksMax=infinity\n"
            + "TimeoutStartSec=0\n"
            + "Restart=always\n"
            + "RestartSec=5s\n"
            + "ExecStartPre=-/sbin/modprobe br_netfilter\n"
            + "ExecStartPre=-/sbin/modprobe overlay\n"
            + "ExecStart=/usr/local/bin/k3s \\\n"
            + "    "
            + (isServer ? "server" : "agent")
            + " \\\n",
        "644");
    n.dump.file(
        kubeconfigPath(),
        kubeconfig(
            "https://127.0.0.1:6444",
            AGENT + "/server-ca.crt",
            AGENT + "/client-kubelet.crt",
            AGENT + "/client-kubelet.key"),
        "600");
    n.dump.file(AGENT + "/client-ca.crt", n.pki.clientCa.pem(), "644");
    n.dump.file(AGENT + "/server-ca.crt", n.pki.ca.pem(), "644");
    Instant[] v = n.leafValidity(Twist.SERVING_CERT_EXPIRED, Twist.SERVING_CERT_EXPIRING);
    var key = n.nodeEcKey();
    X509CertificateHolder serving =
        ClusterPki.issue(
            n.pki.ca,
            Certs.dn(null, n.node.name),
            key.getPublic(),
            v[0],
            v[1],
            n.r,
            s ->
                s.ca(false)
                    .usage(KeyPurposeId.id_kp_serverAuth)
                    .dns(n.node.name, "localhost")
                    .ips(n.node.ip, "127.0.0.1"));
    n.dump.file(AGENT + "/serving-kubelet.crt", Certs.pem(serving, n.pki.ca.cert()), "644");
    CertFacts.inspect(
        n, AGENT + "/serving-kubelet.crt", serving, n.pki.ca, AGENT + "/server-ca.crt", true);
    n.dump.statOnly(AGENT + "/serving-kubelet.key", "600", "root", "root", 227);
    X509CertificateHolder client =
        ClusterPki.issue(
            n.pki.clientCa,
            Certs.dn("system:nodes", "system:node:" + n.node.name),
            key.getPublic(),
            v[0],
            v[1],
            n.r,
            s -> s.ca(false).usage(KeyPurposeId.id_kp_clientAuth));
    n.dump.file(AGENT + "/client-kubelet.crt", Certs.pem(client, n.pki.clientCa.cert()), "644");
    n.dump.statOnly(AGENT + "/client-kubelet.key", "600", "root", "root", 227);

    kubeProxyKubeconfig(n);
    if (isServer) {
      serverFiles(n);
    }
    n.dump.process(
        new DumpBuilder.Proc(
            k3sPid,
            1,
            "root",
            List.of("/usr/local/bin/k3s", isServer ? "server" : "agent"),
            true,
            400000 + n.r.nextInt(100000)));
    n.proc(
        30,
        "root",
        "containerd",
        "-c",
        AGENT + "/etc/containerd/config.toml",
        "-a",
        "/run/k3s/containerd/containerd.sock",
        "--state",
        "/run/k3s/containerd",
        "--root",
        AGENT + "/containerd");
    NodeBits.shims(n, "/run/k3s/containerd/containerd.sock", 2 + n.r.nextInt(2));
  }

  static final String SERVER = "/var/lib/rancher/k3s/server";
  static final String TLS = SERVER + "/tls";

  /** k3s's arguments for an embedded component on sqlite (kine), sorted as k3s logs them. */
  static String controlPlaneArgs(String comp, ClusterPlan c) {
    Map<String, String> d = new TreeMap<>();
    switch (comp) {
      case "kube-apiserver" -> {
        d.put("advertise-port", "6443");
        d.put("allow-privileged", "true");
        d.put("anonymous-auth", "false");
        d.put("api-audiences", "https://kubernetes.default.svc.cluster.local,k3s");
        d.put("authorization-mode", "Node,RBAC");
        d.put("bind-address", "127.0.0.1");
        d.put("cert-dir", TLS + "/temporary-certs");
        d.put("client-ca-file", TLS + "/client-ca.crt");
        d.put("egress-selector-config-file", SERVER + "/etc/egress-selector-config.yaml");
        d.put("enable-admission-plugins", "NodeRestriction");
        d.put("enable-aggregator-routing", "true");
        d.put("enable-bootstrap-token-auth", "true");
        d.put("etcd-servers", "unix://kine.sock");
        d.put("kubelet-certificate-authority", TLS + "/server-ca.crt");
        d.put("kubelet-client-certificate", TLS + "/client-kube-apiserver.crt");
        d.put("kubelet-client-key", TLS + "/client-kube-apiserver.key");
        d.put("profiling", "false");
        d.put("proxy-client-cert-file", TLS + "/client-auth-proxy.crt");
        d.put("proxy-client-key-file", TLS + "/client-auth-proxy.key");
        d.put("requestheader-allowed-names", "system:auth-proxy");
        d.put("requestheader-client-ca-file", TLS + "/request-header-ca.crt");
        d.put("requestheader-extra-headers-prefix", "X-Remote-Extra-");
        d.put("requestheader-group-headers", "X-Remote-Group");
        d.put("requestheader-username-headers", "X-Remote-User");
        d.put("secure-port", "6444");
        d.put("service-account-issuer", "https://kubernetes.default.svc.cluster.local");
        d.put("service-account-key-file", TLS + "/service.key");
        d.put("service-account-signing-key-file", TLS + "/service.current.key");
        d.put("service-cluster-ip-range", c.serviceCidr);
        d.put("storage-backend", "etcd3");
        d.put("tls-cert-file", TLS + "/serving-kube-apiserver.crt");
        d.put(
            "tls-cipher-suites",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
                + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                + "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305");
        d.put("tls-private-key-file", TLS + "/serving-kube-apiserver.key");
      }
      case "kube-controller-manager" -> {
        d.put("allocate-node-cidrs", "true");
        d.put("authentication-kubeconfig", SERVER + "/cred/controller.kubeconfig");
        d.put("authorization-kubeconfig", SERVER + "/cred/controller.kubeconfig");
        d.put("bind-address", "127.0.0.1");
        d.put("cluster-cidr", c.podCidr);
        d.put("cluster-signing-kube-apiserver-client-cert-file", TLS + "/client-ca.nochain.crt");
        d.put("cluster-signing-kube-apiserver-client-key-file", TLS + "/client-ca.key");
        d.put("cluster-signing-kubelet-client-cert-file", TLS + "/client-ca.nochain.crt");
        d.put("cluster-signing-kubelet-client-key-file", TLS + "/client-ca.key");
        d.put("cluster-signing-kubelet-serving-cert-file", TLS + "/server-ca.nochain.crt");
        d.put("cluster-signing-kubelet-serving-key-file", TLS + "/server-ca.key");
        d.put("configure-cloud-routes", "false");
        d.put("controllers", "*,tokencleaner");
        d.put("kubeconfig", SERVER + "/cred/controller.kubeconfig");
        d.put("profiling", "false");
        d.put("root-ca-file", TLS + "/server-ca.crt");
        d.put("secure-port", "10257");
        d.put("service-account-private-key-file", TLS + "/service.current.key");
        d.put("service-cluster-ip-range", c.serviceCidr);
        d.put("use-service-account-credentials", "true");
      }
      default -> {
        d.put("authentication-kubeconfig", SERVER + "/cred/scheduler.kubeconfig");
        d.put("authorization-kubeconfig", SERVER + "/cred/scheduler.kubeconfig");
        d.put("bind-address", "127.0.0.1");
        d.put("kubeconfig", SERVER + "/cred/scheduler.kubeconfig");
        d.put("profiling", "false");
        d.put("secure-port", "10259");
      }
    }
    List<String> out = new ArrayList<>();
    d.forEach((k, v) -> out.add("--" + k + "=" + v));
    return String.join(" ", out);
  }

  /** A kubeconfig as k3s writes it for one of its clients. */
  private static String kubeconfig(String server, String ca, String cert, String key) {
    return "apiVersion: v1\n"
        + "clusters:\n"
        + "- cluster:\n"
        + "    server: "
        + server
        + "\n    certificate-authority: "
        + ca
        + "\n  name: local\n"
        + "contexts:\n"
        + "- context:\n"
        + "    cluster: local\n"
        + "    namespace: default\n"
        + "    user: user\n"
        + "  name: Default\n"
        + "current-context: Default\n"
        + "kind: Config\n"
        + "preferences: {}\n"
        + "users:\n"
        + "- name: user\n"
        + "  user:\n"
        + "    client-certificate: "
        + cert
        + "\n    client-key: "
        + key
        + "\n";
  }

  /** kube-proxy's kubeconfig, which every k3s node has (0600). */
  private static void kubeProxyKubeconfig(NodeContext n) {
    n.dump.file(
        AGENT + "/kubeproxy.kubeconfig",
        kubeconfig(
            "https://127.0.0.1:6444",
            AGENT + "/server-ca.crt",
            AGENT + "/client-kube-proxy.crt",
            AGENT + "/client-kube-proxy.key"),
        "600");
    n.dump.statOnly(AGENT + "/client-kube-proxy.key", "600", "root", "root", 227);
  }

  /**
   * What a k3s server keeps under server/tls and server/cred (ground truth §3): the CAs, the API
   * server's serving and kubelet-client certificates (keys by their stat line only), and the
   * control plane's kubeconfigs. Its own seeded random source leaves the node's other choices as
   * they were.
   */
  private static void serverFiles(NodeContext n) {
    java.util.Random r =
        new java.util.Random(
            Seeds.derive(n.cluster.seed, "k3s-server-tls", n.cluster.index, n.node.index));
    n.dump.dir(TLS, "700", "root", "root");
    n.dump.file(TLS + "/server-ca.crt", n.pki.ca.pem(), "644");
    n.dump.statOnly(TLS + "/server-ca.key", "600", "root", "root", 227);
    n.dump.file(TLS + "/client-ca.crt", n.pki.clientCa.pem(), "644");
    n.dump.statOnly(TLS + "/client-ca.key", "600", "root", "root", 227);
    Instant notAfter = n.snapshot.plus(65 + r.nextInt(270), java.time.temporal.ChronoUnit.DAYS);
    Instant notBefore = notAfter.minus(365, java.time.temporal.ChronoUnit.DAYS);
    var key = n.nodeEcKey();
    String svc = n.cluster.serviceCidr.substring(0, n.cluster.serviceCidr.lastIndexOf('.')) + ".1";
    X509CertificateHolder serving =
        ClusterPki.issue(
            n.pki.ca,
            Certs.dn(null, "kube-apiserver"),
            key.getPublic(),
            notBefore,
            notAfter,
            r,
            s ->
                s.ca(false)
                    .usage(KeyPurposeId.id_kp_serverAuth)
                    .dns(
                        "kubernetes",
                        "kubernetes.default",
                        "kubernetes.default.svc",
                        "kubernetes.default.svc.cluster.local",
                        "localhost",
                        n.node.name)
                    .ips("127.0.0.1", n.node.ip, svc));
    n.dump.file(TLS + "/serving-kube-apiserver.crt", Certs.pem(serving, n.pki.ca.cert()), "644");
    CertFacts.inspect(
        n, TLS + "/serving-kube-apiserver.crt", serving, n.pki.ca, TLS + "/server-ca.crt", true);
    n.dump.statOnly(TLS + "/serving-kube-apiserver.key", "600", "root", "root", 227);
    X509CertificateHolder client =
        ClusterPki.issue(
            n.pki.clientCa,
            Certs.dn("system:masters", "system:kube-apiserver"),
            key.getPublic(),
            notBefore,
            notAfter,
            r,
            s -> s.ca(false).usage(KeyPurposeId.id_kp_clientAuth));
    n.dump.file(
        TLS + "/client-kube-apiserver.crt", Certs.pem(client, n.pki.clientCa.cert()), "644");
    n.dump.statOnly(TLS + "/client-kube-apiserver.key", "600", "root", "root", 227);
    // The aggregation layer's front proxy: its own CA (request-header-ca) and client certificate.
    n.dump.file(TLS + "/request-header-ca.crt", n.pki.frontProxyCa.pem(), "644");
    n.dump.statOnly(TLS + "/request-header-ca.key", "600", "root", "root", 227);
    X509CertificateHolder proxy =
        ClusterPki.issue(
            n.pki.frontProxyCa,
            Certs.dn(null, "system:auth-proxy"),
            key.getPublic(),
            notBefore,
            notAfter,
            r,
            s -> s.ca(false).usage(KeyPurposeId.id_kp_clientAuth));
    n.dump.file(TLS + "/client-auth-proxy.crt", Certs.pem(proxy, n.pki.frontProxyCa.cert()), "644");
    n.dump.statOnly(TLS + "/client-auth-proxy.key", "600", "root", "root", 227);
    n.dump.statOnly(TLS + "/service.key", "600", "root", "root", 1675);
    n.dump.statOnly(TLS + "/service.current.key", "600", "root", "root", 1675);
    for (String who : List.of("admin", "controller", "scheduler")) {
      n.dump.file(
          SERVER + "/cred/" + who + ".kubeconfig",
          kubeconfig(
              "https://127.0.0.1:6444",
              TLS + "/server-ca.crt",
              TLS + "/client-" + who + ".crt",
              TLS + "/client-" + who + ".key"),
          "600");
    }
  }

  private static void journalLine(StringBuilder sb, NodeContext n, Instant t, int pid, String msg) {
    LocalDateTime lt = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    sb.append(JOURNAL_TIME.format(lt))
        .append(' ')
        .append(n.node.hostname())
        .append(" k3s[")
        .append(pid)
        .append("]: time=\"")
        .append(DateTimeFormatter.ISO_INSTANT.format(t))
        .append("\" level=info msg=\"")
        .append(msg)
        .append("\"\n");
  }
}
