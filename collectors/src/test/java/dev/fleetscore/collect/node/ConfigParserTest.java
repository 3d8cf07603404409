package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parse limits and the warnings a parsed document can carry. */
class ConfigParserTest {

  private static final String KUBELET =
      "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";

  @Test
  void aTooDeepDocumentIsAParseErrorNotAStackOverflow() {
    for (String text :
        new String[] {
          "[".repeat(10_000) + "]".repeat(10_000),
          KUBELET + "x: " + "[".repeat(10_000) + "]".repeat(10_000),
          "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
          KUBELET + "a: &a [1]\nb: " + "[".repeat(5_000) + "*a" + "]".repeat(5_000),
          KUBELET + "a: &x [1, {b: *x}]\n"
        }) {
      ConfigParser.Parsed p = ConfigParser.parse("/var/lib/kubelet/config.yaml", text);
      assertEquals("TOO_DEEP", p.errorCode(), p.error());
      assertNull(p.content());
      assertTrue(p.error().length() <= 300 && !p.error().contains("\n"), p.error());
    }
  }

  @Test
  void duplicateKeysAreWarnedAndTheLastValueIsKept() {
    ConfigParser.Parsed p =
        ConfigParser.parse(
            "/var/lib/kubelet/config.yaml",
            KUBELET
                + "readOnlyPort: 0\nauthentication:\n  anonymous:\n    enabled: false\n"
                + "    enabled: true\nreadOnlyPort: 10255\n");
    assertNull(p.error());
    assertEquals(10255, p.content().path("readOnlyPort").intValue());
    assertTrue(p.content().path("authentication").path("anonymous").path("enabled").booleanValue());
    assertEquals(
        List.of(
            new ConfigParser.Warning(
                "DUPLICATE_KEY",
                "duplicate key 'enabled' at line 7 (first at line 6); the last value is kept"),
            new ConfigParser.Warning(
                "DUPLICATE_KEY",
                "duplicate key 'readOnlyPort' at line 8 (first at line 3); the last value is"
                    + " kept")),
        p.warnings());
    ConfigParser.Parsed json =
        ConfigParser.parse("/etc/kubernetes/kubelet.json", "{\"port\": 1, \"port\": 2}");
    assertEquals(2, json.content().path("port").intValue());
    assertEquals("DUPLICATE_KEY", json.warnings().get(0).code());
  }

  @Test
  void aSecondDocumentIsWarnedAndOnlyTheFirstIsRead() {
    ConfigParser.Parsed p =
        ConfigParser.parse(
            "/var/lib/kubelet/config.yaml",
            KUBELET + "readOnlyPort: 0\n---\nreadOnlyPort: 10255\n");
    assertEquals(0, p.content().path("readOnlyPort").intValue());
    assertEquals(
        List.of(
            new ConfigParser.Warning(
                "SECOND_DOCUMENT",
                "a second YAML document follows the first at line 5; only the first document is"
                    + " read")),
        p.warnings());
    ConfigParser.Parsed clean =
        ConfigParser.parse("/var/lib/kubelet/config.yaml", "---\n" + KUBELET + "---\n");
    assertEquals(List.of(), clean.warnings());
  }
}
