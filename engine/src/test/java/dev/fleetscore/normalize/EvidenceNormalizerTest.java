package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.Fixtures.node;
import static dev.fleetscore.normalize.Fixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The normalizer on real node shapes (fixtures copied from shared/samples) and on every case where
 * kube-bench reads the kubelet wrong (shared/docs/kube-bench-notes.md).
 */
class EvidenceNormalizerTest {

  static final EvidenceNormalizer N = new EvidenceNormalizer();

  static NormalizeResult.Scored scored(NodeEvidence ev) {
    return scored(ev, null);
  }

  static NormalizeResult.Scored scored(NodeEvidence ev, ClusterFacts cluster) {
    NormalizeResult r = N.normalize(ev, cluster);
    if (r instanceof NormalizeResult.Rejected rej) {
      throw new AssertionError("rejected: " + rej.quarantine().getReason());
    }
    return (NormalizeResult.Scored) r;
  }

  static QuarantineRow rejected(NodeEvidence ev) {
    return assertInstanceOf(NormalizeResult.Rejected.class, N.normalize(ev, null)).quarantine();
  }

  static ComponentSettings kubelet(NormalizeResult.Scored s) {
    return s.facts().component(Component.KUBELET).orElseThrow();
  }

  static Setting k(NormalizeResult.Scored s, String name) {
    return kubelet(s).get(name).orElseThrow(() -> new AssertionError("no setting " + name));
  }

  static void assertSetting(Setting s, String value, Source source, String origin) {
    assertEquals(value, s.value() == null ? null : s.value().canonical(), s.name() + " value");
    assertEquals(source, s.source(), s.name() + " source");
    assertEquals(origin, s.origin(), s.name() + " origin");
  }

  static boolean warned(ComponentSettings cs, String fragment) {
    return cs.warnings().stream().anyMatch(w -> w.contains(fragment));
  }

  // ---- kubeadm -------------------------------------------------------------------------------

  static NodeEvidence kubeadm() {
    return node("kubeadm")
        .kubeletPs(resource("kubeadm-ps.txt"))
        .config("/var/lib/kubelet/config.yaml", "KUBELET_CONFIG", resource("kubeadm-config.yaml"))
        .build();
  }

