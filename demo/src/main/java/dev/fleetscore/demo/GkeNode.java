package dev.fleetscore.demo;

import static dev.fleetscore.demo.Formats.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GKE on Container-Optimized OS, after the 1.26 and 1.34 samples:
 * /home/kubernetes/kubelet-config.yaml (sorted keys, readOnlyPort: 10255 where the pool leaves the
 * port on), the kubelet flags in /etc/default/kubelet KUBELET_OPTS with the GKE-only --pod-sysctls
 * and --version=vX-gke.N, the cluster CA in /etc/srv/kubernetes/pki, and bootstrapped kubelet
 * certificates that hold keys (so stat lines only).
 */
final class GkeNode implements NodeRenderer {

  static final String CONFIG = "/home/kubernetes/kubelet-config.yaml";
  static final String CA = "/etc/srv/kubernetes/pki/ca-certificates.crt";

  private static final String POD_SYSCTLS =
      "net.core.optmem_max=20480,net.core.somaxconn=1024,net.ipv4.conf.all.accept_redirects=0,"
          + "net.ipv4.conf.all.forwarding=1,net.ipv4.conf.all.route_localnet=1,"
          + "net.ipv4.conf.default.forwarding=1,net.ipv4.ip_forward=1,net.ipv4.tcp_fin_timeout=60,"
          + "net.ipv4.tcp_keepalive_intvl=60,net.ipv4.tcp_keepalive_probes=5,"
          + "net.ipv4.tcp_keepalive_time=300,net.ipv4.tcp_rmem=4096 87380 6291456,"
          + "net.ipv4.tcp_syn_retries=6,net.ipv4.tcp_tw_reuse=0,net.ipv4.tcp_wmem=4096 16384 4194304,"
          + "net.ipv4.udp_rmem_min=4096,net.ipv4.udp_wmem_min=4096,net.ipv6.conf.all.disable_ipv6=1,"
          + "net.ipv6.conf.default.accept_ra=0,net.ipv6.conf.default.disable_ipv6=1,"
          + "net.netfilter.nf_conntrack_generic_timeout=600,net.netfilter.nf_conntrack_tcp_be_liberal=1,"
          + "net.netfilter.nf_conntrack_tcp_timeout_close_wait=3600,"
          + "net.netfilter.nf_conntrack_tcp_timeout_established=86400";

  @Override
  public String clientCaPath() {
    return CA;
  }

