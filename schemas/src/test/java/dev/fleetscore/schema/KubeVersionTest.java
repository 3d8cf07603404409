package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.KubeVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeVersionTest {

  @ParameterizedTest
  @CsvSource({
    "v1.26.6-gke.1700, 1, 26, 6, 1700",
    "1.30, 1, 30, 0, 0",
    "1.26.12-20240329, 1, 26, 12, 0",
    "v1.31.4+k3s1, 1, 31, 4, 0",
    "1.34.0-gke.1662000, 1, 34, 0, 1662000",
  })
  void parsesPlatformSpellings(String s, int major, int minor, int patch, int gke) {
    KubeVersion v = KubeVersion.parse(s).orElseThrow();
    assertEquals(major, v.major());
    assertEquals(minor, v.minor());
    assertEquals(patch, v.patch());
    assertEquals(gke, v.gkeBuild());
  }

  @ParameterizedTest
  @CsvSource({
    "1.26.4-gke.500, 1.26.4-gke.500, true",
    "1.26.4-gke.499, 1.26.4-gke.500, false",
    "1.26.5-gke.100, 1.26.4-gke.500, true",
    "1.25.16-gke.1000, 1.26.4-gke.500, false",
    "1.27.0-gke.1, 1.26.4-gke.500, true",
  })
  void gkeGateOrdering(String v, String gate, boolean atLeast) {
    assertEquals(
        atLeast, KubeVersion.parse(v).orElseThrow().atLeast(KubeVersion.parse(gate).orElseThrow()));
  }

  @ParameterizedTest
  @CsvSource({"latest", "''", "1", "v1.x"})
  void rejectsNonVersions(String s) {
    assertFalse(KubeVersion.parse(s).isPresent());
    assertTrue(KubeVersion.parse("1.2").isPresent());
  }
}
