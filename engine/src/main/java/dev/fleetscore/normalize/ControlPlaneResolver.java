package dev.fleetscore.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.ArgvSources;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.ProcessRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Effective flags of kube-apiserver, etcd, kube-controller-manager, kube-scheduler and kube-proxy:
 * from the running process when the evidence has it, otherwise from the container command of the
 * component's static pod manifest (source STATIC_POD_MANIFEST). Flags are read with pflag semantics
 * (etcd: Go's flag package) over a table of defaults that CIS checks need; flags outside the table
 * are kept as text.
 */
final class ControlPlaneResolver {

  static final Map<Component, SpecTable> TABLES = new EnumMap<>(Component.class);

  static {
    for (Component c :
        List.of(
            Component.KUBE_APISERVER,
            Component.ETCD,
            Component.KUBE_CONTROLLER_MANAGER,
            Component.KUBE_SCHEDULER,
            Component.KUBE_PROXY)) {
      TABLES.put(c, SpecTable.loadComponent("controlplane-settings.tsv", c.id()));
    }
  }

  /** Admission plugins on by default (kube-apiserver reference, 1.30). */
  static final List<String> DEFAULT_ADMISSION_PLUGINS =
      List.of(
          "CertificateApproval",
          "CertificateSigning",
          "CertificateSubjectRestriction",
          "ClusterTrustBundleAttest",
          "DefaultIngressClass",
          "DefaultStorageClass",
          "DefaultTolerationSeconds",
          "LimitRanger",
          "MutatingAdmissionWebhook",
          "NamespaceLifecycle",
          "PersistentVolumeClaimResize",
          "PodSecurity",
          "Priority",
          "ResourceQuota",
          "RuntimeClass",
          "ServiceAccount",
          "StorageObjectInUseProtection",
          "TaintNodesByCondition",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionWebhook");

  /**
   * A resolved component.
   *
   * @param settings its settings
   * @param manifestPath the static pod manifest it was read from or matched, if any
   */
  record Resolved(ComponentSettings settings, String manifestPath) {}

  private ControlPlaneResolver() {}

  /** The component, or empty when neither a process nor a manifest of it is in the evidence. */
  static Optional<Resolved> resolve(
      Component c,
      EvidenceIndex idx,
      Optional<KubeVersion> clusterVersion,
      List<FileProblem> problems) {
    return resolve(c, idx, clusterVersion, problems, Optional.empty());
  }

  /**
   * As {@link #resolve(Component, EvidenceIndex, Optional, List)}; a k3s server's embedded
   * component with neither a journal line nor a manifest is rebuilt from k3s's defaults, config
   * files and flags (evidence K3S_CONFIG), each flag with its own source.
   */
  static Optional<Resolved> resolve(
      Component c,
      EvidenceIndex idx,
      Optional<KubeVersion> clusterVersion,
      List<FileProblem> problems,
      Optional<K3sServer> k3s) {
    SpecTable table = TABLES.get(c);
    List<String> warnings = new ArrayList<>();
    ProcessRow p = pickProcess(c, idx);
    Manifest m = findManifest(c, idx, problems);
    List<String> argv;
    String evidence;
    Source source;
    String originPrefix;
    boolean lossy = false;
    List<K3sServer.Arg> provenance = null;
    Optional<List<K3sServer.Arg>> k3sArgv =
        p == null && m == null ? k3s.flatMap(k -> k.argv(c)) : Optional.empty();
    if (p != null && !"STATIC_POD_MANIFEST".equals(p.getArgvSource())) {
      argv = p.getArgv();
      evidence = p.getArgvSource();
      source = Source.FLAG;
      originPrefix = "";
      lossy = p.getLossy();
      if (lossy) {
        warnings.add(
            "argv from "
                + p.getSourcePath()
                + " ("
                + p.getArgvSource()
                + ") is lossy: empty and quoted arguments may be lost");
      }
    } else if (m != null) {
      argv = m.argv;
      evidence = "STATIC_POD_MANIFEST";
      source = Source.STATIC_POD_MANIFEST;
      originPrefix = m.path + " ";
      warnings.add(
          "no "
              + c.id()
              + " process in the evidence; its flags are read from the static pod"
              + " manifest "
              + m.path
              + " (what the kubelet would run, not proof of what runs)");
    } else if (p != null) {
      argv = p.getArgv();
      evidence = "STATIC_POD_MANIFEST";
      source = Source.STATIC_POD_MANIFEST;
      originPrefix = manifestPathOf(p) + " ";
    } else if (k3sArgv.isPresent()) {
      provenance = k3sArgv.get();
      argv = provenance.stream().map(K3sServer.Arg::token).toList();
      evidence = "K3S_CONFIG";
      source = Source.FLAG;
      originPrefix = "";
      if (c == Component.ETCD) {
        warnings.add(
            "etcd runs embedded in "
                + k3s.get().program.id
                + " (no process or manifest of its own): its settings are the config file "
                + k3s.get().etcdConfig
                + " that "
                + k3s.get().program.id
                + " writes for it");
      } else {
        warnings.add(
            "no k3s journal line \"Running "
                + c.id()
                + "\" in the evidence; its flags are k3s's defaults with the *-arg values of "
                + (k3s.get().files.isEmpty()
                    ? "no config file"
                    : String.join(", ", k3s.get().files))
                + " and the k3s command line applied (what k3s would start, not proof of what runs)");
      }
    } else {
      return Optional.empty();
    }
    boolean configFileRead = false;
    if (c == Component.ETCD) {
      int at = -1;
      String cfg = null;
      for (int i = 0; i < argv.size(); i++) {
        String a = argv.get(i).replaceFirst("^--?", "");
        if (a.startsWith("config-file=")) {
          at = i;
          cfg = a.substring("config-file=".length());
        } else if (a.equals("config-file") && i + 1 < argv.size()) {
          at = i;
          cfg = argv.get(i + 1);
        }
      }
      Optional<List<K3sServer.Arg>> fromFile =
          cfg == null || cfg.isBlank()
              ? Optional.empty()
              : EtcdConfigFile.args(idx, Paths.clean(cfg));
      if (fromFile.isPresent()) {
        List<K3sServer.Arg> withFile = new ArrayList<>();
        withFile.add(
            provenance != null
                ? provenance.get(at)
                : new K3sServer.Arg(
                    "--config-file=" + cfg, source, originPrefix + "argv[" + (at + 1) + "]"));
        withFile.addAll(fromFile.get());
        provenance = withFile;
        argv = withFile.stream().map(K3sServer.Arg::token).toList();
        configFileRead = true;
        warnings.add(
            "etcd runs with --config-file "
                + cfg
                + ": its settings are read from that file, since etcd then ignores its other"
                + " flags and ETCD_* variables");
      }
    }
    Optional<KubeVersion> version = m != null && m.version.isPresent() ? m.version : clusterVersion;
    VersionHint hint =
        version
            .map(
                v ->
                    VersionHint.UNKNOWN.withExact(
                        v,
                        m != null && m.version.isPresent()
                            ? "image tag in " + m.path
                            : "cluster version"))
            .orElse(VersionHint.UNKNOWN);
    Pflag.Lookup lookup =
        name -> {
          SettingSpec s = table.byFlag(name);
          if (s == null) {
            return Pflag.Shape.UNKNOWN;
          }
          return s.kind().isBool() ? Pflag.Shape.BOOL : Pflag.Shape.VALUE;
        };
    Pflag.Parsed parsed =
        Pflag.parse(
            argv,
            lookup,
            Map.of(),
            lossy,
            c == Component.ETCD ? Pflag.Mode.GO_FLAG : Pflag.Mode.PFLAG);
    warnings.addAll(parsed.warnings());
    if (!parsed.positionals().isEmpty()) {
      warnings.add(
          "positional arguments " + parsed.positionals() + " (the component would refuse them)");
    }
    LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();
    for (SettingSpec s : table.specs()) {
      if (s.removedIn() != null && !hint.below(s.removedIn()).orElse(true)) {
        continue;
      }
      SettingSpec.Resolved d = s.defaultFor(hint);
      Slot slot =
          new Slot(
              s,
              s.setting(),
              d.value(),
              d.value() == null ? Source.UNSET : Source.DEFAULT,
              join(s.note(), d.note()));
      slot.versionUncertain = d.versionUncertain();
      slots.put(s.setting(), slot);
    }
    Set<String> cleared = new java.util.HashSet<>();
    Set<String> removed = new TreeSet<>();
    for (Pflag.Occurrence raw : parsed.flags()) {
      Pflag.Occurrence o = raw.redacted();
      SettingSpec spec = table.byFlag(o.name());
      if (spec == null) {
        spec = SettingSpec.cli(o.name(), o.name(), ValueKind.STRING);
      } else if (spec.removedIn() != null) {
        removed.add("--" + o.name());
      }
      final SettingSpec fs = spec;
      Slot slot =
          slots.computeIfAbsent(
              spec.setting(),
              k ->
                  new Slot(
                      fs,
                      k,
                      null,
                      Source.UNSET,
                      table.byFlag(fs.flag()) == null
                          ? null
                          : "this flag does not exist in this release"));
      if (provenance != null && o.argvIndex() >= 1 && o.argvIndex() <= provenance.size()) {
        // argvIndex counts the executable, which the rebuilt argv has not
        K3sServer.Arg a = provenance.get(o.argvIndex() - 1);
        applyValue(slot, o, a.source(), a.origin(), cleared, warnings);
        if (o.note() != null) {
          slot.addNote(o.note());
        }
      } else {
        apply(slot, o, source, originPrefix, cleared, warnings);
      }
    }
    if (c == Component.KUBE_APISERVER) {
      admission(slots);
    }
    for (String name : List.of("tls-cipher-suites", "cipher-suites")) {
      Slot cs = slots.get(name);
      if (cs != null && cs.value instanceof TypedValue.ListValue l) {
        List<String> bad = CipherSuites.unknown(l.values());
        if (!bad.isEmpty()) {
          cs.addNote(
              "unknown cipher suite names " + bad + ": the component refuses to start with them");
          warnings.add("--" + name + " has unknown names " + bad);
        }
      }
    }
    if (c == Component.KUBE_CONTROLLER_MANAGER) {
      gate(
          slots,
          "feature-gates",
          "RotateKubeletServerCertificate",
          "the feature gate is beta and on by default since 1.12");
    }
    if (c == Component.ETCD
        && !configFileRead
        && slots.get("config-file") != null
        && slots.get("config-file").value != null) {
      warnings.add(
          "etcd runs with --config-file: it then ignores other flags and ETCD_* variables,"
              + " and that file is not in the evidence");
    }
    if (c == Component.ETCD && !configFileRead) {
      warnings.add("etcd also reads ETCD_* environment variables, which the dump does not show");
    }
    Map<String, Setting> settings = new TreeMap<>();
    for (Slot s : slots.values()) {
      settings.put(s.name, s.toSetting(c));
    }
    ComponentSettings cs =
        new ComponentSettings(
            c,
            evidence,
            new TreeMap<>(settings),
            List.of(),
            new ArrayList<>(removed),
            new ArrayList<>(new LinkedHashSet<>(warnings)));
    return Optional.of(new Resolved(cs, m == null ? null : m.path));
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + "; " + b;
  }

  private static void apply(
      Slot slot,
      Pflag.Occurrence o,
      Source source,
      String originPrefix,
      Set<String> cleared,
      List<String> warnings) {
    String origin = originPrefix + o.origin();
    applyValue(slot, o, source, origin, cleared, warnings);
    if (o.note() != null) {
      slot.addNote(o.note());
    }
  }

  private static void applyValue(
      Slot slot,
      Pflag.Occurrence o,
      Source source,
      String origin,
      Set<String> cleared,
      List<String> warnings) {
    if (o.value() == null) {
      slot.replace(null, source, origin, null, "flag without a value");
      return;
    }
    ValueKind k = slot.spec.kind();
    try {
      if (k.isMap()) {
        TreeMap<String, String> m =
            cleared.contains(slot.name) && slot.value instanceof TypedValue.MapValue mv
                ? new TreeMap<>(mv.values())
                : new TreeMap<>();
        cleared.add(slot.name);
        m.putAll(Values.mapFromFlag(k, o.value()));
        slot.replace(new TypedValue.MapValue(m), source, origin, o.value(), null);
      } else if (k.valueType() == dev.fleetscore.model.ValueType.LIST) {
        List<String> l = new ArrayList<>();
        if (cleared.contains(slot.name) && slot.value instanceof TypedValue.ListValue lv) {
          l.addAll(lv.values());
        }
        cleared.add(slot.name);
        l.addAll(Values.listFromFlag(k, o.value()));
        slot.replace(new TypedValue.ListValue(l), source, origin, o.value(), null);
      } else {
        slot.replace(Values.scalarFromFlag(k, o.value()), source, origin, o.value(), null);
      }
    } catch (BadValueException e) {
      warnings.add(o.token() + " at " + origin + " is invalid: " + e.getMessage());
      slot.replace(
          null,
          source,
          origin,
          o.value(),
          "invalid value (" + e.getMessage() + "); the component would refuse to start with it");
    }
  }

  private static void admission(Map<String, Slot> slots) {
    Slot en = slots.get("enable-admission-plugins");
    Slot dis = slots.get("disable-admission-plugins");
    TreeSet<String> eff = new TreeSet<>(DEFAULT_ADMISSION_PLUGINS);
    if (en != null && en.value instanceof TypedValue.ListValue l) {
      eff.addAll(l.values());
    }
    if (dis != null && dis.value instanceof TypedValue.ListValue l) {
      eff.removeAll(l.values());
    }
    boolean flagged =
        en != null && en.source != Source.UNSET || dis != null && dis.source != Source.UNSET;
    SettingSpec spec = SettingSpec.cli("effective-admission-plugins", null, ValueKind.STRING_SLICE);
    Source src =
        flagged
            ? (en != null && en.source != Source.UNSET ? en.source : dis.source)
            : Source.DEFAULT;
    Slot s =
        new Slot(
            spec,
            "effective-admission-plugins",
            new TypedValue.ListValue(new ArrayList<>(eff)),
            src,
            "the default-on plugins (kube-apiserver reference, 1.30; the set changes by release)"
                + " plus --enable-admission-plugins minus --disable-admission-plugins");
    slots.put(s.name, s);
  }

  private static void gate(Map<String, Slot> slots, String flag, String gate, String why) {
    Slot g = slots.get(flag);
    String name = flag + "." + gate;
    SettingSpec spec = SettingSpec.gate(name, false, SettingSpec.Category.CLI, why);
    Slot s = Slot.gate(spec, g, gate, "from --" + flag);
    slots.put(name, s);
  }

  private static ProcessRow pickProcess(Component c, EvidenceIndex idx) {
    ProcessRow best = null;
    for (ProcessRow r : idx.evidence.getProcesses()) {
      if (c.id().equals(r.getComponent())
          && (best == null || ArgvSources.MOST_EXACT_FIRST.compare(r, best) < 0)) {
        best = r;
      }
    }
    return best;
  }

  private static String manifestPathOf(ProcessRow p) {
    String s = p.getSourcePath();
    return s.startsWith("fs/") ? s.substring(2) : s;
  }

  /** A static pod manifest's container command for one component. */
  static final class Manifest {
    final String path;
    final List<String> argv;
    final Optional<KubeVersion> version;

    Manifest(String path, List<String> argv, Optional<KubeVersion> version) {
      this.path = path;
      this.argv = argv;
      this.version = version;
    }
  }

  /** A file the node is still scored without. */
  record FileProblem(String path, String reasonCode, String reason) {}

  static Manifest findManifest(Component c, EvidenceIndex idx, List<FileProblem> problems) {
    for (ConfigFileRow r : idx.configs.values()) {
      if (!"STATIC_POD_MANIFEST".equals(r.getKind())) {
        continue;
      }
      String path = Paths.clean(r.getPath());
      String base = path.substring(path.lastIndexOf('/') + 1);
      if (r.getParseError() != null || r.getContentJson() == null) {
        if (base.startsWith(c.id() + ".")
            && problems.stream().noneMatch(fp -> fp.path().equals(path))) {
          problems.add(
              new FileProblem(
                  path,
                  "UNPARSEABLE_STATIC_POD_MANIFEST",
                  "static pod manifest "
                      + path
                      + " does not parse"
                      + (r.getParseError() == null ? "" : " (" + r.getParseError() + ")")
                      + "; "
                      + c.id()
                      + " flags cannot be read from it"));
        }
        continue;
      }
      JsonNode root;
      try {
        root = Values.JSON.readTree(r.getContentJson());
      } catch (JsonProcessingException e) {
        continue;
      }
      JsonNode containers = root.path("spec").path("containers");
      if (!containers.isArray()) {
        continue;
      }
      for (JsonNode ct : containers) {
        List<String> command = strings(ct.path("command"));
        List<String> args = strings(ct.path("args"));
        String exe = command.isEmpty() ? "" : command.get(0);
        String exeBase = exe.substring(exe.lastIndexOf('/') + 1);
        boolean match = exeBase.equals(c.id()) || ct.path("name").asText().equals(c.id());
        if (!match) {
          continue;
        }
        List<String> argv = new ArrayList<>();
        if (command.size() > 1) {
          argv.addAll(command.subList(1, command.size()));
        }
        argv.addAll(args);
        return new Manifest(path, argv, imageVersion(ct.path("image").asText()));
      }
    }
    return null;
  }

  private static Optional<KubeVersion> imageVersion(String image) {
    int at = image.indexOf('@');
    String s = at < 0 ? image : image.substring(0, at);
    int colon = s.lastIndexOf(':');
    if (colon < 0 || s.indexOf('/', colon) >= 0) {
      return Optional.empty();
    }
    return KubeVersion.parse(s.substring(colon + 1));
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      for (JsonNode e : n) {
        out.add(e.asText());
      }
    }
    return out;
  }
}
