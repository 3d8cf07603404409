package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeScoreRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Node scores per framework, with ScoreFormula's weights and exclusions. */
class NodeScoresTest {

  static final NodeFacts NODE =
      Fixtures.node(
          Fixtures.yaml(
              "cluster: kubeadm:lab\nname: w1\nprovider: kubeadm\npool: p\nkubelet_version: v1.33.0\n"
                  + "components: {kubelet: {settings: {readOnlyPort: {value: 0, source: DEFAULT}}}}"));

  static FindingRow f(String state, String severity, String... frameworkIds) {
    return fIn("pack-1", state, severity, frameworkIds);
  }

  static FindingRow fIn(String pack, String state, String severity, String... frameworkIds) {
    FindingRow r = new FindingRow();
    r.setPack(pack);
    r.setState(state);
    r.setSeverity(severity);
    r.setFrameworkIds(List.of(frameworkIds));
    return r;
  }

  static Map<String, NodeScoreRow> byFramework(List<FindingRow> findings) {
    Map<String, NodeScoreRow> out = new TreeMap<>();
    for (NodeScoreRow r : new NodeScores().of(NODE, findings, Fixtures.CTX)) {
      out.put(r.getFramework(), r);
    }
    return out;
  }

  static int total(NodeScoreRow r) {
    return r.getPassCount()
        + r.getFailCount()
        + r.getWarnCount()
        + r.getManualCount()
        + r.getNotApplicableCount()
        + r.getNoEvidenceCount()
        + r.getExemptCount();
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
    Map<String, NodeScoreRow> by = byFramework(findings);
    NodeScoreRow a = by.get("a-1");
    assertEquals(2, a.getPassCount());
    assertEquals(2, a.getFailCount());
    assertEquals(1, a.getWarnCount());
    assertEquals(1, a.getManualCount());
    assertEquals(1, a.getNotApplicableCount());
    assertEquals(1, a.getNoEvidenceCount());
    assertEquals(1, a.getExemptCount());
    assertEquals(9, total(a));
    assertEquals(52.63, a.getScore()); // 10 / (10 + 5 + 1 + 3)
    assertEquals(0.0, by.get("b-2").getScore());
  }

  @Test
  void aRuleWithTwoControlsOfOneFrameworkCountsOnce() {
    // the framework's controls need not be adjacent in framework_ids
    Map<String, NodeScoreRow> by =
        byFramework(List.of(f("FAIL", "HIGH", "a-1:1", "b-2:1", "a-1:1.bis")));
    assertEquals(1, total(by.get("a-1")));
    assertEquals(1, total(by.get("b-2")));
  }

  @Test
  void aRuleNamingNoFrameworkCountsUnderItsOwnPack() {
    Map<String, NodeScoreRow> by =
        byFramework(
            List.of(
                f("FAIL", "HIGH", "a-1:1"),
                fIn("pack-1", "PASS", "HIGH"),
                fIn("pack-2", "FAIL", "HIGH"),
                fIn("pack-1", "PASS", "LOW")));
    assertEquals(List.of("a-1", "pack-1", "pack-2"), List.copyOf(by.keySet()));
    assertEquals(2, by.get("pack-1").getPassCount());
    assertEquals(1, by.get("pack-2").getFailCount());
  }

  @Test
  void rowsCarryTheNodeAndEveryFrameworkNamedEvenWhenNoneOfItApplies() {
    RuleEngine engine = RuleEngine.builtin();
    List<FindingRow> findings = engine.evaluateNode(NODE, Fixtures.CTX);
    List<NodeScoreRow> rows = new NodeScores().of(NODE, findings, Fixtures.CTX);
    // a kubeadm node: no GKE or EKS rule applies, yet their frameworks keep a row (score null)
    assertEquals(
        List.of("cis-eks-1.8.0", "cis-gke-1.6.0", "cis-kubernetes-1.12", "fleetscore-1"),
        rows.stream().map(NodeScoreRow::getFramework).toList());
    for (NodeScoreRow eksOrGke : rows.subList(0, 2)) {
      assertEquals(total(eksOrGke), eksOrGke.getNotApplicableCount(), eksOrGke.getFramework());
      assertNull(eksOrGke.getScore(), eksOrGke.getFramework());
    }
    NodeScoreRow cis = rows.get(2);
    assertEquals(Fixtures.CTX.snapshotId(), cis.getSnapshotId());
    assertEquals(Fixtures.DATE, cis.getSnapshotDate());
    assertEquals(Fixtures.CTX.producerVersion(), cis.getProducerVersion());
    assertEquals("kubeadm:lab", cis.getClusterId());
    assertEquals("w1", cis.getNodeName());
    assertEquals(Fixtures.COLLECTED, cis.getCollectedAt());
    assertEquals("kubeadm", cis.getProvider());
    assertEquals("p", cis.getNodePool());
    assertEquals(false, cis.getControlPlane());
    assertEquals("v1.33.0", cis.getKubeletVersion());
    long rulesInFramework =
        findings.stream()
            .filter(x -> x.getFrameworkIds().get(0).startsWith("cis-kubernetes-1.12:"))
            .count();
    assertEquals(rulesInFramework, total(cis), "every rule of the framework is counted once");
  }

  @Test
  void theProviderIsTheDumpsAndAControlPlaneComponentMakesAControlPlaneNode() {
    NodeFacts node =
        Fixtures.node(
            Fixtures.yaml(
                "cluster: gke:prod\nname: m1\n"
                    + "components: {kube-apiserver: {settings: {profiling: {value: false}}}}"));
    NodeScoreRow r =
        new NodeScores().of(node, List.of(f("PASS", "LOW", "a-1:1")), Fixtures.CTX).get(0);
    assertNull(r.getProvider(), "not derived from the cluster id");
    assertEquals(true, r.getControlPlane());
  }

  @Test
  void nothingScorableGivesANullScore() {
    assertNull(byFramework(List.of(f("WARN", "HIGH", "a-1:1"))).get("a-1").getScore());
  }

  @Test
  void anUnknownStateIsABug() {
    assertThrows(IllegalStateException.class, () -> byFramework(List.of(f("OK", "HIGH", "a:1"))));
  }
}
