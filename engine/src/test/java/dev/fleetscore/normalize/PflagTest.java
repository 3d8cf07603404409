package dev.fleetscore.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PflagTest {

  private static final Pflag.Lookup LOOKUP =
      name ->
          switch (name) {
            case "anonymous-auth", "help" -> Pflag.Shape.BOOL;
            case "read-only-port",
                "config",
                "register-with-taints",
                "pod-infra-container-image",
                "v",
                "node-labels" ->
                Pflag.Shape.VALUE;
            default -> Pflag.Shape.UNKNOWN;
          };

  private static Pflag.Parsed parse(boolean lossy, String... argv) {
    return Pflag.parse(
        List.of(argv), LOOKUP, Map.of('v', "v", 'h', "help"), lossy, Pflag.Mode.PFLAG);
  }

  @Test
  void equalsAndSpaceForms() {
    Pflag.Parsed p = parse(false, "--read-only-port=0", "--config", "/etc/k.yaml");
    assertEquals("0", p.flags().get(0).value());
    assertEquals(1, p.flags().get(0).argvIndex());
    assertEquals("/etc/k.yaml", p.flags().get(1).value());
    assertEquals(2, p.flags().get(1).argvIndex());
    assertTrue(p.flags().get(1).spaceForm());
  }

  @Test
  void spaceFormTakesTheNextTokenUnconditionally() {
    Pflag.Parsed p = parse(false, "--register-with-taints", "--pod-infra-container-image", "x");
    assertEquals("--pod-infra-container-image", p.flags().get(0).value());
    assertEquals(List.of("x"), p.positionals());
  }

  @Test
  void lossyCommandLineAssumesALostEmptyArgument() {
    Pflag.Parsed p = parse(true, "--register-with-taints", "--pod-infra-container-image", "x");
    assertEquals("", p.flags().get(0).value());
    assertEquals("x", p.flags().get(1).value());
    assertTrue(p.warnings().get(0).contains("assumed an empty argument was lost"));
  }

  @Test
  void bareBoolIsTrueAndBoolFalseIsNotFalse() {
    Pflag.Parsed p = parse(false, "--anonymous-auth", "false");
    assertEquals("true", p.flags().get(0).value());
    assertEquals(List.of("false"), p.positionals());
    assertTrue(p.warnings().get(0).contains("sets anonymous-auth to true"));
  }

  @Test
  void underscoreIsDash() {
    assertEquals("read-only-port", parse(false, "--read_only_port=0").flags().get(0).name());
  }

  @Test
  void doubleDashEndsParsing() {
    Pflag.Parsed p = parse(false, "--config=a", "--", "--read-only-port=0");
    assertEquals(1, p.flags().size());
    assertEquals(List.of("--read-only-port=0"), p.positionals());
  }

  @Test
  void shorthands() {
    assertEquals("2", parse(false, "-v=2").flags().get(0).value());
    assertEquals("3", parse(false, "-v", "3").flags().get(0).value());
    assertEquals("4", parse(false, "-v4").flags().get(0).value());
    assertEquals("help", parse(false, "-h").flags().get(0).name());
    Pflag.Parsed bad = parse(false, "-anonymous-auth=false");
    assertTrue(bad.warnings().get(0).contains("unknown shorthand"));
  }

  @Test
  void unknownFlagsAreKept() {
    Pflag.Parsed p = parse(false, "--pod-sysctls=a=1", "--fork-flag", "value", "--fork-bool");
    assertEquals("a=1", p.flags().get(0).value());
    assertEquals("value", p.flags().get(1).value());
    assertNull(p.flags().get(2).value());
  }

  @Test
  void goFlagModeAcceptsSingleDashAndStopsAtPositionals() {
    Pflag.Parsed p =
        Pflag.parse(
            List.of("-data-dir=/var/lib/etcd", "--name", "n1", "extra", "--x=1"),
            n -> Pflag.Shape.VALUE,
            Map.of(),
            false,
            Pflag.Mode.GO_FLAG);
    assertEquals("data-dir", p.flags().get(0).name());
    assertEquals("n1", p.flags().get(1).value());
    assertEquals(List.of("extra", "--x=1"), p.positionals());
  }

  @Test
  void emptyValueWithEquals() {
    assertEquals("", parse(false, "--node-labels=").flags().get(0).value());
  }
}
