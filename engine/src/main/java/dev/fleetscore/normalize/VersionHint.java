package dev.fleetscore.normalize;

import dev.fleetscore.common.KubeVersion;
import java.util.Optional;

/**
 * What is known of a kubelet's release: an exact version (node_dumps.kubelet_version, or GKE's
 * {@code --version=v1.26.6-gke.1700}), or bounds from flags a release added or removed (a removed
 * flag makes the kubelet exit at startup, so a running kubelet that carries one is older than the
 * release that removed it). Used where defaults differ by release.
 *
 * @param exact the exact version, when stated
 * @param exactBasis where the exact version came from
 * @param atLeast lower bound (inclusive, minor release), when a flag proves it
 * @param atLeastBasis the evidence for the lower bound
 * @param below upper bound (exclusive, minor release), when a removed flag proves it
 * @param belowBasis the evidence for the upper bound
 */
public record VersionHint(
    Optional<KubeVersion> exact,
    String exactBasis,
    Optional<KubeVersion> atLeast,
    String atLeastBasis,
    Optional<KubeVersion> below,
    String belowBasis) {

  public static final VersionHint UNKNOWN =
      new VersionHint(Optional.empty(), null, Optional.empty(), null, Optional.empty(), null);

  /** Whether the kubelet's minor release is older than {@code v}'s; empty when unknown. */
  public Optional<Boolean> below(KubeVersion v) {
    if (exact.isPresent()) {
      return Optional.of(!exact.get().atLeastMinor(v.major(), v.minor()));
    }
    if (atLeast.isPresent() && atLeast.get().atLeastMinor(v.major(), v.minor())) {
      return Optional.of(false);
    }
    if (below.isPresent() && v.atLeastMinor(below.get().major(), below.get().minor())) {
      return Optional.of(true);
    }
    return Optional.empty();
  }

  public VersionHint withExact(KubeVersion v, String basis) {
    return new VersionHint(Optional.of(v), basis, atLeast, atLeastBasis, below, belowBasis);
  }

  /** Tightens the upper bound to {@code v} when lower than the current one. */
  public VersionHint withBelow(KubeVersion v, String basis) {
    if (below.isPresent() && !below.get().atLeastMinor(v.major(), v.minor())) {
      return this;
    }
    if (below.isPresent() && below.get().minor() == v.minor() && below.get().major() == v.major()) {
      return this;
    }
    return new VersionHint(exact, exactBasis, atLeast, atLeastBasis, Optional.of(v), basis);
  }

  /** Raises the lower bound to {@code v} when higher than the current one. */
  public VersionHint withAtLeast(KubeVersion v, String basis) {
    if (atLeast.isPresent() && atLeast.get().atLeastMinor(v.major(), v.minor())) {
      return this;
    }
    return new VersionHint(exact, exactBasis, Optional.of(v), basis, below, belowBasis);
  }

  /** A sentence for notes: what is known and why. */
  public String describe() {
    if (exact.isPresent()) {
      return "this kubelet is " + exact.get() + " (" + exactBasis + ")";
    }
    StringBuilder sb = new StringBuilder();
    atLeast.ifPresent(
        v ->
            sb.append("this kubelet is ")
                .append(minor(v))
                .append(" or newer (")
                .append(atLeastBasis)
                .append(')'));
    below.ifPresent(
        v -> {
          if (sb.length() > 0) {
            sb.append(" and ");
          } else {
            sb.append("this kubelet is ");
          }
          sb.append("older than ").append(minor(v)).append(" (").append(belowBasis).append(')');
        });
    return sb.length() == 0 ? "the kubelet version is unknown" : sb.toString();
  }

  /** The best short text for NodeFacts.kubeletVersion: the exact version, else empty. */
  public Optional<String> exactText() {
    return exact.map(KubeVersion::toString);
  }

  /** True when bounds contradict the exact version (a flag its release does not have). */
  public boolean contradicts() {
    if (exact.isEmpty()) {
      return false;
    }
    KubeVersion e = exact.get();
    boolean belowBad =
        below.isPresent() && e.atLeastMinor(below.get().major(), below.get().minor());
    boolean aboveBad =
        atLeast.isPresent() && !e.atLeastMinor(atLeast.get().major(), atLeast.get().minor());
    return belowBad || aboveBad;
  }

  static String minor(KubeVersion v) {
    return v.major() + "." + v.minor();
  }
}
