package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeScoreRow;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Node scores per framework, with ScoreFormula's weights and exclusions. */
class NodeScoresTest {

  static FindingRow f(String state, String severity, String... frameworkIds) {
    FindingRow r = new FindingRow();
    r.setState(state);
    r.setSeverity(severity);
    r.setFrameworkIds(List.of(frameworkIds));
    return r;
  }

  @Test
  void weightsAndExclusionsFollowScoreFormula() {
    List<FindingRow> findings =
        List.of(
            f("PASS", "CRITICAL", "a-1:1"), // 10 of 10
            f("FAIL", "HIGH", "a-1:2"), // 0 of 5
            f("NO_EVIDENCE", "LOW", "a-1:3"), // 0 of 1
            f("WARN", "HIGH", "a-1:4"), // left out
            f("MANUAL", "HIGH", "a-1:5"),
            f("NOT_APPLICABLE", "HIGH", "a-1:6"),
            f("EXEMPT", "CRITICAL", "a-1:7"),
            f("PASS", "INFO", "a-1:8"), // weight 0
            f("FAIL", "MEDIUM", "a-1:9", "b-2:9")); // 0 of 3, in both frameworks
    SortedMap<String, NodeScores.Counts> by = NodeScores.byFramework(findings);
    NodeScores.Counts a = by.get("a-1");
    assertEquals(2, a.pass());
    assertEquals(2, a.fail());
    assertEquals(1, a.warn());
    assertEquals(1, a.manual());
    assertEquals(1, a.notApplicable());
    assertEquals(1, a.noEvidence());
    assertEquals(1, a.exempt());
    assertEquals(9, a.total());
    assertEquals(52.63, a.score()); // 10 / (10 + 5 + 1 + 3)
    assertEquals(0.0, by.get("b-2").score());
  }

  @Test
  void aRuleWithTwoControlsOfOneFrameworkCountsOnce() {
    SortedMap<String, NodeScores.Counts> by =
        NodeScores.byFramework(List.of(f("FAIL", "HIGH", "a-1:1", "a-1:1.bis", "b-2:1")));
    assertEquals(1, by.get("a-1").total());
    assertEquals(1, by.get("b-2").total());
  }

  @Test
  void nodeScoreRowsSkipFrameworksThatDoNotApply() {
    NodeFacts node =
        Fixtures.node(
            Fixtures.yaml(
                "cluster: kubeadm:lab\nname: w1\nkubelet_version: v1.33.0\n"
                    + "components: {kubelet: {settings: {readOnlyPort: {value: 0, source: DEFAULT}}}}"));
    RuleEngine engine = RuleEngine.builtin();
    List<FindingRow> findings = engine.evaluateNode(node, Fixtures.CTX);
    List<NodeScoreRow> rows =
        NodeScores.of(node, NodeScores.controlPlane(node, Fixtures.CTX), findings, Fixtures.CTX);
    List<String> frameworks = new ArrayList<>();
    rows.forEach(r -> frameworks.add(r.getFramework()));
    // a kubeadm node: no GKE or EKS rule applies
    assertEquals(List.of("cis-kubernetes-1.12", "fleetscore-1"), frameworks);
    NodeScoreRow cis = rows.get(0);
    assertEquals("w1", cis.getNodeName());
    assertEquals("kubeadm", cis.getProvider());
    assertEquals(false, cis.getControlPlane());
    assertEquals("v1.33.0", cis.getKubeletVersion());
    int total =
        cis.getPassCount()
            + cis.getFailCount()
            + cis.getWarnCount()
            + cis.getManualCount()
            + cis.getNotApplicableCount()
            + cis.getNoEvidenceCount()
            + cis.getExemptCount();
    long rulesInFramework =
        findings.stream()
            .filter(x -> x.getFrameworkIds().get(0).startsWith("cis-kubernetes-1.12:"))
            .count();
    assertEquals(rulesInFramework, total, "every rule of the framework is counted once");
  }

  @Test
  void nothingScorableGivesANullScore() {
    assertNull(NodeScores.byFramework(List.of(f("WARN", "HIGH", "a-1:1"))).get("a-1").score());
  }
}
