package dev.fleetscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The normalizer's trace entries read back exactly as written (what explain relies on). */
class SettingStepTest {

  @Test
  void roundTrips() {
    for (Setting.Step s :
        List.of(
            new Setting.Step(Source.DEFAULT, null, "0"),
            new Setting.Step(Source.LEGACY_DEFAULT, null, "10255"),
            new Setting.Step(Source.CONFIG_FILE, "/etc/kubernetes/kubelet config.yaml", "0s"),
            new Setting.Step(Source.FLAG, "argv[19]", "a = b"),
            new Setting.Step(Source.DEFAULT, "k3s default for kube-apiserver", "false"))) {
      assertEquals(s, Setting.Step.parse(s.toString()));
    }
    assertEquals(
        "FLAG argv[3] = 10255", new Setting.Step(Source.FLAG, "argv[3]", "10255").toString());
    assertThrows(IllegalArgumentException.class, () -> Setting.Step.parse("garbage"));
  }

  @Test
  void stepsReadOverridden() {
    Setting s =
        new Setting(
            Component.KUBELET,
            "readOnlyPort",
            new TypedValue.Int(0),
            Source.FLAG,
            "argv[8]",
            "--read-only-port",
            "0",
            List.of("LEGACY_DEFAULT = 10255", "DROP_IN /etc/k.conf.d/50.conf = 10255"),
            null);
    assertEquals(
        List.of(
            new Setting.Step(Source.LEGACY_DEFAULT, null, "10255"),
            new Setting.Step(Source.DROP_IN, "/etc/k.conf.d/50.conf", "10255")),
        s.steps());
  }
}
