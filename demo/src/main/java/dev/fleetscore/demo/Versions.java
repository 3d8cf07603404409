package dev.fleetscore.demo;

import dev.fleetscore.common.KubeVersion;

/** Version arithmetic for the generator: which flags and fields a kubelet of a version knows. */
final class Versions {

  private Versions() {}

  static int minor(String version) {
    return KubeVersion.parse(version)
        .orElseThrow(() -> new IllegalArgumentException("not a version: " + version))
        .minor();
  }
}
