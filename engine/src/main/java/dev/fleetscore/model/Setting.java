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

  /** {@link #overridden}, oldest first, each entry read back into its parts. */
  public List<Step> steps() {
    return overridden.stream().map(Step::parse).toList();
  }

  /**
   * One layer that set a value later replaced: the normalizer's trace, kept in {@link #overridden}
   * (and effective_settings.overridden) as its {@link #toString} text, {@code SOURCE origin =
   * value}; {@code explain} reads it back with {@link #parse}. One class writes and reads the form.
   *
   * @param source the layer
   * @param origin file path, {@code argv[N]} or API field; null for defaults
   * @param value the value the layer gave, canonical (or as written when it was a zero value)
   */
  public record Step(Source source, String origin, String value) {

    @Override
    public String toString() {
      return source + (origin == null ? "" : " " + origin) + " = " + value;
    }

    /** The step whose {@link #toString} is {@code text}. */
    public static Step parse(String text) {
      int eq = text.indexOf(" = ");
      if (eq < 0) {
        throw new IllegalArgumentException("not a setting step: " + text);
      }
      String head = text.substring(0, eq);
      int sp = head.indexOf(' ');
      return new Step(
          Source.valueOf(sp < 0 ? head : head.substring(0, sp)),
          sp < 0 ? null : head.substring(sp + 1),
          text.substring(eq + 3));
    }
  }
}
