package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.Setting;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link NodeSummary} cluster-scoped rules read: for each key they use, the node's
 * effective value in canonical form ({@code kubelet:readOnlyPort} = {@code 10255}) or, for {@value
 * #READONLY_REQUESTS}, the count of requests its read-only server answered. A key whose value is
 * unknown is left out, which those rules judge as NO_EVIDENCE.
 */
public final class NodeSummaries {

  /** The summary key of {@link ReadonlyRequests}' count. */
  public static final String READONLY_REQUESTS = "metrics:readonly_requests";

  private NodeSummaries() {}

  public static NodeSummary of(NodeFacts node, Collection<String> keys) {
    Map<String, String> facts = new TreeMap<>();
    for (String key : keys) {
      if (key.equals(READONLY_REQUESTS)) {
        Long n = ReadonlyRequests.of(node).count();
        if (n != null) {
          facts.put(key, Long.toString(n));
        }
        continue;
      }
      int colon = key.indexOf(':');
      Component c = Component.byId(key.substring(0, colon)).orElse(null);
      if (c == null) {
        continue;
      }
      ComponentSettings cs = node.components().get(c);
      if (cs == null) {
        continue;
      }
      Setting s = cs.settings().get(key.substring(colon + 1));
      if (s != null && s.value() != null) {
        facts.put(key, s.value().canonical());
      }
    }
    String pool = node.dump().getNodePool();
    return new NodeSummary(node.nodeName(), pool, facts);
  }
}
