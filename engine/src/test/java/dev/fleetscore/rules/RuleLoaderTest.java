package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.FindingRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict loading: every kind of bad rule file fails with its file, line and a clear reason. */
class RuleLoaderTest {

  static final String PACK =
      "pack: test\n"
          + "version: 0.1.0\n"
          + "title: test pack\n"
          + "frameworks:\n"
          + "  test-1: {title: Test framework, source: this test}\n"
          + "files: [rules.yaml]\n";

  static PackSource pack(String rules) {
    return pack(PACK, rules);
  }

  static PackSource pack(String packYaml, String rules) {
    TreeMap<String, byte[]> files = new TreeMap<>();
    files.put("pack.yaml", packYaml.getBytes(StandardCharsets.UTF_8));
    files.put("rules.yaml", rules.getBytes(StandardCharsets.UTF_8));
    return new PackSource("test", files);
  }

  /** A valid one-rule file; cases replace one line of it. */
  static final String RULE =
      "rules:\n" // 1
          + "  - id: test-1/port\n" // 2
          + "    title: read-only port closed\n" // 3
          + "    controls: [\"test-1:port\"]\n" // 4
          + "    severity: HIGH\n" // 5
          + "    scope: node\n" // 6
          + "    component: kubelet\n" // 7
          + "    check: {setting: \"kubelet:readOnlyPort\", op: eq, value: 0}\n"; // 8

  static String withLine(int line, String text) {
    String[] lines = RULE.split("\n", -1);
    lines[line - 1] = text;
    return String.join("\n", lines);
  }

