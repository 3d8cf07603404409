package dev.fleetscore.normalize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short measurement of the normalizer on typical nodes (kubeadm, GKE, AKS flags-only, EKS AL2023
 * with a drop-in), printed to the surefire output. The run is too short for the JIT to settle and
 * the machine is shared, so the bound only catches a gross regression (something quadratic); the
 * steady-state figure is measured separately (README, normalization section).
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
    for (int i = 0; i < 2_000; i++) {
      rows +=
          ((NormalizeResult.Scored) n.normalize(nodes.get(i % nodes.size()), null))
              .settings()
              .size();
    }
    int iterations = 2_000;
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
    assertTrue(micros < 20_000, "normalizing took " + micros + " µs per node");
  }
}
