package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.EvidenceNormalizerTest.assertSetting;
import static dev.fleetscore.normalize.EvidenceNormalizerTest.scored;
import static dev.fleetscore.normalize.Fixtures.node;
import static dev.fleetscore.normalize.Fixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.Source;
import dev.fleetscore.rules.NodeSummaries;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.QuarantineRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlPlaneAndCloudTest {

  static final String APISERVER = "/etc/kubernetes/manifests/kube-apiserver.yaml";
  static final String ETCD = "/etc/kubernetes/manifests/etcd.yaml";

  /** Summary keys cluster rules may read about a node's kubelet, its pool and its metrics. */
  static final List<String> SUMMARY_KEYS =
      List.of(
          "kubelet:readOnlyPort",
          "kubelet:authentication.anonymous.enabled",
          "kubelet:authorization.mode",
          "cloud:insecureKubeletReadonlyPortEnabled",
          "cloud:readonlyPortEnabled",
          "cloud:readonlyPortSource",
          NodeSummaries.READONLY_REQUESTS);

  static NormalizeResult.Scored controlPlaneNode() {
    return scored(
        node("kubeadm")
            .kubeletPs(resource("kubeadm-ps.txt"))
            .config(
                "/var/lib/kubelet/config.yaml", "KUBELET_CONFIG", resource("kubeadm-config.yaml"))
            .config(APISERVER, "STATIC_POD_MANIFEST", resource("kubeadm-apiserver-manifest.yaml"))
            .config(ETCD, "STATIC_POD_MANIFEST", resource("kubeadm-etcd-manifest.yaml"))
            .process(
                "kube-controller-manager",
                "CMDLINE",
                List.of(
                    "--bind-address=127.0.0.1",
                    "--kubeconfig=/etc/kubernetes/controller-manager.conf",
                    "--profiling=false",
                    "--feature-gates=RotateKubeletServerCertificate=true",
                    "--root-ca-file=/etc/kubernetes/pki/ca.crt"))
            .stat("/etc/kubernetes/admin.conf", "600")
            .stat("/etc/kubernetes/pki/ca.crt", "644")
            .stat("/etc/kubernetes/pki/ca.key", "600")
            .stat("/etc/kubernetes/pki/etcd/ca.key", "600")
            .stat("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "644")
            .build());
  }

  static ComponentSettings c(NormalizeResult.Scored s, Component c) {
    return s.facts().component(c).orElseThrow();
  }

  @Test
  void apiServerFromItsStaticPodManifest() {
    NormalizeResult.Scored s = controlPlaneNode();
    ComponentSettings api = c(s, Component.KUBE_APISERVER);
    assertEquals("STATIC_POD_MANIFEST", api.evidence());
    assertSetting(
        api.get("authorization-mode").orElseThrow(),
        "[\"Node\",\"RBAC\"]",
        Source.STATIC_POD_MANIFEST,
        APISERVER + " argv[3]");
    // Defaults that CIS 1.2 needs, with no flag present.
    assertSetting(api.get("anonymous-auth").orElseThrow(), "true", Source.DEFAULT, null);
    assertSetting(api.get("profiling").orElseThrow(), "true", Source.DEFAULT, null);
    assertSetting(api.get("kubelet-certificate-authority").orElseThrow(), null, Source.UNSET, null);
    assertSetting(api.get("audit-log-path").orElseThrow(), null, Source.UNSET, null);
    assertSetting(api.get("service-account-lookup").orElseThrow(), "true", Source.DEFAULT, null);
    assertSetting(api.get("request-timeout").orElseThrow(), "1m0s", Source.DEFAULT, null);
    // The image tag says 1.30: the insecure-port flag no longer exists.
    assertTrue(api.get("insecure-port").isEmpty());
    List<String> plugins =
        ((dev.fleetscore.model.TypedValue.ListValue)
                api.get("effective-admission-plugins").orElseThrow().value())
            .values();
    assertTrue(plugins.contains("NodeRestriction"));
    assertTrue(plugins.contains("ServiceAccount"));
    assertEquals(List.of(APISERVER), s.facts().paths(FileRoles.APISERVER_MANIFEST));
    assertEquals(
        List.of("/etc/kubernetes/pki/apiserver-etcd-client.key"),
        s.facts().paths(FileRoles.APISERVER_ETCD_KEY));
    assertEquals(
        List.of("/etc/kubernetes/pki/sa.pub"),
        s.facts().paths(FileRoles.APISERVER_SERVICE_ACCOUNT_KEY));
  }

  @Test
  void etcdAndControllerManager() {
    NormalizeResult.Scored s = controlPlaneNode();
    ComponentSettings etcd = c(s, Component.ETCD);
    assertSetting(
        etcd.get("client-cert-auth").orElseThrow(),
        "true",
        Source.STATIC_POD_MANIFEST,
        ETCD + " argv[2]");
    assertSetting(etcd.get("auto-tls").orElseThrow(), "false", Source.DEFAULT, null);
    assertEquals(List.of("/var/lib/etcd"), s.facts().paths(FileRoles.ETCD_DATA_DIR));
    ComponentSettings cm = c(s, Component.KUBE_CONTROLLER_MANAGER);
    assertEquals("CMDLINE", cm.evidence());
    assertSetting(cm.get("profiling").orElseThrow(), "false", Source.FLAG, "argv[3]");
    assertSetting(
        cm.get("use-service-account-credentials").orElseThrow(), "false", Source.DEFAULT, null);
    assertSetting(
        cm.get("terminated-pod-gc-threshold").orElseThrow(), "12500", Source.DEFAULT, null);
    assertSetting(
        cm.get("feature-gates.RotateKubeletServerCertificate").orElseThrow(),
        "true",
        Source.FLAG,
        "argv[4]");
    assertEquals(
        List.of("/etc/kubernetes/controller-manager.conf"),
        s.facts().paths(FileRoles.CONTROLLER_MANAGER_KUBECONFIG));
    assertEquals(
        List.of("/etc/kubernetes/admin.conf"), s.facts().paths(FileRoles.ADMIN_KUBECONFIG));
    assertEquals(
        List.of("/etc/kubernetes/pki/ca.key", "/etc/kubernetes/pki/etcd/ca.key"),
        s.facts().paths(FileRoles.PKI_KEY));
    assertEquals(
        List.of("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"),
        s.facts().paths(FileRoles.KUBELET_SERVICE_DROPIN));
    assertTrue(s.facts().component(Component.KUBE_SCHEDULER).isEmpty());
  }

  @Test
  void etcdTakesGoFlagSingleDashFlags() {
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .process(
                    "etcd",
                    "CMDLINE",
                    List.of("-client-cert-auth", "-data-dir=/var/lib/etcd", "--peer-auto-tls=true"))
                .build());
    ComponentSettings etcd = c(s, Component.ETCD);
    assertSetting(etcd.get("client-cert-auth").orElseThrow(), "true", Source.FLAG, "argv[1]");
    assertSetting(etcd.get("peer-auto-tls").orElseThrow(), "true", Source.FLAG, "argv[3]");
    assertTrue(etcd.warnings().stream().anyMatch(w -> w.contains("ETCD_*")));
  }

  @Test
  void unparseableManifestIsAFileQuarantineAndTheNodeIsStillScored() {
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .config(
                    APISERVER, "STATIC_POD_MANIFEST", "YAML", null, "MALFORMED_YAML: bad indent")
                .build());
    assertTrue(s.facts().component(Component.KUBE_APISERVER).isEmpty());
    assertEquals(1, s.quarantined().size());
    QuarantineRow q = s.quarantined().get(0);
    assertEquals("FILE", q.getRecordKind());
    assertEquals("UNPARSEABLE_STATIC_POD_MANIFEST", q.getReasonCode());
    assertEquals("d-kubeadm:" + APISERVER, q.getRecordKey());
  }

  static CloudNodePoolRow gkePool(String name, Boolean portEnabled) {
    return CloudNodePoolRow.newBuilder()
        .setSnapshotId("2026-11-21")
        .setSnapshotDate(Fixtures.DATE)
        .setClusterId("gke:test")
        .setProducerVersion("fleetscore-collectors/test")
        .setProvider("gke")
        .setPoolName(name)
        .setVersion("1.29.8-gke.1211000")
        .setImageType("COS_CONTAINERD")
        .setMachineTypes(List.of("n2-standard-8"))
        .setInsecureKubeletReadonlyPortEnabled(portEnabled)
        .setReadonlyPortEnabled(portEnabled)
        .setReadonlyPortSource("POOL")
        .setCanDisableReadonlyPort(true)
        .setCpuManagerPolicy("static")
        .setPodPidsLimit(4096L)
        .setAllowedUnsafeSysctls(List.of("kernel.msg*"))
        .setEvictionSoft(Map.of("memory.available", "200Mi"))
        .setEvictionSoftGracePeriod(Map.of())
        .setEvictionMinimumReclaim(Map.of())
        .setSource("gke-node-pools.json")
        .setRawJson("{}")
        .build();
  }

  @Test
  void gkePoolSettingsAreCloudSettingsAndFeedTheNodeSummary() {
    ClusterFacts cluster =
        new ClusterFacts(
            "gke:test",
            Optional.empty(),
            List.of(gkePool("default-pool", false), gkePool("legacy-pool", true)),
            List.of(),
            List.of());
    NormalizeResult.Scored s =
        scored(
            node("gke")
                .pool("legacy-pool")
                .kubeletPs(resource("gke-1.26-ps.txt"))
                .config(
                    "/home/kubernetes/kubelet-config.yaml",
                    "KUBELET_CONFIG",
                    resource("gke-1.26-config.yaml"))
                .config(
                    "/var/lib/fleetscore/readonly-metrics.prom",
                    "KUBELET_READONLY_METRICS",
                    "PROMETHEUS",
                    "{\"kubelet_http_requests_total\":[{\"labels\":{\"server_type\":\"readonly\",\"path\":\"pods\"},\"value\":7},"
                        + "{\"labels\":{\"server_type\":\"readonly\",\"path\":\"stats\"},\"value\":3},"
                        + "{\"labels\":{\"server_type\":\"readwrite\"},\"value\":100}]}",
                    null)
                .build(),
            cluster);
    ComponentSettings cloud = c(s, Component.CLOUD);
    assertSetting(
        cloud.get("insecureKubeletReadonlyPortEnabled").orElseThrow(),
        "true",
        Source.CLOUD_API,
        "gke-node-pools.json nodePools[legacy-pool].config.kubeletConfig.insecureKubeletReadonlyPortEnabled");
    assertSetting(
        cloud.get("podPidsLimit").orElseThrow(),
        "4096",
        Source.CLOUD_API,
        "gke-node-pools.json nodePools[legacy-pool].config.kubeletConfig.podPidsLimit");
    assertTrue(
        s.settings().stream()
            .anyMatch(
                r ->
                    r.getComponent().equals("cloud")
                        && r.getSetting().equals("insecureKubeletReadonlyPortEnabled")
                        && r.getSource().equals("CLOUD_API")));
    NodeSummary sum = NodeSummaries.of(s.facts(), SUMMARY_KEYS);
    assertEquals("legacy-pool", sum.nodePool());
    assertEquals("10255", sum.facts().get("kubelet:readOnlyPort"));
    assertEquals("true", sum.facts().get("cloud:insecureKubeletReadonlyPortEnabled"));
    assertEquals("10", sum.facts().get("metrics:readonly_requests"));
  }

  @Test
  void summaryOfANodeWithoutKubeletOrPool() {
    NormalizeResult.Scored s = scored(node("kubeadm").build());
    NodeSummary sum = NodeSummaries.of(s.facts(), SUMMARY_KEYS);
    assertEquals(Map.of(), sum.facts());
  }

  @Test
  void kubeProxyKubeconfigFromItsConfigFile() {
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .process(
                    "kube-proxy",
                    "PS_EF",
                    List.of(
                        "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=node-1"))
                .config(
                    "/var/lib/kube-proxy/config.conf",
                    "OTHER",
                    "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
                        + "clientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n")
                .build());
    ComponentSettings proxy = c(s, Component.KUBE_PROXY);
    assertSetting(
        proxy.get("metrics-bind-address").orElseThrow(), "127.0.0.1:10249", Source.DEFAULT, null);
    assertEquals(
        List.of("/var/lib/kube-proxy/kubeconfig.conf"),
        s.facts().paths(FileRoles.PROXY_KUBECONFIG));
    assertEquals(
        List.of("/var/lib/kube-proxy/config.conf"), s.facts().paths(FileRoles.PROXY_CONFIG));
    assertTrue(proxy.warnings().stream().anyMatch(w -> w.contains("lossy")));
  }

  @Test
  void secretsOnCommandLinesAreRedacted() {
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .kubeletCmdline(
                    "--registry-password",
                    "hunter2",
                    "--bootstrap-token=abcdef.0123456789abcdef",
                    "--kubeconfig=/etc/kubernetes/kubelet.conf")
                .process(
                    "kube-apiserver",
                    "CMDLINE",
                    List.of(
                        "--etcd-servers=https://root:s3cr3t@10.0.0.1:2379,https://10.0.0.2:2379",
                        "--token-auth-file=/etc/kubernetes/tokens.csv"))
                .build());
    String all = s.settings().toString() + s.facts().components().toString();
    assertTrue(
        !all.contains("hunter2") && !all.contains("0123456789abcdef") && !all.contains("s3cr3t"),
        all);
    ComponentSettings api = c(s, Component.KUBE_APISERVER);
    assertEquals(
        "[\"https://root:REDACTED@10.0.0.1:2379\",\"https://10.0.0.2:2379\"]",
        api.get("etcd-servers").orElseThrow().value().canonical());
    assertEquals(
        "/etc/kubernetes/tokens.csv", api.get("token-auth-file").orElseThrow().value().canonical());
    ComponentSettings k = c(s, Component.KUBELET);
    assertEquals("REDACTED", k.get("registry-password").orElseThrow().value().canonical());
    assertEquals("REDACTED", k.get("bootstrap-token").orElseThrow().rawValue());
  }

  /**
   * k3s logs "Running kube-apiserver ..." at each start; the latest line is what runs now. This
   * resolver used to take the earliest one, unlike the kubelet's: one ranking serves both now.
   */
  @Test
  void k3sJournalLatestApiServerLineWins() {
    Fixtures.Builder b = node("k3s");
    for (String[] line : new String[][] {{"12", "--profiling=true"}, {"40", "--profiling=false"}}) {
      b.process("kube-apiserver", "K3S_JOURNAL", List.of(line[1]));
      int last = b.processes.size() - 1;
      b.processes.set(
          last,
          dev.fleetscore.schema.ProcessRow.newBuilder(b.processes.get(last))
              .setLineNumber(Integer.parseInt(line[0]))
              .build());
    }
    ComponentSettings api = c(scored(b.build()), Component.KUBE_APISERVER);
    assertEquals("K3S_JOURNAL", api.evidence());
    assertSetting(api.get("profiling").orElseThrow(), "false", Source.FLAG, "argv[1]");
  }
}
