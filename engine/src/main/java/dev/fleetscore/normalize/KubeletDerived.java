package dev.fleetscore.normalize;

import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings derived once all layers are applied: eviction defaults merged back in, unknown cipher
 * suites flagged, and the effective value of each feature gate rules ask about.
 */
final class KubeletDerived {

  /** Feature gates whose per-gate effective value is emitted, with their default. */
  private static final Map<String, String> GATE_DEFAULTS =
      Map.of(
          "RotateKubeletServerCertificate",
          "the feature gate is beta and on by default since 1.12");

  private final KubeletSlots kubelet;

  KubeletDerived(KubeletSlots kubelet) {
    this.kubelet = kubelet;
  }

  void apply() {
    finishEviction();
    checkCiphers();
    deriveGates();
  }

  private void finishEviction() {
    TypedValue merge = kubelet.valueOf("mergeDefaultEvictionSettings");
    Slot hard = kubelet.slots.get("evictionHard");
    if (hard == null || !(merge instanceof TypedValue.Bool b) || !b.value()) {
      return;
    }
    TypedValue def = kubelet.baseValue(hard.spec);
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
    Slot c = kubelet.slots.get("tlsCipherSuites");
    if (c != null && c.value instanceof TypedValue.ListValue l) {
      List<String> bad = CipherSuites.unknown(l.values());
      if (!bad.isEmpty()) {
        c.addNote("unknown cipher suite names " + bad + ": the kubelet refuses to start with them");
        kubelet.warnings.add("tlsCipherSuites has unknown names " + bad);
      }
    }
  }

  private void deriveGates() {
    Slot gates = kubelet.slots.get("featureGates");
    for (Map.Entry<String, String> g : new TreeMap<>(GATE_DEFAULTS).entrySet()) {
      String name = "featureGates." + g.getKey();
      SettingSpec spec = SettingSpec.gate(name, true, SettingSpec.Category.CONFIG, g.getValue());
      Slot s =
          Slot.gate(
              spec,
              gates,
              g.getKey(),
              gates == null ? null : "from featureGates (" + gates.source + ")");
      kubelet.slots.put(name, s);
    }
  }
}
