package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cause of a NO_EVIDENCE finding: the column when set, else derived from the engine's reason.
 */
class NoEvidenceCausesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        // reasons as the engine writes them (the demo fleet's k3s, GKE and AKS clusters)
        "null|kube-proxy was not seen on this node (no process, command line or static pod"
            + " manifest).|PROCESS_NOT_SEEN",
        "null|The rule applies to Kubernetes >=1.27 and the version of node k3s-agent-1 is not"
            + " known.|VERSION_UNKNOWN",
        "null|no certificate was read from /var/lib/kubelet/pki/kubelet-server-current.pem (role"
            + " kubelet.serving-cert): it is missing from the dump.|FILE_NOT_COLLECTED",
        "null|no file has roles kubelet.service, kubelet.service-dropin on this"
            + " node.|FILE_NOT_COLLECTED",
        "null|the dump has no stat line for /var/lib/rancher/k3s/agent/kubeproxy.kubeconfig (role"
            + " kube-proxy.kubeconfig).|FILE_NOT_COLLECTED",
        "null|certificate /etc/kubernetes/certs/kubeletserver.crt verify_status is NOT_CHECKED,"
            + " which does not say whether it verifies.|CERT_NOT_VERIFIED",
        "null|no node of the cluster was scored.|NO_NODE_SCORED",
        "null|3 open nodes have no kubelet metrics.|UNCLASSIFIED",
        "null|null|UNCLASSIFIED",
        // the engine's column wins over the reason
        "CLOUD_TABLE_MISSING|no file has role pki.cert on this node.|CLOUD_TABLE_MISSING",
        "' PROCESS_NOT_SEEN '|anything|PROCESS_NOT_SEEN",
        "''|no node of the cluster was scored.|NO_NODE_SCORED",
      })
  void causeOfAFinding(String column, String reason, String expected) {
    assertEquals(expected, NoEvidenceCauses.of(column, reason));
  }
}
