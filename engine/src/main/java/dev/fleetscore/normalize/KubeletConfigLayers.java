package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.KubeletResolver.TABLE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.ConfigFileRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies the kubelet's {@code --config} file and then its {@code --config-dir} drop-ins (JSON
 * merge patches in WalkDir order) over the base values, with v1beta1 defaulting of zero values and
 * the pre-1.32 merge quirks.
 */
final class KubeletConfigLayers {

  /** Config fields holding paths the kubelet resolves against the config file's directory. */
  private static final Set<String> FILE_RELATIVE_PATHS =
      Set.of(
          "staticPodPath",
          "authentication.x509.clientCAFile",
          "tlsCertFile",
          "tlsPrivateKeyFile",
          "resolvConf",
          "podLogsDir");

  /** Precomputed path segments of every config field, built once. */
  private static final Map<String, String[]> SEGMENTS = new LinkedHashMap<>();

  static {
    for (SettingSpec s : TABLE.specs()) {
      if (s.category().inConfig()) {
        SEGMENTS.put(s.setting(), s.setting().split("\\."));
      }
    }
  }

  private final KubeletSlots kubelet;
  private final EvidenceIndex idx;
  private final KubeletFileRoles roles;

  KubeletConfigLayers(KubeletSlots kubelet, EvidenceIndex idx, KubeletFileRoles roles) {
    this.kubelet = kubelet;
    this.idx = idx;
    this.roles = roles;
  }

  /** The path of the config file applied, as the dump names it. */
  String configPath() {
    return resolvedConfigPath;
  }

  private String resolvedConfigPath;

  void applyConfigFile(String configPath) throws NodeRejection {
    ConfigFileRow row = KubeletConfigDocuments.find(configPath, idx, kubelet.warnings);
    resolvedConfigPath = row.getPath();
    applyDocument(row, Paths.clean(row.getPath()), KubeletConfigDocuments.Kind.CONFIG_FILE);
  }

  void applyDropIns(String configDir) throws NodeRejection {
    String dir = Paths.clean(configDir);
    if (!configDir.startsWith("/")) {
      kubelet.warnings.add(
          "relative --config-dir="
              + configDir
              + " is resolved against the kubelet's working directory, which the dump does not"
              + " record; assumed /");
      dir = Paths.clean("/" + configDir);
    }
    roles.add(FileRoles.KUBELET_CONFIG_DIR, dir);
    List<ConfigFileRow> files = idx.configsUnder(dir);
    int used = 0;
    for (ConfigFileRow row : files) {
      String path = Paths.clean(row.getPath());
      if (!path.endsWith(".conf")) {
        kubelet.warnings.add(
            "drop-in directory file " + path + " is ignored: only *.conf files are read");
        continue;
      }
      applyDocument(row, path, KubeletConfigDocuments.Kind.DROP_IN);
      roles.add(FileRoles.KUBELET_CONFIG_DROPIN, path);
      used++;
    }
    if (used == 0) {
      kubelet.warnings.add(
          "--config-dir="
              + configDir
              + " names a directory with no *.conf file in the dump (empty, or not collected)");
    }
  }

  private void applyDocument(ConfigFileRow row, String path, KubeletConfigDocuments.Kind kind)
      throws NodeRejection {
    JsonNode root = KubeletConfigDocuments.parse(row, kind);
    boolean dropIn = kind == KubeletConfigDocuments.Kind.DROP_IN;
    applyLayer(
        root,
        dropIn ? Source.DROP_IN : Source.CONFIG_FILE,
        path,
        KubeletConfigDocuments.isYaml(row),
        dropIn,
        kind.invalid);
  }

  private void applyLayer(
      JsonNode root, Source src, String path, boolean yaml, boolean dropIn, String invalidCode)
      throws NodeRejection {
    KubeletConfigKeys.reportUnknown(root, path, kubelet.warnings);
    boolean redefault = !dropIn || !kubelet.legacyMerge;
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
      Slot slot = kubelet.exists(spec) ? kubelet.slot(spec) : null;
      if (slot == null) {
        kubelet.warnings.add(
            path
                + " sets "
                + spec.setting()
                + ", which this kubelet release ignores (the field is"
                + " newer: "
                + kubelet.hint.describe()
                + ")");
        continue;
      }
      if (node.isNull()) {
        if (!dropIn) {
          continue;
        }
        if (kubelet.legacyMerge) {
          slot.addNote(
              "null for "
                  + spec.setting()
                  + " in drop-in "
                  + path
                  + " has no effect before 1.32 (the merge ran on Go field names)");
          continue;
        }
        TypedValue base = kubelet.baseValue(spec);
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
      if (dropIn && kubelet.legacyMerge && spec.setting().equals("resolvConf")) {
        slot.addNote(
            "resolvConf in drop-in "
                + path
                + " has no effect before 1.32: the merge used the Go field name ResolverConfig"
                + " (kubernetes#126630)");
        kubelet.warnings.add(
            "drop-in " + path + " sets resolvConf, which kubelets before 1.32 ignore");
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
    TypedValue def = kubelet.baseValue(spec);
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
          kubelet.warnings.add(
              path + ": " + slot.name + "." + e.getKey() + " is null; read as absent");
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
        if (kubelet.legacyMerge) {
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
    // Keys this drop-in does not name keep the layer that set them.
    slot.keepKeysNotNamed(entries.keySet());
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
}
