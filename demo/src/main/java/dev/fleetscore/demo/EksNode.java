package dev.fleetscore.demo;

import static dev.fleetscore.demo.Formats.map;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EKS nodes of three images. Amazon Linux 2 (bootstrap.sh): kubelet-config.json as bootstrap leaves
 * it, the unit's fixed flags, KUBELET_ARGS in kubelet.service.d/10-kubelet-args.conf and
 * KUBELET_EXTRA_ARGS in 30-kubelet-extra-args.conf. Amazon Linux 2023 (nodeadm): config.json,
 * config.json.d/40-nodeadm.conf when the user gave kubelet config, and NODEADM_KUBELET_ARGS in
 * /etc/eks/kubelet/environment in Go map order with user flags last. Bottlerocket: the YAML
 * /etc/kubernetes/kubelet/config and space-separated flags, including the empty value of
 * --register-with-taints. All authenticate with the aws-iam-authenticator exec plugin.
 */
final class EksNode implements NodeRenderer {

  static final String CA = "/etc/kubernetes/pki/ca.crt";
  static final String AL2_CONFIG = "/etc/kubernetes/kubelet/kubelet-config.json";
  static final String AL2023_CONFIG = "/etc/kubernetes/kubelet/config.json";
  static final String AL2023_DIR = "/etc/kubernetes/kubelet/config.json.d";
  static final String BR_CONFIG = "/etc/kubernetes/kubelet/config";

  private static final List<String> CIPHERS =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_RSA_WITH_AES_128_GCM_SHA256");

  private final NodeKind kind;

  EksNode(NodeKind kind) {
    this.kind = kind;
  }

  @Override
  public String kubeconfigPath() {
    return kind == NodeKind.EKS_BOTTLEROCKET
        ? "/etc/kubernetes/kubelet/kubeconfig"
        : "/var/lib/kubelet/kubeconfig";
  }

  private static int maxPods(Pool p) {
    return switch (p.machineType()) {
      case "t3.large" -> 35;
      case "c6i.xlarge" -> 58;
      default -> 29;
    };
  }

  private static String labels(Pool p) {
    return "eks.amazonaws.com/nodegroup-image=ami-0"
        + p.hash()
        + p.hash().substring(0, 8)
        + ",eks.amazonaws.com/capacityType=ON_DEMAND,eks.amazonaws.com/nodegroup="
        + p.name();
  }

  private static String pause(ClusterPlan c) {
    return "602401143452.dkr.ecr." + c.region + ".amazonaws.com/eks/pause:3.5";
  }

  @Override
  public String clientCaPath() {
    return CA;
  }

  @Override
  public KubeletInputs kubelet(NodeContext n) {
    return switch (kind) {
      case EKS_AL2 -> al2(n);
      case EKS_AL2023 -> al2023(n);
      case EKS_BOTTLEROCKET -> bottlerocket(n);
      default -> throw new IllegalStateException(kind.toString());
    };
  }

  private KubeletInputs al2(NodeContext n) {
    ClusterPlan c = n.cluster;
    Pool p = n.node.pool;
    int minor = p.minor();
    KubeletInputs k = new KubeletInputs();
    k.executable = "/usr/bin/kubelet";
    k.head.addAll(
        List.of(
            "--config", AL2_CONFIG,
            "--kubeconfig", "/var/lib/kubelet/kubeconfig",
            "--container-runtime-endpoint", "unix:///run/containerd/containerd.sock",
            "--image-credential-provider-config", "/etc/eks/image-credential-provider/config.json",
            "--image-credential-provider-bin-dir", "/etc/eks/image-credential-provider"));
    k.managed.add("--node-ip=" + n.node.ip);
    if (minor < 35) {
      k.managed.add("--pod-infra-container-image=" + pause(c));
    }
    k.managed.add("--v=2");
    if (minor >= 26) {
      k.managed.add("--hostname-override=" + n.node.name);
      k.managed.add("--cloud-provider=external");
    } else {
      k.managed.add("--cloud-provider=aws");
    }
    if (minor < 27) {
      k.managed.add("--container-runtime=remote");
    }
    k.extra.add("--node-labels=" + labels(p));
    k.extra.add("--max-pods=" + maxPods(p));
    k.configPath = AL2_CONFIG;
    Map<String, Object> cfg = baseConfig();
    cfg.put("cgroupDriver", "systemd");
    cfg.put("cgroupRoot", "/");
    cfg.put("featureGates", map("RotateKubeletServerCertificate", true));
    cfg.put("protectKernelDefaults", true);
    cfg.put("serializeImagePulls", false);
    cfg.put("serverTLSBootstrap", true);
    cfg.put("tlsCipherSuites", CIPHERS);
    cfg.put("clusterDNS", List.of(c.clusterDns));
    cfg.put(
        "evictionHard",
        map("memory.available", "100Mi", "nodefs.available", "10%", "nodefs.inodesFree", "5%"));
    cfg.put("kubeReserved", map("cpu", "70m", "ephemeral-storage", "1Gi", "memory", "574Mi"));
    if (minor >= 26) {
      cfg.put("providerID", providerId(n));
    }
    cfg.put("systemReservedCgroup", "/system");
    cfg.put("kubeReservedCgroup", "/runtime");
    k.config = cfg;
    return k;
  }

