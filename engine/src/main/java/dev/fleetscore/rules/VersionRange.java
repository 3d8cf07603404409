package dev.fleetscore.rules;

import dev.fleetscore.common.KubeVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version constraint such as {@code >=1.27} or {@code >=1.24, <1.30}: every
 * comma-separated bound must hold. Versions compare as {@link KubeVersion} does (major, minor,
 * patch, then the GKE build), so {@code >=1.26.4-gke.500} is a GKE version gate.
 */
final class VersionRange {

  private static final Pattern TERM = Pattern.compile("\\s*(>=|<=|>|<|==)\\s*(\\S+)\\s*");

  private record Bound(String op, KubeVersion version) {}

  private final String text;
  private final List<Bound> bounds;

  private VersionRange(String text, List<Bound> bounds) {
    this.text = text;
    this.bounds = bounds;
  }

  /** Parses {@code text}, or throws with the reason (the caller adds the position). */
  static VersionRange parse(String text) {
    List<Bound> bounds = new ArrayList<>();
    for (String part : text.split(",")) {
      Matcher m = TERM.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "'" + part.trim() + "' is not a version bound such as >=1.27 or <1.32");
      }
      KubeVersion v =
          KubeVersion.parse(m.group(2))
              .orElseThrow(
                  () -> new IllegalArgumentException("'" + m.group(2) + "' is not a version"));
      bounds.add(new Bound(m.group(1), v));
    }
    return new VersionRange(text.trim(), List.copyOf(bounds));
  }

  boolean contains(KubeVersion v) {
    for (Bound b : bounds) {
      int c = v.compareTo(b.version());
      boolean ok =
          switch (b.op()) {
            case ">=" -> c >= 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            case "<" -> c < 0;
            default -> c == 0;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
