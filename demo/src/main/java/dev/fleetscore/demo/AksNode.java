package dev.fleetscore.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * AKS on Ubuntu after the AKS ps sample: no --config, every setting a flag, assembled by the unit
 * from KUBELET_TLS_BOOTSTRAP_FLAGS (space form, so --kubeconfig appears twice), the containerd
 * flags and the alphabetical KUBELET_FLAGS of /etc/default/kubelet; a self-signed kubeletserver.crt
 * under /etc/kubernetes/certs and a bootstrap kubeconfig whose token is redacted.
 */
final class AksNode implements NodeRenderer {

  static final String CA = "/etc/kubernetes/certs/ca.crt";
  static final String SERVING = "/etc/kubernetes/certs/kubeletserver.crt";

  private static String labels(NodeContext n) {
    Pool p = n.node.pool;
    return "agentpool="
        + p.name()
        + ",kubernetes.azure.com/agentpool="
        + p.name()
        + ",kubernetes.azure.com/mode="
        + (p.name().equals("nodepool1") ? "system" : "user")
        + ",kubernetes.azure.com/node-image-version=AKSUbuntu-2204gen2containerd-202502.09.0"
        + ",kubernetes.azure.com/role=agent";
  }

  @Override
  public String clientCaPath() {
    return CA;
  }

  @Override
  public KubeletInputs kubelet(NodeContext n) {
    ClusterPlan c = n.cluster;
    int minor = n.node.pool.minor();
    KubeletInputs k = new KubeletInputs();
    k.executable = "/usr/local/bin/kubelet";
    k.head.addAll(
        List.of(
            "--enable-server",
            "--node-labels=" + labels(n),
            "--v=2",
            "--volume-plugin-dir=/etc/kubernetes/volumeplugins",
            "--kubeconfig",
            "/var/lib/kubelet/kubeconfig",
            "--bootstrap-kubeconfig",
            "/var/lib/kubelet/bootstrap-kubeconfig",
            "--runtime-request-timeout=15m",
            "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
            "--runtime-cgroups=/system.slice/containerd.service"));
    boolean omit = n.has(Twist.OMIT_SECURE_FLAGS);
    List<String> f = k.managed;
    f.add("--address=0.0.0.0");
    if (!omit) {
      f.add("--anonymous-auth=false");
      f.add("--authentication-token-webhook=true");
      f.add("--authorization-mode=Webhook");
    }
    if (minor < 30) {
      f.add("--azure-container-registry-config=/etc/kubernetes/azure.json");
    }
    f.add("--cgroups-per-qos=true");
    f.add("--client-ca-file=" + CA);
    f.add("--cloud-provider=external");
    f.add("--cluster-dns=" + c.clusterDns);
    f.add("--cluster-domain=cluster.local");
    f.add("--container-log-max-size=50M");
    f.add("--enforce-node-allocatable=pods");
    f.add("--event-qps=0");
    f.add(
        "--eviction-hard=memory.available<750Mi,nodefs.available<10%,nodefs.inodesFree<5%,pid.available<2000");
    f.add("--feature-gates=RotateKubeletServerCertificate=true");
    f.add("--image-gc-high-threshold=85");
    f.add("--image-gc-low-threshold=80");
    if (minor < 31) {
      f.add("--keep-terminated-pod-volumes=false");
    }
    f.add("--kube-reserved=cpu=100m,memory=1638Mi,pid=1000");
    f.add("--kubeconfig=/var/lib/kubelet/kubeconfig");
    f.add("--max-pods=110");
    f.add("--node-status-update-frequency=10s");
    f.add("--pod-infra-container-image=mcr.microsoft.com/oss/kubernetes/pause:3.6");
    f.add("--pod-manifest-path=/etc/kubernetes/manifests");
    f.add("--protect-kernel-defaults=true");
    if (!omit) {
      f.add("--read-only-port=0");
    }
    f.add("--resolv-conf=/run/systemd/resolve/resolv.conf");
    f.add("--rotate-certificates=true");
    f.add("--streaming-connection-idle-timeout=4h");
    f.add("--tls-cert-file=" + SERVING);
    f.add(
        "--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
            + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
            + "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
            + "TLS_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_GCM_SHA256");
    f.add("--tls-private-key-file=/etc/kubernetes/certs/kubeletserver.key");
    return k;
  }

