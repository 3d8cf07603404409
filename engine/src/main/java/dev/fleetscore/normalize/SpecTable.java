package dev.fleetscore.normalize;

import dev.fleetscore.common.KubeVersion;
import dev.fleetscore.model.TypedValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A component's settings table, loaded once from a tab-separated resource beside this class. A
 * malformed table is a build defect and fails loudly at class-load time.
 */
public final class SpecTable {

  private final List<SettingSpec> specs;
  private final Map<String, SettingSpec> bySetting;
  private final Map<String, SettingSpec> byFlag;

  private SpecTable(List<SettingSpec> specs) {
    this.specs = List.copyOf(specs);
    Map<String, SettingSpec> s = new LinkedHashMap<>();
    Map<String, SettingSpec> f = new LinkedHashMap<>();
    for (SettingSpec spec : specs) {
      if (s.put(spec.setting(), spec) != null) {
        throw new IllegalStateException("duplicate setting " + spec.setting());
      }
      if (spec.flag() != null && f.put(spec.flag(), spec) != null) {
        throw new IllegalStateException("duplicate flag " + spec.flag());
      }
    }
    this.bySetting = Collections.unmodifiableMap(s);
    this.byFlag = Collections.unmodifiableMap(f);
  }

  public List<SettingSpec> specs() {
    return specs;
  }

  public SettingSpec bySetting(String setting) {
    return bySetting.get(setting);
  }

  /** The spec of a flag name without dashes, already normalized ({@code _} to {@code -}). */
  public SettingSpec byFlag(String flag) {
    return byFlag.get(flag);
  }

  /** Every flag name of the table, sorted. */
  public List<String> flags() {
    return List.copyOf(new TreeMap<>(byFlag).keySet());
  }

  /**
   * Loads a kubelet-style table (columns setting, flag, type, ptr, cli_default, default, kind,
   * since, removed_in, version_defaults, note).
   */
  static SpecTable loadKubelet(String resource) {
    List<SettingSpec> out = new ArrayList<>();
    for (String[] c : rows(resource, 11)) {
      ValueKind kind = ValueKind.byId(c[2]);
      TypedValue def = parseDefault(kind, c[5], c[0]);
      TypedValue legacy = c[4].equals("=") ? null : parseDefault(kind, c[4], c[0]);
      out.add(
          new SettingSpec(
              c[0],
              c[1].equals("-") ? null : c[1],
              kind,
              c[3].equals("*"),
              category(c[6]),
              def,
              legacy,
              version(c[7]),
              version(c[8]),
              versionDefaults(kind, c[9], c[0]),
              c[10].isEmpty() ? null : c[10]));
    }
    return new SpecTable(out);
  }

  /**
   * Loads a control-plane table (columns component, flag, type, default, version_defaults, note,
   * source) and keeps the rows of {@code component}.
   */
  static SpecTable loadComponent(String resource, String component) {
    List<SettingSpec> out = new ArrayList<>();
    for (String[] c : rows(resource, 7)) {
      if (!c[0].equals(component)) {
        continue;
      }
      ValueKind kind = ValueKind.byId(c[2]);
      out.add(
          new SettingSpec(
              c[1],
              c[1],
              kind,
              false,
              SettingSpec.Category.CLI,
              parseDefault(kind, c[3], c[1]),
              null,
              null,
              removedIn(c[4]),
              versionDefaults(kind, c[4], c[1]),
              c[5].isEmpty() ? null : c[5]));
    }
    return new SpecTable(out);
  }

  private static KubeVersion removedIn(String vd) {
    for (String part : vd.split(";")) {
      if (part.startsWith("removed")) {
        return version(part.substring("removed".length()));
      }
    }
    return null;
  }

  private static SettingSpec.Category category(String s) {
    return switch (s) {
      case "config" -> SettingSpec.Category.CONFIG;
      case "config-only" -> SettingSpec.Category.CONFIG_ONLY;
      case "logging" -> SettingSpec.Category.LOGGING;
      case "cli" -> SettingSpec.Category.CLI;
      case "removed" -> SettingSpec.Category.REMOVED;
      default -> throw new IllegalStateException("unknown category " + s);
    };
  }

  private static KubeVersion version(String s) {
    if (s.isEmpty()) {
      return null;
    }
    return KubeVersion.parse(s)
        .orElseThrow(() -> new IllegalStateException("bad version in table: " + s));
  }

  private static List<SettingSpec.VersionDefault> versionDefaults(
      ValueKind kind, String s, String setting) {
    List<SettingSpec.VersionDefault> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    for (String part : s.split(";")) {
      if (part.startsWith("removed")) {
        continue;
      }
      int eq = part.indexOf('=');
      boolean before = part.startsWith("lt");
      if (!before && !part.startsWith("ge") || eq < 0) {
        throw new IllegalStateException("bad version default for " + setting + ": " + part);
      }
      out.add(
          new SettingSpec.VersionDefault(
              before,
              version(part.substring(2, eq)),
              parseDefault(kind, part.substring(eq + 1), setting)));
    }
    return out;
  }

  /** A default written in flag syntax; "-" is none. */
  static TypedValue parseDefault(ValueKind kind, String raw, String setting) {
    if (raw.equals("-")) {
      return null;
    }
    try {
      if (kind.isMap()) {
        return new TypedValue.MapValue(new TreeMap<>(Values.mapFromFlag(kind, raw)));
      }
      if (kind.valueType() == dev.fleetscore.model.ValueType.LIST) {
        return new TypedValue.ListValue(
            raw.equals("[]") ? List.of() : Values.listFromFlag(kind, raw));
      }
      return Values.scalarFromFlag(kind, raw);
    } catch (BadValueException e) {
      throw new IllegalStateException("bad default for " + setting + ": " + e.getMessage(), e);
    }
  }

  private static List<String[]> rows(String resource, int columns) {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = SpecTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = true;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] c = line.split("\t", -1);
        if (c.length != columns) {
          throw new IllegalStateException(
              resource + ": expected " + columns + " columns, got " + c.length + ": " + line);
        }
        out.add(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
