package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.EvidenceNormalizerTest.scored;
import static dev.fleetscore.normalize.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.schema.EffectiveSettingRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Map settings (feature gates, eviction thresholds, reserved resources, labels) get one
 * effective_settings row per key, named {@code map[key]}, with the layer that set that key: the
 * kubelet merges these maps key by key (ground truth section 2).
 */
class MapKeyProvenanceTest {

  private static final String CONFIG = "/var/lib/kubelet/config.yaml";
  private static final String DROP_IN = "/etc/kubernetes/kubelet.conf.d/10-x.conf";

  private static final String FILE =
      "apiVersion: kubelet.config.k8s.io/v1beta1\n"
          + "kind: KubeletConfiguration\n"
          + "featureGates: {SeccompDefault: true, RotateKubeletServerCertificate: true}\n"
          + "evictionHard: {memory.available: 200Mi, nodefs.available: 10%}\n"
          + "kubeReserved: {cpu: 100m, memory: 1Gi}\n";

  /** The key rows of one map setting: key to "SOURCE origin value". */
  private static Map<String, String> keys(NormalizeResult.Scored s, String map) {
    Map<String, String> out = new TreeMap<>();
    for (EffectiveSettingRow r : s.settings()) {
      if (map.equals(r.getMapSetting())) {
        assertEquals(map + "[" + r.getMapKey() + "]", r.getSetting());
        out.put(r.getMapKey(), r.getSource() + " " + r.getOrigin() + " " + r.getValue());
      }
    }
    return out;
  }

  private static EffectiveSettingRow row(NormalizeResult.Scored s, String setting) {
    return s.settings().stream()
        .filter(r -> r.getSetting().equals(setting))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + setting));
  }

  @Test
  void dropInsMergePerKeyAndFlagGatesWinPerKey() {
    String dropIn =
        "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\","
            + "\"featureGates\":{\"Extra\":true},\"evictionHard\":{\"memory.available\":\"500Mi\"},"
            + "\"kubeReserved\":{\"cpu\":\"250m\"}}";
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .kubeletVersion("v1.33.2")
                .kubeletCmdline(
                    "--config=" + CONFIG,
                    "--config-dir=/etc/kubernetes/kubelet.conf.d",
                    "--feature-gates=SeccompDefault=false,NewGate=true")
                .config(CONFIG, "KUBELET_CONFIG", FILE)
                .config(DROP_IN, "KUBELET_DROPIN", dropIn)
                .build());
    // Feature gates: the command line wins per key, file and drop-in gates it does not name stay.
    assertEquals(
        Map.of(
            "Extra",
            "DROP_IN " + DROP_IN + " true",
            "NewGate",
            "FLAG argv[3] true",
            "RotateKubeletServerCertificate",
            "CONFIG_FILE " + CONFIG + " true",
            "SeccompDefault",
            "FLAG argv[3] false"),
        keys(s, "featureGates"));
    assertEquals("BOOL", row(s, "featureGates[SeccompDefault]").getValueType());
    // The drop-in's JSON merge patch changes only the keys it names.
    assertEquals(
        Map.of(
            "memory.available", "DROP_IN " + DROP_IN + " 500Mi",
            "nodefs.available", "CONFIG_FILE " + CONFIG + " 10%"),
        keys(s, "evictionHard"));
    assertEquals(
        Map.of("cpu", "DROP_IN " + DROP_IN + " 250m", "memory", "CONFIG_FILE " + CONFIG + " 1Gi"),
        keys(s, "kubeReserved"));
    // The map's own row stays, without map columns; rows stay in setting order.
    EffectiveSettingRow map = row(s, "featureGates");
    assertNull(map.getMapSetting());
    assertNull(map.getMapKey());
    List<String> names = s.settings().stream().map(EffectiveSettingRow::getSetting).toList();
    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  void aMapFlagReplacesTheFilesMapAndRepeatsAccumulate() {
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .kubeletVersion("v1.33.2")
                .kubeletCmdline(
                    "--config=" + CONFIG,
                    "--eviction-hard=memory.available<300Mi",
                    "--eviction-hard=imagefs.available<20%",
                    "--node-labels=team=a",
                    "--node-labels=tier=web")
                .config(CONFIG, "KUBELET_CONFIG", FILE)
                .build());
    // The first --eviction-hard clears the file's map; later occurrences add keys.
    assertEquals(
        Map.of(
            "imagefs.available", "FLAG argv[3] 20%",
            "memory.available", "FLAG argv[2] 300Mi"),
        keys(s, "evictionHard"));
    assertEquals(
        Map.of("team", "FLAG argv[4] a", "tier", "FLAG argv[5] web"), keys(s, "node-labels"));
    // A map only the file sets: every key from the file.
    assertEquals(
        Map.of(
            "cpu", "CONFIG_FILE " + CONFIG + " 100m", "memory", "CONFIG_FILE " + CONFIG + " 1Gi"),
        keys(s, "kubeReserved"));
  }

  @Test
  void defaultMapKeysAreDefaults() {
    NormalizeResult.Scored s =
        scored(
            node("kubeadm")
                .kubeletVersion("v1.33.2")
                .kubeletCmdline("--config=" + CONFIG, "--feature-gates=A=true")
                .config(
                    CONFIG,
                    "KUBELET_CONFIG",
                    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n")
                .build());
    assertEquals(Map.of("A", "FLAG argv[2] true"), keys(s, "featureGates"));
    Map<String, String> eviction = keys(s, "evictionHard");
    // evictionHard is emitted only when a layer set it; when it is, defaults read DEFAULT.
    eviction.values().forEach(v -> assertEquals("DEFAULT", v.split(" ")[0], v));
  }
}
