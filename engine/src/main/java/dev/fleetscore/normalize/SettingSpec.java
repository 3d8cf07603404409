package dev.fleetscore.normalize;

import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.TypedValue;
import java.util.List;
import java.util.Optional;

/**
 * One row of a component's settings table: the setting, its flag, its Go type, its defaults (by
 * release where they changed), and since/removed releases. Defaults are parsed once, when the table
 * loads.
 *
 * @param setting the setting name (kubelet: v1beta1 JSON path or the flag name for
 *     command-line-only flags; other components: the flag name)
 * @param flag the flag without dashes, or null when the setting has none
 * @param kind value syntax and Go type
 * @param pointer the v1beta1 field is a Go pointer, so an explicit zero in a file is kept
 * @param category what kind of row this is
 * @param defaultValue the default (v1beta1 / flag default); null when there is none
 * @param legacyDefault the kubelet's legacy command-line default when it differs; else null
 * @param since first release that has the field or flag; null when older than any we track
 * @param removedIn first release that no longer has the flag; null when still present
 * @param versionDefaults defaults that differ by release
 * @param note why the default is what it is, or a caveat
 */
public record SettingSpec(
    String setting,
    String flag,
    ValueKind kind,
    boolean pointer,
    Category category,
    TypedValue defaultValue,
    TypedValue legacyDefault,
    KubeVersion since,
    KubeVersion removedIn,
    List<VersionDefault> versionDefaults,
    String note) {

  /** A command-line setting outside the table, with no default: kept as text or derived. */
  static SettingSpec cli(String setting, String flag, ValueKind kind) {
    return new SettingSpec(
        setting, flag, kind, false, Category.CLI, null, null, null, null, List.of(), null);
  }

  /** The effective value of one feature gate, on by default. */
  static SettingSpec gate(String setting, boolean pointer, Category category, String note) {
    return new SettingSpec(
        setting,
        null,
        ValueKind.BOOL,
        pointer,
        category,
        new TypedValue.Bool(true),
        null,
        null,
        null,
        List.of(),
        note);
  }

  /** What kind of row this is. */
  public enum Category {
    /** A KubeletConfiguration field that also has a flag. */
    CONFIG,
    /** A KubeletConfiguration field without a flag. */
    CONFIG_ONLY,
    /** A logging field ({@code logging.*}) with its logsapi flag. */
    LOGGING,
    /** A flag with no config field (KubeletFlags, or any flag of another component). */
    CLI,
    /** A flag removed in some release: its presence bounds the version. */
    REMOVED;

    /** Lives in the config file (and so in drop-ins). */
    public boolean inConfig() {
      return this == CONFIG || this == CONFIG_ONLY || this == LOGGING;
    }
  }

  /**
   * A default that applies before ({@code before == true}) or from a release.
   *
   * @param before true for "before {@code version}", false for "from {@code version}"
   * @param version the release
   * @param value the default in that range
   */
  public record VersionDefault(boolean before, KubeVersion version, TypedValue value) {}

  /** The flag as written on a command line, e.g. {@code --read-only-port}; null when none. */
  public String dashedFlag() {
    return flag == null ? null : "--" + flag;
  }

  /**
   * The default for a kubelet whose version is known or bounded by {@code hint}; the plain default
   * when the hint cannot decide.
   */
  public Resolved defaultFor(VersionHint hint) {
    for (VersionDefault vd : versionDefaults) {
      Optional<Boolean> below = hint.below(vd.version());
      if (below.isPresent() && below.get() == vd.before()) {
        return new Resolved(
            vd.value(),
            (vd.before() ? "before " : "from ")
                + vd.version().major()
                + "."
                + vd.version().minor()
                + " the default is "
                + canonical(vd.value())
                + "; "
                + hint.describe());
      }
    }
    if (!versionDefaults.isEmpty()) {
      StringBuilder alt = new StringBuilder();
      for (VersionDefault vd : versionDefaults) {
        if (hint.below(vd.version()).isEmpty()) {
          alt.append(vd.before() ? "before " : "from ")
              .append(vd.version().major())
              .append('.')
              .append(vd.version().minor())
              .append(" it is ")
              .append(canonical(vd.value()))
              .append("; ");
        }
      }
      if (alt.length() > 0) {
        return new Resolved(
            defaultValue,
            alt + "the kubelet version is unknown, so the current default is used",
            true);
      }
    }
    return new Resolved(defaultValue, null);
  }

  private static String canonical(TypedValue v) {
    return v == null ? "unset" : v.canonical();
  }

  /**
   * A default with the reason it was chosen.
   *
   * @param value the default, null when none
   * @param note why, when the version decided it; else null
   * @param versionUncertain the default differs by release and the version could not decide it
   */
  public record Resolved(TypedValue value, String note, boolean versionUncertain) {
    public Resolved(TypedValue value, String note) {
      this(value, note, false);
    }
  }
}
