package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.schema.FindingRow;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exemptions: matching, expiry against the snapshot date, unused ones, strict loading. */
class ExemptionsTest {

  /** A kubeadm worker whose read-only port is open (4.2.4 FAIL) and anonymous auth off (PASS). */
  static final NodeFacts OPEN_PORT =
      Fixtures.node(
          Fixtures.yaml(
              "cluster: kubeadm:lab\nname: worker-7\nkubelet_version: v1.33.0\n"
                  + "components: {kubelet: {settings: {readOnlyPort: {value: 10255, source: LEGACY_DEFAULT},"
                  + " authentication.anonymous.enabled: {value: false}}}}"));

  static RuleEngine engine(String exemptions) {
    return RuleEngine.of(
        RuleLoader.builtinSources(),
        "exemptions.yaml",
        exemptions.getBytes(StandardCharsets.UTF_8));
  }

  static FindingRow finding(List<FindingRow> all, String rule) {
    return all.stream().filter(f -> f.getRuleId().equals(rule)).findFirst().orElseThrow();
  }

  static final String PORT_EXEMPTION =
      "exemptions:\n"
          + "  - id: EX-7\n"
          + "    rules: [\"cis-kubernetes-1.12/4.2.4\"]\n"
          + "    clusters: [\"kubeadm:*\"]\n"
          + "    nodes: [\"worker-?\"]\n"
          + "    justification: the metrics agent still scrapes 10255 until ticket OPS-1234 lands\n"
          + "    approver: jane.doe@example.com\n"
          + "    expires: 2026-12-31\n";

  @Test
  void aMatchingFailingFindingBecomesExempt() {
    RuleEngine e = engine(PORT_EXEMPTION);
    FindingRow f = finding(e.evaluateNode(OPEN_PORT, Fixtures.CTX), "cis-kubernetes-1.12/4.2.4");
    assertEquals("EXEMPT", f.getState());
    assertEquals("EX-7", f.getExemptionId());
    assertEquals(LocalDate.of(2026, 12, 31), f.getExemptionExpires());
    assertEquals("10255", f.getActual());
    assertTrue(
        f.getReason()
            .startsWith(
                "Exempt under EX-7 (approved by jane.doe@example.com, until 2026-12-31): the metrics agent"),
        f.getReason());
    assertTrue(
        f.getReason()
            .contains(
                "Without it the state would be FAIL: kubelet readOnlyPort is 10255, from the legacy default"),
        f.getReason());
    assertEquals(List.of(), e.unusedExemptions());
  }

  @Test
  void anExpiredExemptionNoLongerAppliesAndSaysSo() {
    RuleEngine e = engine(PORT_EXEMPTION);
    EvaluationContext jan = new EvaluationContext("2027-01-01", LocalDate.of(2027, 1, 1), "t");
    FindingRow f = finding(e.evaluateNode(OPEN_PORT, jan), "cis-kubernetes-1.12/4.2.4");
    assertEquals("FAIL", f.getState());
    assertEquals("EX-7", f.getExemptionId());
    assertEquals(LocalDate.of(2026, 12, 31), f.getExemptionExpires());
    assertTrue(
        f.getReason().endsWith("Exemption EX-7 expired on 2026-12-31 and no longer applies."),
        f.getReason());
    // the expiry day itself is still covered
    EvaluationContext lastDay = new EvaluationContext("d", LocalDate.of(2026, 12, 31), "t");
    assertEquals(
        "EXEMPT",
        finding(
                engine(PORT_EXEMPTION).evaluateNode(OPEN_PORT, lastDay),
                "cis-kubernetes-1.12/4.2.4")
            .getState());
  }

  @Test
  void passingFindingsAreNotExemptedAndUnusedExemptionsAreReported() {
    String ex =
        PORT_EXEMPTION
            + "  - id: EX-8\n"
            + "    controls: [\"cis-kubernetes-1.12:4.2.1\"]\n"
            + "    clusters: [\"*\"]\n"
            + "    justification: legacy\n"
            + "    approver: ops\n"
            + "    expires: 2027-06-30\n"
            + "  - id: EX-9\n"
            + "    rules: [{regex: \"cis-kubernetes-1\\\\.12/4\\\\.2\\\\.4\"}]\n"
            + "    clusters: [\"kubeadm:other\"]\n"
            + "    justification: another cluster\n"
            + "    approver: ops\n"
            + "    expires: 2027-06-30\n";
    RuleEngine e = engine(ex);
    List<FindingRow> all = e.evaluateNode(OPEN_PORT, Fixtures.CTX);
    FindingRow anon = finding(all, "cis-kubernetes-1.12/4.2.1");
    assertEquals("PASS", anon.getState());
    assertNull(anon.getExemptionId());
    assertEquals(List.of("EX-8", "EX-9"), e.unusedExemptions());
    assertEquals(List.of("EX-9"), e.unusedExemptions(List.of("EX-7", "EX-8")));
  }