  @Override
  public KubeletInputs kubelet(NodeContext n) {
    ClusterPlan c = n.cluster;
    Pool pool = n.node.pool;
    int minor = pool.minor();
    KubeletInputs k = new KubeletInputs();
    k.executable = "/home/kubernetes/bin/kubelet";
    List<String> f = k.managed;
    f.add("--v=2");
    f.add(minor >= 26 ? "--cloud-provider=external" : "--cloud-provider=gce");
    f.add("--experimental-mounter-path=/home/kubernetes/containerized_mounter/mounter");
    f.add("--cert-dir=/var/lib/kubelet/pki/");
    f.add("--kubeconfig=/var/lib/kubelet/kubeconfig");
    if (minor >= 28) {
      f.add("--image-credential-provider-config=/etc/srv/kubernetes/cri_auth_config.yaml");
      f.add("--image-credential-provider-bin-dir=/home/kubernetes/bin");
    }
    f.add("--max-pods=110");
    f.add(
        "--node-labels=cloud.google.com/gke-boot-disk=pd-balanced,"
            + "cloud.google.com/gke-container-runtime=containerd,"
            + "cloud.google.com/gke-cpu-scaling-level=4,"
            + "cloud.google.com/gke-logging-variant=DEFAULT,"
            + "cloud.google.com/gke-max-pods-per-node=110,"
            + "cloud.google.com/gke-nodepool="
            + pool.name()
            + ",cloud.google.com/gke-os-distribution=cos,"
            + "cloud.google.com/gke-provisioning=standard,"
            + "cloud.google.com/gke-stack-type=IPV4,"
            + "cloud.google.com/machine-family="
            + pool.machineType().substring(0, pool.machineType().indexOf('-'))
            + ",cloud.google.com/private-node=false");
    f.add("--volume-plugin-dir=/home/kubernetes/flexvolume");
    f.add("--node-status-max-images=25");
    if (minor < 27) {
      f.add("--container-runtime=remote");
    }
    f.add("--container-runtime-endpoint=unix:///run/containerd/containerd.sock");
    f.add("--runtime-cgroups=/system.slice/containerd.service");
    f.add("--registry-qps=10");
    f.add("--registry-burst=20");
    f.add("--config");
    f.add(CONFIG);
    f.add("--pod-sysctls=" + POD_SYSCTLS);
    if (minor < 30) {
      f.add("--cgroup-driver=systemd");
      f.add(
          "--pod-infra-container-image=gke.gcr.io/pause:3.8@sha256:"
              + "880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830");
    }
    f.add("--version=" + pool.kubeletVersion());

    k.configPath = CONFIG;
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    cfg.put(
        "authentication",
        map(
            "anonymous", map("enabled", false),
            "webhook", map("enabled", true),
            "x509", map("clientCAFile", CA)));
    cfg.put("authorization", map("mode", "Webhook"));
    cfg.put("cgroupRoot", "/");
    cfg.put("clusterDNS", List.of(c.clusterDns));
    cfg.put("clusterDomain", "cluster.local");
    cfg.put("enableDebuggingHandlers", true);
    cfg.put("eventBurst", 100);
    cfg.put("eventRecordQPS", 50);
    cfg.put(
        "evictionHard",
        map(
            "memory.available", "100Mi",
            "nodefs.available", "10%",
            "nodefs.inodesFree", "5%",
            "pid.available", "10%"));
    Map<String, Object> gates = new LinkedHashMap<>();
    if (minor < 27) {
      gates.put("CSIMigrationGCE", true);
      gates.put("DisableKubeletCloudCredentialProviders", false);
      gates.put("ExecProbeTimeout", false);
      gates.put("InTreePluginAWSUnregister", true);
      gates.put("InTreePluginAzureDiskUnregister", true);
      gates.put("InTreePluginvSphereUnregister", true);
    }
    gates.put("RotateKubeletServerCertificate", true);
    cfg.put("featureGates", gates);
    cfg.put("kernelMemcgNotification", true);
    cfg.put("kind", "KubeletConfiguration");
    cfg.put("kubeAPIBurst", 100);
    cfg.put("kubeAPIQPS", 50);
    cfg.put(
        "kubeReserved",
        pool.machineType().endsWith("-8")
            ? map("cpu", "1060m", "ephemeral-storage", "41Gi", "memory", "1819Mi")
            : map("cpu", "1060m", "ephemeral-storage", "41Gi", "memory", "1019Mi"));
    if (readOnlyPortInFile(n)) {
      cfg.put("readOnlyPort", 10255);
    }
    cfg.put("serverTLSBootstrap", true);
    cfg.put("staticPodPath", "/etc/kubernetes/manifests");
    k.config = cfg;
    return k;
  }

  /** What GKE writes: 10255 when the pool enables the port or leaves it to a pre-1.32 default. */
  private static boolean readOnlyPortInFile(NodeContext n) {
    Boolean setting = n.node.pool.readOnlyPortEnabled();
    if (setting == null) {
      return n.cluster.gkeUnsetMeansOpen();
    }
    if (!setting && n.has(Twist.GKE_PORT_MISMATCH)) {
      n.plant(
          PlantedItem.of(
              Planted.GKE_READ_ONLY_PORT_INTENT_MISMATCH,
              "node_pool",
              n.node.pool.name(),
              "cloud_setting",
              "insecureKubeletReadonlyPortEnabled=false",
              "node_value",
              "10255",
              "origin",
              CONFIG));
      return true;
    }
    return setting;
  }

