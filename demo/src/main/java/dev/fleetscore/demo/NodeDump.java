package dev.fleetscore.demo;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One generated node dump, in memory: its entries exactly as the node-dump contract of
 * shared/DESIGN.md lays them out ({@code meta.env}, {@code ps.txt}, {@code cmdline/<pid>}, {@code
 * fs/<absolute path>}, {@code stat.txt}, plus {@code journal/k3s.txt} and {@code
 * metrics/kubelet.txt}), sorted by path, and what was planted in it. Entries never contain private
 * key material.
 */
public final class NodeDump {

  /** Which copy of a node this dump is. */
  public enum Variant {
    /** The node's dump. */
    NORMAL,
    /** A second, earlier dump of the same node ({@link Planted#DUPLICATE_NODE_DUMP}). */
    EARLIER_DUPLICATE,
    /** The node's dump without meta.env ({@link Planted#MISSING_META_ENV}). */
    NO_META
  }

  private final String name;
  private final String clusterId;
  private final String nodeName;
  private final NodeKind kind;
  private final String nodePool;
  private final String zone;
  private final String kubeletVersion;
  private final Instant collectedAt;
  private final Variant variant;
  private final SortedMap<String, byte[]> entries;
  private final List<PlantedItem> planted;
  private final Map<String, Map<String, Object>> expectedKubelet;

  NodeDump(
      String name,
      String clusterId,
      String nodeName,
      NodeKind kind,
      String nodePool,
      String zone,
      String kubeletVersion,
      Instant collectedAt,
      Variant variant,
      SortedMap<String, byte[]> entries,
      List<PlantedItem> planted,
      Map<String, Map<String, Object>> expectedKubelet) {
    this.name = name;
    this.clusterId = clusterId;
    this.nodeName = nodeName;
    this.kind = kind;
    this.nodePool = nodePool;
    this.zone = zone;
    this.kubeletVersion = kubeletVersion;
    this.collectedAt = collectedAt;
    this.variant = variant;
    this.entries = Collections.unmodifiableSortedMap(entries);
    this.planted = List.copyOf(planted);
    this.expectedKubelet =
        expectedKubelet == null ? null : Collections.unmodifiableMap(expectedKubelet);
  }

  /** Path of the dump under the output folder without extension, e.g. dumps/gke_p_l_c/node. */
  public String name() {
    return name;
  }

  public String clusterId() {
    return clusterId;
  }

  public String nodeName() {
    return nodeName;
  }

  public NodeKind kind() {
    return kind;
  }

  public String nodePool() {
    return nodePool;
  }

  /** Zone, or null for on-premises kinds. */
  public String zone() {
    return zone;
  }

  public String kubeletVersion() {
    return kubeletVersion;
  }

  public Instant collectedAt() {
    return collectedAt;
  }

  public Variant variant() {
    return variant;
  }

  /** Entries by path inside the dump, sorted; byte arrays must not be modified. */
  public SortedMap<String, byte[]> entries() {
    return entries;
  }

  public List<PlantedItem> planted() {
    return planted;
  }

  public boolean has(Planted code) {
    return planted.stream().anyMatch(p -> p.code() == code);
  }

  /**
   * The kubelet's effective security settings (value, source, origin) as the kubelet itself would
   * compute them from this node's inputs; null when the dump does not allow it (a truncated config
   * copy, no meta.env).
   */
  public Map<String, Map<String, Object>> expectedKubelet() {
    return expectedKubelet;
  }

  public long totalBytes() {
    return entries.values().stream().mapToLong(b -> b.length).sum();
  }
}
