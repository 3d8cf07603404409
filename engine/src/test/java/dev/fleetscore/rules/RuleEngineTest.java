package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.NaturalOrder;
import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.FindingRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The evaluator seam: provenance columns, order, determinism, serialization, threads. */
class RuleEngineTest {

  static final RuleEngine ENGINE = RuleEngine.builtin();

  static NodeFacts gkeNode(String name, int port) {
    return Fixtures.node(
        Fixtures.yaml(
            "cluster: \"gke:acme-prod/europe-west1/payments\"\n"
                + "name: "
                + name
                + "\nprovider: gke\npool: default-pool\nkubelet_version: v1.30.5-gke.1014001\n"
                + "dump_id: 3f9a\n"
                + "components: {kubelet: {settings: {readOnlyPort: {value: "
                + port
                + ", origin: /home/kubernetes/kubelet-config.yaml}}}}\n"
                + "cluster_facts: {cloud: {provider: gke}, pools: [{name: default-pool,"
                + " readonly_port_enabled: false, can_disable_readonly_port: true}]}"));
  }

  @Test
  void nodeFindingsCarryProvenanceAndComeInRuleIdOrder() {
    NodeFacts node = gkeNode("gke-a", 10255);
    List<FindingRow> findings = ENGINE.evaluateNode(node, Fixtures.CTX);
    assertEquals(ENGINE.ruleSet().nodeRules.size(), findings.size());
    List<String> ids = findings.stream().map(FindingRow::getRuleId).toList();
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(NaturalOrder.INSTANCE);
    assertEquals(sorted, ids);
    int i9 = ids.indexOf("cis-kubernetes-1.12/4.2.9");
    int i10 = ids.indexOf("cis-kubernetes-1.12/4.2.10");
    assertTrue(i9 < i10, "natural order: 4.2.9 before 4.2.10");

    FindingRow f =
        findings.stream()
            .filter(x -> x.getRuleId().equals("cis-gke-1.6.0/3.2.4"))
            .findFirst()
            .orElseThrow();
    assertEquals("2026-11-22", f.getSnapshotId());
    assertEquals(Fixtures.DATE, f.getSnapshotDate());
    assertEquals("gke:acme-prod/europe-west1/payments", f.getClusterId());
    assertEquals("gke-a", f.getNodeName());
    assertEquals(Fixtures.COLLECTED, f.getCollectedAt());
    assertEquals("fleetscore-pipeline/test", f.getProducerVersion());
    assertEquals("NODE", f.getScope());
    assertEquals("gke", f.getProvider());
    assertEquals("default-pool", f.getNodePool());
    assertEquals("cis-gke", f.getPack());
    assertTrue(f.getPackVersion().startsWith("cis-gke@1.6.0-fs.1+"));
    assertEquals("kubelet", f.getComponent());
    assertEquals("FAIL", f.getState());
    assertEquals("HIGH", f.getSeverity());
    assertEquals("10255", f.getActual());
    assertEquals("kubelet readOnlyPort is 0.", f.getExpected());
    assertEquals(
        "kubelet readOnlyPort is 10255, from the config file /home/kubernetes/kubelet-config.yaml.",
        f.getReason());
    assertEquals("kubelet readOnlyPort", f.getSetting());
    assertEquals("CONFIG_FILE", f.getSource());
    assertEquals("/home/kubernetes/kubelet-config.yaml", f.getOrigin());
    assertEquals("3f9a:/home/kubernetes/kubelet-config.yaml", f.getEvidence());
    assertEquals(List.of("cis-gke-1.6.0:3.2.4"), f.getFrameworkIds());
    assertNull(f.getExemptionId());
  }

