package dev.fleetscore.demo;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One planted defect, trap or breakage, with the facts a test needs to assert it: which setting,
 * which value the kubelet really ends up with, where that value came from (the source names of
 * effective_settings: FLAG, CONFIG_FILE, DROP_IN, LEGACY_DEFAULT, DEFAULT, CLOUD_API), and the file
 * or argument that carries it.
 *
 * @param code what was planted
 * @param facts sorted key/value details, e.g. setting, value, source, origin, path
 */
public record PlantedItem(Planted code, Map<String, String> facts) {

  public PlantedItem {
    facts = Collections.unmodifiableSortedMap(new TreeMap<>(facts));
  }

  static PlantedItem of(Planted code, String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put(kv[i], kv[i + 1]);
      }
    }
    return new PlantedItem(code, m);
  }

  public String fact(String key) {
    return facts.get(key);
  }
}
