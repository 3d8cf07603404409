package dev.fleetscore.demo;

import static dev.fleetscore.demo.Formats.map;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;

/**
 * kubeadm nodes. Workers: /var/lib/kubelet/config.yaml as kubeadm writes it (every duration 0s),
 * 10-kubeadm.conf, kubeadm-flags.env, /etc/default/kubelet for extra args, kubelet.conf, and the
 * kubelet's own self-signed serving bundle. The control-plane node adds the four static pod
 * manifests, the running control-plane processes with the same arguments, the whole
 * /etc/kubernetes/pki tree (keys as stat lines only) and the component kubeconfigs with
 * client-key-data REDACTED.
 */
final class KubeadmNode implements NodeRenderer {

  static final String CONFIG = "/var/lib/kubelet/config.yaml";
  static final String PKI = "/etc/kubernetes/pki";
  private static final KeyPurposeId SERVER = KeyPurposeId.id_kp_serverAuth;
  private static final KeyPurposeId CLIENT = KeyPurposeId.id_kp_clientAuth;

  private final NodeKind kind;

  KubeadmNode(NodeKind kind) {
    this.kind = kind;
  }

  @Override
  public String kubeconfigPath() {
    return "/etc/kubernetes/kubelet.conf";
  }

  @Override
  public String clientCaPath() {
    return PKI + "/ca.crt";
  }

  @Override
  public KubeletInputs kubelet(NodeContext n) {
    int minor = n.node.pool.minor();
    KubeletInputs k = new KubeletInputs();
    k.executable = "/usr/bin/kubelet";
    k.head.add("--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf");
    k.head.add("--kubeconfig=/etc/kubernetes/kubelet.conf");
    k.head.add("--config=" + CONFIG);
    k.managed.add("--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock");
    if (minor < 31) {
      k.managed.add("--pod-infra-container-image=registry.k8s.io/pause:3.9");
    }
    k.configPath = CONFIG;
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    cfg.put(
        "authentication",
        map(
            "anonymous", map("enabled", false),
            "webhook", map("cacheTTL", "0s", "enabled", true),
            "x509", map("clientCAFile", PKI + "/ca.crt")));
    cfg.put(
        "authorization",
        map(
            "mode",
            "Webhook",
            "webhook",
            map("cacheAuthorizedTTL", "0s", "cacheUnauthorizedTTL", "0s")));
    cfg.put("cgroupDriver", "systemd");
    cfg.put("clusterDNS", List.of(n.cluster.clusterDns));
    cfg.put("clusterDomain", "cluster.local");
    cfg.put("containerRuntimeEndpoint", "");
    cfg.put("cpuManagerReconcilePeriod", "0s");
    cfg.put("evictionPressureTransitionPeriod", "0s");
    cfg.put("fileCheckFrequency", "0s");
    cfg.put("healthzBindAddress", "127.0.0.1");
    cfg.put("healthzPort", 10248);
    cfg.put("httpCheckFrequency", "0s");
    cfg.put("imageMaximumGCAge", "0s");
    cfg.put("imageMinimumGCAge", "0s");
    cfg.put("kind", "KubeletConfiguration");
    cfg.put(
        "logging",
        map(
            "flushFrequency",
            0,
            "options",
            map("json", map("infoBufferSize", "0"), "text", map("infoBufferSize", "0")),
            "verbosity",
            0));
    cfg.put("memorySwap", map());
    cfg.put("nodeStatusReportFrequency", "0s");
    cfg.put("nodeStatusUpdateFrequency", "0s");
    cfg.put("resolvConf", "/run/systemd/resolve/resolv.conf");
    cfg.put("rotateCertificates", true);
    cfg.put("runtimeRequestTimeout", "0s");
    cfg.put("shutdownGracePeriod", "0s");
    cfg.put("shutdownGracePeriodCriticalPods", "0s");
    cfg.put("staticPodPath", "/etc/kubernetes/manifests");
    cfg.put("streamingConnectionIdleTimeout", "0s");
    cfg.put("syncFrequency", "0s");
    cfg.put("volumeStatsAggPeriod", "0s");
    k.config = cfg;
    return k;
  }