  @Test
  void kubeadmZeroDurationsInTheFileAreDefaulted() {
    NormalizeResult.Scored s = scored(kubeadm());
    Setting t = k(s, "streamingConnectionIdleTimeout");
    assertSetting(t, "4h0m0s", Source.DEFAULT, null);
    assertEquals("0s", t.rawValue());
    assertEquals(List.of("CONFIG_FILE /var/lib/kubelet/config.yaml = 0s"), t.overridden());
    assertTrue(t.note().contains("zero value, which v1beta1 defaulting replaces with 4h0m0s"));
    assertSetting(k(s, "syncFrequency"), "1m0s", Source.DEFAULT, null);
    assertSetting(k(s, "authentication.webhook.cacheTTL"), "2m0s", Source.DEFAULT, null);
    assertSetting(k(s, "logging.flushFrequency"), "5s", Source.DEFAULT, null);
    // shutdownGracePeriod has a zero default: 0s stays, from the file.
    assertSetting(
        k(s, "shutdownGracePeriod"), "0s", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertSetting(
        k(s, "authentication.anonymous.enabled"),
        "false",
        Source.CONFIG_FILE,
        "/var/lib/kubelet/config.yaml");
    // With --config the v1beta1 defaults apply, not the legacy ones (kube-bench #646).
    assertSetting(k(s, "readOnlyPort"), "0", Source.DEFAULT, null);
    assertSetting(
        k(s, "authorization.mode"), "Webhook", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertSetting(k(s, "healthzPort"), "10248", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertSetting(k(s, "kubeconfig"), "/etc/kubernetes/kubelet.conf", Source.FLAG, "argv[2]");
    assertEquals(
        List.of("/var/lib/kubelet/config.yaml"), s.facts().paths(FileRoles.KUBELET_CONFIG));
    assertEquals(
        List.of("/etc/kubernetes/pki/ca.crt"), s.facts().paths(FileRoles.KUBELET_CLIENT_CA));
    assertEquals(
        List.of("/var/lib/kubelet/pki/kubelet-client-current.pem"),
        s.facts().paths(FileRoles.KUBELET_CLIENT_CERT));
    assertTrue(warned(kubelet(s), "lossy"));
  }

  // ---- GKE ------------------------------------------------------------------------------------

  @Test
  void gke126ReadOnlyPortComesFromTheConfigFile() {
    NormalizeResult.Scored s =
        scored(
            node("gke")
                .kubeletPs(resource("gke-1.26-ps.txt"))
                .config(
                    "/home/kubernetes/kubelet-config.yaml",
                    "KUBELET_CONFIG",
                    resource("gke-1.26-config.yaml"))
                .build());
    assertSetting(
        k(s, "readOnlyPort"), "10255", Source.CONFIG_FILE, "/home/kubernetes/kubelet-config.yaml");
    assertEquals(List.of("DEFAULT = 0"), k(s, "readOnlyPort").overridden());
    assertSetting(k(s, "registryPullQPS"), "10", Source.FLAG, "argv[12]");
    assertSetting(
        k(s, "eventRecordQPS"), "50", Source.CONFIG_FILE, "/home/kubernetes/kubelet-config.yaml");
    assertEquals("1.26.6-gke.1700", s.facts().kubeletVersion().orElseThrow());
    assertTrue(kubelet(s).unknownFlags().contains("--pod-sysctls"));
    assertTrue(kubelet(s).removedFlags().contains("--container-runtime"));
    assertSetting(
        k(s, "featureGates.RotateKubeletServerCertificate"),
        "true",
        Source.CONFIG_FILE,
        "/home/kubernetes/kubelet-config.yaml");
    // The ps line splits "tcp_rmem=4096 87380 6291456": kept as positionals with a warning.
    assertTrue(warned(kubelet(s), "positional arguments"));
    assertSetting(k(s, "cert-dir"), "/var/lib/kubelet/pki/", Source.FLAG, "argv[4]");
    // Settings made on the fly (unknown, removed, derived) are merged into name order.
    List<String> names = List.copyOf(kubelet(s).settings().keySet());
    assertEquals(names.stream().sorted().toList(), names);
    assertTrue(names.contains("pod-sysctls") && names.contains("container-runtime"));
    List<String> rowKeys = s.settings().stream().map(EffectiveSettingRow::getSetting).toList();
    assertEquals(rowKeys.stream().sorted().toList(), rowKeys);
  }

  @Test
  void gke134CmdlineWithoutConfigFileInDumpIsRejected() {
    String line = resource("gke-1.34-cmdline.txt");
    QuarantineRow q = rejected(node("gke").kubeletPs(line).build());
    assertEquals("KUBELET_CONFIG_NOT_IN_DUMP", q.getReasonCode());
    assertEquals("NORMALIZE", q.getStage());
    assertEquals("NODE", q.getRecordKind());
    assertEquals("d-gke", q.getRecordKey());
    assertTrue(q.getReason().contains("/home/kubernetes/kubelet-config.yaml"));
  }

  // ---- AKS: flags only -------------------------------------------------------------------------

  @Test
  void aksFlagsOnly() {
    NormalizeResult.Scored s = scored(node("aks").kubeletPs(resource("aks-ps.txt")).build());
    assertSetting(k(s, "authentication.anonymous.enabled"), "false", Source.FLAG, "argv[14]");
    assertEquals(
        List.of("LEGACY_DEFAULT = true"), k(s, "authentication.anonymous.enabled").overridden());
    assertSetting(k(s, "readOnlyPort"), "0", Source.FLAG, "argv[38]");
    assertSetting(k(s, "authorization.mode"), "Webhook", Source.FLAG, "argv[16]");
    assertSetting(k(s, "eventRecordQPS"), "0", Source.FLAG, "argv[25]");
    // --kubeconfig given twice (space form, then =): the last wins.
    assertSetting(k(s, "kubeconfig"), "/var/lib/kubelet/kubeconfig", Source.FLAG, "argv[32]");
    assertEquals(
        List.of("FLAG argv[5] = /var/lib/kubelet/kubeconfig"), k(s, "kubeconfig").overridden());
    assertSetting(k(s, "enableServer"), "true", Source.FLAG, "argv[1]");
    assertSetting(k(s, "containerLogMaxSize"), "50M", Source.FLAG, "argv[23]");
    assertSetting(k(s, "streamingConnectionIdleTimeout"), "4h0m0s", Source.FLAG, "argv[41]");
    assertEquals("4h", k(s, "streamingConnectionIdleTimeout").rawValue());
    assertEquals(
        "{\"CSIMigration\":\"true\",\"CSIMigrationAzureDisk\":\"true\",\"CSIMigrationAzureFile\":\"true\","
            + "\"DelegateFSGroupToCSIDriver\":\"true\",\"DisableAcceleratorUsageMetrics\":\"false\","
            + "\"DynamicKubeletConfig\":\"false\"}",
        k(s, "featureGates").value().canonical());
    assertSetting(
        k(s, "evictionHard"),
        "{\"memory.available\":\"750Mi\",\"nodefs.available\":\"10%\",\"nodefs.inodesFree\":\"5%\",\"pid.available\":\"2000\"}",
        Source.FLAG,
        "argv[26]");
    // --container-runtime (removed 1.27) and --keep-terminated-pod-volumes (1.31) bound the
    // version.
    assertTrue(
        kubelet(s)
            .removedFlags()
            .containsAll(
                List.of(
                    "--azure-container-registry-config",
                    "--container-runtime",
                    "--keep-terminated-pod-volumes")));
    assertSetting(k(s, "kubeAPIQPS"), "5", Source.DEFAULT, null);
    assertTrue(k(s, "kubeAPIQPS").note().contains("older than 1.27"), k(s, "kubeAPIQPS").note());
    assertEquals(
        List.of("/etc/kubernetes/certs/kubeletserver.crt"),
        s.facts().paths(FileRoles.KUBELET_SERVING_CERT));
  }

  @Test
  void flagsOnlyKubeletGetsTheLegacyDefaults() {
    NormalizeResult.Scored s =
        scored(node("kubeadm").kubeletCmdline("--kubeconfig=/etc/kubernetes/kubelet.conf").build());
    Setting port = k(s, "readOnlyPort");
    assertSetting(port, "10255", Source.LEGACY_DEFAULT, null);
    assertTrue(
        port.note()
            .contains(
                "10255 from the legacy command-line default, because this kubelet"
                    + " runs without --config"));
    assertSetting(k(s, "authentication.anonymous.enabled"), "true", Source.LEGACY_DEFAULT, null);
    assertSetting(k(s, "authentication.webhook.enabled"), "false", Source.LEGACY_DEFAULT, null);
    assertSetting(k(s, "authorization.mode"), "AlwaysAllow", Source.LEGACY_DEFAULT, null);
    assertSetting(k(s, "streamingConnectionIdleTimeout"), "4h0m0s", Source.DEFAULT, null);
    assertEquals("CMDLINE", kubelet(s).evidence());
    List<String> legacyRows =
        s.settings().stream()
            .filter(r -> r.getSource().equals("LEGACY_DEFAULT"))
            .map(EffectiveSettingRow::getSetting)
            .toList();
    assertEquals(4, legacyRows.size());
  }

  // ---- EKS ------------------------------------------------------------------------------------

  @Test
  void eksAl2ConfigFileAndFlags() {
    NormalizeResult.Scored s =
        scored(
            node("eks")
                .kubeletPs(resource("eks-al2-ps.txt"))
                .config(
                    "/etc/kubernetes/kubelet/kubelet-config.json",
                    "KUBELET_CONFIG",
                    resource("eks-al2-kubelet-config.json"))
                .build());
    String cfg = "/etc/kubernetes/kubelet/kubelet-config.json";
    assertSetting(k(s, "kubeAPIQPS"), "10", Source.CONFIG_FILE, cfg);
    assertSetting(k(s, "serverTLSBootstrap"), "true", Source.FLAG, "argv[18]");
    assertEquals(
        List.of("DEFAULT = false", "CONFIG_FILE " + cfg + " = true"),
        k(s, "serverTLSBootstrap").overridden());
    assertSetting(k(s, "maxPods"), "17", Source.FLAG, "argv[17]");
    // The AL2 config omits readOnlyPort: with --config it is 0 (kube-bench EKS 3.2.4 says FAIL).
    assertSetting(k(s, "readOnlyPort"), "0", Source.DEFAULT, null);
    // No eventRecordQPS anywhere, and --container-runtime proves < 1.27: the old default 5.
    Setting qps = k(s, "eventRecordQPS");
    assertSetting(qps, "5", Source.DEFAULT, null);
    assertTrue(qps.note().contains("before 1.27 the default is 5"), qps.note());
    assertTrue(qps.note().contains("--container-runtime"), qps.note());
    assertSetting(k(s, "logging.verbosity"), "2", Source.FLAG, "argv[13]");
    assertSetting(
        k(s, "containerRuntimeEndpoint"),
        "unix:///run/containerd/containerd.sock",
        Source.FLAG,
        "argv[5]");
    assertTrue(
        k(s, "containerRuntimeEndpoint").note() == null
            || !k(s, "containerRuntimeEndpoint").note().contains("does not exist"));
  }

  static NodeEvidence eksAl2023(String dropIn) {
    Fixtures.Builder b =
        node("eks")
            .kubeletVersion("v1.30.4-eks-a737599")
            .kubeletCmdline(
                "--config=/etc/kubernetes/kubelet/config.json",
                "--config-dir=/etc/kubernetes/kubelet/config.json.d",
                "--kubeconfig=/var/lib/kubelet/kubeconfig",
                "--node-ip=10.0.0.1",
                "--cloud-provider=external",
                "--node-labels=eks.amazonaws.com/nodegroup=ng1")
            .config(
                "/etc/kubernetes/kubelet/config.json",
                "KUBELET_CONFIG",
                resource("eks-al2023-config.json"));
    if (dropIn != null) {
      b.config("/etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf", "KUBELET_DROPIN", dropIn);
    }
    return b.build();
  }

  @Test
  void eksAl2023DropInsMergeAsJsonMergePatch() {
    NormalizeResult.Scored s = scored(eksAl2023(resource("eks-al2023-40-nodeadm.conf.json")));
    String dropIn = "/etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf";
    // Lists are replaced whole.
    assertSetting(k(s, "clusterDNS"), "[\"0.0.0.0\",\"1.1.1.1\"]", Source.DROP_IN, dropIn);
    assertEquals(
        List.of("CONFIG_FILE /etc/kubernetes/kubelet/config.json = [\"10.100.0.10\"]"),
        k(s, "clusterDNS").overridden());
    assertSetting(k(s, "logging.verbosity"), "5", Source.DROP_IN, dropIn);
    // Untouched fields keep the config file's value.
    assertSetting(
        k(s, "readOnlyPort"), "0", Source.CONFIG_FILE, "/etc/kubernetes/kubelet/config.json");
    assertEquals(List.of(dropIn), s.facts().paths(FileRoles.KUBELET_CONFIG_DROPIN));
    assertEquals(
        List.of("/etc/kubernetes/kubelet/config.json.d"),
        s.facts().paths(FileRoles.KUBELET_CONFIG_DIR));
    assertEquals(
        "{\"eks.amazonaws.com/nodegroup\":\"ng1\"}", k(s, "node-labels").value().canonical());
  }

  @Test
  void dropInMapsMergeAndNullDeletesFrom132() {
    String dropIn =
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\","
            + "\"featureGates\":{\"Extra\":true},\"evictionHard\":{\"nodefs.available\":null},"
            + "\"kubeReserved\":null}";
    NormalizeResult.Scored s =
        scored(
            node("eks")
                .kubeletVersion("v1.32.1")
                .kubeletCmdline(
                    "--config=/etc/kubernetes/kubelet/config.json",
                    "--config-dir=/etc/kubernetes/kubelet/config.json.d")
                .config(
                    "/etc/kubernetes/kubelet/config.json",
                    "KUBELET_CONFIG",
                    resource("eks-al2023-config.json"))
                .config("/etc/kubernetes/kubelet/config.json.d/10-x.conf", "KUBELET_DROPIN", dropIn)
                .config("/etc/kubernetes/kubelet/config.json.d/README", "OTHER", "TEXT", null, null)
                .build());
    assertEquals(
        "{\"Extra\":\"true\",\"RotateKubeletServerCertificate\":\"true\"}",
        k(s, "featureGates").value().canonical());
    assertEquals(
        "{\"memory.available\":\"100Mi\",\"nodefs.inodesFree\":\"5%\"}",
        k(s, "evictionHard").value().canonical());
    assertSetting(k(s, "kubeReserved"), null, Source.UNSET, null);
    assertTrue(warned(kubelet(s), "only *.conf files are read"));
  }

  @Test
  void before132NullAndResolvConfInDropInsHaveNoEffect() {
    String dropIn =
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\","
            + "\"resolvConf\":\"/run/other.conf\",\"kubeReserved\":null}";
    NormalizeResult.Scored s =
        scored(
            node("eks")
                .kubeletVersion("v1.30.4")
                .kubeletCmdline(
                    "--config=/etc/kubernetes/kubelet/config.json",
                    "--config-dir=/etc/kubernetes/kubelet/config.json.d")
                .config(
                    "/etc/kubernetes/kubelet/config.json",
                    "KUBELET_CONFIG",
                    resource("eks-al2023-config.json"))
                .config("/etc/kubernetes/kubelet/config.json.d/10-x.conf", "KUBELET_DROPIN", dropIn)
                .build());
    assertSetting(k(s, "resolvConf"), "/etc/resolv.conf", Source.DEFAULT, null);
    assertTrue(k(s, "resolvConf").note().contains("kubernetes#126630"));
    assertEquals(Source.CONFIG_FILE, k(s, "kubeReserved").source());
  }

  @Test
  void dropInsApplyInWalkDirOrder() {
    String a =
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"maxPods\":10}";
    String b =
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"maxPods\":20}";
    String c =
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"maxPods\":30}";
    NormalizeResult.Scored s =
        scored(
            node("k3s")
                .kubeletCmdline("--config-dir=/etc/k.d")
                .config("/etc/k.d/20-b.conf", "KUBELET_DROPIN", b)
                .config("/etc/k.d/10-a.conf", "KUBELET_DROPIN", a)
                .config("/etc/k.d/10-a.conf.d/x.conf", "KUBELET_DROPIN", c)
                .build());
    assertSetting(k(s, "maxPods"), "20", Source.DROP_IN, "/etc/k.d/20-b.conf");
    assertEquals(
        List.of(
            "DEFAULT = 110",
            "DROP_IN /etc/k.d/10-a.conf = 10",
            "DROP_IN /etc/k.d/10-a.conf.d/x.conf = 30"),
        k(s, "maxPods").overridden());
    // --config-dir without --config keeps the legacy command-line defaults (server.go code path).
    assertSetting(k(s, "readOnlyPort"), "10255", Source.LEGACY_DEFAULT, null);
    assertTrue(k(s, "readOnlyPort").note().contains("--config-dir but without --config"));
  }

  // ---- Bottlerocket: space-separated values -----------------------------------------------------

  @Test
  void bottlerocketSpaceSeparatedFlagsFromPs() {
    NormalizeResult.Scored s =
        scored(
            node("bottlerocket")
                .kubeletPs(resource("bottlerocket-ps.txt"))
                .config(
                    "/etc/kubernetes/kubelet/config",
                    "KUBELET_CONFIG",
                    resource("bottlerocket-config.yaml"))
                .build());
    assertSetting(k(s, "config"), "/etc/kubernetes/kubelet/config", Source.FLAG, "argv[5]");
    assertSetting(
        k(s, "hostname-override"),
        "ip-192-168-84-28.us-west-2.compute.internal",
        Source.FLAG,
        "argv[17]");
    assertSetting(
        k(s, "podPidsLimit"), "1048576", Source.CONFIG_FILE, "/etc/kubernetes/kubelet/config");
    assertSetting(k(s, "readOnlyPort"), "0", Source.CONFIG_FILE, "/etc/kubernetes/kubelet/config");
    assertSetting(
        k(s, "runtimeRequestTimeout"),
        "15m0s",
        Source.CONFIG_FILE,
        "/etc/kubernetes/kubelet/config");
    // ps lost the empty argument after --register-with-taints.
    assertSetting(k(s, "registerWithTaints"), "[]", Source.FLAG, "argv[23]");
    assertTrue(warned(kubelet(s), "assumed an empty argument was lost"));
    assertSetting(
        k(s, "pod-infra-container-image"),
        "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.1-eksbuild.1",
        Source.FLAG,
        "argv[24]");
    assertSetting(k(s, "containerd"), "/run/containerd/containerd.sock", Source.FLAG, "argv[8]");
  }

  @Test
  void bottlerocketFromCmdlineKeepsTheEmptyArgument() {
    NormalizeResult.Scored s =
        scored(
            node("bottlerocket")
                .kubeletCmdline(
                    "--config",
                    "/etc/kubernetes/kubelet/config",
                    "--register-with-taints",
                    "",
                    "--pod-infra-container-image",
                    "pause:3.1")
                .config(
                    "/etc/kubernetes/kubelet/config",
                    "KUBELET_CONFIG",
                    resource("bottlerocket-config.yaml"))
                .build());
    assertSetting(k(s, "registerWithTaints"), "[]", Source.FLAG, "argv[3]");
    assertSetting(k(s, "pod-infra-container-image"), "pause:3.1", Source.FLAG, "argv[5]");
    assertFalse(warned(kubelet(s), "lossy"));
  }

  // ---- k3s: kubelet in-process, args from the journal -------------------------------------------

  @Test
  void k3sJournal() {
    String line =
        resource("k3s-journal.txt")
            .lines()
            .filter(l -> !l.startsWith("#"))
            .findFirst()
            .orElseThrow();
    String args =
        line.substring(
            line.indexOf("Running kubelet ") + "Running kubelet ".length(), line.length() - 1);
    NormalizeResult.Scored s =
        scored(node("k3s").process("kubelet", "K3S_JOURNAL", List.of(args.split(" "))).build());
    assertEquals("K3S_JOURNAL", kubelet(s).evidence());
    assertSetting(k(s, "authentication.anonymous.enabled"), "false", Source.FLAG, "argv[3]");
    assertSetting(k(s, "streamingConnectionIdleTimeout"), "5m0s", Source.FLAG, "argv[30]");
    assertSetting(k(s, "eventRecordQPS"), "0", Source.FLAG, "argv[13]");
    assertSetting(
        k(s, "evictionHard"),
        "{\"imagefs.available\":\"5%\",\"nodefs.available\":\"5%\"}",
        Source.FLAG,
        "argv[14]");
    assertTrue(k(s, "evictionHard").note().contains("replaced the whole map"));
    assertSetting(k(s, "node-labels"), "{}", Source.FLAG, "argv[23]");
    assertSetting(
        k(s, "allowedUnsafeSysctls"),
        "[\"net.ipv4.ip_forward\",\"net.ipv6.conf.all.forwarding\"]",
        Source.FLAG,
        "argv[2]");
  }

  @Test
  void oldK3sJournalLineRemovedFlagsBoundTheVersion() {
    String line =
        resource("k3s-2022-journal-truncated.txt")
            .lines()
            .filter(l -> !l.startsWith("#"))
            .findFirst()
            .orElseThrow();
    String args = line.substring(line.indexOf("Running kubelet ") + "Running kubelet ".length());
    NormalizeResult.Scored s =
        scored(node("k3s").process("k3s", "K3S_JOURNAL", List.of(args.split(" "))).build());
    ComponentSettings k = kubelet(s);
    assertEquals(
        List.of("--cni-bin-dir", "--cni-conf-dir", "--container-runtime"), k.removedFlags());
    // --cni-bin-dir was removed in 1.24, so the pre-1.27 defaults apply.
    Setting burst = k(s, "eventBurst");
    assertSetting(burst, "10", Source.DEFAULT, null);
    assertTrue(burst.note().contains("older than 1.24"), burst.note());
    // The source cut the line inside "--tls...": kept as an unknown flag.
    assertEquals(List.of("--tls"), k.unknownFlags());
    assertSetting(k(s, "readOnlyPort"), "0", Source.FLAG, "argv[23]");
  }

  // ---- what kube-bench gets wrong ---------------------------------------------------------------

  static NormalizeResult.Scored withConfig(String configYaml, String... argv) {
    String[] all = new String[argv.length + 1];
    all[0] = "--config=/var/lib/kubelet/config.yaml";
    System.arraycopy(argv, 0, all, 1, argv.length);
    return scored(
        node("kubeadm")
            .kubeletCmdline(all)
            .config(
                "/var/lib/kubelet/config.yaml",
                "KUBELET_CONFIG",
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                    + configYaml)
            .build());
  }

  @Test
  void repeatedFlagsLastWins() {
    NormalizeResult.Scored s =
        withConfig("readOnlyPort: 10255\n", "--read-only-port=10255", "--read_only_port=0");
    assertSetting(k(s, "readOnlyPort"), "0", Source.FLAG, "argv[3]");
    assertEquals(
        List.of(
            "DEFAULT = 0",
            "CONFIG_FILE /var/lib/kubelet/config.yaml = 10255",
            "FLAG argv[2] = 10255"),
        k(s, "readOnlyPort").overridden());
  }

  @Test
  void featureGatesListMergedPerKeyWithTheCommandLineWinning() {
    NormalizeResult.Scored s =
        withConfig(
            "featureGates:\n  RotateKubeletServerCertificate: true\n  FileOnly: true\n",
            "--feature-gates=RotateKubeletServerCertificate=false,CliOnly=true");
    assertEquals(
        "{\"CliOnly\":\"true\",\"FileOnly\":\"true\",\"RotateKubeletServerCertificate\":\"false\"}",
        k(s, "featureGates").value().canonical());
    assertSetting(
        k(s, "featureGates.RotateKubeletServerCertificate"), "false", Source.FLAG, "argv[2]");
    assertTrue(k(s, "featureGates").note().contains("[FileOnly]"));
  }

  @Test
  void gateDefaultWhenNotSetAnywhere() {
    NormalizeResult.Scored s = withConfig("maxPods: 100\n");
    assertSetting(
        k(s, "featureGates.RotateKubeletServerCertificate"), "true", Source.DEFAULT, null);
  }

  @Test
  void zeroOnTheCommandLineIsReallyZero() {
    NormalizeResult.Scored s =
        withConfig("streamingConnectionIdleTimeout: 0s\n", "--streaming-connection-idle-timeout=0");
    Setting t = k(s, "streamingConnectionIdleTimeout");
    assertSetting(t, "0s", Source.FLAG, "argv[2]");
    assertEquals("0", t.rawValue());
    assertTrue(t.note().contains("no defaulting runs after flags"));
    // "0s" and "0" are the same value.
    NormalizeResult.Scored s2 = withConfig("", "--streaming-connection-idle-timeout=0s");
    assertEquals(t.value(), k(s2, "streamingConnectionIdleTimeout").value());
  }

  @Test
  void pointerZerosInTheFileAreKept() {
    NormalizeResult.Scored s =
        withConfig(
            "eventRecordQPS: 0\nhealthzPort: 0\nport: 0\nresolvConf: \"\"\nevictionHard: {}\n");
    assertSetting(k(s, "eventRecordQPS"), "0", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertSetting(k(s, "healthzPort"), "0", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertSetting(k(s, "port"), "10250", Source.DEFAULT, null);
    assertSetting(k(s, "resolvConf"), "", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertSetting(k(s, "evictionHard"), "{}", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
  }

  @Test
  void boolFlagFollowedByFalseIsTrueAndReported() {
    NormalizeResult.Scored s = withConfig("", "--anonymous-auth", "false");
    Setting a = k(s, "authentication.anonymous.enabled");
    assertSetting(a, "true", Source.FLAG, "argv[2]");
    assertTrue(a.note().contains("'false' is left as a positional argument"));
    assertTrue(warned(kubelet(s), "unknown command"));
  }

  @Test
  void boolSpellingsAndOctalPorts() {
    NormalizeResult.Scored s =
        withConfig("", "--anonymous-auth=F", "--read-only-port=010255", "--port=0x2817");
    assertSetting(k(s, "authentication.anonymous.enabled"), "false", Source.FLAG, "argv[2]");
    assertSetting(k(s, "readOnlyPort"), "4269", Source.FLAG, "argv[3]");
    assertTrue(k(s, "readOnlyPort").note().contains("octal"));
    assertSetting(k(s, "port"), "10263", Source.FLAG, "argv[4]");
  }

  @Test
  void invalidFlagValuesAreKeptAsDoubtfulEvidence() {
    NormalizeResult.Scored s =
        withConfig("", "--anonymous-auth=yes", "--streaming-connection-idle-timeout=1d");
    Setting a = k(s, "authentication.anonymous.enabled");
    assertSetting(a, null, Source.FLAG, "argv[2]");
    assertEquals("yes", a.rawValue());
    assertTrue(a.note().contains("would refuse to start"));
    assertSetting(k(s, "streamingConnectionIdleTimeout"), null, Source.FLAG, "argv[3]");
    EffectiveSettingRow row =
        s.settings().stream()
            .filter(r -> r.getSetting().equals("authentication.anonymous.enabled"))
            .findFirst()
            .orElseThrow();
    assertNull(row.getValue());
    assertEquals("BOOL", row.getValueType());
  }

  @Test
  void seccompDefaultIsOredWithTheFile() {
    NormalizeResult.Scored s = withConfig("seccompDefault: true\n", "--seccomp-default=false");
    assertSetting(
        k(s, "seccompDefault"), "true", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertTrue(k(s, "seccompDefault").note().contains("cannot turn off"));
    NormalizeResult.Scored s2 = withConfig("", "--seccomp-default");
    assertSetting(k(s2, "seccompDefault"), "true", Source.FLAG, "argv[2]");
  }

  @Test
  void stringSliceFirstReplacesThenAppends() {
    NormalizeResult.Scored s =
        withConfig(
            "clusterDNS: [10.0.0.1]\n", "--cluster-dns=1.1.1.1,2.2.2.2", "--cluster-dns=3.3.3.3");
    assertSetting(
        k(s, "clusterDNS"), "[\"1.1.1.1\",\"2.2.2.2\",\"3.3.3.3\"]", Source.FLAG, "argv[3]");
  }

  @Test
  void relativeConfigPathResolvedWithAWarning() {
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .kubeletCmdline("--config=kubelet_conf.json")
                .config(
                    "/kubelet_conf.json",
                    "KUBELET_CONFIG",
                    "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"readOnlyPort\":0}")
                .build());
    assertSetting(k(s, "readOnlyPort"), "0", Source.CONFIG_FILE, "/kubelet_conf.json");
    assertTrue(warned(kubelet(s), "working directory"));
    QuarantineRow q =
        rejected(node("kubeadm").kubeletCmdline("--config=kubelet_conf.json").build());
    assertEquals("KUBELET_CONFIG_NOT_IN_DUMP", q.getReasonCode());
    assertTrue(q.getReason().contains("relative"));
  }

  @Test
  void relativePathsInsideTheFileResolveAgainstItsDirectory() {
    NormalizeResult.Scored s =
        withConfig("authentication:\n  x509:\n    clientCAFile: pki/ca.crt\n");
    assertSetting(
        k(s, "authentication.x509.clientCAFile"),
        "/var/lib/kubelet/pki/ca.crt",
        Source.CONFIG_FILE,
        "/var/lib/kubelet/config.yaml");
    assertEquals(
        List.of("/var/lib/kubelet/pki/ca.crt"), s.facts().paths(FileRoles.KUBELET_CLIENT_CA));
  }

  @Test
  void unknownConfigKeysAreIgnoredLikeLenientDecoding() {
    NormalizeResult.Scored s = withConfig("readonlyPort: 10255\nauthentication:\n  anonymus: {}\n");
    assertSetting(k(s, "readOnlyPort"), "0", Source.DEFAULT, null);
    assertTrue(warned(kubelet(s), "[authentication.anonymus, readonlyPort]"));
  }

  @Test
  void theConfigNamedByTheProcessWinsOverAFileAtTheUsualPlace() {
    // kube-bench #948: it reads the first existing candidate, not the kubelet's --config.
    String api = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .kubeletCmdline("--config=/etc/kubernetes/kubelet-config.yaml")
                .config(
                    "/etc/kubernetes/kubelet-config.yaml",
                    "KUBELET_CONFIG",
                    api + "makeIPTablesUtilChains: true\n")
                .config(
                    "/var/lib/kubelet/config.yaml",
                    "KUBELET_CONFIG",
                    api + "makeIPTablesUtilChains: false\n")
                .build());
    assertSetting(
        k(s, "makeIPTablesUtilChains"),
        "true",
        Source.CONFIG_FILE,
        "/etc/kubernetes/kubelet-config.yaml");
    assertEquals(
        List.of("/etc/kubernetes/kubelet-config.yaml"), s.facts().paths(FileRoles.KUBELET_CONFIG));
  }

  @Test
  void cipherSuitesAreTypedAndChecked() {
    NormalizeResult.Scored s =
        withConfig("", "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_BOGUS");
    Setting c = k(s, "tlsCipherSuites");
    assertSetting(
        c, "[\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\",\"TLS_BOGUS\"]", Source.FLAG, "argv[2]");
    assertTrue(c.note().contains("[TLS_BOGUS]"));
  }

  @Test
  void anUnknownFlagSpelledLikeAConfigFieldDoesNotClash() {
    NormalizeResult.Scored s = withConfig("maxPods: 50\n", "--maxPods=5");
    assertTrue(kubelet(s).unknownFlags().contains("--maxPods"));
    assertSetting(k(s, "maxPods"), "50", Source.CONFIG_FILE, "/var/lib/kubelet/config.yaml");
    assertSetting(k(s, "--maxPods"), "5", Source.FLAG, "argv[2]");
    List<String> keys = s.settings().stream().map(EffectiveSettingRow::getSetting).toList();
    assertEquals(keys.stream().distinct().count(), keys.size());
  }

  // ---- rejections -------------------------------------------------------------------------------

  @Test
  void unparseableConfigRejectsTheNode() {
    QuarantineRow q =
        rejected(
            node("kubeadm")
                .kubeletCmdline("--config=/var/lib/kubelet/config.yaml")
                .config(
                    "/var/lib/kubelet/config.yaml",
                    "KUBELET_CONFIG",
                    "YAML",
                    null,
                    "MALFORMED_YAML: line 3")
                .build());
    assertEquals("UNPARSEABLE_KUBELET_CONFIG", q.getReasonCode());
    assertEquals("/var/lib/kubelet/config.yaml", q.getSource());
  }

  @Test
  void badDocumentsRejectTheNode() {
    String api = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    record Case(String yaml, String code, String fragment) {}
    for (Case c :
        List.of(
            new Case("readOnlyPort: 0\n", "INVALID_KUBELET_CONFIG", "no apiVersion/kind"),
            new Case(
                "apiVersion: v1\nkind: Pod\n",
                "INVALID_KUBELET_CONFIG",
                "not kubelet.config.k8s.io/v1beta1"),
            new Case(api + "syncFrequency: 60\n", "INVALID_KUBELET_CONFIG", "syncFrequency"),
            new Case(api + "readOnlyPort: \"10255\"\n", "INVALID_KUBELET_CONFIG", "readOnlyPort"),
            new Case(api + "syncFrequency: 1d\n", "INVALID_KUBELET_CONFIG", "unknown unit"),
            new Case(api + "authentication: true\n", "INVALID_KUBELET_CONFIG", "authentication"),
            new Case("{}", "UNPARSEABLE_KUBELET_CONFIG", "empty"))) {
      QuarantineRow q =
          rejected(
              node("kubeadm")
                  .kubeletCmdline("--config=/c.yaml")
                  .config("/c.yaml", "KUBELET_CONFIG", c.yaml())
                  .build());
      assertEquals(c.code(), q.getReasonCode(), c.yaml());
      assertTrue(q.getReason().contains(c.fragment()), q.getReason());
    }
  }

  @Test
  void brokenDropInsRejectTheNode() {
    QuarantineRow q = rejected(eksAl2023("{\"clusterDNS\": [\"1.1.1.1\"]}"));
    assertEquals("INVALID_KUBELET_DROPIN", q.getReasonCode());
    NodeEvidence ev =
        node("eks")
            .kubeletCmdline("--config-dir=/d")
            .config("/d/10.conf", "KUBELET_DROPIN", "YAML", null, "MALFORMED_YAML")
            .build();
    assertEquals("UNPARSEABLE_KUBELET_DROPIN", rejected(ev).getReasonCode());
  }

  @Test
  void noKubeletEvidenceIsScoredWithoutAKubelet() {
    NormalizeResult.Scored s =
        scored(node("kubeadm").stat("/etc/kubernetes/pki/ca.key", "600").build());
    assertTrue(s.facts().component(Component.KUBELET).isEmpty());
    assertTrue(s.facts().warnings().stream().anyMatch(w -> w.contains("no kubelet process")));
    assertEquals(List.of("/etc/kubernetes/pki/ca.key"), s.facts().paths(FileRoles.PKI_KEY));
  }

  @Test
  void rejectedDumpsAndMissingIdentity() {
    Fixtures.Builder b = node("kubeadm");
    b.dump.setStatus("REJECTED").setRejectReason("MISSING_META");
    assertEquals("REJECTED_DUMP", rejected(b.build()).getReasonCode());
    Fixtures.Builder b2 = node("kubeadm");
    b2.dump.setNodeName(null);
    assertEquals("MISSING_IDENTITY", rejected(b2.build()).getReasonCode());
  }

  // ---- rows -------------------------------------------------------------------------------------

  @Test
  void rowsCarryProvenanceAndAreDeterministic() {
    NormalizeResult.Scored a = scored(kubeadm());
    NormalizeResult.Scored b = scored(kubeadm());
    assertEquals(a.settings(), b.settings());
    List<String> keys =
        a.settings().stream().map(r -> r.getComponent() + "\u0000" + r.getSetting()).toList();
    assertEquals(keys.stream().sorted().toList(), keys);
    EffectiveSettingRow r =
        a.settings().stream()
            .filter(x -> x.getSetting().equals("streamingConnectionIdleTimeout"))
            .findFirst()
            .orElseThrow();
    assertEquals("2026-11-21", r.getSnapshotId());
    assertEquals(Fixtures.DATE, r.getSnapshotDate());
    assertEquals("kubeadm:test", r.getClusterId());
    assertEquals("node-1", r.getNodeName());
    assertEquals(Fixtures.AT, r.getCollectedAt());
    assertTrue(r.getProducerVersion().startsWith("fleetscore-pipeline/"));
    assertEquals("DURATION", r.getValueType());
    assertEquals("--streaming-connection-idle-timeout", r.getFlagName());
    assertEquals("0s", r.getRawValue());
    // Plain defaults outside the always-emit list are in NodeFacts but not in rows.
    assertTrue(kubelet(a).get("nodeStatusMaxImages").isPresent());
    assertTrue(a.settings().stream().noneMatch(x -> x.getSetting().equals("nodeStatusMaxImages")));
  }
}
