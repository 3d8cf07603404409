package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.States;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped rule against hand-built facts, table-driven: one fixtures file per pack in {@code
 * RulePackFixturesTest/} lists base nodes and clusters and cases (rule id, a merge patch over a
 * base, the expected state and optionally words the reason must contain). A coverage test checks
 * that every rule has a PASS case and a FAIL (or WARN) case, manual rules a MANUAL one.
 */
class RulePackFixturesTest {

  static final List<String> PACKS = List.of("cis-kubernetes", "cis-eks", "cis-gke", "fleetscore");
  static final RuleEngine ENGINE = RuleEngine.builtin();

  @TestFactory
  Stream<DynamicTest> cases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String pack : PACKS) {
      JsonNode file = Fixtures.readYaml(RulePackFixturesTest.class, pack + ".yaml");
      int i = 0;
      for (JsonNode c : file.get("cases")) {
        String name =
            pack + " #" + (i++) + " " + c.get("rule").asText() + " " + c.get("expect").asText();
        tests.add(DynamicTest.dynamicTest(name, () -> runCase(file, c)));
      }
    }
    return tests.stream();
  }

  static FindingRow evaluate(JsonNode file, JsonNode c) {
    String rule = c.get("rule").asText();
    List<FindingRow> findings;
    if (c.has("node")) {
      JsonNode base = file.path("nodes").get(c.get("node").asText());
      assertNotNull(base, "no base node " + c.get("node"));
      NodeFacts node = Fixtures.node(Fixtures.merge(base, c.get("patch")));
      findings = ENGINE.evaluateNode(node, Fixtures.CTX);
    } else {
      JsonNode base = file.path("clusters").get(c.get("cluster").asText());
      assertNotNull(base, "no base cluster " + c.get("cluster"));
      JsonNode cl = Fixtures.merge(base, c.get("patch"));
      findings =
          ENGINE.evaluateCluster(
              Fixtures.cluster(cl.get("id").asText(), cl),
              Fixtures.summaries(cl.path("nodes")),
              Fixtures.CTX);
    }
    for (FindingRow f : findings) {
      if (f.getRuleId().equals(rule)) {
        return f;
      }
    }
    fail(
        "rule "
            + rule
            + " produced no finding; is it "
            + (c.has("node") ? "node" : "cluster")
            + "-scoped?");
    return null;
  }

  private static void runCase(JsonNode file, JsonNode c) {
    FindingRow f = evaluate(file, c);
    String explain =
        "state " + f.getState() + ", actual " + f.getActual() + ", reason: " + f.getReason();
    assertEquals(c.get("expect").asText(), f.getState(), explain);
    for (JsonNode words : c.path("reason_contains")) {
      assertTrue(
          f.getReason().contains(words.asText()),
          "reason lacks '" + words.asText() + "': " + f.getReason());
    }
    if (c.has("reason_contains") && c.get("reason_contains").isTextual()) {
      String w = c.get("reason_contains").asText();
      assertTrue(f.getReason().contains(w), "reason lacks '" + w + "': " + f.getReason());
    }
    if (c.has("actual")) {
      assertEquals(
          c.get("actual").isNull() ? null : c.get("actual").asText(), f.getActual(), explain);
    }
    if (c.has("source")) {
      assertEquals(c.get("source").asText(), f.getSource(), explain);
    }
    if (c.has("cause")) {
      assertEquals(c.get("cause").asText(), f.getNoEvidenceCause(), explain);
    }
    if (f.getState().equals(States.NO_EVIDENCE)) {
      assertNotNull(f.getNoEvidenceCause(), "a NO_EVIDENCE finding names its cause: " + explain);
      assertNotEquals("UNCLASSIFIED", f.getNoEvidenceCause(), explain);
      assertNotNull(f.getNoEvidenceFix(), explain);
    } else {
      assertNull(f.getNoEvidenceCause(), explain);
    }
    if (f.getState().equals(States.FAIL) || f.getState().equals(States.WARN)) {
      assertNotNull(f.getRemediation(), "a failing finding carries its rule's remediation");
    }
    assertNotNull(f.getExpected());
    assertTrue(!f.getReason().isBlank(), "every finding has a reason");
  }

  @Test
  void everyShippedRulePassesTheLint() {
    assertEquals(List.of(), ENGINE.ruleSet().lint());
  }

  @Test
  void everyRuleHasAPassAndAFailCase() {
    Map<String, Set<String>> seen = new TreeMap<>();
    for (String pack : PACKS) {
      JsonNode file = Fixtures.readYaml(RulePackFixturesTest.class, pack + ".yaml");
      for (JsonNode c : file.get("cases")) {
        seen.computeIfAbsent(c.get("rule").asText(), k -> new TreeSet<>())
            .add(c.get("expect").asText());
      }
    }
    List<String> missing = new ArrayList<>();
    for (RuleInfo r : ENGINE.ruleSet().rules()) {
      Set<String> states = seen.getOrDefault(r.id(), Set.of());
      if (r.manual()) {
        if (!states.contains(States.MANUAL)) {
          missing.add(r.id() + " (needs a MANUAL case)");
        }
        continue;
      }
      if (!states.contains(States.PASS)) {
        missing.add(r.id() + " (needs a PASS case)");
      }
      if (!states.contains(States.FAIL) && !states.contains(States.WARN)) {
        missing.add(r.id() + " (needs a FAIL or WARN case)");
      }
    }
    assertEquals(List.of(), missing, missing.size() + " rules lack fixture cases");
    Set<String> unknown = new TreeSet<>(seen.keySet());
    ENGINE.ruleSet().rules().forEach(r -> unknown.remove(r.id()));
    assertEquals(Set.of(), unknown, "fixture cases for rules that do not exist");
  }
}
