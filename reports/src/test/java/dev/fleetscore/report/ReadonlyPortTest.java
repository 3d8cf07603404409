package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.report.ReadonlyPort.NodeState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The read-only-port mapping on the shapes the rule engine writes (its README and fixtures: setting
 * {@code kubelet readOnlyPort, readonly_requests}, actual {@code kubelet readOnlyPort=10255;
 * readonly_requests=42}).
 */
class ReadonlyPortTest {

  @ParameterizedTest(name = "port={0} state={1} requests={2} -> {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "0, PASS, null, CLOSED",
        "0, null, null, CLOSED",
        "10255, WARN, 42, OPEN_IN_USE",
        "10255, FAIL, 0, OPEN_UNUSED",
        "10255, NO_EVIDENCE, null, OPEN_UNKNOWN",
        "10255, null, null, OPEN_UNKNOWN",
        // The count wins over the state: an EXEMPT finding read by its underlying state.
        "10255, FAIL, 7, OPEN_IN_USE",
        "10255, WARN, null, OPEN_IN_USE",
        "10255, FAIL, null, OPEN_UNUSED",
        "null, PASS, null, CLOSED",
        "null, FAIL, 0, OPEN_UNUSED",
        "null, NO_EVIDENCE, null, UNKNOWN",
        "null, null, null, UNKNOWN",
        "'', null, null, UNKNOWN",
      })
  void classifiesNodes(String port, String state, Long requests, NodeState expected) {
    assertEquals(expected, ReadonlyPort.classify(port, state, requests));
  }

  @Test
  void readsTheRequestCountFromActual() {
    assertEquals(42L, ReadonlyPort.requests("kubelet readOnlyPort=10255; readonly_requests=42"));
    assertEquals(0L, ReadonlyPort.requests("kubelet readOnlyPort=10255; readonly_requests=0"));
    assertNull(ReadonlyPort.requests("kubelet readOnlyPort=10255"));
    assertNull(ReadonlyPort.requests(null));
  }

  @Test
  void anExemptFindingIsReadByTheStateItWouldHaveHad() {
    String reason =
        "Exempt under EX-2026-014 (approved by jane.doe@example.com, until 2026-12-31): the"
            + " metrics agent scrapes 10255 until OPS-1234 ships. Without it the state would be"
            + " WARN: kubelet readOnlyPort is 10255, from the config file.";
    assertEquals("WARN", ReadonlyPort.effectiveState("EXEMPT", reason));
    assertEquals("EXEMPT", ReadonlyPort.effectiveState("EXEMPT", "no underlying state named"));
    assertEquals("FAIL", ReadonlyPort.effectiveState("FAIL", reason));
  }

  @Test
  void recognisesTheMigrationFindingByDocumentedColumnsOnly() {
    List<String> fs = List.of("fleetscore-1:readonly-port-migration");
    String setting = "kubelet readOnlyPort, readonly_requests";
    assertTrue(ReadonlyPort.isMigrationFinding("NODE", "kubelet", setting, fs));
    // Any fleetscore framework version, any rule id.
    assertTrue(
        ReadonlyPort.isMigrationFinding("NODE", "kubelet", setting, List.of("fleetscore-2:x")));
    // CIS 4.2.4 reads the port but not the requests; cluster findings are not per node.
    assertFalse(
        ReadonlyPort.isMigrationFinding(
            "NODE", "kubelet", "kubelet readOnlyPort", List.of("cis-kubernetes-1.12:4.2.4")));
    assertFalse(ReadonlyPort.isMigrationFinding("NODE", "kubelet", setting, List.of("cis-x:1")));
    assertFalse(ReadonlyPort.isMigrationFinding("CLUSTER", "kubelet", setting, fs));
    assertFalse(ReadonlyPort.isMigrationFinding("NODE", null, setting, fs));
    assertFalse(ReadonlyPort.isMigrationFinding("NODE", "kubelet", null, fs));
  }

  @Test
  void settingsItReads() {
    assertTrue(ReadonlyPort.isNodePortSetting("kubelet", "readOnlyPort"));
    assertFalse(ReadonlyPort.isNodePortSetting("cloud", "readOnlyPort"));
    assertTrue(ReadonlyPort.isCloudSetting("cloud", "readonlyPortEnabled"));
    assertTrue(ReadonlyPort.isCloudSetting("cloud", "canDisableReadonlyPort"));
    assertFalse(ReadonlyPort.isCloudSetting("kubelet", "readonlyPortEnabled"));
    assertEquals(Boolean.FALSE, ReadonlyPort.open("0"));
    assertEquals(Boolean.TRUE, ReadonlyPort.open("10255"));
    assertNull(ReadonlyPort.open(null));
  }

  @Test
  void gcloudCommandsOnlyForPlainGkeNames() {
    assertEquals(
        "gcloud container node-pools update metrics-pool --cluster=payments"
            + " --location=europe-west1 --project=acme-prod"
            + " --no-enable-insecure-kubelet-readonly-port",
        ReadonlyPort.gcloudClosePool("gke:acme-prod/europe-west1/payments", "metrics-pool"));
    assertEquals(
        "gcloud container clusters update payments --location=europe-west1 --project=acme-prod"
            + " --no-enable-insecure-kubelet-readonly-port",
        ReadonlyPort.gcloudCloseClusterDefault("gke:acme-prod/europe-west1/payments"));
    assertNull(ReadonlyPort.gcloudClosePool("eks:1/eu-west-1/payments", "ng"));
    assertNull(ReadonlyPort.gcloudClosePool("gke:acme-prod/europe-west1/payments", "p; rm -rf /"));
    assertNull(ReadonlyPort.gcloudClosePool("gke:acme$(id)/europe-west1/payments", "p"));
    assertNull(ReadonlyPort.gcloudClosePool("gke:acme-prod/payments", "p"));
    assertNull(ReadonlyPort.gcloudCloseClusterDefault("kubeadm:lab"));
  }

  @Test
  void certificateExpiryFindings() {
    assertTrue(
        CertificateExpiry.isCertExpiry(
            "certificates", null, List.of("fleetscore-1:cert-expiring")));
    assertTrue(
        CertificateExpiry.isCertExpiry(
            "every certificate", "certificate /a.crt days_until_expiry=3", List.of("x:y")));
    assertFalse(CertificateExpiry.isCertExpiry("kubelet readOnlyPort", "10255", List.of("x:y")));
    assertEquals(
        -2L,
        CertificateExpiry.minDays(
            "certificate /a.crt days_until_expiry=12, certificate /b.crt days_until_expiry=-2"));
    assertEquals(5L, CertificateExpiry.minDays("5"));
    assertNull(CertificateExpiry.minDays("soon"));
  }
}
