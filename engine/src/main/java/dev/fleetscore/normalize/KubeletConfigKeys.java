package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.KubeletResolver.TABLE;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Spots the keys of a kubelet config document that are not KubeletConfiguration fields. */
final class KubeletConfigKeys {

  private static final KeyTree KNOWN_KEYS = new KeyTree();

  static {
    for (SettingSpec s : TABLE.specs()) {
      if (s.category().inConfig()) {
        KNOWN_KEYS.add(s.setting().split("\\."));
      }
    }
    KNOWN_KEYS.add(new String[] {"apiVersion"});
    KNOWN_KEYS.add(new String[] {"kind"});
  }

  private KubeletConfigKeys() {}

  static void reportUnknown(JsonNode root, String path, List<String> warnings) {
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
}
