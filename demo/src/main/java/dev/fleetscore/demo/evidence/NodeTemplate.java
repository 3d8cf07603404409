package dev.fleetscore.demo.evidence;

import dev.fleetscore.schema.internal.NodeEvidence;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Builds one node's raw evidence from a template: the seam where realistic node shapes (today
 * {@link NodeTemplates}; later the demo fleet generator's) plug into the benchmark fleet.
 */
public interface NodeTemplate {

  /** The provider this template looks like (gke, eks, kubeadm, ...). */
  String provider();

  NodeEvidence build(Spec spec);

  /**
   * One node to build.
   *
   * @param variant small deviations to exercise bad input: NONE, BROKEN_CONFIG (an unparseable
   *     kubelet config file), COLLECTION_ERROR (one collection_errors row)
   */
  record Spec(
      LocalDate snapshotDate,
      String clusterId,
      String nodeName,
      String dumpId,
      Instant collectedAt,
      String pool,
      String zone,
      Variant variant) {}

  enum Variant {
    NONE,
    BROKEN_CONFIG,
    COLLECTION_ERROR
  }
}
