package dev.fleetscore.model;

import java.util.List;

/**
 * One effective setting of one component on one node, with where its value came from. It becomes
 * one effective_settings row, and rules cite it in findings ("10255, from the legacy default,
 * because this kubelet runs without --config").
 *
 * @param component the component
 * @param name kubelet: the v1beta1 JSON path ({@code authentication.anonymous.enabled}); other
 *     components: the flag name without dashes ({@code anonymous-auth})
 * @param value the effective value; null when unset
 * @param source the layer the effective value came from
 * @param origin file path, {@code argv[N]} or API field; null for defaults
 * @param flagName the flag that sets this setting, when there is one ({@code --read-only-port})
 * @param rawValue the value as written at its origin, before typing and defaulting
 * @param overridden earlier layers this value replaced, oldest first: "SOURCE origin = value"
 * @param note why the value is what it is, when that is not obvious
 * @param versionUncertain the value is a default that differs by Kubernetes release and the
 *     component's version is not known, so the current default was used
 * @param keySources for a map setting, the layer that set each key (sorted by key); empty for other
 *     settings
 */
public record Setting(
    Component component,
    String name,
    TypedValue value,
    Source source,
    String origin,
    String flagName,
    String rawValue,
    List<String> overridden,
    String note,
    boolean versionUncertain,
    java.util.SortedMap<String, KeySource> keySources) {

  public Setting {
    overridden = overridden == null ? List.of() : List.copyOf(overridden);
    keySources =
        keySources == null
            ? java.util.Collections.emptySortedMap()
            : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(keySources));
  }

  /** A setting without per-key provenance. */
  public Setting(
      Component component,
      String name,
      TypedValue value,
      Source source,
      String origin,
      String flagName,
      String rawValue,
      List<String> overridden,
      String note,
      boolean versionUncertain) {
    this(
        component,
        name,
        value,
        source,
        origin,
        flagName,
        rawValue,
        overridden,
        note,
        versionUncertain,
        null);
  }

  /** A setting whose value does not depend on an unknown version. */
  public Setting(
      Component component,
      String name,
      TypedValue value,
      Source source,
      String origin,
      String flagName,
      String rawValue,
      List<String> overridden,
      String note) {
    this(component, name, value, source, origin, flagName, rawValue, overridden, note, false, null);
  }

  public boolean isSet() {
    return value != null;
  }
}
