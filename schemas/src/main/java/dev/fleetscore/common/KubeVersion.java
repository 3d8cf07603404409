package dev.fleetscore.common;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version as platforms print it: {@code v1.26.6-gke.1700}, {@code 1.30}, {@code
 * 1.26.12-20240329} (EKS AMI release), {@code v1.31.4+k3s1}. Ordering compares major, minor and
 * patch, then the numeric GKE build ({@code -gke.N}) when both have one, which is how GKE's version
 * gates such as 1.26.4-gke.500 are defined.
 */
public record KubeVersion(int major, int minor, int patch, String suffix, int gkeBuild)
    implements Comparable<KubeVersion> {

  private static final Pattern P = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?([-+].*)?$");
  private static final Pattern GKE = Pattern.compile("-gke\\.(\\d+)");

  private static final Comparator<KubeVersion> ORDER =
      Comparator.comparingInt(KubeVersion::major)
          .thenComparingInt(KubeVersion::minor)
          .thenComparingInt(KubeVersion::patch)
          .thenComparingInt(KubeVersion::gkeBuild);

  /** Parses {@code s}, or empty when it is not a version. */
  public static Optional<KubeVersion> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    Matcher m = P.matcher(s.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String suffix = m.group(4) == null ? "" : m.group(4);
    Matcher g = GKE.matcher(suffix);
    int gke = g.find() ? Integer.parseInt(g.group(1)) : 0;
    return Optional.of(
        new KubeVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
            suffix,
            gke));
  }

  public boolean atLeast(KubeVersion other) {
    return compareTo(other) >= 0;
  }

  /** True when this version's minor release is at least {@code major.minor}. */
  public boolean atLeastMinor(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public int compareTo(KubeVersion o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + suffix;
  }
}
