package dev.fleetscore.model;

import dev.fleetscore.schema.internal.NodeEvidence;
import java.io.Serializable;

/**
 * Turns one node's raw evidence into its effective settings and facts. Implemented by the
 * normalizer; called once per node by the pipeline and by the reference loop. Implementations are
 * stateless after construction and safe to share between threads.
 */
public interface NodeNormalizer extends Serializable {

  /**
   * Normalizes one node. Bad evidence that makes the whole node unscorable (e.g. an unparseable
   * kubelet config file, which the kubelet itself would refuse to start with) is a {@link
   * NormalizeResult.Rejected}, never an exception; exceptions are bugs.
   */
  NormalizeResult normalize(NodeEvidence evidence, ClusterFacts cluster);
}
