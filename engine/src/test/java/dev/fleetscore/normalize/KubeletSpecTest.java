package dev.fleetscore.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.TypedValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kubelet table covers every flag of docs/reference/kubelet-flag-table.md, with its field and
 * Go type.
 */
class KubeletSpecTest {

  /** The reference doc the table was generated from, read where the docs keep it. */
  private static String doc() throws IOException {
    return Files.readString(
        Path.of("..", "docs", "reference", "kubelet-flag-table.md"), StandardCharsets.UTF_8);
  }

  @Test
  void everyFlagOfTheDocIsInTheTable() throws IOException {
    int rows = 0;
    List<String> problems = new ArrayList<>();
    for (String line : doc().split("\n")) {
      if (!line.startsWith("| `--")) {
        continue;
      }
      rows++;
      String[] c = line.split("\\|");
      String flag = c[1].trim().replace("`", "").substring(2);
      String field = c[2].trim().replace("`", "");
      boolean pointer = c[3].trim().startsWith("*");
      SettingSpec s = KubeletResolver.TABLE.byFlag(flag);
      if (s == null) {
        problems.add("missing flag " + flag);
        continue;
      }
      if (!s.setting().equals(field)) {
        problems.add(flag + " maps to " + s.setting() + ", the doc says " + field);
      }
      if (s.pointer() != pointer) {
        problems.add(flag + " pointer " + s.pointer() + ", the doc says " + pointer);
      }
    }
    assertEquals(100, rows, "the doc's flag table has 100 rows");
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void loggingAndConfigOnlyFieldsOfTheDocAreInTheTable() throws IOException {
    String d = doc();
    for (String flag :
        List.of(
            "logging-format",
            "log-flush-frequency",
            "v",
            "vmodule",
            "log-text-split-stream",
            "log-text-info-buffer-size",
            "log-json-split-stream",
            "log-json-info-buffer-size")) {
      assertNotNull(KubeletResolver.TABLE.byFlag(flag), flag);
    }
    String configOnly = d.substring(d.indexOf("CONFIG-ONLY FIELDS"));
    configOnly = configOnly.substring(configOnly.indexOf(':', configOnly.indexOf(')')) + 1);
    int n = 0;
    for (String part : configOnly.split(",")) {
      String field = part.trim().replace("`", "");
      if (field.isEmpty()) {
        continue;
      }
      n++;
      boolean found =
          KubeletResolver.TABLE.bySetting(field) != null
              || KubeletResolver.TABLE.specs().stream()
                  .anyMatch(s -> s.setting().startsWith(field + "."));
      assertTrue(found, "config-only field " + field);
    }
    assertEquals(23, n);
  }

  @Test
  void legacyDefaultsAreExactlyTheFourOfApplyLegacyDefaults() {
    List<String> legacy = new ArrayList<>();
    for (SettingSpec s : KubeletResolver.TABLE.specs()) {
      if (s.legacyDefault() != null) {
        legacy.add(s.setting() + "=" + s.legacyDefault().canonical());
      }
    }
    assertEquals(
        List.of(
            "readOnlyPort=10255",
            "authentication.anonymous.enabled=true",
            "authentication.webhook.enabled=false",
            "authorization.mode=AlwaysAllow"),
        legacy);
  }

  @Test
  void defaultsAreTyped() {
    assertEquals(
        new TypedValue.Duration(4L * 3600 * 1_000_000_000L),
        KubeletResolver.TABLE.bySetting("streamingConnectionIdleTimeout").defaultValue());
    assertEquals(
        "{\"imagefs.available\":\"15%\",\"memory.available\":\"100Mi\",\"nodefs.available\":\"10%\",\"nodefs.inodesFree\":\"5%\"}",
        KubeletResolver.TABLE.bySetting("evictionHard").defaultValue().canonical());
    assertEquals(
        "[\"pods\"]",
        KubeletResolver.TABLE.bySetting("enforceNodeAllocatable").defaultValue().canonical());
    assertTrue(
        KubeletResolver.TABLE.bySetting("readOnlyPort").defaultValue() instanceof TypedValue.Int);
  }

  @Test
  void removedFlagsCarryTheirRelease() {
    assertEquals(
        "1.27", VersionHint.minor(KubeletResolver.TABLE.byFlag("container-runtime").removedIn()));
    assertEquals(
        "1.31",
        VersionHint.minor(KubeletResolver.TABLE.byFlag("keep-terminated-pod-volumes").removedIn()));
    assertEquals(
        "1.24", VersionHint.minor(KubeletResolver.TABLE.byFlag("network-plugin").removedIn()));
    assertEquals(
        "1.26", VersionHint.minor(KubeletResolver.TABLE.byFlag("logtostderr").removedIn()));
  }
}
