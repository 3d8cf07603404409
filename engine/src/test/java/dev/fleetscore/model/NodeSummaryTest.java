package dev.fleetscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSummaryTest {

  @Test
  void summariesShareTheirRepeatedStringsButNotNodeNames() {
    // Fresh copies, as a coder decodes them.
    NodeSummary a =
        new NodeSummary(
            new String("n1"),
            new String("pool-a"),
            Map.of(new String("kubelet:readOnlyPort"), new String("10255")));
    NodeSummary b =
        new NodeSummary(
            new String("n2"),
            new String("pool-a"),
            Map.of(new String("kubelet:readOnlyPort"), new String("10255")));
    assertEquals(Map.of("kubelet:readOnlyPort", "10255"), a.facts());
    assertSame(a.nodePool(), b.nodePool());
    assertSame(a.facts().get("kubelet:readOnlyPort"), b.facts().get("kubelet:readOnlyPort"));
    assertSame(a.facts().keySet().iterator().next(), b.facts().keySet().iterator().next());
    assertNotSame(a.nodeName(), b.nodeName());
    String longValue = "x".repeat(65);
    assertNotSame(NodeSummary.canonical(new String(longValue)), longValue, "long values unshared");
  }
}
