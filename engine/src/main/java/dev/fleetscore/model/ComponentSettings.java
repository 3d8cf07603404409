package dev.fleetscore.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The effective settings of one component on one node, and what the normalizer learnt about its
 * evidence on the way.
 *
 * @param component the component
 * @param evidence how it was seen: CMDLINE, PS (lossy), K3S_JOURNAL, STATIC_POD_MANIFEST, ...
 * @param settings effective settings by name, sorted
 * @param unknownFlags flags present that this component does not know (kept, reported)
 * @param removedFlags flags present that were removed in some release: evidence of the version
 * @param warnings other things a reader should know (a drop-in without apiVersion, a bool flag
 *     followed by a stray "false", a lossy ps line)
 */
public record ComponentSettings(
    Component component,
    String evidence,
    SortedMap<String, Setting> settings,
    List<String> unknownFlags,
    List<String> removedFlags,
    List<String> warnings) {

  public ComponentSettings {
    settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    unknownFlags = List.copyOf(unknownFlags);
    removedFlags = List.copyOf(removedFlags);
    warnings = List.copyOf(warnings);
  }

  public Optional<Setting> get(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  public static ComponentSettings of(Component c, String evidence, Map<String, Setting> settings) {
    return new ComponentSettings(
        c, evidence, new TreeMap<>(settings), List.of(), List.of(), List.of());
  }
}