  @Override
  public void render(NodeContext n, KubeletInputs k) {
    ClusterPlan c = n.cluster;
    k.argv = k.concatenated();
    List<String> flags = new ArrayList<>(k.managed);
    flags.addAll(k.extra);
    n.dump.file(
        "/etc/default/kubelet",
        "KUBELET_FLAGS="
            + String.join(" ", flags)
            + "\nKUBELET_REGISTER_SCHEDULABLE=true\nNETWORK_POLICY=\nKUBELET_NODE_LABELS="
            + labels(n)
            + "\nKUBELET_CONTAINERD_FLAGS=--runtime-request-timeout=15m"
            + " --container-runtime-endpoint=unix:///run/containerd/containerd.sock"
            + " --runtime-cgroups=/system.slice/containerd.service\n"
            + "KUBELET_TLS_BOOTSTRAP_FLAGS=--kubeconfig /var/lib/kubelet/kubeconfig"
            + " --bootstrap-kubeconfig /var/lib/kubelet/bootstrap-kubeconfig\n",
        "644");
    n.dump.file(
        "/etc/systemd/system/kubelet.service",
        "[Unit]\n"
            + "Description=Kubelet\n"
            + "ConditionPathExists=/usr/local/bin/kubelet\n"
            + "[Service]\n"
            + "Restart=always\n"
            + "EnvironmentFile=/etc/default/kubelet\n"
            + "SuccessExitStatus=143\n"
            + "ExecStartPre=/bin/bash /opt/azure/containers/kubelet.sh\n"
            + "ExecStartPre=/bin/mkdir -p /var/lib/kubelet\n"
            + "ExecStartPre=/bin/mkdir -p /var/lib/cni\n"
            + "ExecStartPre=/bin/mount --make-shared /var/lib/kubelet\n"
            + "ExecStartPre=-/sbin/ebtables -t nat --list\n"
            + "ExecStartPre=-/sbin/iptables -t nat --numeric --list\n"
            + "ExecStart=/usr/local/bin/kubelet \\\n"
            + "        --enable-server \\\n"
            + "        --node-labels=\"${KUBELET_NODE_LABELS}\" \\\n"
            + "        --v=2 \\\n"
            + "        --volume-plugin-dir=/etc/kubernetes/volumeplugins \\\n"
            + "        $KUBELET_TLS_BOOTSTRAP_FLAGS \\\n"
            + "        $KUBELET_CONFIG_FILE_FLAGS \\\n"
            + "        $KUBELET_CONTAINERD_FLAGS \\\n"
            + "        $KUBELET_FLAGS\n"
            + "[Install]\n"
            + "WantedBy=multi-user.target\n",
        "644");
    n.dump.file(
        kubeconfigPath(),
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: localcluster\n"
            + "  cluster:\n"
            + "    certificate-authority: "
            + CA
            + "\n"
            + "    server: "
            + c.endpoint
            + "\n"
            + "users:\n"
            + "- name: default-auth\n"
            + "  user:\n"
            + "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
            + "    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
            + "contexts:\n"
            + "- context:\n"
            + "    cluster: localcluster\n"
            + "    user: default-auth\n"
            + "  name: default-context\n"
            + "current-context: default-context\n",
        "600");
    String bootstrap =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: localcluster\n"
            + "  cluster:\n"
            + "    certificate-authority: "
            + CA
            + "\n"
            + "    server: "
            + c.endpoint
            + "\n"
            + "users:\n"
            + "- name: kubelet-bootstrap\n"
            + "  user:\n"
            + "    token: \"REDACTED\"\n"
            + "contexts:\n"
            + "- context:\n"
            + "    cluster: localcluster\n"
            + "    user: kubelet-bootstrap\n"
            + "  name: bootstrap-context\n"
            + "current-context: bootstrap-context\n";
    n.dump.file(
        "/var/lib/kubelet/bootstrap-kubeconfig",
        bootstrap.getBytes(StandardCharsets.UTF_8),
        "600",
        "root",
        "root",
        NodeBits.originalSize(bootstrap, 23));
    n.dump.file(CA, n.pki.ca.pem(), "644");
    Instant[] v = n.leafValidity(Twist.SERVING_CERT_EXPIRED, Twist.SERVING_CERT_EXPIRING);
    Instant notBefore = v[0];
    Instant notAfter = v[1];
    if (!n.has(Twist.SERVING_CERT_EXPIRED) && !n.has(Twist.SERVING_CERT_EXPIRING)) {
      // AKS provisioning makes this certificate with openssl -days 7300.
      notAfter = notBefore.plus(7300, ChronoUnit.DAYS);
    }
    var key = n.pki.rsa(5);
    var self = Certs.dn(null, n.node.name);
    X509CertificateHolder cert =
        new Certs.Spec()
            .subject(self, Certs.spki(key.getPublic()))
            .issuer(self, Certs.spki(key.getPublic()), key.getPrivate())
            .validity(notBefore, notAfter)
            .serial(Certs.serial(n.r))
            .build();
    n.dump.file(SERVING, Certs.pem(cert), "644");
    CertFacts.inspect(n, SERVING, cert, null, null, true);
    n.dump.statOnly("/etc/kubernetes/certs/kubeletserver.key", "600", "root", "root", 1679);
    n.dump.statOnly("/etc/kubernetes/azure.json", "600", "root", "root", 1238);
    n.dump.dir("/var/lib/kubelet/pki", "755", "root", "root");
    NodeBits.clientPem(n, "/var/lib/kubelet/pki/kubelet-client-current.pem", 1110);

    NodeBits.systemProcesses(
        n, "/sbin/init", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups");
    n.proc(30, "systemd+", "/lib/systemd/systemd-resolved");
    n.proc(200, "root", "/usr/bin/containerd");
    List<String> argv = new ArrayList<>();
    argv.add(k.executable);
    argv.addAll(k.argv);
    n.kubeProc(60, argv);
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1);
    n.kubeProc(
        20,
        List.of(
            "kube-proxy",
            "--conntrack-max-per-core=0",
            "--metrics-bind-address=0.0.0.0:10249",
            "--cluster-cidr=" + c.podCidr,
            "--detect-local-mode=ClusterCIDR",
            "--pod-interface-name-prefix=",
            "--v=3"));
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1);
    n.proc(20, "root", "/cloud-node-manager", "--node-name=" + n.node.name, "--wait-routes=true");
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1 + n.r.nextInt(2));
  }
}
