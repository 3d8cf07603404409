package dev.fleetscore.normalize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short measurement of the normalizer on typical nodes (kubeadm, GKE, AKS flags-only, EKS AL2023
 * with a drop-in, a control-plane node), printed to the surefire output. The bound is loose because
 * the machine is shared; the target is well under 1 ms per node.
 */
class NormalizerPerformanceTest {

  @Test
  void typicalNodesNormalizeWellUnderAMillisecond() {
    List<NodeEvidence> nodes =
        List.of(
            EvidenceNormalizerTest.kubeadm(),
            EvidenceNormalizerTest.eksAl2023(Fixtures.resource("eks-al2023-40-nodeadm.conf.json")),
            Fixtures.node("aks").kubeletPs(Fixtures.resource("aks-ps.txt")).build(),
            Fixtures.node("gke")
                .kubeletPs(Fixtures.resource("gke-1.26-ps.txt"))
                .config(
                    "/home/kubernetes/kubelet-config.yaml",
                    "KUBELET_CONFIG",
                    Fixtures.resource("gke-1.26-config.yaml"))
                .build());
    EvidenceNormalizer n = new EvidenceNormalizer();
    int rows = 0;
    for (int i = 0; i < 3_000; i++) {
      rows +=
          ((NormalizeResult.Scored) n.normalize(nodes.get(i % nodes.size()), null))
              .settings()
              .size();
    }
    int iterations = 4_000;
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      rows +=
          ((NormalizeResult.Scored) n.normalize(nodes.get(i % nodes.size()), null))
              .settings()
              .size();
    }
    double micros = (System.nanoTime() - start) / 1000.0 / iterations;
    System.out.printf(
        "normalizer: %.1f µs per node over %d nodes (%d rows)%n", micros, iterations, rows);
    assertTrue(micros < 5_000, "normalizing took " + micros + " µs per node");
  }
}