  @Test
  void clusterFindingsHaveNoNode() {
    ClusterFacts c =
        Fixtures.cluster(
            "eks:111122223333/eu-west-1/payments",
            Fixtures.yaml("cloud: {provider: eks, authentication_mode: CONFIG_MAP}"));
    List<FindingRow> findings = ENGINE.evaluateCluster(c, List.of(), Fixtures.CTX);
    assertEquals(ENGINE.ruleSet().clusterRules.size(), findings.size());
    for (FindingRow f : findings) {
      assertEquals("CLUSTER", f.getScope());
      assertNull(f.getNodeName());
      assertNull(f.getComponent());
      assertEquals("eks", f.getProvider());
      assertEquals(Fixtures.COLLECTED, f.getCollectedAt());
    }
    FindingRow mode =
        findings.stream()
            .filter(x -> x.getRuleId().equals("fleetscore-1/eks-authentication-mode"))
            .findFirst()
            .orElseThrow();
    assertEquals("FAIL", mode.getState());
    assertEquals("CONFIG_MAP", mode.getActual());
    assertEquals("cloud-export.json", mode.getEvidence());
  }

  @Test
  void theSameFactsGiveTheSameFindings() {
    NodeFacts a = gkeNode("gke-a", 10255);
    NodeFacts b = gkeNode("gke-a", 10255);
    assertEquals(ENGINE.evaluateNode(a, Fixtures.CTX), ENGINE.evaluateNode(b, Fixtures.CTX));
    assertEquals(
        ENGINE.evaluateNode(a, Fixtures.CTX), RuleEngine.builtin().evaluateNode(a, Fixtures.CTX));
  }

  @Test
  void aSerializedEngineCompilesTheSameRulesOnArrival() throws Exception {
    String exemptions =
        "exemptions:\n  - id: E\n    rules: [\"cis-gke-1.6.0/3.2.4\"]\n    clusters: [\"gke:*\"]\n"
            + "    justification: j\n    approver: a\n    expires: 2027-01-01\n";
    RuleEngine engine =
        RuleEngine.of(
            RuleLoader.builtinSources(),
            "ex.yaml",
            exemptions.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(engine);
    }
    RuleEngine copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (RuleEngine) in.readObject();
    }
    NodeFacts node = gkeNode("gke-a", 10255);
    assertEquals(engine.evaluateNode(node, Fixtures.CTX), copy.evaluateNode(node, Fixtures.CTX));
    assertEquals(engine.packVersions(), copy.packVersions());
    assertTrue(
        copy.evaluateNode(node, Fixtures.CTX).stream()
            .anyMatch(f -> "E".equals(f.getExemptionId())));
  }

  @Test
  void threadsSharingTheEngineGetWhatOneThreadGets() {
    List<NodeFacts> nodes =
        IntStream.range(0, 200).mapToObj(i -> gkeNode("n" + i, i % 2 == 0 ? 0 : 10255)).toList();
    List<List<FindingRow>> sequential =
        nodes.stream().map(n -> ENGINE.evaluateNode(n, Fixtures.CTX)).toList();
    List<List<FindingRow>> parallel =
        nodes.parallelStream().map(n -> ENGINE.evaluateNode(n, Fixtures.CTX)).toList();
    assertEquals(sequential, parallel);
  }

  @Test
  void summariesCarryWhatClusterRulesRead() {
    NodeFacts node =
        Fixtures.node(
            Fixtures.yaml(
                "name: w1\npool: p\ncomponents: {kubelet: {settings: {readOnlyPort: {value: 10255}}}}\n"
                    + "config_files: [{path: /m.prom, kind: KUBELET_READONLY_METRICS, content:"
                    + " {kubelet_http_requests_total: [{labels: {server_type: readonly}, value: 5}]}}]"));
    NodeSummary s = ENGINE.summarize(node);
    assertEquals("w1", s.nodeName());
    assertEquals("p", s.nodePool());
    assertEquals(
        Map.of("kubelet:readOnlyPort", "10255", "metrics:readonly_requests", "5"), s.facts());
    assertEquals(
        List.of("kubelet:readOnlyPort", "metrics:readonly_requests"), ENGINE.ruleSet().summaryKeys);
  }

  @Test
  void frameworksAndPackVersionsAreListed() {
    assertEquals(
        List.of("cis-eks-1.8.0", "cis-gke-1.6.0", "cis-kubernetes-1.12", "fleetscore-1"),
        ENGINE.frameworks());
    assertEquals(4, ENGINE.packVersions().size());
    assertTrue(ENGINE.packVersions().get(0).matches("cis-eks@1\\.8\\.0-fs\\.1\\+[0-9a-f]{16}"));
    assertEquals(List.of(), ENGINE.unusedExemptions());
  }
}
