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
    nodePool = canonical(nodePool);
    Map<String, String> shared = new java.util.HashMap<>(facts.size() * 2);
    facts.forEach((k, v) -> shared.put(canonical(k), canonical(v)));
    facts = Map.copyOf(shared);
  }

  /** Distinct short strings seen in summaries: keys, setting values, sources, pool names. */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_SHARED = 1 << 16;

  /**
   * One instance per distinct key, value and pool name: a million summaries repeat a handful of
   * strings, and each decoded copy would otherwise hold its own (most of a summary's memory, and
   * the cluster side input holds them all). Bounded, so odd values cannot grow it without limit.
   */
  static String canonical(String s) {
    if (s == null || s.length() > 64) {
      return s;
    }
    String seen = SHARED.get(s);
    if (seen != null) {
      return seen;
    }
    if (SHARED.size() >= MAX_SHARED) {
      return s;
    }
    seen = SHARED.putIfAbsent(s, s);
    return seen == null ? s : seen;
  }
}