  @Override
  public void render(NodeContext n, KubeletInputs k) {
    ClusterPlan c = n.cluster;
    k.argv = k.concatenated();
    n.dump.file(CONFIG, Formats.sortedYaml(k.config), "644");
    n.dump.file(
        "/usr/lib/systemd/system/kubelet.service",
        "[Unit]\n"
            + "Description=kubelet: The Kubernetes Node Agent\n"
            + "Documentation=https://kubernetes.io/docs/\n"
            + "Wants=network-online.target\n"
            + "After=network-online.target\n"
            + "\n"
            + "[Service]\n"
            + "ExecStart=/usr/bin/kubelet\n"
            + "Restart=always\n"
            + "StartLimitInterval=0\n"
            + "RestartSec=10\n"
            + "\n"
            + "[Install]\n"
            + "WantedBy=multi-user.target\n",
        "644");
    n.dump.file(
        "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
        "# Note: This dropin only works with kubeadm and kubelet v1.11+\n"
            + "[Service]\n"
            + "Environment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf"
            + " --kubeconfig=/etc/kubernetes/kubelet.conf\"\n"
            + "Environment=\"KUBELET_CONFIG_ARGS=--config="
            + CONFIG
            + "\"\n"
            + "# This is a file that \"kubeadm init\" and \"kubeadm join\" generates at runtime,"
            + " populating the KUBELET_KUBEADM_ARGS variable dynamically\n"
            + "EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\n"
            + "# This is a file that the user can use for overrides of the kubelet args as a last"
            + " resort. Preferably, the user should use\n"
            + "# the .NodeRegistration.KubeletExtraArgs object in the configuration files instead."
            + " KUBELET_EXTRA_ARGS should be sourced from this file.\n"
            + "EnvironmentFile=-/etc/default/kubelet\n"
            + "ExecStart=\n"
            + "ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS"
            + " $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n",
        "644");
    n.dump.file(
        "/var/lib/kubelet/kubeadm-flags.env",
        "KUBELET_KUBEADM_ARGS=\"" + String.join(" ", k.managed) + "\"\n",
        "644");
    n.dump.file(
        "/etc/default/kubelet", "KUBELET_EXTRA_ARGS=" + String.join(" ", k.extra) + "\n", "644");
    n.dump.file(
        kubeconfigPath(),
        kubeconfig(
            c,
            "system:node:" + n.node.name,
            "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
                + "    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n",
            n),
        "600");
    n.dump.file(PKI + "/ca.crt", n.pki.ca.pem(), "644");
    n.dump.dir("/var/lib/kubelet/pki", "755", "root", "root");
    Instant[] v = n.leafValidity(Twist.SERVING_CERT_EXPIRED, null);
    AsymmetricCipherKeyPair leafKey =
        n.has(Twist.SERVING_CERT_RSA_1024) ? KeyPool.rsa(c.seed, 1024, 0) : n.pki.rsa(5);
    X509CertificateHolder[] bundle =
        ClusterPki.kubeletSelfSigned(n.node.name, n.pki.rsa(4), leafKey, v[0], v[1], n.r);
    String servingPath = "/var/lib/kubelet/pki/kubelet.crt";
    n.dump.file(servingPath, Certs.pem(bundle), "644");
    CertFacts.inspect(n, servingPath, bundle[0], null, null, true);
    n.dump.statOnly("/var/lib/kubelet/pki/kubelet.key", "600", "root", "root", keySize(leafKey));
    NodeBits.clientPem(n, "/var/lib/kubelet/pki/kubelet-client-current.pem", 2834);

    NodeBits.systemProcesses(
        n, "/sbin/init", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups");
    n.proc(30, "systemd+", "/lib/systemd/systemd-resolved");
    n.proc(200, "root", "/usr/bin/containerd");
    if (kind == NodeKind.KUBEADM_CONTROL_PLANE) {
      controlPlane(n);
    }
    List<String> argv = new ArrayList<>();
    argv.add(k.executable);
    argv.addAll(k.argv);
    n.kubeProc(80, argv);
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1);
    n.kubeProc(
        20,
        List.of(
            "/usr/local/bin/kube-proxy",
            "--config=/var/lib/kube-proxy/config.conf",
            "--hostname-override=" + n.node.name));
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1);
    n.proc(20, "root", "calico-node", "-felix");
    NodeBits.shims(n, "/run/containerd/containerd.sock", n.r.nextInt(3));
  }

  private static long keySize(AsymmetricCipherKeyPair kp) {
    return CertFacts.rsaBits(Certs.spki(kp.getPublic())) >= 2048 ? 1679 : 887;
  }

  private static String kubeconfig(ClusterPlan c, String user, String credentials, NodeContext n) {
    return "apiVersion: v1\n"
        + "clusters:\n"
        + "- cluster:\n"
        + "    certificate-authority-data: "
        + Certs.pemBase64(n.pki.ca.cert())
        + "\n"
        + "    server: "
        + c.endpoint
        + "\n"
        + "  name: kubernetes\n"
        + "contexts:\n"
        + "- context:\n"
        + "    cluster: kubernetes\n"
        + "    user: "
        + user
        + "\n"
        + "  name: "
        + user
        + "@kubernetes\n"
        + "current-context: "
        + user
        + "@kubernetes\n"
        + "kind: Config\n"
        + "preferences: {}\n"
        + "users:\n"
        + "- name: "
        + user
        + "\n"
        + "  user:\n"
        + credentials;
  }

  private void controlPlane(NodeContext n) {
    ClusterPlan c = n.cluster;
    ClusterPki pki = n.pki;
    boolean defects = n.has(Twist.CONTROL_PLANE_CERT_DEFECTS);
    String ip = n.node.ip;
    String host = n.node.name;
    int minor = n.node.pool.minor();
    Instant issued =
        n.snapshot.minus(60 + n.r.nextInt(240), ChronoUnit.DAYS).minusSeconds(n.r.nextInt(86400));
    Instant expires = issued.plus(365, ChronoUnit.DAYS);
    var leaf = pki.leafKey;
    n.dump.dir(PKI, "755", "root", "root");
    n.dump.dir(PKI + "/etcd", "755", "root", "root");
    n.dump.statOnly(PKI + "/ca.key", "600", "root", "root", 1679);

    List<String> apiDns =
        new ArrayList<>(
            List.of(
                host,
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local"));
    if (defects) {
      apiDns.remove("kubernetes.default.svc.cluster.local");
      n.plant(
          PlantedItem.of(
              Planted.APISERVER_CERT_MISSING_SAN,
              "path",
              PKI + "/apiserver.crt",
              "missing",
              "DNS:kubernetes.default.svc.cluster.local"));
    }
    leafCert(
        n,
        "apiserver",
        pki.ca,
        Certs.dn(null, "kube-apiserver"),
        issued,
        expires,
        s -> s.usage(SERVER).dns(apiDns.toArray(new String[0])).ips(c.serviceIp, ip));
    String admins = minor >= 29 ? "kubeadm:cluster-admins" : "system:masters";
    Instant kubeletClientEnd =
        defects ? n.snapshot.plus(6, ChronoUnit.DAYS).plusSeconds(4242) : expires;
    leafCert(
        n,
        "apiserver-kubelet-client",
        pki.ca,
        Certs.dn(admins, "kube-apiserver-kubelet-client"),
        kubeletClientEnd.minus(365, ChronoUnit.DAYS),
        kubeletClientEnd,
        s -> s.usage(CLIENT));
    Instant proxyEnd = defects ? n.snapshot.minus(20, ChronoUnit.DAYS).plusSeconds(777) : expires;
    leafCert(
        n,
        "front-proxy-client",
        pki.frontProxyCa,
        Certs.dn(null, "front-proxy-client"),
        proxyEnd.minus(365, ChronoUnit.DAYS),
        proxyEnd,
        s -> s.usage(CLIENT));
    leafCert(
        n,
        "apiserver-etcd-client",
        pki.etcdCa,
        Certs.dn(null, "kube-apiserver-etcd-client"),
        issued,
        expires,
        s -> {
          s.usage(CLIENT);
          if (defects) {
            s.ca(true);
          }
        });
    n.dump.file(PKI + "/front-proxy-ca.crt", pki.frontProxyCa.pem(), "644");
    n.dump.statOnly(PKI + "/front-proxy-ca.key", "600", "root", "root", 1679);
    n.dump.file(PKI + "/etcd/ca.crt", pki.etcdCa.pem(), "644");
    n.dump.statOnly(PKI + "/etcd/ca.key", "600", "root", "root", 1679);
    if (c.etcdSharesCa) {
      n.plant(
          PlantedItem.of(
              Planted.ETCD_SHARES_CLUSTER_CA,
              "path",
              PKI + "/etcd/ca.crt",
              "same_as",
              PKI + "/ca.crt",
              "flag",
              "etcd --trusted-ca-file"));
    }
    leafCert(
        n,
        "etcd/server",
        pki.etcdCa,
        Certs.dn(null, host),
        issued,
        expires,
        s -> {
          s.usage(SERVER, CLIENT).dns(host, "localhost").ips(ip, "127.0.0.1", "::1");
          if (defects) {
            // Names the etcd CA as issuer (and its key id) but is signed by another key.
            s.issuer(pki.etcdCa.name(), pki.etcdCa.spki(), pki.impostorKey.getPrivate());
          }
        });
    leafCert(
        n,
        "etcd/peer",
        pki.etcdCa,
        Certs.dn(null, host),
        issued,
        expires,
        s -> s.usage(SERVER, CLIENT).dns(host, "localhost").ips(ip, "127.0.0.1", "::1"));
    leafCert(
        n,
        "etcd/healthcheck-client",
        pki.etcdCa,
        Certs.dn(null, "kube-etcd-healthcheck-client"),
        issued,
        expires,
        s -> s.usage(CLIENT).sha1(defects));
    n.dump.file(
        PKI + "/sa.pub",
        Certs.pem("PUBLIC KEY", Certs.der(Certs.spki(pki.rsa(5).getPublic()))),
        "644");
    n.dump.statOnly(PKI + "/sa.key", "600", "root", "root", 1675);

    componentKubeconfig(
        n, "admin.conf", Certs.dn(admins, "kubernetes-admin"), "kubernetes-admin", issued, expires);
    if (minor >= 29) {
      componentKubeconfig(
          n,
          "super-admin.conf",
          Certs.dn("system:masters", "kubernetes-super-admin"),
          "kubernetes-super-admin",
          issued,
          expires);
    }
    componentKubeconfig(
        n,
        "controller-manager.conf",
        Certs.dn(null, "system:kube-controller-manager"),
        "system:kube-controller-manager",
        issued,
        expires);
    componentKubeconfig(
        n,
        "scheduler.conf",
        Certs.dn(null, "system:kube-scheduler"),
        "system:kube-scheduler",
        issued,
        expires);
    n.dump.dir("/var/lib/etcd", "700", "root", "root");

    String v = "v" + c.version;
    List<String> apiserver =
        List.of(
            "kube-apiserver",
            "--advertise-address=" + ip,
            "--allow-privileged=true",
            "--authorization-mode=Node,RBAC",
            "--client-ca-file=" + PKI + "/ca.crt",
            "--enable-admission-plugins=NodeRestriction",
            "--enable-bootstrap-token-auth=true",
            "--etcd-cafile=" + PKI + "/etcd/ca.crt",
            "--etcd-certfile=" + PKI + "/apiserver-etcd-client.crt",
            "--etcd-keyfile=" + PKI + "/apiserver-etcd-client.key",
            "--etcd-servers=https://127.0.0.1:2379",
            "--kubelet-client-certificate=" + PKI + "/apiserver-kubelet-client.crt",
            "--kubelet-client-key=" + PKI + "/apiserver-kubelet-client.key",
            "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
            "--proxy-client-cert-file=" + PKI + "/front-proxy-client.crt",
            "--proxy-client-key-file=" + PKI + "/front-proxy-client.key",
            "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-client-ca-file=" + PKI + "/front-proxy-ca.crt",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-",
            "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-username-headers=X-Remote-User",
            "--secure-port=6443",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + PKI + "/sa.pub",
            "--service-account-signing-key-file=" + PKI + "/sa.key",
            "--service-cluster-ip-range=" + c.serviceCidr,
            "--tls-cert-file=" + PKI + "/apiserver.crt",
            "--tls-private-key-file=" + PKI + "/apiserver.key");
    List<String> etcd =
        List.of(
            "etcd",
            "--advertise-client-urls=https://" + ip + ":2379",
            "--cert-file=" + PKI + "/etcd/server.crt",
            "--client-cert-auth=true",
            "--data-dir=/var/lib/etcd",
            "--experimental-initial-corrupt-check=true",
            "--experimental-watch-progress-notify-interval=5s",
            "--initial-advertise-peer-urls=https://" + ip + ":2380",
            "--initial-cluster=" + host + "=https://" + ip + ":2380",
            "--key-file=" + PKI + "/etcd/server.key",
            "--listen-client-urls=https://127.0.0.1:2379,https://" + ip + ":2379",
            "--listen-metrics-urls=http://127.0.0.1:2381",
            "--listen-peer-urls=https://" + ip + ":2380",
            "--name=" + host,
            "--peer-cert-file=" + PKI + "/etcd/peer.crt",
            "--peer-client-cert-auth=true",
            "--peer-key-file=" + PKI + "/etcd/peer.key",
            "--peer-trusted-ca-file=" + PKI + "/etcd/ca.crt",
            "--snapshot-count=10000",
            "--trusted-ca-file=" + PKI + "/etcd/ca.crt");
    List<String> controllerManager =
        List.of(
            "kube-controller-manager",
            "--allocate-node-cidrs=true",
            "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
            "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
            "--bind-address=127.0.0.1",
            "--client-ca-file=" + PKI + "/ca.crt",
            "--cluster-cidr=" + c.podCidr,
            "--cluster-name=kubernetes",
            "--cluster-signing-cert-file=" + PKI + "/ca.crt",
            "--cluster-signing-key-file=" + PKI + "/ca.key",
            "--controllers=*,bootstrapsigner,tokencleaner",
            "--kubeconfig=/etc/kubernetes/controller-manager.conf",
            "--leader-elect=true",
            "--requestheader-client-ca-file=" + PKI + "/front-proxy-ca.crt",
            "--root-ca-file=" + PKI + "/ca.crt",
            "--service-account-private-key-file=" + PKI + "/sa.key",
            "--service-cluster-ip-range=" + c.serviceCidr,
            "--use-service-account-credentials=true");
    List<String> scheduler =
        List.of(
            "kube-scheduler",
            "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
            "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
            "--bind-address=127.0.0.1",
            "--kubeconfig=/etc/kubernetes/scheduler.conf",
            "--leader-elect=true");
    staticPod(
        n,
        "etcd",
        etcd,
        "registry.k8s.io/etcd:3.5.15-0",
        "100m",
        2381,
        "/health?exclude=NOSPACE&serializable=true",
        "HTTP",
        List.of(
            volume("etcd-certs", PKI + "/etcd", "DirectoryOrCreate"),
            volume("etcd-data", "/var/lib/etcd", "DirectoryOrCreate")));
    staticPod(
        n,
        "kube-apiserver",
        apiserver,
        "registry.k8s.io/kube-apiserver:" + v,
        "250m",
        6443,
        "/livez",
        "HTTPS",
        List.of(
            volume("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate"),
            volume("k8s-certs", PKI, "DirectoryOrCreate")));
    staticPod(
        n,
        "kube-controller-manager",
        controllerManager,
        "registry.k8s.io/kube-controller-manager:" + v,
        "200m",
        10257,
        "/healthz",
        "HTTPS",
        List.of(
            volume("k8s-certs", PKI, "DirectoryOrCreate"),
            volume("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate")));
    staticPod(
        n,
        "kube-scheduler",
        scheduler,
        "registry.k8s.io/kube-scheduler:" + v,
        "100m",
        10259,
        "/healthz",
        "HTTPS",
        List.of(volume("kubeconfig", "/etc/kubernetes/scheduler.conf", "FileOrCreate")));
    for (List<String> argv : List.of(etcd, apiserver, controllerManager, scheduler)) {
      NodeBits.shims(n, "/run/containerd/containerd.sock", 1);
      n.kubeProc(10, argv);
    }
  }

  private void leafCert(
      NodeContext n,
      String name,
      ClusterPki.Ca ca,
      X500Name subject,
      Instant from,
      Instant to,
      java.util.function.Consumer<Certs.Spec> tweak) {
    X509CertificateHolder cert =
        ClusterPki.issue(
            ca, subject, n.pki.leafKey.getPublic(), from, to, n.r, s -> tweak.accept(s.ca(false)));
    String path = PKI + "/" + name + ".crt";
    n.dump.file(path, Certs.pem(cert), "644");
    n.dump.statOnly(PKI + "/" + name + ".key", "600", "root", "root", 1679);
    String caPath =
        ca == n.pki.etcdCa
            ? PKI + "/etcd/ca.crt"
            : ca == n.pki.frontProxyCa ? PKI + "/front-proxy-ca.crt" : PKI + "/ca.crt";
    CertFacts.inspect(n, path, cert, ca, caPath, true);
  }

  private void componentKubeconfig(
      NodeContext n, String file, X500Name subject, String user, Instant from, Instant to) {
    X509CertificateHolder cert =
        ClusterPki.issue(
            n.pki.ca,
            subject,
            n.pki.leafKey.getPublic(),
            from,
            to,
            n.r,
            s -> s.ca(false).usage(CLIENT));
    String text =
        kubeconfig(
            n.cluster,
            user,
            "    client-certificate-data: "
                + Certs.pemBase64(cert)
                + "\n    client-key-data: REDACTED\n",
            n);
    n.dump.file(
        "/etc/kubernetes/" + file,
        text.getBytes(StandardCharsets.UTF_8),
        "600",
        "root",
        "root",
        NodeBits.originalSize(text, 2236));
  }

  private static Map<String, Object> volume(String name, String path, String type) {
    return map("hostPath", map("path", path, "type", type), "name", name);
  }

  private static void staticPod(
      NodeContext n,
      String name,
      List<String> command,
      String image,
      String cpu,
      int probePort,
      String probePath,
      String scheme,
      List<Map<String, Object>> volumes) {
    Map<String, Object> labels = map("component", name, "tier", "control-plane");
    Map<String, Object> meta = new LinkedHashMap<>();
    if (name.equals("kube-apiserver")) {
      meta.put(
          "annotations",
          map(
              "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint",
              n.node.ip + ":6443"));
    } else if (name.equals("etcd")) {
      meta.put(
          "annotations",
          map(
              "kubeadm.kubernetes.io/etcd.advertise-client-urls",
              "https://" + n.node.ip + ":2379"));
    }
    meta.put("creationTimestamp", null);
    meta.put("labels", labels);
    meta.put("name", name);
    meta.put("namespace", "kube-system");
    List<Object> mounts = new ArrayList<>();
    for (Map<String, Object> v : volumes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> hp = (Map<String, Object>) v.get("hostPath");
      Map<String, Object> mount = map("mountPath", hp.get("path"), "name", v.get("name"));
      if (!name.equals("etcd")) {
        mount.put("readOnly", true);
      }
      mounts.add(mount);
    }
    String host =
        name.equals("etcd") ? "127.0.0.1" : name.equals("kube-apiserver") ? n.node.ip : "127.0.0.1";
    Map<String, Object> probe =
        map(
            "failureThreshold", 8,
            "httpGet", map("host", host, "path", probePath, "port", probePort, "scheme", scheme),
            "initialDelaySeconds", 10,
            "periodSeconds", 10,
            "timeoutSeconds", 15);
    Map<String, Object> container =
        map(
            "command", command,
            "image", image,
            "imagePullPolicy", "IfNotPresent",
            "livenessProbe", probe,
            "name", name,
            "resources", map("requests", map("cpu", cpu)),
            "volumeMounts", mounts);
    Map<String, Object> spec =
        map(
            "containers",
            List.of(container),
            "hostNetwork",
            true,
            "priority",
            2000001000,
            "priorityClassName",
            "system-node-critical",
            "securityContext",
            map("seccompProfile", map("type", "RuntimeDefault")),
            "volumes",
            volumes);
    Map<String, Object> pod =
        map("apiVersion", "v1", "kind", "Pod", "metadata", meta, "spec", spec, "status", map());
    n.dump.file("/etc/kubernetes/manifests/" + name + ".yaml", Formats.sortedYaml(pod), "600");
  }
}
