package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.KubeletResolver.TABLE;

import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kubelet's settings while they are resolved: one slot per setting touched, created with its
 * base value (the v1beta1 default for this version, or the legacy command-line default without
 * {@code --config}) on first use, plus the warnings and the unknown and removed flags seen.
 */
final class KubeletSlots {

  private static final KubeVersion V1_30 = KubeVersion.parse("1.30").orElseThrow();

  final List<String> warnings = new ArrayList<>();
  final Set<String> unknownFlags = new TreeSet<>();
  final Set<String> removedFlags = new TreeSet<>();
  final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();
  VersionHint hint = VersionHint.UNKNOWN;

  /** Before 1.32 drop-ins were merged on Go field names: nulls and resolvConf had no effect. */
  boolean legacyMerge;

  boolean exists(SettingSpec s) {
    if (s.since() != null && hint.below(s.since()).orElse(false)) {
      return false;
    }
    return s.removedIn() == null || hint.below(s.removedIn()).orElse(true);
  }

  private boolean legacyMode;
  private boolean dirWithoutConfig;

  void initSlots(boolean hasConfig, boolean hasDir) {
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
  Slot slot(SettingSpec s) {
    Slot existing = slots.get(s.setting());
    if (existing != null) {
      return existing;
    }
    Slot created = baseSlot(s);
    slots.put(s.setting(), created);
    return created;
  }

  Slot baseSlot(SettingSpec s) {
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
    Slot slot =
        new Slot(
            s, s.setting(), d.value(), d.value() == null ? Source.UNSET : Source.DEFAULT, note);
    slot.versionUncertain = d.versionUncertain();
    return slot;
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
  TypedValue valueOf(String setting) {
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

  TypedValue baseValue(SettingSpec s) {
    return s.defaultFor(hint).value();
  }

  /** Every setting of this kubelet, in name order. */
  SortedEntries<Setting> settings() {
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
    return new SortedEntries<>(sorted);
  }
}