  @Test
  void noEvidenceCanBeExemptedAndAnActiveExemptionWinsOverAnExpiredOne() {
    String ex =
        "exemptions:\n"
            + "  - id: A-old\n"
            + "    controls: [\"cis-kubernetes-1.12:4.1.*\"]\n"
            + "    clusters: [\"kubeadm:lab\"]\n"
            + "    justification: old\n"
            + "    approver: ops\n"
            + "    expires: 2025-01-01\n"
            + "  - id: B-new\n"
            + "    controls: [\"cis-kubernetes-1.12:4.1.5\"]\n"
            + "    clusters: [\"kubeadm:lab\"]\n"
            + "    justification: the image builds the kubeconfig at boot\n"
            + "    approver: ops\n"
            + "    expires: 2027-01-01\n";
    List<FindingRow> all = engine(ex).evaluateNode(OPEN_PORT, Fixtures.CTX);
    FindingRow kubeconfig = finding(all, "cis-kubernetes-1.12/4.1.5");
    assertEquals("EXEMPT", kubeconfig.getState());
    assertEquals("B-new", kubeconfig.getExemptionId());
    assertTrue(kubeconfig.getReason().contains("would be NO_EVIDENCE"), kubeconfig.getReason());
    FindingRow service = finding(all, "cis-kubernetes-1.12/4.1.1");
    assertEquals("NO_EVIDENCE", service.getState());
    assertEquals("A-old", service.getExemptionId());
  }

  @Test
  void ruleAndControlSelectorsEachCover() {
    String ex =
        "exemptions:\n"
            + "  - id: OR-1\n"
            + "    rules: [\"cis-kubernetes-1.12/4.2.1\"]\n"
            + "    controls: [\"cis-kubernetes-1.12:4.2.4\"]\n"
            + "    clusters: [\"*\"]\n"
            + "    justification: j\n"
            + "    approver: a\n"
            + "    expires: 2027-01-01\n";
    List<FindingRow> all = engine(ex).evaluateNode(OPEN_PORT, Fixtures.CTX);
    assertEquals("EXEMPT", finding(all, "cis-kubernetes-1.12/4.2.4").getState());
    assertEquals("PASS", finding(all, "cis-kubernetes-1.12/4.2.1").getState());
    assertEquals("FAIL", finding(all, "cis-kubernetes-1.12/4.2.3").getState());
  }

  @Test
  void aNodeSelectorDoesNotCoverClusterFindings() {
    String ex =
        "exemptions:\n"
            + "  - id: C-1\n"
            + "    rules: [\"fleetscore-1/eks-authentication-mode\"]\n"
            + "    clusters: [\"eks:*\"]\n"
            + "    nodes: [\"*\"]\n"
            + "    justification: j\n"
            + "    approver: a\n"
            + "    expires: 2027-01-01\n"
            + "  - id: C-2\n"
            + "    rules: [\"fleetscore-1/eks-authentication-mode\"]\n"
            + "    clusters: [\"eks:111122223333/*\"]\n"
            + "    justification: migration to access entries planned for Q1\n"
            + "    approver: a\n"
            + "    expires: 2027-01-01\n";
    var cluster =
        Fixtures.cluster(
            "eks:111122223333/eu-west-1/payments",
            Fixtures.yaml("cloud: {provider: eks, authentication_mode: CONFIG_MAP}"));
    FindingRow f =
        finding(
            engine(ex).evaluateCluster(cluster, List.of(), Fixtures.CTX),
            "fleetscore-1/eks-authentication-mode");
    assertEquals("EXEMPT", f.getState());
    assertEquals("C-2", f.getExemptionId());
  }

  static final String VALID =
      "exemptions:\n" // 1
          + "  - id: EX-1\n" // 2
          + "    rules: [\"cis-kubernetes-1.12/4.2.4\"]\n" // 3
          + "    clusters: [\"*\"]\n" // 4
          + "    justification: j\n" // 5
          + "    approver: a\n" // 6
          + "    expires: 2027-01-01\n"; // 7

  static String line(int n, String text) {
    String[] lines = VALID.split("\n", -1);
    lines[n - 1] = text;
    return String.join("\n", lines);
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(
            line(5, "    justifcation: j"), 5, "unknown key 'justifcation' in an exemption"),
        Arguments.of(line(7, "    expires: next year"), 7, "'expires' must be a date"),
        Arguments.of(line(7, "    expires: 2027-02-30"), 7, "'expires' must be a date"),
        Arguments.of(line(3, "    rules: [{regex: \"4.2.(\"}]"), 3, "bad regex '4.2.('"),
        Arguments.of(
            line(3, "    rules: [\"cis-kubernetes-1.12/9.9.9\"]"), 2, "match no loaded rule"),
        Arguments.of(line(4, "    nodes: [\"*\"]"), 2, "needs 'clusters'"),
        Arguments.of(line(3, "    approverr: x"), 3, "unknown key 'approverr'"),
        Arguments.of(line(6, "    approver: [a, b]"), 6, "'approver' must be a single value"),
        Arguments.of(
            VALID + VALID.substring("exemptions:\n".length()), 8, "duplicate exemption id 'EX-1'"));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void badExemptionFilesFailWithFileAndLine(String text, int line, String words) {
    RuleLoadException e = assertThrows(RuleLoadException.class, () -> engine(text));
    assertTrue(e.getMessage().startsWith("exemptions.yaml:" + line + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }

  @Test
  void globsMatchWholeIdsOnly() {
    assertTrue(
        Exemptions.glob("gke:acme-*/*").matcher("gke:acme-prod/europe-west1/payments").matches());
    assertTrue(!Exemptions.glob("gke:acme-*").matcher("xgke:acme-prod").matches());
    assertTrue(Exemptions.glob("node-?").matcher("node-7").matches());
    assertTrue(!Exemptions.glob("node-?").matcher("node-17").matches());
    // regex metacharacters in a glob are literal
    assertTrue(!Exemptions.glob("a.b").matcher("axb").matches());
  }
}
