package dev.fleetscore.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.KeySource;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeNormalizer;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.model.ValueType;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The normalizer: one node's raw evidence (node_dumps row, processes, config_files, certificates,
 * file_stats) to its effective settings per component, with provenance, its file roles, and its
 * effective_settings rows (sorted by component and setting). A node whose kubelet configuration
 * cannot be known (a {@code --config} file missing from the dump or unparseable, a broken drop-in)
 * is {@link NormalizeResult.Rejected} with a NODE quarantine row; a node without kubelet evidence
 * is scored without a kubelet component. Stateless and thread-safe; tables load once per JVM.
 *
 * <p>Rows emitted: every setting some layer set (config file, drop-in, flag, manifest, cloud API,
 * or a value defaulted from a zero written in a file), every legacy default, every control-plane
 * and cloud setting, and the kubelet settings in {@link #DEFAULT_ALWAYS_EMIT} even when they are
 * plain defaults. {@link NodeFacts} holds every setting, defaults included.
 */
public final class EvidenceNormalizer implements NodeNormalizer {
  private static final long serialVersionUID = 1L;

  static final String PRODUCER = FleetscoreVersion.producer("pipeline");

  /**
   * Kubelet settings written to effective_settings even when they are defaults (CIS 4.x, EKS 3.x,
   * GKE).
   */
  public static final Set<String> DEFAULT_ALWAYS_EMIT =
      Collections.unmodifiableSet(
          new TreeSet<>(
              List.of(
                  "kubelet:authentication.anonymous.enabled",
                  "kubelet:authentication.webhook.enabled",
                  "kubelet:authentication.x509.clientCAFile",
                  "kubelet:authorization.mode",
                  "kubelet:readOnlyPort",
                  "kubelet:port",
                  "kubelet:address",
                  "kubelet:streamingConnectionIdleTimeout",
                  "kubelet:makeIPTablesUtilChains",
                  "kubelet:hostname-override",
                  "kubelet:eventRecordQPS",
                  "kubelet:tlsCertFile",
                  "kubelet:tlsPrivateKeyFile",
                  "kubelet:tlsCipherSuites",
                  "kubelet:tlsMinVersion",
                  "kubelet:rotateCertificates",
                  "kubelet:serverTLSBootstrap",
                  "kubelet:featureGates.RotateKubeletServerCertificate",
                  "kubelet:podPidsLimit",
                  "kubelet:seccompDefault",
                  "kubelet:protectKernelDefaults",
                  "kubelet:kubeconfig",
                  "kubelet:config",
                  "kubelet:config-dir",
                  "kubelet:enableDebuggingHandlers",
                  "kubelet:healthzBindAddress")));

  private static final String PKI_DIR = "/etc/kubernetes/pki";
  private static final List<String> ADMIN_KUBECONFIGS =
      List.of("/etc/kubernetes/admin.conf", "/etc/kubernetes/super-admin.conf");

  private final java.util.HashSet<String> alwaysEmitKubelet = new java.util.HashSet<>();

  public EvidenceNormalizer() {
    this(DEFAULT_ALWAYS_EMIT);
  }

  /**
   * @param alwaysEmit {@code component:setting} keys to write even when they are plain defaults
   *     (the pipeline may pass the settings its loaded rule packs read)
   */
  public EvidenceNormalizer(Set<String> alwaysEmit) {
    for (String key : alwaysEmit) {
      if (key.startsWith("kubelet:")) {
        alwaysEmitKubelet.add(key.substring("kubelet:".length()));
      }
    }
  }

  @Override
  public NormalizeResult normalize(NodeEvidence evidence, ClusterFacts cluster) {
    NodeDumpRow dump = evidence.getDump();
    if (!"ACCEPTED".equals(dump.getStatus())) {
      return reject(
          dump,
          "REJECTED_DUMP",
          "the dump was rejected at import (" + dump.getRejectReason() + "); nothing to normalize",
          dump.getSource());
    }
    if (dump.getClusterId() == null || dump.getNodeName() == null) {
      return reject(
          dump,
          "MISSING_IDENTITY",
          "the dump has no cluster id or node name, so its settings cannot be keyed",
          dump.getSource());
    }
    EvidenceIndex idx = new EvidenceIndex(evidence);
    List<String> nodeWarnings = new ArrayList<>(idx.warnings);
    Map<Component, ComponentSettings> components = new EnumMap<>(Component.class);
    Map<String, List<String>> roles = new TreeMap<>();
    Optional<String> kubeletVersion = Optional.empty();

    KubeletResolver.Outcome k = KubeletResolver.resolve(idx);
    if (k instanceof KubeletResolver.Rejected r) {
      return reject(
          dump,
          r.rejection().reasonCode,
          r.rejection().getMessage(),
          r.rejection().path == null ? dump.getSource() : r.rejection().path);
    }
    if (k instanceof KubeletResolver.Resolved r) {
      components.put(Component.KUBELET, r.settings());
      r.roles().forEach((role, paths) -> paths.forEach(p -> addRole(roles, role, p)));
      kubeletVersion = r.hint().exactText();
    } else if (k instanceof KubeletResolver.Absent a) {
      nodeWarnings.addAll(a.warnings());
      nodeWarnings.add("no kubelet process in the evidence: the kubelet component is absent");
    }

    List<ControlPlaneResolver.FileProblem> problems = new ArrayList<>();
    Optional<KubeVersion> clusterVersion =
        cluster == null
            ? Optional.empty()
            : cluster.cloud().flatMap(c -> KubeVersion.parse(c.getVersion()));
    Optional<K3sServer> k3s = K3sServer.of(idx);
    Map<Component, String> absent = new EnumMap<>(Component.class);
    for (Component c : ControlPlaneResolver.TABLES.keySet()) {
      Optional<ControlPlaneResolver.Resolved> cp =
          ControlPlaneResolver.resolve(c, idx, clusterVersion, problems, k3s);
      if (cp.isEmpty() && c == Component.ETCD && k3s.isPresent()) {
        k3s.get().etcdAbsence().ifPresent(why -> absent.put(c, why));
      }
      if (cp.isPresent()) {
        components.put(c, cp.get().settings());
        controlPlaneRoles(c, cp.get(), idx, roles);
      }
    }
    CloudSettings.of(dump.getNodePool(), cluster)
        .ifPresent(cs -> components.put(Component.CLOUD, cs));
    locationRoles(idx, roles, k3s.map(x -> x.dataDir + "/server/tls").orElse(PKI_DIR));
    Map<String, String> absentRoles = absentRoles(idx, k3s, components);

    Map<String, List<String>> frozenRoles = new TreeMap<>();
    roles.forEach((role, paths) -> frozenRoles.put(role, List.copyOf(paths)));
    Map<String, FileStatRow> stats = new LinkedHashMap<>();
    for (Map.Entry<String, FileStatRow> e : idx.stats.entrySet()) {
      stats.put(e.getKey(), e.getValue());
    }
    List<CertificateRow> certs = new ArrayList<>(evidence.getCertificates());
    NodeFacts facts =
        new NodeFacts(
            dump,
            kubeletVersion,
            components,
            frozenRoles,
            stats,
            certs,
            new ArrayList<>(evidence.getConfigFiles()),
            cluster == null ? ClusterFacts.empty(dump.getClusterId()) : cluster,
            nodeWarnings,
            absent,
            absentRoles);
    List<QuarantineRow> quarantined = new ArrayList<>();
    for (ControlPlaneResolver.FileProblem fp : problems) {
      quarantined.add(
          quarantine(
              dump,
              "FILE",
              dump.getDumpId() + ":" + fp.path(),
              fp.reasonCode(),
              fp.reason(),
              fp.path()));
    }
    return new NormalizeResult.Scored(facts, rows(dump, components), quarantined);
  }

  // ---- rows ---------------------------------------------------------------------------------

  private List<EffectiveSettingRow> rows(
      NodeDumpRow dump, Map<Component, ComponentSettings> components) {
    TreeMap<String, ComponentSettings> byId = new TreeMap<>();
    components.forEach((c, cs) -> byId.put(c.id(), cs));
    List<EffectiveSettingRow> out = new ArrayList<>();
    for (ComponentSettings cs : byId.values()) {
      for (Setting s : cs.settings().values()) {
        if (!emit(cs.component(), s)) {
          continue;
        }
        // The all-arguments constructor: the builder's per-field validation costs more than the
        // rest of a row, and every field here is set.
        out.add(
            new EffectiveSettingRow(
                dump.getSnapshotId(),
                dump.getSnapshotDate(),
                dump.getClusterId(),
                dump.getNodeName(),
                dump.getCollectedAt(),
                PRODUCER,
                cs.component().id(),
                s.name(),
                s.value() == null ? null : s.value().canonical(),
                valueType(cs.component(), s).name(),
                s.source().name(),
                s.origin(),
                s.flagName(),
                s.rawValue(),
                new ArrayList<>(s.overridden()),
                s.note(),
                null,
                null));
        if (s.value() instanceof TypedValue.MapValue m && !s.keySources().isEmpty()) {
          keyRows(dump, cs.component(), s, m, out);
        }
      }
    }
    // Key rows (featureGates[X]) sort after the map's other derived rows (featureGates.X), so the
    // rows stay in (component, setting) order.
    out.sort(
        java.util.Comparator.comparing(EffectiveSettingRow::getComponent)
            .thenComparing(EffectiveSettingRow::getSetting));
    return out;
  }

  /**
   * One row per key of a map setting, named {@code featureGates[SeccompDefault]} with the layer
   * that set that key (the kubelet merges these maps key by key: drop-ins per key, --feature-gates
   * per key over the file's gates, other map flags replacing the file's map).
   */
  private static void keyRows(
      NodeDumpRow dump,
      Component c,
      Setting s,
      TypedValue.MapValue m,
      List<EffectiveSettingRow> out) {
    SettingSpec spec =
        c == Component.KUBELET
            ? KubeletResolver.TABLE.bySetting(s.name())
            : ControlPlaneResolver.TABLES.containsKey(c)
                ? ControlPlaneResolver.TABLES.get(c).bySetting(s.name())
                : null;
    boolean boolMap = spec != null && spec.kind() == ValueKind.MAP_STRING_BOOL;
    for (Map.Entry<String, String> e : m.values().entrySet()) {
      KeySource k = s.keySources().get(e.getKey());
      if (k == null) {
        k = new KeySource(s.source(), s.origin());
      }
      String type = boolMap ? ValueType.BOOL.name() : ValueType.STRING.name();
      out.add(
          new EffectiveSettingRow(
              dump.getSnapshotId(),
              dump.getSnapshotDate(),
              dump.getClusterId(),
              dump.getNodeName(),
              dump.getCollectedAt(),
              PRODUCER,
              c.id(),
              s.name() + "[" + e.getKey() + "]",
              e.getValue(),
              type,
              k.source().name(),
              k.origin(),
              s.flagName(),
              e.getValue(),
              new ArrayList<>(),
              null,
              s.name(),
              e.getKey()));
    }
  }

  private boolean emit(Component c, Setting s) {
    if (c != Component.KUBELET) {
      return true;
    }
    return s.source() == Source.LEGACY_DEFAULT
        || (s.source() != Source.DEFAULT && s.source() != Source.UNSET)
        || !s.overridden().isEmpty()
        || alwaysEmitKubelet.contains(s.name());
  }

  /** The value type of a setting, from its table when the value is null. */
  static ValueType valueType(Component c, Setting s) {
    if (s.value() != null) {
      return s.value().type();
    }
    SettingSpec spec =
        c == Component.KUBELET
            ? KubeletResolver.TABLE.bySetting(s.name())
            : ControlPlaneResolver.TABLES.containsKey(c)
                ? ControlPlaneResolver.TABLES.get(c).bySetting(s.name())
                : null;
    return spec == null ? ValueType.STRING : spec.kind().valueType();
  }

  // ---- quarantine ---------------------------------------------------------------------------

  private static NormalizeResult reject(
      NodeDumpRow dump, String code, String reason, String source) {
    return new NormalizeResult.Rejected(
        quarantine(dump, "NODE", dump.getDumpId(), code, reason, source));
  }

  static QuarantineRow quarantine(
      NodeDumpRow dump, String kind, String key, String code, String reason, String source) {
    return QuarantineRow.newBuilder()
        .setSnapshotId(dump.getSnapshotId())
        .setSnapshotDate(dump.getSnapshotDate())
        .setClusterId(dump.getClusterId())
        .setNodeName(dump.getNodeName())
        .setCollectedAt(dump.getCollectedAt())
        .setProducerVersion(PRODUCER)
        .setStage("NORMALIZE")
        .setRecordKind(kind)
        .setRecordKey(key)
        .setReasonCode(code)
        .setReason(reason)
        .setSource(source)
        .build();
  }

  // ---- file roles ---------------------------------------------------------------------------

  private static void addRole(Map<String, List<String>> roles, String role, String path) {
    if (path == null || path.isEmpty()) {
      return;
    }
    String p = path.startsWith("/") ? Paths.clean(path) : path;
    List<String> l = roles.computeIfAbsent(role, r -> new ArrayList<>());
    if (!l.contains(p)) {
      l.add(p);
    }
  }

  private static String str(ComponentSettings cs, String name) {
    return cs.get(name)
        .map(Setting::value)
        .filter(v -> v instanceof TypedValue.Str)
        .map(TypedValue::canonical)
        .filter(v -> !v.isEmpty())
        .orElse(null);
  }

  private static void controlPlaneRoles(
      Component c,
      ControlPlaneResolver.Resolved r,
      EvidenceIndex idx,
      Map<String, List<String>> roles) {
    ComponentSettings cs = r.settings();
    switch (c) {
      case KUBE_APISERVER -> {
        addRole(roles, FileRoles.APISERVER_MANIFEST, r.manifestPath());
        addRole(roles, FileRoles.APISERVER_TLS_CERT, str(cs, "tls-cert-file"));
        addRole(roles, FileRoles.APISERVER_TLS_KEY, str(cs, "tls-private-key-file"));
        addRole(roles, FileRoles.APISERVER_CLIENT_CA, str(cs, "client-ca-file"));
        addRole(roles, FileRoles.APISERVER_ETCD_CA, str(cs, "etcd-cafile"));
        addRole(roles, FileRoles.APISERVER_ETCD_CERT, str(cs, "etcd-certfile"));
        addRole(roles, FileRoles.APISERVER_ETCD_KEY, str(cs, "etcd-keyfile"));
        addRole(
            roles, FileRoles.APISERVER_KUBELET_CLIENT_CERT, str(cs, "kubelet-client-certificate"));
        addRole(roles, FileRoles.APISERVER_KUBELET_CLIENT_KEY, str(cs, "kubelet-client-key"));
        addRole(roles, FileRoles.APISERVER_KUBELET_CA, str(cs, "kubelet-certificate-authority"));
        addRole(roles, FileRoles.APISERVER_PROXY_CLIENT_CERT, str(cs, "proxy-client-cert-file"));
        addRole(
            roles, FileRoles.APISERVER_REQUESTHEADER_CA, str(cs, "requestheader-client-ca-file"));
        addRole(roles, FileRoles.APISERVER_AUDIT_POLICY, str(cs, "audit-policy-file"));
        addRole(
            roles, FileRoles.APISERVER_ENCRYPTION_CONFIG, str(cs, "encryption-provider-config"));
        cs.get("service-account-key-file")
            .map(Setting::value)
            .filter(v -> v instanceof TypedValue.ListValue)
            .ifPresent(
                v ->
                    ((TypedValue.ListValue) v)
                        .values()
                        .forEach(p -> addRole(roles, FileRoles.APISERVER_SERVICE_ACCOUNT_KEY, p)));
      }
      case ETCD -> {
        addRole(roles, FileRoles.ETCD_MANIFEST, r.manifestPath());
        String dataDir = str(cs, "data-dir");
        if (dataDir != null && dataDir.startsWith("/")) {
          addRole(roles, FileRoles.ETCD_DATA_DIR, dataDir);
        }
        addRole(roles, FileRoles.ETCD_CERT, str(cs, "cert-file"));
        addRole(roles, FileRoles.ETCD_KEY, str(cs, "key-file"));
        addRole(roles, FileRoles.ETCD_TRUSTED_CA, str(cs, "trusted-ca-file"));
        addRole(roles, FileRoles.ETCD_PEER_CERT, str(cs, "peer-cert-file"));
        addRole(roles, FileRoles.ETCD_PEER_KEY, str(cs, "peer-key-file"));
        addRole(roles, FileRoles.ETCD_PEER_TRUSTED_CA, str(cs, "peer-trusted-ca-file"));
      }
      case KUBE_CONTROLLER_MANAGER -> {
        addRole(roles, FileRoles.CONTROLLER_MANAGER_MANIFEST, r.manifestPath());
        addRole(roles, FileRoles.CONTROLLER_MANAGER_KUBECONFIG, str(cs, "kubeconfig"));
        addRole(
            roles,
            FileRoles.CONTROLLER_MANAGER_SA_PRIVATE_KEY,
            str(cs, "service-account-private-key-file"));
        addRole(roles, FileRoles.CONTROLLER_MANAGER_ROOT_CA, str(cs, "root-ca-file"));
      }
      case KUBE_SCHEDULER -> {
        addRole(roles, FileRoles.SCHEDULER_MANIFEST, r.manifestPath());
        addRole(roles, FileRoles.SCHEDULER_KUBECONFIG, str(cs, "kubeconfig"));
      }
      case KUBE_PROXY -> {
        String kc = str(cs, "kubeconfig");
        String config = str(cs, "config");
        addRole(roles, FileRoles.PROXY_CONFIG, config);
        if (kc == null && config != null) {
          kc = proxyKubeconfigFromConfig(idx, config);
        }
        addRole(roles, FileRoles.PROXY_KUBECONFIG, kc);
      }
      default -> {}
    }
  }

  private static String proxyKubeconfigFromConfig(EvidenceIndex idx, String config) {
    ConfigFileRow row = idx.config(config);
    if (row == null || row.getContentJson() == null) {
      return null;
    }
    try {
      JsonNode n =
          Values.JSON.readTree(row.getContentJson()).path("clientConnection").path("kubeconfig");
      return n.isTextual() ? n.textValue() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Roles that no configuration names, found by their conventional place (documented). */
  /**
   * File roles no file can have on this node by design: k3s runs the kubelet inside its own process
   * (and RKE2 starts the kubelet itself), so neither has a kubelet.service; a k3s server's embedded
   * control plane has no static pod manifests (ground truth §3, CIS 1.1.1-1.1.8 and 4.1.1-4.1.2
   * "Not Applicable").
   */
  private static Map<String, String> absentRoles(
      EvidenceIndex idx, Optional<K3sServer> k3s, Map<Component, ComponentSettings> components) {
    Map<String, String> out = new TreeMap<>();
    String program = null;
    for (dev.fleetscore.schema.ProcessRow r : idx.evidence.getProcesses()) {
      if ("k3s".equals(r.getComponent()) || "rke2".equals(r.getComponent())) {
        program = r.getComponent();
        break;
      }
    }
    if (program == null) {
      return out;
    }
    String unit =
        program.equals("k3s")
            ? "k3s.service or k3s-agent.service"
            : "rke2-server.service or rke2-agent.service";
    String kubelet =
        program.equals("k3s")
            ? "k3s runs the kubelet inside its own process, started by " + unit
            : "rke2 starts the kubelet itself, under " + unit;
    out.put(FileRoles.KUBELET_SERVICE, kubelet + ": there is no kubelet.service");
    out.put(FileRoles.KUBELET_SERVICE_DROPIN, kubelet + ": there is no kubelet.service.d");
    if (k3s.isPresent() && k3s.get().program == K3sServer.Program.K3S) {
      Map<Component, String> manifests =
          Map.of(
              Component.KUBE_APISERVER, FileRoles.APISERVER_MANIFEST,
              Component.KUBE_CONTROLLER_MANAGER, FileRoles.CONTROLLER_MANAGER_MANIFEST,
              Component.KUBE_SCHEDULER, FileRoles.SCHEDULER_MANIFEST,
              Component.ETCD, FileRoles.ETCD_MANIFEST);
      manifests.forEach(
          (c, role) -> {
            ComponentSettings cs = components.get(c);
            boolean embedded =
                cs == null
                    ? c == Component.ETCD
                    : "K3S_JOURNAL".equals(cs.evidence()) || "K3S_CONFIG".equals(cs.evidence());
            if (embedded) {
              out.put(
                  role,
                  "k3s runs "
                      + c.id()
                      + " inside the k3s process, so it has no static pod manifest");
            }
          });
    }
    return out;
  }

  private static void locationRoles(
      EvidenceIndex idx, Map<String, List<String>> roles, String pkiDir) {
    for (ConfigFileRow r : idx.configs.values()) {
      String p = Paths.clean(r.getPath());
      String base = p.substring(p.lastIndexOf('/') + 1);
      String parent = Paths.dir(p);
      if ("SYSTEMD_UNIT".equals(r.getKind()) && base.equals("kubelet.service")) {
        addRole(roles, FileRoles.KUBELET_SERVICE, p);
      } else if ("SYSTEMD_DROPIN".equals(r.getKind()) && parent.endsWith("/kubelet.service.d")) {
        addRole(roles, FileRoles.KUBELET_SERVICE_DROPIN, p);
      } else if ("ENV_FILE".equals(r.getKind()) && p.contains("kubelet")) {
        addRole(roles, FileRoles.KUBELET_ENV_FILE, p);
      }
    }
    for (String p : idx.stats.keySet()) {
      String base = p.substring(p.lastIndexOf('/') + 1);
      if (base.equals("kubelet.service") && !p.contains(".service.d/")) {
        addRole(roles, FileRoles.KUBELET_SERVICE, p);
      } else if (Paths.dir(p).endsWith("/kubelet.service.d") && base.endsWith(".conf")) {
        addRole(roles, FileRoles.KUBELET_SERVICE_DROPIN, p);
      }
    }
    List<String> pki = idx.statPathsUnder(pkiDir);
    if (!pki.isEmpty() || idx.stats.containsKey(pkiDir)) {
      addRole(roles, FileRoles.PKI_DIR, pkiDir);
    }
    for (String p : pki) {
      if (p.endsWith(".crt")) {
        addRole(roles, FileRoles.PKI_CERT, p);
      } else if (p.endsWith(".key")) {
        addRole(roles, FileRoles.PKI_KEY, p);
      }
    }
    for (String a : ADMIN_KUBECONFIGS) {
      if (idx.stats.containsKey(a) || idx.configs.containsKey(a)) {
        addRole(roles, FileRoles.ADMIN_KUBECONFIG, a);
      }
    }
  }
}