  static Stream<Arguments> badRules() {
    return Stream.of(
        Arguments.of(
            "unknown key in a rule",
            withLine(5, "    severty: HIGH"),
            5,
            "unknown key 'severty' in a rule"),
        Arguments.of(
            "unknown key in a test",
            withLine(8, "    check: {setting: \"kubelet:readOnlyPort\", op: eq, valeu: 0}"),
            8,
            "unknown key 'valeu'"),
        Arguments.of(
            "unknown operator",
            withLine(8, "    check: {setting: \"kubelet:readOnlyPort\", op: equals, value: 0}"),
            8,
            "unknown operator 'equals'"),
        Arguments.of(
            "bad regex",
            withLine(
                8, "    check: {setting: \"kubelet:readOnlyPort\", op: matches, value: \"([0-9\"}"),
            8,
            "bad regex '([0-9'"),
        Arguments.of(
            "wrong value type for an ordering operator",
            withLine(8, "    check: {setting: \"kubelet:readOnlyPort\", op: gte, value: \"many\"}"),
            8,
            "gte compares integers, durations or quantities"),
        Arguments.of(
            "value not of the declared type",
            withLine(
                8,
                "    check: {setting: \"kubelet:streamingConnectionIdleTimeout\", op: gt, value: 4d, type: duration}"),
            8,
            "'4d' is not a Go duration"),
        Arguments.of(
            "wrong type for a field",
            "rules:\n"
                + "  - id: test-1/mode\n"
                + "    title: t\n"
                + "    controls: [\"test-1:mode\"]\n"
                + "    severity: LOW\n"
                + "    scope: node\n"
                + "    check: {files: kubelet.config, field: mode, op: mode_at_most, value: \"rw-------\"}\n",
            7,
            "mode_at_most needs an octal mode"),
        Arguments.of(
            "a boolean where an integer is expected",
            withLine(
                8,
                "    check: {setting: \"kubelet:readOnlyPort\", op: eq, value: true, type: int}"),
            8,
            "must be an integer, not the boolean true"),
        Arguments.of(
            "unknown framework reference",
            withLine(4, "    controls: [\"cis-kubernetes-9.9:4.2.4\"]"),
            4,
            "unknown framework 'cis-kubernetes-9.9'"),
        Arguments.of(
            "duplicate rule id",
            RULE + RULE.substring("rules:\n".length()),
            9,
            "duplicate rule id 'test-1/port' (first defined at test/rules.yaml:2:"),
        Arguments.of(
            "unknown field",
            "rules:\n"
                + "  - id: test-1/cert\n"
                + "    title: t\n"
                + "    controls: [\"test-1:cert\"]\n"
                + "    severity: LOW\n"
                + "    scope: node\n"
                + "    check: {certificates: all, field: expiry_days, op: gte, value: 0}\n",
            7,
            "unknown field 'expiry_days' of certificate"),
        Arguments.of(
            "unknown file role",
            withLine(
                8,
                "    check: {files: kubelet.cfg, field: mode, op: mode_at_most, value: \"600\"}"),
            8,
            "unknown file role 'kubelet.cfg'"),
        Arguments.of(
            "unknown component",
            withLine(7, "    component: kubelett"),
            7,
            "unknown component 'kubelett'"),
        Arguments.of(
            "unknown provider", withLine(7, "    providers: [gek]"), 7, "unknown provider 'gek'"),
        Arguments.of(
            "bad version range",
            withLine(7, "    versions: \"~1.27\""),
            7,
            "'~1.27' is not a version bound"),
        Arguments.of(
            "YAML 1.1 boolean",
            withLine(
                8, "    check: {setting: \"kubelet:makeIPTablesUtilChains\", op: eq, value: yes}"),
            8,
            "write booleans as true or false, not 'yes'"),
        Arguments.of(
            "octal-looking integer",
            withLine(8, "    check: {setting: \"kubelet:readOnlyPort\", op: eq, value: 010255}"),
            8,
            "write the integer 010255 in plain decimal"),
        Arguments.of(
            "duplicate YAML key",
            withLine(7, "    severity: LOW"),
            7,
            "duplicate key 'severity' (first at line 5)"),
        Arguments.of(
            "is_set takes no value",
            withLine(8, "    check: {setting: \"kubelet:readOnlyPort\", op: is_set, value: 0}"),
            8,
            "is_set takes no value"),
        Arguments.of(
            "operator without its value",
            withLine(8, "    check: {setting: \"kubelet:readOnlyPort\", op: eq}"),
            8,
            "eq needs a 'value'"),
        Arguments.of(
            "missing evidence may not pass",
            withLine(
                8,
                "    check: {files: kubelet.config, field: mode, op: mode_at_most, value: \"600\", if_missing: PASS}"),
            8,
            "missing evidence is never PASS"),
        Arguments.of(
            "a cluster subject in a node rule",
            withLine(8, "    check: {pools: all, field: name, op: eq, value: x}"),
            8,
            "'pools' is not available in a node-scoped rule"),
        Arguments.of(
            "a setting name without its component",
            withLine(8, "    check: {setting: readOnlyPort, op: eq, value: 0}"),
            8,
            "setting must be component:name"),
        Arguments.of(
            "map operator on a declared integer",
            withLine(
                8,
                "    check: {setting: \"kubelet:readOnlyPort\", op: has_key, value: a, type: int}"),
            8,
            "has_key judges maps, not an integer"),
        Arguments.of(
            "value_from with eq",
            withLine(
                8,
                "    check: {certificates: all, field: sha256_fingerprint, op: eq, value_from: {pools: name}}"),
            8,
            "value_from works with in and not_in only"),
        Arguments.of(
            "override of nothing",
            withLine(7, "    override: true"),
            2,
            "is marked override but no earlier pack defines it"),
        Arguments.of(
            "depends_on a dependency nothing decides",
            withLine(7, "    depends_on: kube-proxy"),
            7,
            "depends_on 'kube-proxy' is not a dependency fleetscore can decide (known: etcd)"),
        Arguments.of("not YAML", "rules:\n  - id: x\n   title: [\n", 3, "not valid YAML"),
        Arguments.of("YAML alias", "a: &x 1\nrules: *x\n", 2, "YAML aliases"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRules")
  void badRuleFilesFailWithFileAndLine(String name, String rules, int line, String words) {
    RuleLoadException e =
        assertThrows(RuleLoadException.class, () -> RuleLoader.compile(List.of(pack(rules))));
    assertTrue(
        e.getMessage().startsWith("test/rules.yaml:" + line + ":"),
        "expected test/rules.yaml:" + line + ": in: " + e.getMessage());
    assertTrue(e.getMessage().contains(words), "expected '" + words + "' in: " + e.getMessage());
    assertTrue(e instanceof UserError, "a bad rule file is a user error (exit code 3)");
  }

  @Test
  void theValidRuleLoadsAndEvaluates() {
    RuleSet set = RuleLoader.compile(List.of(pack(RULE)));
    assertEquals(1, set.rules().size());
    RuleInfo r = set.rules().get(0);
    assertEquals("test-1/port", r.id());
    assertTrue(r.packVersion().startsWith("test@0.1.0+"), r.packVersion());
    assertEquals("kubelet readOnlyPort is 0.", r.expected());
  }

  @Test
  void packYamlIsStrictToo() {
    RuleLoadException e =
        assertThrows(
            RuleLoadException.class,
            () -> RuleLoader.compile(List.of(pack(PACK + "licence: MIT\n", RULE))));
    assertTrue(
        e.getMessage().startsWith("test/pack.yaml:7:1: unknown key 'licence'"), e.getMessage());
  }

  @Test
  void aFrameworkDeclaredTwiceFails() {
    String other = PACK.replace("pack: test", "pack: other");
    RuleLoadException e =
        assertThrows(
            RuleLoadException.class,
            () -> RuleLoader.compile(List.of(pack(RULE), pack(other, "rules: []\n"))));
    assertTrue(
        e.getMessage().contains("framework 'test-1' is already declared by pack test"),
        e.getMessage());
  }

  @Test
  void theContentHashFollowsEveryByte() {
    String v1 = RuleLoader.compile(List.of(pack(RULE))).packVersions().get(0);
    String v2 = RuleLoader.compile(List.of(pack(RULE + "# a comment\n"))).packVersions().get(0);
    String v1again = RuleLoader.compile(List.of(pack(RULE))).packVersions().get(0);
    assertEquals(v1, v1again);
    assertNotEquals(v1, v2);
    assertTrue(v1.matches("test@0\\.1\\.0\\+[0-9a-f]{16}"), v1);
  }

  @Test
  void builtInPacksLoadWithTheirFrameworks() {
    RuleSet set = RuleLoader.compile(RuleLoader.builtinSources());
    assertEquals(
        List.of("cis-eks-1.8.0", "cis-gke-1.6.0", "cis-kubernetes-1.12", "fleetscore-1"),
        List.copyOf(set.frameworks().keySet()));
    assertEquals(4, set.packVersions().size());
    // Every rule names at least one control of a declared framework.
    for (RuleInfo r : set.rules()) {
      assertTrue(!r.frameworkIds().isEmpty(), r.id());
      for (String fid : r.frameworkIds()) {
        assertTrue(set.frameworks().containsKey(fid.substring(0, fid.indexOf(':'))), fid);
      }
    }
  }

  private static void write(Path p, String text) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void aRulesDirectoryAddsPacksAndOverridesRules(@TempDir Path dir) throws IOException {
    String ownPack =
        "pack: site\nversion: 2.0.0\ntitle: site rules\nframeworks:\n"
            + "  site-1: {title: Site baseline, source: our security team}\nfiles: [kubelet.yaml]\n";
    String ownRules =
        "rules:\n"
            + "  - id: cis-kubernetes-1.12/4.2.13\n"
            + "    override: true\n"
            + "    title: \"Ensure that a limit is set on pod PIDs (site: at most 8192)\"\n"
            + "    controls: [\"cis-kubernetes-1.12:4.2.13\", \"site-1:pids\"]\n"
            + "    severity: HIGH\n"
            + "    scope: node\n"
            + "    component: kubelet\n"
            + "    check:\n"
            + "      all:\n"
            + "        - {setting: \"kubelet:podPidsLimit\", op: gt, value: 0, type: int}\n"
            + "        - {setting: \"kubelet:podPidsLimit\", op: lte, value: 8192, type: int}\n";
    write(dir.resolve("site/pack.yaml"), ownPack);
    write(dir.resolve("site/kubelet.yaml"), ownRules);
    RuleEngine engine = RuleEngine.load(List.of(dir), null);
    assertTrue(engine.frameworks().contains("site-1"));
    RuleInfo r =
        engine.ruleSet().rules().stream()
            .filter(x -> x.id().equals("cis-kubernetes-1.12/4.2.13"))
            .findFirst()
            .orElseThrow();
    assertEquals("site", r.pack());
    assertEquals("HIGH", r.severity());
    List<FindingRow> f =
        engine.evaluateNode(
            Fixtures.node(
                Fixtures.yaml(
                    "components: {kubelet: {settings: {podPidsLimit: {value: 100000}}}}")),
            Fixtures.CTX);
    FindingRow pids =
        f.stream()
            .filter(x -> x.getRuleId().equals("cis-kubernetes-1.12/4.2.13"))
            .findFirst()
            .orElseThrow();
    assertEquals("FAIL", pids.getState());
    assertEquals(List.of("cis-kubernetes-1.12:4.2.13", "site-1:pids"), pids.getFrameworkIds());
    assertTrue(pids.getPackVersion().startsWith("site@2.0.0+"));
  }

  @Test
  void aPackOfTheSameNameReplacesTheBuiltInOne(@TempDir Path dir) throws IOException {
    String replacement =
        "pack: fleetscore\nversion: 9.0.0\ntitle: replaced\nframeworks:\n"
            + "  fleetscore-1: {title: replaced, source: test}\nfiles: [one.yaml]\n";
    write(dir.resolve("pack.yaml"), replacement);
    write(
        dir.resolve("one.yaml"),
        "rules:\n  - id: fleetscore-1/only\n    title: t\n    controls: [\"fleetscore-1:only\"]\n"
            + "    severity: LOW\n    scope: node\n    manual: look at it\n");
    RuleEngine engine = RuleEngine.load(List.of(dir), null);
    List<String> fleetscoreRules = new ArrayList<>();
    engine
        .ruleSet()
        .rules()
        .forEach(
            r -> {
              if (r.pack().equals("fleetscore")) {
                fleetscoreRules.add(r.id());
              }
            });
    assertEquals(List.of("fleetscore-1/only"), fleetscoreRules);
    assertTrue(engine.packVersions().stream().anyMatch(v -> v.startsWith("fleetscore@9.0.0+")));
  }

  @Test
  void anUnlistedRuleFileInAPackDirectoryFails(@TempDir Path dir) throws IOException {
    write(dir.resolve("pack.yaml"), PACK);
    write(dir.resolve("rules.yaml"), RULE);
    write(dir.resolve("extra.yaml"), RULE);
    RuleLoadException e =
        assertThrows(RuleLoadException.class, () -> RuleLoader.directorySources(dir));
    assertTrue(e.getMessage().contains("extra.yaml: this rule file is not listed"), e.getMessage());
  }

  @Test
  void aDirectoryWithoutPacksFails(@TempDir Path dir) {
    RuleLoadException e =
        assertThrows(RuleLoadException.class, () -> RuleLoader.directorySources(dir));
    assertTrue(e.getMessage().contains("no pack.yaml"), e.getMessage());
  }

  @Test
  void aDuplicateIdAcrossPacksNeedsOverride() {
    String other = PACK.replace("pack: test", "pack: other").replace("  test-1:", "  other-1:");
    RuleLoadException e =
        assertThrows(
            RuleLoadException.class,
            () -> RuleLoader.compile(List.of(pack(RULE), pack(other, RULE))));
    assertTrue(
        e.getMessage().contains("duplicate rule id 'test-1/port' (also in pack test at"),
        e.getMessage());
  }
}
