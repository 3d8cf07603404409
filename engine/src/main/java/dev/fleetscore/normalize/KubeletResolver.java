package dev.fleetscore.normalize;

import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.ArgvSources;
import dev.fleetscore.schema.ProcessRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final KubeVersion V1_32 = KubeVersion.parse("1.32").orElseThrow();

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
  private final KubeletSlots kubelet = new KubeletSlots();

  private KubeletResolver(EvidenceIndex idx) {
    this.idx = idx;
  }

  static Outcome resolve(EvidenceIndex idx) {
    return new KubeletResolver(idx).run();
  }

  private Outcome run() {
    ProcessRow p = pickProcess();
    if (p == null) {
      return new Absent(kubelet.warnings);
    }
    boolean lossy = p.getLossy();
    if (lossy) {
      kubelet.warnings.add(
          "argv from "
              + p.getSourcePath()
              + " ("
              + p.getArgvSource()
              + ") is lossy: empty and quoted arguments may be lost; /proc/<pid>/cmdline is exact");
    }
    Pflag.Parsed parsed = Pflag.parse(p.getArgv(), LOOKUP, SHORTHANDS, lossy, Pflag.Mode.PFLAG);
    kubelet.warnings.addAll(parsed.warnings());
    if (!parsed.positionals().isEmpty()) {
      kubelet.warnings.add(
          "positional arguments "
              + parsed.positionals()
              + ": the kubelet refuses them ('unknown command'), so they are likely artefacts of"
              + " splitting a command line");
    }
    String configPath = lastValue(parsed, "config");
    String configDir = lastValue(parsed, "config-dir");
    boolean hasConfig = configPath != null && !configPath.isEmpty();
    boolean hasDir = configDir != null && !configDir.isEmpty();
    kubelet.hint = KubeletVersion.of(parsed, idx.evidence.getDump().getKubeletVersion(), kubelet);
    kubelet.legacyMerge = kubelet.hint.below(V1_32).orElse(false);
    kubelet.initSlots(hasConfig, hasDir);
    KubeletFileRoles roles = new KubeletFileRoles();
    KubeletConfigLayers layers = new KubeletConfigLayers(kubelet, idx, roles);
    try {
      if (hasConfig) {
        layers.applyConfigFile(configPath);
      }
      if (hasDir) {
        layers.applyDropIns(configDir);
      }
    } catch (NodeRejection r) {
      return new Rejected(r);
    }
    TypedValue gatesBeforeFlags = kubelet.valueOf("featureGates");
    Slot gatesSlot = kubelet.slots.get("featureGates");
    new KubeletFlags(kubelet)
        .apply(
            parsed,
            hasConfig || hasDir,
            gatesBeforeFlags,
            gatesSlot == null ? null : gatesSlot.keySnapshot());
    new KubeletDerived(kubelet).apply();
    Map<String, List<String>> fileRoles =
        roles.fromSettings(kubelet, hasConfig ? Paths.clean(layers.configPath()) : null);
    SortedEntries<Setting> settings = kubelet.settings();
    List<String> w = new ArrayList<>(new LinkedHashSet<>(kubelet.warnings));
    ComponentSettings cs =
        new ComponentSettings(
            Component.KUBELET,
            p.getArgvSource(),
            settings,
            new ArrayList<>(kubelet.unknownFlags),
            new ArrayList<>(kubelet.removedFlags),
            w);
    return new Resolved(cs, kubelet.hint, fileRoles);
  }

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
      kubelet.warnings.add(
          "more than one kubelet process (pids "
              + pids
              + "); the one from the most exact source, then the lowest pid, is used");
    }
    return best;
  }

  static String lastValue(Pflag.Parsed parsed, String name) {
    String v = null;
    for (Pflag.Occurrence o : parsed.flags()) {
      if (o.name().equals(name)) {
        v = o.value();
      }
    }
    return v;
  }
}
