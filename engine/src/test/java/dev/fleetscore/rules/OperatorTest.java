package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.schema.FindingRow;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator, table-driven: a passing value, a failing one, a value of the wrong type and a
 * missing value, the last two always NO_EVIDENCE, never PASS. Each case is one rule (its {@code
 * check}) judged against one node (YAML in the NodeFacts fixture shape).
 */
class OperatorTest {

  static FindingRow eval(String check, String node) {
    return eval(check, node, "", Fixtures.CTX);
  }

  static FindingRow eval(String check, String node, String extraRuleKeys, EvaluationContext ctx) {
    String rules =
        "rules:\n"
            + "  - id: test-1/r\n"
            + "    title: t\n"
            + "    controls: [\"test-1:r\"]\n"
            + "    severity: HIGH\n"
            + "    scope: node\n"
            + extraRuleKeys
            + "    check: "
            + check
            + "\n";
    RuleEngine engine = RuleEngine.of(List.of(RuleLoaderTest.pack(rules)), null, null);
    NodeFacts facts = Fixtures.node(Fixtures.yaml(node));
    return engine.evaluateNode(facts, ctx).get(0);
  }

  /** A kubelet whose setting x is {@code spec} (fixture setting shape). */
  static String x(String spec) {
    return "components: {kubelet: {settings: {x: " + spec + "}}}";
  }

  static final String NO_KUBELET = "components: {}";
  static final String NO_X = "components: {kubelet: {settings: {}}}";
  static final String UNSET = x("{value: null, source: UNSET}");

