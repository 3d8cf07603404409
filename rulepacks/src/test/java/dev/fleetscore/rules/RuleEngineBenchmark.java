package dev.fleetscore.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.schema.FindingRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of {@link RuleEngine#evaluateNode} on the fixture nodes (a kubeadm worker, a kubeadm
 * control plane with certificates, an EKS and a GKE node), all built-in rules. Not part of the
 * normal build; run with {@code -Dfleetscore.bench=true}. Prints nanoseconds per node and per rule
 * evaluation.
 */
@EnabledIfSystemProperty(named = "fleetscore.bench", matches = "true")
class RuleEngineBenchmark {

  @Test
  void evaluateNode() {
    List<NodeFacts> nodes = new ArrayList<>();
    JsonNode cis = Fixtures.readYaml(RulePackFixturesTest.class, "cis-kubernetes.yaml");
    JsonNode eks = Fixtures.readYaml(RulePackFixturesTest.class, "cis-eks.yaml");
    JsonNode gke = Fixtures.readYaml(RulePackFixturesTest.class, "cis-gke.yaml");
    JsonNode fs = Fixtures.readYaml(RulePackFixturesTest.class, "fleetscore.yaml");
    nodes.add(Fixtures.node(cis.get("nodes").get("worker")));
    nodes.add(Fixtures.node(Fixtures.merge(cis.get("nodes").get("cp"), fs.get("nodes").get("cp"))));
    nodes.add(Fixtures.node(eks.get("nodes").get("al2023")));
    nodes.add(Fixtures.node(gke.get("nodes").get("cos")));
    RuleEngine engine = RuleEngine.builtin();
    int rules = engine.ruleSet().nodeRules.size();
    long sink = 0;
    // warm-up, then measure
    for (int round = 0; round < 2; round++) {
      int n = round == 0 ? 50_000 : 200_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        List<FindingRow> f = engine.evaluateNode(nodes.get(i & 3), Fixtures.CTX);
        sink += f.size();
      }
      long dt = System.nanoTime() - t0;
      if (round == 1) {
        System.out.printf(
            "evaluateNode: %d nodes x %d rules in %.2f s: %.1f us per node, %.2f us per rule%n",
            n, rules, dt / 1e9, dt / 1e3 / n, dt / 1e3 / n / rules);
      }
    }
    if (sink == 0) {
      throw new AssertionError("nothing evaluated");
    }
  }
}
