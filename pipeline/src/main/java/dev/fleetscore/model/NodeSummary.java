package dev.fleetscore.model;

import java.io.Serializable;
import java.util.Map;

/**
 * The few facts of one scored node that cluster-scoped rules need (GKE intent versus node reality,
 * read-only-port migration readiness), small enough to gather per cluster.
 *
 * @param nodeName node name
 * @param nodePool node pool, may be null
 * @param facts selected effective values as canonical strings, keyed {@code component:setting},
 *     e.g. {@code kubelet:readOnlyPort}; plus {@code metrics:readonly_requests} when the dump held
 *     kubelet_http_requests_total samples for the read-only server
 */
public record NodeSummary(String nodeName, String nodePool, Map<String, String> facts)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public NodeSummary {
    facts = Map.copyOf(facts);
  }
}