  static Stream<Arguments> settingCases() {
    return Stream.of(
        // eq / ne on integers, with the normalizer's untyped string read as the flag parser would
        Arguments.of("{setting: \"kubelet:x\", op: eq, value: 0}", x("{value: 0}"), "PASS"),
        Arguments.of("{setting: \"kubelet:x\", op: eq, value: 0}", x("{value: 10255}"), "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: 0}",
            x("{value: \"0\", type: string}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: 0}", x("{value: true}"), "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: 0}",
            x("{value: \"zero\", type: string}"),
            "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: eq, value: 0}", UNSET, "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: eq, value: 0}", NO_X, "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: eq, value: 0}", NO_KUBELET, "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: ne, value: 0}", x("{value: 1}"), "PASS"),
        Arguments.of("{setting: \"kubelet:x\", op: ne, value: 0}", x("{value: 0}"), "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: ne, value: 0}", x("{value: [0]}"), "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: ne, value: 0}", UNSET, "NO_EVIDENCE"),
        // eq on strings and booleans: exact, no case folding for strings
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: Webhook}", x("{value: Webhook}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: Webhook}", x("{value: webhook}"), "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: eq, value: false}", x("{value: false}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: false}",
            x("{value: \"0\", type: string}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: false}", x("{value: 0}"), "NO_EVIDENCE"),
        // durations compare as nanoseconds: 4h equals 4h0m0s, 0 equals 0s
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: 4h, type: duration}",
            x("{duration: 4h0m0s}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: 4h, type: duration}",
            x("{value: \"240m\", type: string}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: ne, value: 0, type: duration}",
            x("{duration: 0s}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: gt, value: 30m, type: duration}",
            x("{duration: 1h}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: gt, value: 30m, type: duration}",
            x("{duration: 90s}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: gt, value: 30m, type: duration}",
            x("{value: 3600}"),
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: gt, value: 30m, type: duration}", UNSET, "NO_EVIDENCE"),
        // quantities: 50M is not 50Mi; percentages do not compare with amounts
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: 100Mi, type: quantity}",
            x("{quantity: \"104857600\"}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: 50Mi, type: quantity}",
            x("{quantity: 50M}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: lt, value: 50Mi, type: quantity}",
            x("{quantity: 50M}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: lte, value: 10%, type: quantity}",
            x("{quantity: 10%}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: lte, value: 10%, type: quantity}",
            x("{quantity: 15%}"), "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: lte, value: 10%, type: quantity}",
            x("{quantity: 100Mi}"), "NO_EVIDENCE"),
        // ordering on integers
        Arguments.of("{setting: \"kubelet:x\", op: lt, value: 10}", x("{value: 9}"), "PASS"),
        Arguments.of("{setting: \"kubelet:x\", op: lt, value: 10}", x("{value: 10}"), "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: lte, value: 10}", x("{value: 10}"), "PASS"),
        Arguments.of("{setting: \"kubelet:x\", op: lte, value: 10}", x("{value: 11}"), "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: gte, value: 10}", x("{value: 10}"), "PASS"),
        Arguments.of("{setting: \"kubelet:x\", op: gte, value: 10}", x("{value: -1}"), "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: gte, value: 10}", x("{duration: 10s}"), "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: gte, value: 10}", NO_X, "NO_EVIDENCE"),
        // in / not_in
        Arguments.of(
            "{setting: \"kubelet:x\", op: in, value: [Webhook, AlwaysDeny]}",
            x("{value: Webhook}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: in, value: [Webhook, AlwaysDeny]}",
            x("{value: AlwaysAllow}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: in, value: [Webhook, AlwaysDeny]}",
            x("{value: 1}"),
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_in, value: [0, 10255]}", x("{value: 10250}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_in, value: [0, 10255]}", x("{value: 10255}"), "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_in, value: [0, 10255]}", UNSET, "NO_EVIDENCE"),
        // contains / not_contains on lists and on comma-separated strings (pflag string slices)
        Arguments.of(
            "{setting: \"kubelet:x\", op: contains, value: RBAC}",
            x("{value: [Node, RBAC]}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: contains, value: RBAC}",
            x("{value: \"Node, RBAC\"}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: contains, value: RBAC}",
            x("{value: \"Node,RBACX\"}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: contains, value: [Node, RBAC]}",
            x("{value: [RBAC]}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: contains, value: RBAC}",
            x("{value: {RBAC: \"true\"}}"),
            "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: contains, value: RBAC}", UNSET, "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_contains, value: AlwaysAllow}",
            x("{value: [Node, RBAC]}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_contains, value: AlwaysAllow}",
            x("{value: [AlwaysAllow]}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_contains, value: AlwaysAllow}",
            x("{value: 3}"),
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_contains, value: AlwaysAllow}", NO_X, "NO_EVIDENCE"),
        // subset_of
        Arguments.of(
            "{setting: \"kubelet:x\", op: subset_of, value: [a, b, c]}",
            x("{value: [a, c]}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: subset_of, value: [a, b, c]}",
            x("{value: [a, d]}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: subset_of, value: [a, b, c]}",
            x("{value: true}"),
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: subset_of, value: [a, b, c]}", UNSET, "NO_EVIDENCE"),
        // feature-gate maps
        Arguments.of(
            "{setting: \"kubelet:x\", op: has_key, value: G}", x("{value: {G: \"true\"}}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: has_key, value: G}", x("{value: {H: \"true\"}}"), "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: has_key, value: G}", x("{value: [G]}"), "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_has_key, value: G}",
            x("{value: {H: \"true\"}}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_has_key, value: G}",
            x("{value: {G: \"true\"}}"),
            "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: not_has_key, value: G}", UNSET, "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_eq, value: {key: G, value: true}}",
            x("{value: {G: \"True\"}}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_eq, value: {key: G, value: true}}",
            x("{value: {G: \"false\"}}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_eq, value: {key: G, value: true}}",
            x("{value: {H: \"true\"}}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_eq, value: {key: G, value: true}}",
            x("{value: {G: \"yes\"}}"),
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_eq, value: {key: G, value: true}}",
            x("{value: \"G=true\"}"),
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_ne, value: {key: G, value: false}}",
            x("{value: {H: \"false\"}}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_ne, value: {key: G, value: false}}",
            x("{value: {G: \"0\"}}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_ne, value: {key: G, value: false}}",
            UNSET,
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: key_eq, value: {key: N, value: 3}}",
            x("{value: {N: \"3\"}}"),
            "PASS"),
        // regex, on the canonical text
        Arguments.of(
            "{setting: \"kubelet:x\", op: matches, value: \"^4h\"}", x("{duration: 240m}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: matches, value: \"^127\\\\.\"}",
            x("{value: \"0.0.0.0:10249\"}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: matches, value: \"^127\"}", UNSET, "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_matches, value: \"(?i)sha1\"}",
            x("{value: SHA256WITHRSA}"),
            "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_matches, value: \"(?i)sha1\"}",
            x("{value: sha1WithRSA}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: not_matches, value: \"(?i)sha1\"}", NO_X, "NO_EVIDENCE"),
        // presence: empty strings, lists and maps are not set; a missing component is no evidence
        Arguments.of("{setting: \"kubelet:x\", op: is_set}", x("{value: /etc/ca.crt}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: is_set}", x("{value: \"\", source: DEFAULT}"), "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: is_set}", x("{value: []}"), "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: is_set}", UNSET, "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: is_set}", NO_KUBELET, "NO_EVIDENCE"),
        Arguments.of("{setting: \"kubelet:x\", op: is_unset}", NO_X, "PASS"),
        Arguments.of("{setting: \"kubelet:x\", op: is_unset}", x("{value: {}}"), "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: is_unset}", x("{value: host-1, source: FLAG}"), "FAIL"),
        Arguments.of("{setting: \"kubelet:x\", op: is_unset}", NO_KUBELET, "NO_EVIDENCE"),
        // a rule default stands in only when the normalizer gives no value
        Arguments.of("{setting: \"kubelet:x\", op: eq, value: false, default: true}", NO_X, "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: false, default: false}", UNSET, "PASS"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: false, default: false}",
            x("{value: true}"),
            "FAIL"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: false, default: false}",
            NO_KUBELET,
            "NO_EVIDENCE"),
        // a value the check says gives no verdict
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: VERIFIED, no_evidence_if: [NOT_CHECKED]}",
            x("{value: NOT_CHECKED}"),
            "NO_EVIDENCE"),
        Arguments.of(
            "{setting: \"kubelet:x\", op: eq, value: VERIFIED, no_evidence_if: [NOT_CHECKED]}",
            x("{value: SIGNATURE_INVALID}"),
            "FAIL"));
  }

  @ParameterizedTest(name = "{0} on {1} is {2}")
  @MethodSource("settingCases")
  void settingOperators(String check, String node, String expected) {
    FindingRow f = eval(check, node);
    assertEquals(expected, f.getState(), f.getReason());
    assertTrue(!f.getReason().isBlank());
  }

  static final String FILES = "files: {kubelet.config: {/var/lib/kubelet/config.yaml: \"%s\"}}";

  static Stream<Arguments> fileCases() {
    String mode = "{files: kubelet.config, field: mode, op: mode_at_most, value: \"644\"}";
    String owner = "{files: kubelet.config, field: owner, op: eq, value: \"root:root\"}";
    return Stream.of(
        Arguments.of(mode, "600 root root", "PASS"),
        Arguments.of(mode, "0644 root root", "PASS"),
        Arguments.of(mode, "400 root root", "PASS"),
        Arguments.of(mode, "664 root root", "FAIL"),
        // bit subsets, not numbers: 611 is below 644 but adds execute bits
        Arguments.of(mode, "611 root root", "FAIL"),
        Arguments.of(mode, "604 root root", "PASS"),
        Arguments.of(mode, "4644 root root", "FAIL"),
        Arguments.of(mode, "755 root root", "FAIL"),
        Arguments.of(mode, "-rw-r--r-- root root", "NO_EVIDENCE"),
        Arguments.of(mode, "none", "NO_EVIDENCE"),
        Arguments.of(owner, "600 root root", "PASS"),
        Arguments.of(owner, "600 root wheel", "FAIL"),
        Arguments.of(owner, "600 0 0", "FAIL"),
        Arguments.of(owner, "none", "NO_EVIDENCE"));
  }

  @ParameterizedTest(name = "{0} on {1} is {2}")
  @MethodSource("fileCases")
  void fileOperators(String check, String stat, String expected) {
    FindingRow f = eval(check, String.format(FILES, stat));
    assertEquals(expected, f.getState(), f.getReason());
  }

  @Test
  void aRoleWithoutPathsIsNoEvidenceUnlessTheRuleSaysNotApplicable() {
    String check = "{files: kubelet.config, field: mode, op: mode_at_most, value: \"600\"%s}";
    assertEquals("NO_EVIDENCE", eval(String.format(check, ""), "{}").getState());
    assertEquals(
        "NOT_APPLICABLE",
        eval(String.format(check, ", if_missing: NOT_APPLICABLE"), "{}").getState());
  }

  static String cert(String fields) {
    return "certificates: [{role: kubelet.serving-cert, path: /var/lib/kubelet/pki/kubelet.crt, "
        + fields
        + "}]";
  }

  static Stream<Arguments> certificateCases() {
    String c = "{certificates: kubelet.serving-cert, field: %s, op: %s, value: %s}";
    return Stream.of(
        Arguments.of(String.format(c, "days_until_expiry", "gte", "30"), cert("days: 31"), "PASS"),
        Arguments.of(String.format(c, "days_until_expiry", "gte", "30"), cert("days: 29"), "FAIL"),
        Arguments.of(
            String.format(c, "public_key_bits", "gte", "2048"), cert("bits: 4096"), "PASS"),
        Arguments.of(
            String.format(c, "public_key_bits", "gte", "2048"), cert("bits: 1024"), "FAIL"),
        Arguments.of(
            String.format(c, "public_key_bits", "gte", "2048"), cert("bits: none"), "NO_EVIDENCE"),
        Arguments.of(
            String.format(c, "signature_algorithm", "not_matches", "'(?i)SHA1'"),
            cert("sig: SHA384WITHECDSA"),
            "PASS"),
        Arguments.of(
            String.format(c, "signature_algorithm", "not_matches", "'(?i)SHA1'"),
            cert("sig: SHA1WITHRSA"),
            "FAIL"),
        Arguments.of(
            String.format(c, "san_dns", "contains", "node-1"), cert("san_dns: [node-1]"), "PASS"),
        Arguments.of(
            String.format(c, "san_dns", "contains", "node-1"), cert("san_dns: [node-2]"), "FAIL"),
        Arguments.of(
            String.format(c, "sans", "contains", "10.0.0.1"), cert("san_ip: [10.0.0.1]"), "PASS"),
        Arguments.of(
            String.format(c, "key_usage", "contains", "digitalSignature"),
            cert("ku: [digitalSignature]"),
            "PASS"),
        Arguments.of(
            String.format(c, "key_usage", "contains", "digitalSignature"),
            cert("ku: [keyCertSign]"),
            "FAIL"),
        Arguments.of(
            String.format(c, "extended_key_usage", "contains", "serverAuth"),
            cert("eku: [clientAuth]"),
            "FAIL"),
        Arguments.of(String.format(c, "ca", "eq", "false"), cert("ca: false"), "PASS"),
        Arguments.of(String.format(c, "ca", "eq", "false"), cert("subject: CN=x"), "PASS"),
        Arguments.of(String.format(c, "ca", "eq", "false"), cert("ca: true"), "FAIL"),
        Arguments.of(
            String.format(c, "basic_constraints_ca", "eq", "false"),
            cert("subject: CN=x"),
            "NO_EVIDENCE"),
        Arguments.of(
            String.format(c, "verify_status", "eq", "VERIFIED"), cert("verify: VERIFIED"), "PASS"),
        Arguments.of(
            String.format(c, "verify_status", "eq", "VERIFIED"),
            cert("verify: SIGNATURE_INVALID"),
            "FAIL"),
        Arguments.of(
            String.format(c, "public_key_algorithm", "eq", "RSA"), cert("key: EC"), "FAIL"),
        // a role path the dump holds no certificate for
        Arguments.of(
            String.format(c, "days_until_expiry", "gte", "30"),
            "files: {kubelet.serving-cert: {/var/lib/kubelet/pki/kubelet.crt: \"600 root root\"}}",
            "NO_EVIDENCE"));
  }

  @ParameterizedTest(name = "{0} on {1} is {2}")
  @MethodSource("certificateCases")
  void certificatePredicates(String check, String node, String expected) {
    FindingRow f = eval(check, node);
    assertEquals(expected, f.getState(), f.getReason());
  }

  @Test
  void expiryIsJudgedAtTheSnapshotDateNotTheWallClock() {
    String node = cert("not_after: \"2027-01-10T00:00:00Z\"");
    String check = "{certificates: all, field: days_until_expiry, op: gte, value: 30}";
    EvaluationContext early = new EvaluationContext("s", LocalDate.of(2026, 11, 1), "test");
    EvaluationContext late = new EvaluationContext("s", LocalDate.of(2026, 12, 31), "test");
    FindingRow a = eval(check, node, "", early);
    FindingRow b = eval(check, node, "", late);
    assertEquals("PASS", a.getState());
    assertEquals("69", a.getActual());
    assertEquals("FAIL", b.getState());
    assertEquals("9", b.getActual());
  }

  static Stream<Arguments> compositeCases() {
    String pass = "{setting: \"kubelet:a\", op: eq, value: 1}";
    String fail = "{setting: \"kubelet:a\", op: eq, value: 2}";
    String unknown = "{setting: \"kubelet:missing\", op: eq, value: 1}";
    String node = "components: {kubelet: {settings: {a: {value: 1}}}}";
    return Stream.of(
        Arguments.of("{all: [" + pass + ", " + pass + "]}", node, "PASS"),
        Arguments.of("{all: [" + pass + ", " + unknown + "]}", node, "NO_EVIDENCE"),
        Arguments.of("{all: [" + unknown + ", " + fail + "]}", node, "FAIL"),
        Arguments.of("{any: [" + fail + ", " + pass + "]}", node, "PASS"),
        Arguments.of("{any: [" + unknown + ", " + pass + "]}", node, "PASS"),
        Arguments.of("{any: [" + fail + ", " + unknown + "]}", node, "NO_EVIDENCE"),
        Arguments.of("{any: [" + fail + ", " + fail + "]}", node, "FAIL"),
        Arguments.of("{any: [{all: [" + pass + ", " + fail + "]}, " + pass + "]}", node, "PASS"));
  }

  @ParameterizedTest(name = "{0} is {2}")
  @MethodSource("compositeCases")
  void compositesNeverTurnMissingEvidenceIntoAPass(String check, String node, String expected) {
    assertEquals(expected, eval(check, node).getState());
  }

  @Test
  void collectionQuantifiersAndFilters() {
    String node =
        "certificates: [{path: /a.crt, key: RSA, bits: 1024, self_signed: true},"
            + " {path: /b.crt, key: EC, bits: 256}, {path: /c.crt, key: RSA, bits: 4096}]";
    String rsa = "{field: public_key_algorithm, op: eq, value: RSA}";
    assertEquals(
        "FAIL",
        eval(
                "{certificates: all, where: "
                    + rsa
                    + ", field: public_key_bits, op: gte, value: 2048}",
                node)
            .getState());
    assertEquals(
        "PASS",
        eval(
                "{certificates: all, where: "
                    + rsa
                    + ", quantifier: any, field: public_key_bits, op: gte, value: 2048}",
                node)
            .getState());
    assertEquals(
        "NOT_APPLICABLE",
        eval(
                "{certificates: all, where: {field: public_key_algorithm, op: eq, value: DSA},"
                    + " field: public_key_bits, op: gte, value: 2048}",
                node)
            .getState());
    assertEquals(
        "PASS",
        eval(
                "{certificates: all, where: {field: public_key_algorithm, op: eq, value: DSA},"
                    + " if_none_match: PASS, field: public_key_bits, op: gte, value: 2048}",
                node)
            .getState());
    // a filter that cannot be decided for one element makes the result NO_EVIDENCE, not a skip
    String withUnknown =
        "certificates: [{path: /a.crt, key: RSA, bits: none}, {path: /c.crt, bits: 4096}]";
    assertEquals(
        "NO_EVIDENCE",
        eval(
                "{certificates: all, where: {field: public_key_bits, op: lt, value: 9999},"
                    + " field: public_key_algorithm, op: eq, value: RSA}",
                withUnknown)
            .getState());
  }

  @Test
  void valueFromComparesWithAnotherFact() {
    String check =
        "{certificates: etcd.trusted-ca, field: sha256_fingerprint, op: not_in,"
            + " value_from: {certificates: kube-apiserver.client-ca, field: sha256_fingerprint}}";
    String separate =
        "certificates: [{role: etcd.trusted-ca, path: /etcd-ca.crt, fingerprint: aa},"
            + " {role: kube-apiserver.client-ca, path: /ca.crt, fingerprint: bb}]";
    String shared =
        "certificates: [{role: etcd.trusted-ca, path: /etcd-ca.crt, fingerprint: aa},"
            + " {role: kube-apiserver.client-ca, path: /ca.crt, fingerprint: aa}]";
    String noClusterCa =
        "certificates: [{role: etcd.trusted-ca, path: /etcd-ca.crt, fingerprint: aa}]";
    assertEquals("PASS", eval(check, separate).getState());
    assertEquals("FAIL", eval(check, shared).getState());
    assertEquals("NO_EVIDENCE", eval(check, noClusterCa).getState());
  }

  @Test
  void warnWhenOnFailAndAppliesWhen() {
    String node = "components: {kubelet: {settings: {a: {value: 1}, b: {value: 5}}}}";
    String failing = "{setting: \"kubelet:a\", op: eq, value: 2}";
    assertEquals("WARN", eval(failing, node, "    on_fail: WARN\n", Fixtures.CTX).getState());
    assertEquals(
        "WARN",
        eval(
                failing,
                node,
                "    warn_when: {setting: \"kubelet:b\", op: gt, value: 0}\n",
                Fixtures.CTX)
            .getState());
    assertEquals(
        "FAIL",
        eval(
                failing,
                node,
                "    warn_when: {setting: \"kubelet:b\", op: gt, value: 9}\n",
                Fixtures.CTX)
            .getState());
    assertEquals(
        "NO_EVIDENCE",
        eval(
                failing,
                node,
                "    warn_when: {setting: \"kubelet:c\", op: gt, value: 9}\n",
                Fixtures.CTX)
            .getState());
    assertEquals(
        "NOT_APPLICABLE",
        eval(
                failing,
                node,
                "    applies_when: {setting: \"kubelet:b\", op: eq, value: 9}\n",
                Fixtures.CTX)
            .getState());
    // an applicability that cannot be decided does not hide the rule
    assertEquals(
        "FAIL",
        eval(
                failing,
                node,
                "    applies_when: {setting: \"kubelet:c\", op: eq, value: 9}\n",
                Fixtures.CTX)
            .getState());
  }

  @Test
  void applicabilityByProviderRoleAndVersion() {
    String check = "{setting: \"kubelet:a\", op: eq, value: 1}";
    String gke =
        "cluster: \"gke:p/l/c\"\nkubelet_version: v1.29.1-gke.100\ncomponents: {kubelet: {settings: {a: {value: 1}}}}";
    assertEquals("PASS", eval(check, gke, "    providers: gke\n", Fixtures.CTX).getState());
    assertEquals(
        "NOT_APPLICABLE", eval(check, gke, "    providers: [eks, aks]\n", Fixtures.CTX).getState());
    assertEquals(
        "NOT_APPLICABLE",
        eval(check, gke, "    providers: {not: [gke]}\n", Fixtures.CTX).getState());
    assertEquals(
        "NOT_APPLICABLE", eval(check, gke, "    roles: control-plane\n", Fixtures.CTX).getState());
    assertEquals("PASS", eval(check, gke, "    roles: worker\n", Fixtures.CTX).getState());
    assertEquals(
        "PASS", eval(check, gke, "    versions: \">=1.29, <1.30\"\n", Fixtures.CTX).getState());
    assertEquals(
        "NOT_APPLICABLE", eval(check, gke, "    versions: \">=1.30\"\n", Fixtures.CTX).getState());
    // GKE builds compare: 1.29.1-gke.100 is before the 1.29.1-gke.500 gate
    assertEquals(
        "NOT_APPLICABLE",
        eval(check, gke, "    versions: \">=1.29.1-gke.500\"\n", Fixtures.CTX).getState());
    String cp =
        "components: {kube-apiserver: {settings: {}}, kubelet: {settings: {a: {value: 1}}}}";
    assertEquals("PASS", eval(check, cp, "    roles: control-plane\n", Fixtures.CTX).getState());
    String labelled =
        "name: cp-9\ncomponents: {kubelet: {settings: {a: {value: 1}}}}\n"
            + "cluster_facts: {inventory: [{name: cp-9, control_plane: true}]}";
    assertEquals(
        "PASS", eval(check, labelled, "    roles: control-plane\n", Fixtures.CTX).getState());
    assertEquals(
        "NO_EVIDENCE",
        eval(check, "components: {}", "    component: kube-apiserver\n", Fixtures.CTX).getState());
  }
}
