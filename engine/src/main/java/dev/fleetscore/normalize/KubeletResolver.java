package dev.fleetscore.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.ArgvSources;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.ProcessRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the kubelet's effective settings the way the kubelet does (cmd/kubelet/app/server.go):
 * base defaults (v1beta1, or the legacy command-line defaults without {@code --config}), then the
 * {@code --config} file with v1beta1 defaulting of zero values, then {@code --config-dir} drop-ins
 * as JSON merge patches in WalkDir order, then only the flags present on the command line with
 * pflag's repeat semantics. Every value keeps its source, origin and the values it replaced.
 */
final class KubeletResolver {

  static final SpecTable TABLE = SpecTable.loadKubelet("kubelet-settings.tsv");
  static final String CONFIG_API_VERSION = "kubelet.config.k8s.io/v1beta1";
  static final String CONFIG_KIND = "KubeletConfiguration";

  private static final Map<Character, String> SHORTHANDS = Map.of('v', "v", 'h', "help");
  private static final Pflag.Lookup LOOKUP =
      name -> {
        SettingSpec s = TABLE.byFlag(name);
        if (s == null) {
          return Pflag.Shape.UNKNOWN;
        }
        return s.kind().isBool() || s.kind() == ValueKind.VERFLAG
            ? Pflag.Shape.BOOL
            : Pflag.Shape.VALUE;
      };

  /** Config fields holding paths the kubelet resolves against the config file's directory. */
  private static final Set<String> FILE_RELATIVE_PATHS =
      Set.of(
          "staticPodPath",
          "authentication.x509.clientCAFile",
          "tlsCertFile",
          "tlsPrivateKeyFile",
          "resolvConf",
          "podLogsDir");

  /** Feature gates whose per-gate effective value is emitted, with their default. */
  private static final Map<String, String> GATE_DEFAULTS =
      Map.of(
          "RotateKubeletServerCertificate",
          "the feature gate is beta and on by default since 1.12");

  private static final Set<String> IN_TREE_CLOUDS =
      Set.of("aws", "gce", "azure", "openstack", "vsphere");

  private static final KubeVersion V1_32 = KubeVersion.parse("1.32").orElseThrow();
  private static final KubeVersion V1_31 = KubeVersion.parse("1.31").orElseThrow();
  private static final KubeVersion V1_28 = KubeVersion.parse("1.28").orElseThrow();
  private static final KubeVersion V1_30 = KubeVersion.parse("1.30").orElseThrow();

  /** Precomputed path segments and the tree of known config keys, built once. */
  private static final Map<String, String[]> SEGMENTS = new LinkedHashMap<>();

  private static final KeyTree KNOWN_KEYS = new KeyTree();

  static {
    for (SettingSpec s : TABLE.specs()) {
      if (s.category().inConfig()) {
        String[] seg = s.setting().split("\\.");
        SEGMENTS.put(s.setting(), seg);
        KNOWN_KEYS.add(seg);
      }
    }
    KNOWN_KEYS.add(new String[] {"apiVersion"});
    KNOWN_KEYS.add(new String[] {"kind"});
  }

  /** The outcome for one node's kubelet. */
  sealed interface Outcome {}

  /** No kubelet process in the evidence. */
  record Absent(List<String> warnings) implements Outcome {}

  /** The node cannot be scored. */
  record Rejected(NodeRejection rejection) implements Outcome {}

  /**
   * The kubelet's effective settings.
   *
   * @param settings the component settings
   * @param hint what is known of its version
   * @param roles file roles its configuration names
   */
  record Resolved(ComponentSettings settings, VersionHint hint, Map<String, List<String>> roles)
      implements Outcome {}

  private final EvidenceIndex idx;
  private final List<String> warnings = new ArrayList<>();
  private final Set<String> unknownFlags = new TreeSet<>();
  private final Set<String> removedFlags = new TreeSet<>();
  private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();
  private VersionHint hint = VersionHint.UNKNOWN;
  private boolean legacyMerge;
  private final Map<String, List<String>> roles = new TreeMap<>();

  private KubeletResolver(EvidenceIndex idx) {
    this.idx = idx;
  }

  static Outcome resolve(EvidenceIndex idx) {
    return new KubeletResolver(idx).run();
  }

