package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import java.util.List;

/** The phrases findings are written in, so every rule says where a value came from the same way. */
final class Sentences {

  private Sentences() {}

  /**
   * Where a setting's effective value came from: "from the legacy default, because this kubelet
   * runs without --config", "from --read-only-port at argv[7], overriding CONFIG_FILE
   * /var/lib/kubelet/config.yaml = 0".
   */
  static String provenance(Setting s) {
    StringBuilder sb =
        new StringBuilder(source(s.component(), s.source(), s.origin(), s.flagName()));
    List<String> over = s.overridden();
    if (!over.isEmpty()) {
      sb.append(", overriding ").append(over.get(over.size() - 1));
    }
    if (s.note() != null && !s.note().isBlank()) {
      sb.append(" (").append(s.note()).append(')');
    }
    return sb.toString();
  }

  static String source(Component c, Source source, String origin, String flagName) {
    String comp = c == null ? "component" : c.id();
    return switch (source) {
      case DEFAULT ->
          c == Component.KUBELET
              ? "from the KubeletConfiguration (v1beta1) default"
              : "from the " + comp + " default";
      case LEGACY_DEFAULT -> "from the legacy default, because this kubelet runs without --config";
      case CONFIG_FILE -> "from the config file " + orUnknown(origin);
      case DROP_IN -> "from the drop-in " + orUnknown(origin);
      case FLAG ->
          flagName == null
              ? "from a command-line flag at " + orUnknown(origin)
              : "from " + flagName + (origin == null ? "" : " at " + origin);
      case STATIC_POD_MANIFEST -> "from the static pod manifest " + orUnknown(origin);
      case CLOUD_API -> "from the cloud API" + (origin == null ? "" : " (" + origin + ")");
      case UNSET -> "not set anywhere and without a default";
    };
  }

  private static String orUnknown(String origin) {
    return origin == null ? "(origin unknown)" : origin;
  }

  /** Joins sentences into one, each ending without a period; the result ends with one. */
  static String join(List<String> parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p == null || p.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(p);
    }
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '.') {
      sb.append('.');
    }
    return sb.toString();
  }
}
