package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.KubeletResolver.TABLE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies the flags on the kubelet's command line, last over everything, with pflag's repeat
 * semantics per value kind and the kubelet's special cases (--seccomp-default OR-ed with the
 * config, feature gates kept per key after a reparse).
 */
final class KubeletFlags {

  private final KubeletSlots kubelet;

  KubeletFlags(KubeletSlots kubelet) {
    this.kubelet = kubelet;
  }

  void apply(
      Pflag.Parsed parsed,
      boolean reparsed,
      TypedValue gatesBeforeFlags,
      Map<String, dev.fleetscore.model.KeySource> gatesKeysBeforeFlags) {
    Set<String> cleared = new java.util.HashSet<>();
    Boolean seccompFlag = null;
    Pflag.Occurrence seccompOcc = null;
    for (Pflag.Occurrence raw : parsed.flags()) {
      Pflag.Occurrence o = raw.redacted();
      SettingSpec spec = TABLE.byFlag(o.name());
      if (spec == null) {
        kubelet.unknownFlags.add("--" + o.name());
        // An unknown flag spelled like a config field (--maxPods) must not touch that field.
        String settingName = TABLE.bySetting(o.name()) == null ? o.name() : "--" + o.name();
        spec = SettingSpec.cli(settingName, o.name(), ValueKind.STRING);
      }
      if (spec.setting().equals("seccompDefault")) {
        try {
          seccompFlag = o.value() == null ? Boolean.TRUE : GoParse.parseBool(o.value());
          seccompOcc = o;
        } catch (BadValueException e) {
          kubelet.warnings.add(
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
              && (kubelet.exists(spec) || spec.category() == SettingSpec.Category.CONFIG);
      Slot slot =
          inTable
              ? kubelet.slot(spec)
              : kubelet.slots.computeIfAbsent(
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
                              + kubelet.hint.describe()
                              + ")");
                    }
                    return s;
                  });
      applyFlag(slot, o, cleared);
    }
    if (seccompOcc != null) {
      Slot s = kubelet.slot(TABLE.bySetting("seccompDefault"));
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
    Slot gates = kubelet.slots.get("featureGates");
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
      gates.setMapValue(new TypedValue.MapValue(m), gatesKeysBeforeFlags);
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
        boolean accumulate = !m.isEmpty();
        m.putAll(add);
        slot.replace(new TypedValue.MapValue(m), Source.FLAG, origin, o.value(), note);
        if (accumulate) {
          // Earlier occurrences of the flag keep the keys this one does not name.
          slot.keepKeysNotNamed(add.keySet());
        }
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
      kubelet.warnings.add(o.token() + " at " + origin + " is invalid: " + e.getMessage());
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
}