  private Outcome run() {
    ProcessRow p = pickProcess();
    if (p == null) {
      return new Absent(warnings);
    }
    boolean lossy = p.getLossy();
    if (lossy) {
      warnings.add(
          "argv from "
              + p.getSourcePath()
              + " ("
              + p.getArgvSource()
              + ") is lossy: empty and quoted arguments may be lost; /proc/<pid>/cmdline is exact");
    }
    Pflag.Parsed parsed = Pflag.parse(p.getArgv(), LOOKUP, SHORTHANDS, lossy, Pflag.Mode.PFLAG);
    warnings.addAll(parsed.warnings());
    if (!parsed.positionals().isEmpty()) {
      warnings.add(
          "positional arguments "
              + parsed.positionals()
              + ": the kubelet refuses them ('unknown command'), so they are likely artefacts of"
              + " splitting a command line");
    }
    String configPath = lastValue(parsed, "config");
    String configDir = lastValue(parsed, "config-dir");
    boolean hasConfig = configPath != null && !configPath.isEmpty();
    boolean hasDir = configDir != null && !configDir.isEmpty();
    hint = versionHint(parsed);
    legacyMerge = hint.below(V1_32).orElse(false);
    initSlots(hasConfig, hasDir);
    try {
      if (hasConfig) {
        applyConfigFile(configPath);
      }
      if (hasDir) {
        applyDropIns(configDir);
      }
    } catch (NodeRejection r) {
      return new Rejected(r);
    }
    TypedValue gatesBeforeFlags = valueOf("featureGates");
    applyFlags(parsed, hasConfig || hasDir, gatesBeforeFlags);
    finishEviction();
    checkCiphers();
    deriveGates();
    fileRoles(hasConfig ? Paths.clean(resolvedConfigPath) : null, hasDir ? configDir : null);
    // Table settings in name order, merged with the few settings made on the fly (unknown and
    // removed flags, derived gates), also in name order.
    List<Slot> extra = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (TABLE.bySetting(s.name) != s.spec) {
        extra.add(s);
      }
    }
    extra.sort((a, b) -> a.name.compareTo(b.name));
    List<Map.Entry<String, Setting>> sorted = new ArrayList<>(SORTED_SPECS.size() + extra.size());
    int e = 0;
    for (SettingSpec spec : SORTED_SPECS) {
      while (e < extra.size() && extra.get(e).name.compareTo(spec.setting()) < 0) {
        sorted.add(Map.entry(extra.get(e).name, extra.get(e).toSetting(Component.KUBELET)));
        e++;
      }
      Slot s = slots.get(spec.setting());
      Setting setting;
      if (s != null && s.spec != spec) {
        // An unknown flag spelled like a config field (--maxPods): it is among the extras.
        continue;
      } else if (s != null) {
        setting = s.toSetting(Component.KUBELET);
      } else if (spec.category() == SettingSpec.Category.REMOVED || !exists(spec)) {
        continue;
      } else {
        Setting plain = PLAIN_DEFAULTS.get(spec.setting());
        setting = plain != null ? plain : baseSlot(spec).toSetting(Component.KUBELET);
      }
      sorted.add(Map.entry(spec.setting(), setting));
    }
    for (; e < extra.size(); e++) {
      sorted.add(Map.entry(extra.get(e).name, extra.get(e).toSetting(Component.KUBELET)));
    }
    SortedEntries<Setting> settings = new SortedEntries<>(sorted);
    List<String> w = new ArrayList<>(new LinkedHashSet<>(warnings));
    ComponentSettings cs =
        new ComponentSettings(
            Component.KUBELET,
            p.getArgvSource(),
            settings,
            new ArrayList<>(unknownFlags),
            new ArrayList<>(removedFlags),
            w);
    return new Resolved(cs, hint, roles);
  }

  // ---- process ------------------------------------------------------------------------------

  private ProcessRow pickProcess() {
    ProcessRow best = null;
    Set<String> pids = new TreeSet<>();
    for (ProcessRow r : idx.evidence.getProcesses()) {
      if (!"kubelet".equals(ArgvSources.component(r))
          || ArgvSources.STATIC_POD_MANIFEST.equals(r.getArgvSource())) {
        continue;
      }
      if (r.getPid() != null) {
        pids.add(Integer.toString(r.getPid()));
      }
      if (best == null || ArgvSources.MOST_EXACT_FIRST.compare(r, best) < 0) {
        best = r;
      }
    }
    if (pids.size() > 1) {
      warnings.add(
          "more than one kubelet process (pids "
              + pids
              + "); the one from the most exact source, then the lowest pid, is used");
    }
    return best;
  }

  private static String lastValue(Pflag.Parsed parsed, String name) {
    String v = null;
    for (Pflag.Occurrence o : parsed.flags()) {
      if (o.name().equals(name)) {
        v = o.value();
      }
    }
    return v;
  }

  // ---- version ------------------------------------------------------------------------------

  private VersionHint versionHint(Pflag.Parsed parsed) {
    VersionHint h = VersionHint.UNKNOWN;
    String dumpVersion = idx.evidence.getDump().getKubeletVersion();
    Optional<KubeVersion> dv = KubeVersion.parse(dumpVersion);
    String flagVersion = lastValue(parsed, "version");
    Optional<KubeVersion> fv =
        flagVersion == null || flagVersion.equals("raw")
            ? Optional.empty()
            : KubeVersion.parse(flagVersion);
    if (fv.isPresent()) {
      h = h.withExact(fv.get(), "--version=" + flagVersion);
      if (dv.isPresent() && !dv.get().toString().equals(fv.get().toString())) {
        warnings.add(
            "node_dumps.kubelet_version "
                + dumpVersion
                + " differs from --version="
                + flagVersion
                + "; the flag is used");
      }
    } else if (dv.isPresent()) {
      h = h.withExact(dv.get(), "node_dumps.kubelet_version");
    }
    for (Pflag.Occurrence o : parsed.flags()) {
      SettingSpec s = TABLE.byFlag(o.name());
      if (s == null) {
        continue;
      }
      if (s.removedIn() != null) {
        removedFlags.add("--" + o.name());
        h =
            h.withBelow(
                s.removedIn(),
                "it runs with --" + o.name() + ", removed in " + VersionHint.minor(s.removedIn()));
      }
      if (o.name().equals("config-dir")) {
        h = h.withAtLeast(V1_28, "it runs with --config-dir, added in 1.28");
      }
      if (o.name().equals("cloud-provider")
          && o.value() != null
          && IN_TREE_CLOUDS.contains(o.value())) {
        h =
            h.withBelow(
                V1_31,
                "it runs with --cloud-provider="
                    + o.value()
                    + "; in-tree cloud providers were removed in 1.31");
      }
    }
    if (h.contradicts()) {
      warnings.add(
          "version evidence disagrees: "
              + h.exact().get()
              + " ("
              + h.exactBasis()
              + ") but flags say "
              + new VersionHint(
                      Optional.empty(),
                      null,
                      h.atLeast(),
                      h.atLeastBasis(),
                      h.below(),
                      h.belowBasis())
                  .describe());
    }
    return h;
  }

  // ---- base ---------------------------------------------------------------------------------

  private boolean exists(SettingSpec s) {
    if (s.since() != null && hint.below(s.since()).orElse(false)) {
      return false;
    }
    return s.removedIn() == null || hint.below(s.removedIn()).orElse(true);
  }

  private boolean legacyMode;
  private boolean dirWithoutConfig;

  private void initSlots(boolean hasConfig, boolean hasDir) {
    legacyMode = !hasConfig;
    dirWithoutConfig = hasDir && !hasConfig;
    if (hasDir && hint.below(V1_30).orElse(false)) {
      warnings.add(
          "--config-dir on a kubelet older than 1.30 also needs KUBELET_CONFIG_DROPIN_DIR_ALPHA in"
              + " its environment, which the dump does not show; assumed set since the kubelet runs");
    }
  }

  /**
   * The slot of a table setting, created with its base value on first use: most of a node's
   * settings are never touched and are written from {@link #PLAIN_DEFAULTS} instead.
   */
  private Slot slot(SettingSpec s) {
    Slot existing = slots.get(s.setting());
    if (existing != null) {
      return existing;
    }
    Slot created = baseSlot(s);
    slots.put(s.setting(), created);
    return created;
  }

  private Slot baseSlot(SettingSpec s) {
    if (legacyMode && s.legacyDefault() != null) {
      String why =
          dirWithoutConfig
              ? "because this kubelet runs with --config-dir but without --config, so its base is"
                  + " the command-line configuration"
              : "because this kubelet runs without --config";
      return new Slot(
          s,
          s.setting(),
          s.legacyDefault(),
          Source.LEGACY_DEFAULT,
          s.legacyDefault().canonical() + " from the legacy command-line default, " + why);
    }
    SettingSpec.Resolved d = s.defaultFor(hint);
    String note = d.note();
    if (legacyMode && s.setting().equals("evictionHard")) {
      note =
          "without --config, whether kubelets from 1.25 on apply these defaults is unverified"
              + " (they moved to loadConfigFile, kubernetes#110263)";
    }
    return new Slot(
        s, s.setting(), d.value(), d.value() == null ? Source.UNSET : Source.DEFAULT, note);
  }

  private static final List<SettingSpec> SORTED_SPECS =
      TABLE.specs().stream()
          .sorted((a, b) -> a.setting().compareTo(b.setting()))
          .collect(java.util.stream.Collectors.toUnmodifiableList());

  /** Settings whose base never depends on the node: shared, immutable. */
  private static final Map<String, Setting> PLAIN_DEFAULTS = new java.util.HashMap<>();

  static {
    for (SettingSpec s : TABLE.specs()) {
      if (s.category() != SettingSpec.Category.REMOVED
          && s.versionDefaults().isEmpty()
          && s.legacyDefault() == null
          && !s.setting().equals("evictionHard")) {
        PLAIN_DEFAULTS.put(
            s.setting(),
            new Slot(
                    s,
                    s.setting(),
                    s.defaultValue(),
                    s.defaultValue() == null ? Source.UNSET : Source.DEFAULT,
                    null)
                .toSetting(Component.KUBELET));
      }
    }
  }

  /** The current value of a table setting, touched or not. */
  private TypedValue valueOf(String setting) {
    Slot s = slots.get(setting);
    if (s != null) {
      return s.value;
    }
    SettingSpec spec = TABLE.bySetting(setting);
    if (spec == null || spec.category() == SettingSpec.Category.REMOVED || !exists(spec)) {
      return null;
    }
    if (legacyMode && spec.legacyDefault() != null) {
      return spec.legacyDefault();
    }
    return spec.defaultFor(hint).value();
  }

  private TypedValue baseValue(SettingSpec s) {
    return s.defaultFor(hint).value();
  }

  // ---- config file and drop-ins ---------------------------------------------------------------

  private String resolvedConfigPath;

  private void applyConfigFile(String configPath) throws NodeRejection {
    ConfigFileRow row = findConfig(configPath);
    resolvedConfigPath = row.getPath();
    JsonNode root =
        parseKubeletDocument(
            row, "UNPARSEABLE_KUBELET_CONFIG", "INVALID_KUBELET_CONFIG", "config file");
    applyLayer(
        root,
        Source.CONFIG_FILE,
        Paths.clean(row.getPath()),
        isYaml(row),
        false,
        "INVALID_KUBELET_CONFIG");
  }

  private ConfigFileRow findConfig(String configPath) throws NodeRejection {
    if (configPath.startsWith("/")) {
      ConfigFileRow r = idx.config(configPath);
      if (r == null) {
        throw new NodeRejection(
            "KUBELET_CONFIG_NOT_IN_DUMP",
            "the kubelet runs with --config="
                + configPath
                + " but the dump has no copy of that file, so its effective configuration cannot"
                + " be known",
            configPath);
      }
      return r;
    }
    String base =
        "the kubelet runs with a relative --config="
            + configPath
            + ", resolved against its working directory, which the dump does not record";
    ConfigFileRow r = idx.config("/" + configPath);
    if (r != null) {
      warnings.add(base + "; assumed / (systemd's default working directory): " + r.getPath());
      return r;
    }
    List<ConfigFileRow> referenced = new ArrayList<>();
    List<ConfigFileRow> suffix = new ArrayList<>();
    String tail = "/" + Paths.clean(configPath);
    for (ConfigFileRow c : idx.configs.values()) {
      if (c.getReferencedBy().contains("kubelet --config")) {
        referenced.add(c);
      }
      if (Paths.clean(c.getPath()).endsWith(tail)) {
        suffix.add(c);
      }
    }
    if (referenced.size() == 1) {
      warnings.add(
          base
              + "; the file the importer found for 'kubelet --config' is used: "
              + referenced.get(0).getPath());
      return referenced.get(0);
    }
    if (suffix.size() == 1) {
      warnings.add(
          base
              + "; the only file in the dump ending in "
              + tail
              + " is used: "
              + suffix.get(0).getPath());
      return suffix.get(0);
    }
    throw new NodeRejection(
        "KUBELET_CONFIG_NOT_IN_DUMP",
        base
            + (suffix.isEmpty()
                ? ", and no file in the dump matches it"
                : ", and " + suffix.size() + " files in the dump match it"),
        configPath);
  }

  private static boolean isYaml(ConfigFileRow row) {
    return "YAML".equalsIgnoreCase(row.getFormat());
  }

  private static JsonNode parseKubeletDocument(
      ConfigFileRow row, String unparseable, String invalid, String what) throws NodeRejection {
    String path = row.getPath();
    if (row.getParseError() != null) {
      throw new NodeRejection(
          unparseable,
          "the kubelet "
              + what
              + " "
              + path
              + " does not parse ("
              + row.getParseError()
              + "); the kubelet would refuse to start with it",
          path);
    }
    if (row.getContentJson() == null) {
      throw new NodeRejection(
          unparseable, "the kubelet " + what + " " + path + " has no parsed content", path);
    }
    JsonNode root;
    try {
      root = Values.JSON.readTree(row.getContentJson());
    } catch (JsonProcessingException e) {
      throw new NodeRejection(
          unparseable,
          "the kubelet "
              + what
              + " "
              + path
              + " has content_json that is not JSON: "
              + e.getOriginalMessage(),
          path);
    }
    if (root == null
        || root.isNull()
        || root.isMissingNode()
        || (root.isObject() && root.isEmpty())) {
      throw new NodeRejection(
          unparseable,
          "the kubelet "
              + what
              + " "
              + path
              + " is empty; the kubelet refuses an empty config file",
          path);
    }
    if (!root.isObject()) {
      throw new NodeRejection(
          invalid,
          "the kubelet " + what + " " + path + " is not a mapping but " + Values.describe(root),
          path);
    }
    JsonNode av = root.get("apiVersion");
    JsonNode k = root.get("kind");
    if (av == null || k == null || !av.isTextual() || !k.isTextual()) {
      throw new NodeRejection(
          invalid,
          "the kubelet "
              + what
              + " "
              + path
              + " has no apiVersion/kind; the kubelet cannot decode it ('Object Kind is missing')",
          path);
    }
    if (!CONFIG_API_VERSION.equals(av.textValue()) || !CONFIG_KIND.equals(k.textValue())) {
      throw new NodeRejection(
          invalid,
          "the kubelet "
              + what
              + " "
              + path
              + " is "
              + av.textValue()
              + " "
              + k.textValue()
              + ", not "
              + CONFIG_API_VERSION
              + " "
              + CONFIG_KIND,
          path);
    }
    return root;
  }

  private void applyDropIns(String configDir) throws NodeRejection {
    String dir = Paths.clean(configDir);
    if (!configDir.startsWith("/")) {
      warnings.add(
          "relative --config-dir="
              + configDir
              + " is resolved against the kubelet's working directory, which the dump does not"
              + " record; assumed /");
      dir = Paths.clean("/" + configDir);
    }
    roles.computeIfAbsent(FileRoles.KUBELET_CONFIG_DIR, k -> new ArrayList<>()).add(dir);
    List<ConfigFileRow> files = idx.configsUnder(dir);
    int used = 0;
    for (ConfigFileRow row : files) {
      String path = Paths.clean(row.getPath());
      if (!path.endsWith(".conf")) {
        warnings.add("drop-in directory file " + path + " is ignored: only *.conf files are read");
        continue;
      }
      JsonNode root =
          parseKubeletDocument(
              row, "UNPARSEABLE_KUBELET_DROPIN", "INVALID_KUBELET_DROPIN", "drop-in");
      applyLayer(root, Source.DROP_IN, path, isYaml(row), true, "INVALID_KUBELET_DROPIN");
      roles.computeIfAbsent(FileRoles.KUBELET_CONFIG_DROPIN, k -> new ArrayList<>()).add(path);
      used++;
    }
    if (used == 0) {
      warnings.add(
          "--config-dir="
              + configDir
              + " names a directory with no *.conf file in the dump (empty, or not collected)");
    }
  }

  private void applyLayer(
      JsonNode root, Source src, String path, boolean yaml, boolean dropIn, String invalidCode)
      throws NodeRejection {
    reportUnknownKeys(root, path);
    boolean redefault = !dropIn || !legacyMerge;
    for (SettingSpec spec : TABLE.specs()) {
      if (!spec.category().inConfig()) {
        continue;
      }
      JsonNode node;
      try {
        node = lookup(root, SEGMENTS.get(spec.setting()));
      } catch (BadValueException e) {
        throw new NodeRejection(
            invalidCode, path + ": " + spec.setting() + ": " + e.getMessage(), path);
      }
      if (node == null) {
        continue;
      }
      Slot slot = exists(spec) ? slot(spec) : null;
      if (slot == null) {
        warnings.add(
            path
                + " sets "
                + spec.setting()
                + ", which this kubelet release ignores (the field is"
                + " newer: "
                + hint.describe()
                + ")");
        continue;
      }
      if (node.isNull()) {
        if (!dropIn) {
          continue;
        }
        if (legacyMerge) {
          slot.addNote(
              "null for "
                  + spec.setting()
                  + " in drop-in "
                  + path
                  + " has no effect before 1.32 (the merge ran on Go field names)");
          continue;
        }
        TypedValue base = baseValue(spec);
        slot.replace(
            base,
            base == null ? Source.UNSET : Source.DEFAULT,
            null,
            "null",
            "null in drop-in "
                + path
                + " deletes the key (JSON merge patch), so the default applies");
        continue;
      }
      if (dropIn && legacyMerge && spec.setting().equals("resolvConf")) {
        slot.addNote(
            "resolvConf in drop-in "
                + path
                + " has no effect before 1.32: the merge used the Go field name ResolverConfig"
                + " (kubernetes#126630)");
        warnings.add("drop-in " + path + " sets resolvConf, which kubelets before 1.32 ignore");
        continue;
      }
      try {
        if (spec.kind().isMap()) {
          mergeMap(slot, node, src, path, dropIn);
        } else {
          applyScalar(slot, node, src, path, yaml, redefault);
        }
      } catch (BadValueException e) {
        throw new NodeRejection(
            invalidCode,
            path
                + ": field "
                + spec.setting()
                + ": "
                + e.getMessage()
                + "; the kubelet cannot decode this file",
            path);
      }
    }
  }

  private void applyScalar(
      Slot slot, JsonNode node, Source src, String path, boolean yaml, boolean redefault)
      throws BadValueException {
    SettingSpec spec = slot.spec;
    TypedValue v = Values.fromJson(spec.kind(), node, yaml);
    String raw = node.isTextual() ? node.textValue() : Values.canonicalJson(node);
    String note = null;
    if (yaml && spec.kind() == ValueKind.BOOL && node.isTextual()) {
      note = "'" + raw + "' is a YAML 1.1 boolean, which the kubelet's YAML reader accepts";
    }
    TypedValue def = baseValue(spec);
    if (redefault && !spec.pointer() && def != null && Values.isZero(v) && !Values.isZero(def)) {
      slot.addHistory(src, path, raw);
      slot.set(
          def,
          Source.DEFAULT,
          null,
          raw,
          raw
              + " in "
              + (src == Source.DROP_IN ? "drop-in " : "")
              + path
              + " is a zero value, which v1beta1 defaulting replaces with "
              + def.canonical());
      return;
    }
    if (spec.setting().equals("podPidsLimit") && v instanceof TypedValue.Int i && i.value() < -1) {
      slot.addHistory(src, path, raw);
      slot.set(
          new TypedValue.Int(-1),
          Source.DEFAULT,
          null,
          raw,
          "a negative podPidsLimit is defaulted to -1 (no limit)");
      return;
    }
    if (FILE_RELATIVE_PATHS.contains(spec.setting())
        && v instanceof TypedValue.Str s
        && !s.value().isEmpty()
        && !s.value().startsWith("/")) {
      String resolved = Paths.join(Paths.dir(path), s.value());
      v = new TypedValue.Str(resolved);
      note = "relative path resolved against the directory of " + path;
    }
    slot.replace(v, src, path, raw, note);
  }

  private void mergeMap(Slot slot, JsonNode node, Source src, String path, boolean dropIn)
      throws BadValueException {
    LinkedHashMap<String, String> entries = Values.mapFromJson(slot.spec.kind(), node);
    String raw = Values.canonicalJson(node);
    if (!dropIn) {
      TreeMap<String, String> m = new TreeMap<>();
      for (Map.Entry<String, String> e : entries.entrySet()) {
        if (e.getValue() == null) {
          warnings.add(path + ": " + slot.name + "." + e.getKey() + " is null; read as absent");
        } else {
          m.put(e.getKey(), e.getValue());
        }
      }
      slot.replace(new TypedValue.MapValue(m), src, path, raw, null);
      return;
    }
    TreeMap<String, String> m =
        slot.value instanceof TypedValue.MapValue mv ? new TreeMap<>(mv.values()) : new TreeMap<>();
    List<String> ignoredNulls = new ArrayList<>();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getValue() == null) {
        if (legacyMerge) {
          ignoredNulls.add(e.getKey());
        } else {
          m.remove(e.getKey());
        }
      } else {
        m.put(e.getKey(), e.getValue());
      }
    }
    String prev = slot.source == Source.UNSET ? null : slot.source.toString();
    slot.replace(
        new TypedValue.MapValue(m),
        src,
        path,
        raw,
        prev == null ? null : "merged key by key over " + prev + " (JSON merge patch)");
    if (!ignoredNulls.isEmpty()) {
      slot.addNote("null for " + ignoredNulls + " has no effect before 1.32");
    }
  }

  /** The node at a dotted path; null when absent; an error when a parent is not an object. */
  private static JsonNode lookup(JsonNode root, String[] seg) throws BadValueException {
    JsonNode n = root;
    for (int i = 0; i < seg.length; i++) {
      if (!n.isObject()) {
        throw new BadValueException(
            "cannot unmarshal "
                + Values.describe(n)
                + " into the object "
                + String.join(".", java.util.Arrays.copyOf(seg, i)));
      }
      JsonNode c = n.get(seg[i]);
      if (c == null) {
        return null;
      }
      if (c.isNull() && i < seg.length - 1) {
        return null;
      }
      n = c;
    }
    return n;
  }

  private void reportUnknownKeys(JsonNode root, String path) {
    List<String> unknown = new ArrayList<>();
    KNOWN_KEYS.unknown(root, "", unknown);
    if (!unknown.isEmpty()) {
      int max = 20;
      String list =
          unknown.size() > max
              ? unknown.subList(0, max) + " and " + (unknown.size() - max) + " more"
              : unknown.toString();
      warnings.add(
          path
              + " has keys that are not v1beta1 KubeletConfiguration fields "
              + list
              + "; the kubelet ignores them (lenient decoding)");
    }
  }

  /** The known key paths of KubeletConfiguration as a tree, for spotting unknown keys. */
  private static final class KeyTree {
    final Map<String, KeyTree> children = new TreeMap<>();
    boolean leaf;

    void add(String[] seg) {
      KeyTree t = this;
      for (String s : seg) {
        t = t.children.computeIfAbsent(s, k -> new KeyTree());
      }
      t.leaf = true;
    }

    void unknown(JsonNode n, String prefix, List<String> out) {
      if (leaf || !n.isObject()) {
        return;
      }
      Iterator<String> it = n.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        KeyTree c = children.get(k);
        if (c == null) {
          out.add(prefix + k);
        } else {
          c.unknown(n.get(k), prefix + k + ".", out);
        }
      }
    }
  }

  // ---- flags ------------------------------------------------------------------------------------

  private void applyFlags(Pflag.Parsed parsed, boolean reparsed, TypedValue gatesBeforeFlags) {
    Set<String> cleared = new java.util.HashSet<>();
    Boolean seccompFlag = null;
    Pflag.Occurrence seccompOcc = null;
    for (Pflag.Occurrence raw : parsed.flags()) {
      Pflag.Occurrence o = raw.redacted();
      SettingSpec spec = TABLE.byFlag(o.name());
      if (spec == null) {
        unknownFlags.add("--" + o.name());
        // An unknown flag spelled like a config field (--maxPods) must not touch that field.
        String settingName = TABLE.bySetting(o.name()) == null ? o.name() : "--" + o.name();
        spec =
            new SettingSpec(
                settingName,
                o.name(),
                ValueKind.STRING,
                false,
                SettingSpec.Category.CLI,
                null,
                null,
                null,
                null,
                List.of(),
                null);
      }
      if (spec.setting().equals("seccompDefault")) {
        try {
          seccompFlag = o.value() == null ? Boolean.TRUE : GoParse.parseBool(o.value());
          seccompOcc = o;
        } catch (BadValueException e) {
          warnings.add(
              "--seccomp-default="
                  + o.value()
                  + " at "
                  + o.origin()
                  + " is invalid: "
                  + e.getMessage());
        }
        continue;
      }
      final SettingSpec fspec = spec;
      boolean inTable =
          spec.category() != SettingSpec.Category.REMOVED
              && TABLE.bySetting(spec.setting()) == spec
              // A config field newer than this kubelet may still have had its flag (e.g.
              // --container-runtime-endpoint before 1.27).
              && (exists(spec) || spec.category() == SettingSpec.Category.CONFIG);
      Slot slot =
          inTable
              ? slot(spec)
              : slots.computeIfAbsent(
                  spec.setting(),
                  k -> {
                    Slot s = new Slot(fspec, k, null, Source.UNSET, null);
                    if (fspec.category() == SettingSpec.Category.REMOVED) {
                      s.addNote(fspec.note());
                    } else if (TABLE.byFlag(fspec.flag()) == null) {
                      s.addNote(
                          "not a kubelet flag fleetscore knows (a distribution's own flag or a newer"
                              + " release); kept as text");
                    } else {
                      s.addNote(
                          "this flag does not exist in this kubelet release ("
                              + hint.describe()
                              + ")");
                    }
                    return s;
                  });
      applyFlag(slot, o, cleared);
    }
    if (seccompOcc != null) {
      Slot s = slot(TABLE.bySetting("seccompDefault"));
      boolean file = s.value instanceof TypedValue.Bool b && b.value();
      if (seccompFlag) {
        s.replace(
            new TypedValue.Bool(true),
            Source.FLAG,
            seccompOcc.origin(),
            seccompOcc.value(),
            "--seccomp-default is OR-ed with the config's seccompDefault");
      } else if (file) {
        s.addNote(
            seccompOcc.token()
                + " at "
                + seccompOcc.origin()
                + " cannot turn off seccompDefault: true from "
                + s.source
                + " (the kubelet ORs them)");
      } else {
        s.replace(
            new TypedValue.Bool(false), Source.FLAG, seccompOcc.origin(), seccompOcc.value(), null);
      }
    }
    Slot gates = slots.get("featureGates");
    if (reparsed
        && gates != null
        && cleared.contains("featureGates")
        && gatesBeforeFlags instanceof TypedValue.MapValue before
        && gates.value instanceof TypedValue.MapValue now) {
      TreeMap<String, String> m = new TreeMap<>(now.values());
      List<String> kept = new ArrayList<>();
      for (Map.Entry<String, String> e : before.values().entrySet()) {
        if (!m.containsKey(e.getKey())) {
          m.put(e.getKey(), e.getValue());
          kept.add(e.getKey());
        }
      }
      gates.value = new TypedValue.MapValue(m);
      if (!kept.isEmpty()) {
        gates.addNote(
            "gates from the config not named on the command line are kept: "
                + kept
                + " (the docs order feature-gate flags lowest; the code keeps command-line gates per key)");
      }
    }
  }

  private void applyFlag(Slot slot, Pflag.Occurrence o, Set<String> cleared) {
    String origin = o.origin();
    applyFlagValue(slot, o, origin, cleared);
    if (o.note() != null) {
      slot.addNote(o.note());
    }
  }

  private void applyFlagValue(Slot slot, Pflag.Occurrence o, String origin, Set<String> cleared) {
    SettingSpec spec = slot.spec;
    if (o.value() == null) {
      slot.replace(
          null, Source.FLAG, origin, null, "flag without a value; the kubelet would refuse it");
      return;
    }
    try {
      ValueKind k = spec.kind();
      if (k.isMap()) {
        LinkedHashMap<String, String> add = Values.mapFromFlag(k, o.value());
        TreeMap<String, String> m;
        String note = null;
        if (k == ValueKind.CONFIGURATION_MAP || cleared.contains(slot.name)) {
          m =
              slot.value instanceof TypedValue.MapValue mv && slot.source == Source.FLAG
                  ? new TreeMap<>(mv.values())
                  : new TreeMap<>();
          if (k == ValueKind.COLON_MULTIMAP
              && slot.value instanceof TypedValue.MapValue mv2
              && slot.source == Source.FLAG) {
            for (Map.Entry<String, String> e : add.entrySet()) {
              String prev = mv2.values().get(e.getKey());
              if (prev != null) {
                List<String> all = new ArrayList<>();
                for (JsonNode j : Values.JSON.readTree(prev)) {
                  all.add(j.asText());
                }
                for (JsonNode j : Values.JSON.readTree(e.getValue())) {
                  all.add(j.asText());
                }
                add.put(e.getKey(), Values.jsonArray(all));
              }
            }
          }
        } else {
          m = new TreeMap<>();
          cleared.add(slot.name);
          if (slot.value instanceof TypedValue.MapValue prev
              && !prev.values().isEmpty()
              && !slot.name.equals("featureGates")) {
            note =
                o.token().split("[= ]")[0]
                    + " replaced the whole map from "
                    + slot.source
                    + " (keys it does not name are unset)";
          }
        }
        m.putAll(add);
        slot.replace(new TypedValue.MapValue(m), Source.FLAG, origin, o.value(), note);
      } else if (k.valueType() == dev.fleetscore.model.ValueType.LIST) {
        List<String> add = Values.listFromFlag(k, o.value());
        List<String> l = new ArrayList<>();
        if (k != ValueKind.TAINTS
            && cleared.contains(slot.name)
            && slot.value instanceof TypedValue.ListValue lv) {
          l.addAll(lv.values());
        }
        cleared.add(slot.name);
        l.addAll(add);
        slot.replace(new TypedValue.ListValue(l), Source.FLAG, origin, o.value(), null);
      } else {
        TypedValue v = Values.scalarFromFlag(k, o.value());
        String note = null;
        if ((k == ValueKind.INT32 || k == ValueKind.INT64) && GoParse.hasBasePrefix(o.value())) {
          note =
              o.value()
                  + " is read with its base prefix (strconv.ParseInt base 0): "
                  + v.canonical()
                  + (o.value().matches("[-+]?0[0-7_]+") ? " (a leading 0 means octal)" : "");
        }
        if (k == ValueKind.DURATION
            && Values.isZero(v)
            && !spec.pointer()
            && spec.defaultValue() != null
            && !Values.isZero(spec.defaultValue())) {
          note = "0 on the command line is really 0: no defaulting runs after flags are parsed";
        }
        slot.replace(v, Source.FLAG, origin, o.value(), note);
      }
    } catch (BadValueException | JsonProcessingException e) {
      warnings.add(o.token() + " at " + origin + " is invalid: " + e.getMessage());
      slot.replace(
          null,
          Source.FLAG,
          origin,
          o.value(),
          "invalid value ("
              + e.getMessage()
              + "); the kubelet would refuse to start with it, so"
              + " this evidence is doubtful");
    }
  }

  // ---- derived ----------------------------------------------------------------------------------

  private void finishEviction() {
    TypedValue merge = valueOf("mergeDefaultEvictionSettings");
    Slot hard = slots.get("evictionHard");
    if (hard == null || !(merge instanceof TypedValue.Bool b) || !b.value()) {
      return;
    }
    TypedValue def = baseValue(hard.spec);
    if (def instanceof TypedValue.MapValue dm
        && hard.value instanceof TypedValue.MapValue hm
        && hard.source != Source.DEFAULT) {
      TreeMap<String, String> m = new TreeMap<>(dm.values());
      m.putAll(hm.values());
      hard.value = new TypedValue.MapValue(m);
      hard.addNote("mergeDefaultEvictionSettings: true merges the default signals back in");
    }
  }

  private void checkCiphers() {
    Slot c = slots.get("tlsCipherSuites");
    if (c != null && c.value instanceof TypedValue.ListValue l) {
      List<String> bad = CipherSuites.unknown(l.values());
      if (!bad.isEmpty()) {
        c.addNote("unknown cipher suite names " + bad + ": the kubelet refuses to start with them");
        warnings.add("tlsCipherSuites has unknown names " + bad);
      }
    }
  }

  private void deriveGates() {
    Slot gates = slots.get("featureGates");
    for (Map.Entry<String, String> g : new TreeMap<>(GATE_DEFAULTS).entrySet()) {
      String name = "featureGates." + g.getKey();
      SettingSpec spec =
          new SettingSpec(
              name,
              null,
              ValueKind.BOOL,
              true,
              SettingSpec.Category.CONFIG,
              new TypedValue.Bool(true),
              null,
              null,
              null,
              List.of(),
              g.getValue());
      String set =
          gates != null && gates.value instanceof TypedValue.MapValue m
              ? m.values().get(g.getKey())
              : null;
      Slot s;
      if (set != null) {
        s =
            new Slot(
                spec,
                name,
                new TypedValue.Bool(Boolean.parseBoolean(set)),
                gates.source,
                "from featureGates (" + gates.source + ")");
        s.origin = gates.origin;
        s.raw = set;
      } else {
        s = new Slot(spec, name, new TypedValue.Bool(true), Source.DEFAULT, g.getValue());
      }
      slots.put(name, s);
    }
  }

  // ---- file roles -------------------------------------------------------------------------------

  private String str(String setting) {
    return valueOf(setting) instanceof TypedValue.Str v && !v.value().isEmpty() ? v.value() : null;
  }

  private boolean bool(String setting) {
    return valueOf(setting) instanceof TypedValue.Bool b && b.value();
  }

  private void role(String role, String path) {
    if (path != null && !path.isEmpty()) {
      List<String> l = roles.computeIfAbsent(role, k -> new ArrayList<>());
      String p = path.startsWith("/") ? Paths.clean(path) : path;
      if (!l.contains(p)) {
        l.add(p);
      }
    }
  }

  private void fileRoles(String configPath, String configDir) {
    role(FileRoles.KUBELET_CONFIG, configPath);
    role(FileRoles.KUBELET_KUBECONFIG, str("kubeconfig"));
    role(FileRoles.KUBELET_BOOTSTRAP_KUBECONFIG, str("bootstrap-kubeconfig"));
    role(FileRoles.KUBELET_CLIENT_CA, str("authentication.x509.clientCAFile"));
    String certDir = str("cert-dir");
    role(FileRoles.KUBELET_CERT_DIR, certDir);
    String cert = str("tlsCertFile");
    String key = str("tlsPrivateKeyFile");
    if (cert != null) {
      role(FileRoles.KUBELET_SERVING_CERT, cert);
      role(FileRoles.KUBELET_SERVING_KEY, key);
    } else if (certDir != null) {
      if (bool("serverTLSBootstrap")) {
        role(FileRoles.KUBELET_SERVING_CERT, Paths.join(certDir, "kubelet-server-current.pem"));
        role(FileRoles.KUBELET_SERVING_KEY, Paths.join(certDir, "kubelet-server-current.pem"));
      } else {
        role(FileRoles.KUBELET_SERVING_CERT, Paths.join(certDir, "kubelet.crt"));
        role(FileRoles.KUBELET_SERVING_KEY, Paths.join(certDir, "kubelet.key"));
      }
    }
    if (certDir != null && bool("rotateCertificates")) {
      role(FileRoles.KUBELET_CLIENT_CERT, Paths.join(certDir, "kubelet-client-current.pem"));
    }
    role(FileRoles.STATIC_POD_DIR, str("staticPodPath"));
    for (Map.Entry<String, List<String>> e : roles.entrySet()) {
      e.setValue(List.copyOf(e.getValue()));
    }
  }
}
