package dev.fleetscore.schema;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of one node dump inside a snapshot: cluster, node and dump id. Rows of every
 * node-bucketed table are sorted by this key, so a bucket's files can be merge-joined in one pass.
 * Rejected dumps have no cluster or node; they sort first, by dump id.
 */
public record NodeKey(String clusterId, String nodeName, String dumpId)
    implements Comparable<NodeKey> {

  private static final Comparator<String> NULLS_FIRST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  public static final Comparator<NodeKey> ORDER =
      Comparator.comparing(NodeKey::clusterId, NULLS_FIRST)
          .thenComparing(NodeKey::nodeName, NULLS_FIRST)
          .thenComparing(NodeKey::dumpId, NULLS_FIRST);

  public NodeKey {
    Objects.requireNonNull(dumpId, "dumpId");
  }

  /** The (cluster, node) pair two dumps of the same node share. */
  public boolean sameNode(NodeKey other) {
    return clusterId != null
        && nodeName != null
        && clusterId.equals(other.clusterId)
        && nodeName.equals(other.nodeName);
  }

  @Override
  public int compareTo(NodeKey o) {
    return ORDER.compare(this, o);
  }
}