  @Override
  public void render(NodeContext n, KubeletInputs k) {
    ClusterPlan c = n.cluster;
    k.argv = k.concatenated();
    n.dump.file(CONFIG, Formats.sortedYaml(k.config), "644");
    n.dump.file(
        "/etc/default/kubelet",
        "KUBELET_OPTS=\""
            + NodeBits.shellJoin(k.argv)
            + "\"\nKUBE_COVERAGE_FILE=\"/var/log/kubelet.cov\"\n",
        "644");
    n.dump.file(
        "/etc/systemd/system/kubelet.service",
        "[Unit]\n"
            + "Description=Kubernetes kubelet\n"
            + "Requires=network-online.target\n"
            + "After=network-online.target\n"
            + "\n"
            + "[Service]\n"
            + "Restart=always\n"
            + "RestartSec=10\n"
            + "EnvironmentFile=/etc/default/kubelet\n"
            + "ExecStartPre=/bin/mkdir -p /var/lib/kubelet/pki\n"
            + "ExecStart=/home/kubernetes/bin/kubelet $KUBELET_OPTS\n"
            + "\n"
            + "[Install]\n"
            + "WantedBy=multi-user.target\n",
        "644");
    n.dump.file(
        kubeconfigPath(),
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "users:\n"
            + "- name: kubelet\n"
            + "  user:\n"
            + "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
            + "    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n"
            + "clusters:\n"
            + "- name: local\n"
            + "  cluster:\n"
            + "    server: "
            + c.endpoint
            + "\n"
            + "    certificate-authority: "
            + CA
            + "\n"
            + "contexts:\n"
            + "- context:\n"
            + "    cluster: local\n"
            + "    user: kubelet\n"
            + "  name: service-account-context\n"
            + "current-context: service-account-context\n",
        "644");
    n.dump.file(CA, n.pki.ca.pem(), "644");
    n.dump.dir("/var/lib/kubelet/pki", "755", "root", "root");
    n.dump.statOnly("/var/lib/kubelet/pki/kubelet-client-current.pem", "600", "root", "root", 2774);
    NodeBits.servingPem(n, "/var/lib/kubelet/pki/kubelet-server-current.pem", 2859);

    NodeBits.systemProcesses(
        n, "/usr/lib/systemd/systemd noresume noswap cros_efi", "/usr/sbin/sshd -D");
    n.proc(150, "root", "/usr/bin/containerd");
    n.proc(40, "root", "bash", "/home/kubernetes/bin/health-monitor.sh", "container-runtime");
    n.proc(10, "root", "bash", "/home/kubernetes/bin/health-monitor.sh", "kubelet");
    List<String> argv = new ArrayList<>();
    argv.add(k.executable);
    argv.addAll(k.argv);
    n.kubeProc(60, argv);
    n.plant(
        PlantedItem.of(
            Planted.UNKNOWN_DISTRIBUTION_FLAG, "flag", "--pod-sysctls", "origin", "argv"));
    n.plant(
        PlantedItem.of(
            Planted.PS_SPLITS_ARGUMENT_WITH_SPACES,
            "flag",
            "--pod-sysctls",
            "note",
            "net.ipv4.tcp_rmem=4096 87380 6291456 is one argument"));
    if (c.type == ClusterPlan.Type.GKE_LEGACY) {
      String proxyKubeconfig =
          "apiVersion: v1\n"
              + "kind: Config\n"
              + "users:\n"
              + "- name: kube-proxy\n"
              + "  user:\n"
              + "    token: REDACTED\n"
              + "clusters:\n"
              + "- name: local\n"
              + "  cluster:\n"
              + "    certificate-authority-data: "
              + Certs.pemBase64(n.pki.ca.cert())
              + "\n"
              + "contexts:\n"
              + "- context:\n"
              + "    cluster: local\n"
              + "    user: kube-proxy\n"
              + "  name: service-account-context\n"
              + "current-context: service-account-context\n";
      n.dump.file(
          "/var/lib/kube-proxy/kubeconfig",
          proxyKubeconfig.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "644",
          "root",
          "root",
          NodeBits.originalSize(proxyKubeconfig, 32));
      n.kubeProc(
          300,
          List.of(
              "kube-proxy",
              "--master=" + c.endpoint,
              "--kubeconfig=/var/lib/kube-proxy/kubeconfig",
              "--cluster-cidr=" + c.podCidr,
              "--oom-score-adj=-998",
              "--v=2",
              "--iptables-sync-period=1m",
              "--iptables-min-sync-period=10s",
              "--ipvs-sync-period=1m",
              "--ipvs-min-sync-period=10s"));
    }
    NodeBits.shims(n, "/run/containerd/containerd.sock", 2 + n.r.nextInt(3));
  }
}