  /** The AMI's base kubelet-config.json up to hairpinMode and readOnlyPort. */
  private static Map<String, Object> baseConfig() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("kind", "KubeletConfiguration");
    cfg.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    cfg.put("address", "0.0.0.0");
    cfg.put(
        "authentication",
        map(
            "anonymous", map("enabled", false),
            "webhook", map("cacheTTL", "2m0s", "enabled", true),
            "x509", map("clientCAFile", CA)));
    cfg.put(
        "authorization",
        map(
            "mode",
            "Webhook",
            "webhook",
            map("cacheAuthorizedTTL", "5m0s", "cacheUnauthorizedTTL", "30s")));
    cfg.put("clusterDomain", "cluster.local");
    cfg.put("hairpinMode", "hairpin-veth");
    cfg.put("readOnlyPort", 0);
    return cfg;
  }

  private static String providerId(NodeContext n) {
    return "aws:///"
        + n.node.zone
        + "/i-0"
        + Seeds.hex(Seeds.random(n.cluster.seed, "instance", n.cluster.index, n.node.index), 16);
  }

  private KubeletInputs al2023(NodeContext n) {
    ClusterPlan c = n.cluster;
    Pool p = n.node.pool;
    KubeletInputs k = new KubeletInputs();
    k.executable = "/usr/bin/kubelet";
    k.configPath = AL2023_CONFIG;
    Map<String, Object> cfg = baseConfig();
    cfg.put("cgroupDriver", "systemd");
    cfg.put("cgroupRoot", "/");
    cfg.put("featureGates", map("RotateKubeletServerCertificate", true));
    cfg.put("clusterDNS", List.of(c.clusterDns));
    cfg.put("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock");
    cfg.put("providerID", providerId(n));
    cfg.put("systemReservedCgroup", "/system");
    cfg.put("protectKernelDefaults", true);
    cfg.put("serializeImagePulls", false);
    cfg.put("serverTLSBootstrap", true);
    cfg.put("kubeReservedCgroup", "/runtime");
    cfg.put("logging", map("verbosity", 2));
    cfg.put("maxPods", maxPods(p));
    cfg.put(
        "evictionHard",
        map("memory.available", "100Mi", "nodefs.available", "10%", "nodefs.inodesFree", "5%"));
    cfg.put("kubeReserved", map("cpu", "70m", "ephemeral-storage", "1Gi", "memory", "893Mi"));
    cfg.put(
        "tlsCipherSuites",
        List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384"));
    k.config = cfg;
    k.configDir = AL2023_DIR;
    if (n.node.index % 2 == 0 || n.has(Twist.PERMISSIVE_DROP_IN)) {
      // The user's NodeConfig carried kubelet config, so nodeadm writes it as a drop-in.
      Map<String, Object> drop = new LinkedHashMap<>();
      drop.put("kind", "KubeletConfiguration");
      drop.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
      drop.put("logging", map("verbosity", 3));
      drop.put("maxPods", 110);
      k.dropIns.put("40-nodeadm.conf", drop);
    }
    return k;
  }

  private KubeletInputs bottlerocket(NodeContext n) {
    ClusterPlan c = n.cluster;
    Pool p = n.node.pool;
    KubeletInputs k = new KubeletInputs();
    k.executable = "/usr/bin/kubelet";
    k.head.addAll(
        List.of(
            "--cloud-provider",
            "external",
            "--kubeconfig",
            kubeconfigPath(),
            "--config",
            BR_CONFIG,
            "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
            "--containerd=/run/containerd/containerd.sock",
            "--root-dir",
            "/var/lib/kubelet",
            "--cert-dir",
            "/var/lib/kubelet/pki",
            "--image-credential-provider-bin-dir",
            "/usr/libexec/kubernetes/kubelet/plugins",
            "--image-credential-provider-config",
            "/etc/kubernetes/kubelet/credential-provider-config.yaml",
            "--hostname-override",
            n.node.name,
            "--node-ip",
            n.node.ip,
            "--node-labels",
            labels(p),
            "--register-with-taints",
            ""));
    if (p.minor() < 35) {
      k.head.addAll(
          List.of(
              "--pod-infra-container-image",
              "602401143452.dkr.ecr." + c.region + ".amazonaws.com/eks/pause:3.1-eksbuild.1"));
    }
    k.configPath = BR_CONFIG;
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("kind", "KubeletConfiguration");
    cfg.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
    cfg.put("address", "0.0.0.0");
    cfg.put(
        "authentication",
        map(
            "anonymous", map("enabled", false),
            "webhook", map("cacheTTL", "2m0s", "enabled", true),
            "x509", map("clientCAFile", CA)));
    cfg.put(
        "authorization",
        map(
            "mode",
            "Webhook",
            "webhook",
            map("cacheAuthorizedTTL", "5m0s", "cacheUnauthorizedTTL", "30s")));
    cfg.put("clusterDomain", "cluster.local");
    cfg.put("clusterDNS", List.of(c.clusterDns));
    cfg.put("kubeReserved", map("cpu", "70m", "memory", "574Mi", "ephemeral-storage", "1Gi"));
    cfg.put("kubeReservedCgroup", "/runtime");
    cfg.put("cpuCFSQuota", true);
    cfg.put("cpuManagerPolicy", "none");
    cfg.put("podPidsLimit", 1048576);
    cfg.put("providerID", providerId(n));
    cfg.put("resolvConf", "/run/netdog/resolv.conf");
    cfg.put("hairpinMode", "hairpin-veth");
    cfg.put("readOnlyPort", 0);
    cfg.put("cgroupDriver", "systemd");
    cfg.put("cgroupRoot", "/");
    cfg.put("runtimeRequestTimeout", "15m");
    cfg.put("featureGates", map("RotateKubeletServerCertificate", true));
    cfg.put("protectKernelDefaults", true);
    cfg.put("serializeImagePulls", false);
    cfg.put("seccompDefault", false);
    cfg.put("serverTLSBootstrap", true);
    cfg.put("tlsCipherSuites", List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
    cfg.put("volumePluginDir", "/var/lib/kubelet/plugins/volume/exec");
    cfg.put("maxPods", maxPods(p));
    cfg.put("staticPodPath", "/etc/kubernetes/static-pods/");
    k.config = cfg;
    return k;
  }

  @Override
  public void render(NodeContext n, KubeletInputs k) {
    ClusterPlan c = n.cluster;
    String kubeconfig =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- cluster:\n"
            + "    certificate-authority: "
            + CA
            + "\n"
            + "    server: "
            + c.endpoint
            + "\n"
            + "  name: kubernetes\n"
            + "contexts:\n"
            + "- context:\n"
            + "    cluster: kubernetes\n"
            + "    user: kubelet\n"
            + "  name: kubelet\n"
            + "current-context: kubelet\n"
            + "users:\n"
            + "- name: kubelet\n"
            + "  user:\n"
            + "    exec:\n"
            + "      apiVersion: client.authentication.k8s.io/v1beta1\n"
            + "      command: /usr/bin/aws-iam-authenticator\n"
            + "      args:\n"
            + "        - \"token\"\n"
            + "        - \"-i\"\n"
            + "        - \""
            + c.name
            + "\"\n"
            + "        - --region\n"
            + "        - \""
            + c.region
            + "\"\n";
    n.dump.file(kubeconfigPath(), kubeconfig, "644");
    n.dump.file(CA, n.pki.ca.pem(), "644");
    n.dump.dir("/var/lib/kubelet/pki", "755", "root", "root");
    NodeBits.servingPem(n, "/var/lib/kubelet/pki/kubelet-server-current.pem", 1183);
    switch (kind) {
      case EKS_AL2 -> renderAl2(n, k);
      case EKS_AL2023 -> renderAl2023(n, k);
      case EKS_BOTTLEROCKET -> renderBottlerocket(n, k);
      default -> throw new IllegalStateException(kind.toString());
    }
  }

  private void renderAl2(NodeContext n, KubeletInputs k) {
    k.argv = k.concatenated();
    n.dump.file(AL2_CONFIG, Formats.json(k.config, 2, true), "644");
    n.dump.file(
        "/etc/systemd/system/kubelet.service",
        "[Unit]\n"
            + "Description=Kubernetes Kubelet\n"
            + "Documentation=https://github.com/kubernetes/kubernetes\n"
            + "After=containerd.service sandbox-image.service\n"
            + "Requires=containerd.service sandbox-image.service\n"
            + "\n"
            + "[Service]\n"
            + "Slice=runtime.slice\n"
            + "ExecStartPre=/sbin/iptables -P FORWARD ACCEPT -w 5\n"
            + "ExecStart=/usr/bin/kubelet \\\n"
            + "    --config "
            + AL2_CONFIG
            + " \\\n"
            + "    --kubeconfig /var/lib/kubelet/kubeconfig \\\n"
            + "    --container-runtime-endpoint unix:///run/containerd/containerd.sock \\\n"
            + "    --image-credential-provider-config /etc/eks/image-credential-provider/config.json \\\n"
            + "    --image-credential-provider-bin-dir /etc/eks/image-credential-provider \\\n"
            + "    $KUBELET_ARGS \\\n"
            + "    $KUBELET_EXTRA_ARGS\n"
            + "\n"
            + "Restart=on-failure\n"
            + "RestartForceExitStatus=SIGPIPE\n"
            + "RestartSec=5\n"
            + "KillMode=process\n"
            + "CPUAccounting=true\n"
            + "MemoryAccounting=true\n"
            + "\n"
            + "[Install]\n"
            + "WantedBy=multi-user.target\n",
        "644");
    n.dump.file(
        "/etc/systemd/system/kubelet.service.d/10-kubelet-args.conf",
        "[Service]\nEnvironment='KUBELET_ARGS=" + String.join(" \\\n\t", k.managed) + "'\n",
        "644");
    n.dump.file(
        "/etc/systemd/system/kubelet.service.d/30-kubelet-extra-args.conf",
        "[Service]\nEnvironment='KUBELET_EXTRA_ARGS=" + String.join(" ", k.extra) + "'\n",
        "644");
    NodeBits.systemProcesses(
        n,
        "/usr/lib/systemd/systemd --switched-root --system --deserialize 21",
        "/usr/sbin/sshd -D");
    n.proc(200, "root", "/usr/bin/containerd");
    kubeletProcess(n, k);
    awsNodeAndProxy(n);
  }

  private void renderAl2023(NodeContext n, KubeletInputs k) {
    List<String> generated = new ArrayList<>(k.managed);
    generated.add("--cloud-provider=external");
    generated.add("--config=" + AL2023_CONFIG);
    if (!k.dropIns.isEmpty()) {
      generated.add("--config-dir=" + AL2023_DIR);
    } else {
      k.configDir = null;
    }
    generated.add("--hostname-override=" + n.node.name);
    generated.add("--image-credential-provider-bin-dir=/etc/eks/image-credential-provider");
    generated.add(
        "--image-credential-provider-config=/etc/eks/image-credential-provider/config.json");
    generated.add("--kubeconfig=/var/lib/kubelet/kubeconfig");
    generated.add("--node-ip=" + n.node.ip);
    generated.add("--node-labels=" + labels(n.node.pool));
    generated.add("--runtime-cgroups=/runtime.slice/containerd.service");
    generated.add("--v=2");
    // nodeadm ranges over a Go map, so the order differs from node to node.
    Collections.shuffle(generated, n.r);
    k.managed.clear();
    k.managed.addAll(generated);
    k.argv = k.concatenated();
    n.dump.file(AL2023_CONFIG, Formats.json(k.config, 4, false), "644");
    for (Map.Entry<String, Map<String, Object>> d : k.dropIns.entrySet()) {
      n.dump.file(AL2023_DIR + "/" + d.getKey(), Formats.json(d.getValue(), 4, false), "644");
    }
    List<String> env = new ArrayList<>();
    env.add("NODEADM_KUBELET_ARGS=" + String.join(" ", k.argv));
    if (n.node.pool.minor() < 30 && !k.dropIns.isEmpty()) {
      env.add("KUBELET_CONFIG_DROPIN_DIR_ALPHA=on");
    }
    Collections.shuffle(env, n.r);
    n.dump.file("/etc/eks/kubelet/environment", String.join("\n", env), "644");
    n.dump.file(
        "/etc/systemd/system/kubelet.service",
        "[Unit]\n"
            + "Description=Kubernetes Kubelet\n"
            + "Documentation=https://github.com/kubernetes/kubernetes\n"
            + "After=containerd.service\n"
            + "Wants=containerd.service\n"
            + "\n"
            + "[Service]\n"
            + "Slice=runtime.slice\n"
            + "EnvironmentFile=/etc/eks/kubelet/environment\n"
            + "ExecStartPre=/sbin/iptables -P FORWARD ACCEPT -w 5\n"
            + "ExecStart=/usr/bin/kubelet $NODEADM_KUBELET_ARGS\n"
            + "\n"
            + "Restart=on-failure\n"
            + "RestartForceExitStatus=SIGPIPE\n"
            + "RestartSec=5\n"
            + "KillMode=process\n"
            + "CPUAccounting=true\n"
            + "MemoryAccounting=true\n"
            + "\n"
            + "[Install]\n"
            + "WantedBy=multi-user.target\n",
        "644");
    NodeBits.systemProcesses(
        n,
        "/usr/lib/systemd/systemd --switched-root --system --deserialize=32",
        "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups");
    n.proc(200, "root", "/usr/bin/containerd");
    kubeletProcess(n, k);
    awsNodeAndProxy(n);
  }

  private void renderBottlerocket(NodeContext n, KubeletInputs k) {
    k.argv = k.concatenated();
    n.dump.file(BR_CONFIG, "---\n" + Formats.yaml(k.config), "644");
    n.dump.process(new DumpBuilder.Proc(1, 0, "root", List.of("/sbin/init"), false, 9000));
    n.dump.process(new DumpBuilder.Proc(2, 0, "root", List.of("[kthreadd]"), false, 0));
    n.proc(300, "root", "/usr/lib/systemd/systemd-journald");
    n.proc(
        200,
        "root",
        "/usr/bin/apiserver",
        "--datastore-path",
        "/var/lib/bottlerocket/datastore/current",
        "--socket-gid",
        "274");
    n.proc(100, "root", "/usr/bin/containerd", "--config", "/etc/host-containerd/config.toml");
    n.proc(50, "root", "/usr/bin/containerd");
    kubeletProcess(n, k);
    n.plant(
        PlantedItem.of(
            Planted.PS_LOSES_EMPTY_ARGUMENT,
            "flag",
            "--register-with-taints",
            "note",
            "cmdline has an empty argument after --register-with-taints; ps shows two spaces"));
    NodeBits.shims(n, "/run/containerd/containerd.sock", 2);
  }

  private static void kubeletProcess(NodeContext n, KubeletInputs k) {
    List<String> argv = new ArrayList<>();
    argv.add(k.executable);
    argv.addAll(k.argv);
    n.kubeProc(40, argv);
  }

  private static void awsNodeAndProxy(NodeContext n) {
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1);
    n.proc(20, "root", "./aws-k8s-agent");
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1);
    n.kubeProc(
        20,
        List.of(
            "kube-proxy",
            "--v=2",
            "--config=/var/lib/kube-proxy-config/config",
            "--hostname-override=" + n.node.name));
    NodeBits.shims(n, "/run/containerd/containerd.sock", 1 + n.r.nextInt(3));
  }
}
