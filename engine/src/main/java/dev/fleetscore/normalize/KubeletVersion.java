package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.KubeletResolver.TABLE;

import dev.fleetscore.common.KubeVersion;
import java.util.Optional;
import java.util.Set;

/**
 * What is known of the kubelet's version: exactly from {@code --version} or the dump's
 * kubelet_version, bounded by the flags it runs with (removed flags, {@code --config-dir}, in-tree
 * cloud providers).
 */
final class KubeletVersion {

  private static final Set<String> IN_TREE_CLOUDS =
      Set.of("aws", "gce", "azure", "openstack", "vsphere");

  private static final KubeVersion V1_31 = KubeVersion.parse("1.31").orElseThrow();
  private static final KubeVersion V1_28 = KubeVersion.parse("1.28").orElseThrow();

  private KubeletVersion() {}

  static VersionHint of(Pflag.Parsed parsed, String dumpVersion, KubeletSlots kubelet) {
    VersionHint h = VersionHint.UNKNOWN;
    Optional<KubeVersion> dv = KubeVersion.parse(dumpVersion);
    String flagVersion = KubeletResolver.lastValue(parsed, "version");
    Optional<KubeVersion> fv =
        flagVersion == null || flagVersion.equals("raw")
            ? Optional.empty()
            : KubeVersion.parse(flagVersion);
    if (fv.isPresent()) {
      h = h.withExact(fv.get(), "--version=" + flagVersion);
      if (dv.isPresent() && !dv.get().toString().equals(fv.get().toString())) {
        kubelet.warnings.add(
            "node_dumps.kubelet_version "
                + dumpVersion
                + " differs from --version="
                + flagVersion
                + "; the flag is used");
      }
    } else if (dv.isPresent()) {
      h = h.withExact(dv.get(), "node_dumps.kubelet_version");
    }
    for (Pflag.Occurrence o : parsed.flags()) {
      SettingSpec s = TABLE.byFlag(o.name());
      if (s == null) {
        continue;
      }
      if (s.removedIn() != null) {
        kubelet.removedFlags.add("--" + o.name());
        h =
            h.withBelow(
                s.removedIn(),
                "it runs with --" + o.name() + ", removed in " + VersionHint.minor(s.removedIn()));
      }
      if (o.name().equals("config-dir")) {
        h = h.withAtLeast(V1_28, "it runs with --config-dir, added in 1.28");
      }
      if (o.name().equals("cloud-provider")
          && o.value() != null
          && IN_TREE_CLOUDS.contains(o.value())) {
        h =
            h.withBelow(
                V1_31,
                "it runs with --cloud-provider="
                    + o.value()
                    + "; in-tree cloud providers were removed in 1.31");
      }
    }
    if (h.contradicts()) {
      kubelet.warnings.add(
          "version evidence disagrees: "
              + h.exact().get()
              + " ("
              + h.exactBasis()
              + ") but flags say "
              + new VersionHint(
                      Optional.empty(),
                      null,
                      h.atLeast(),
                      h.atLeastBasis(),
                      h.below(),
                      h.belowBasis())
                  .describe());
    }
    return h;
  }
}
