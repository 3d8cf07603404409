package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Redaction of tokens, passwords and key data in argv, parsed files and env text. */
class SecretsTest {

  @Test
  void argvSecretsAreRedactedPathsAndSwitchesKept() {
    Secrets.Redacted r =
        Secrets.redactArgv(
            List.of(
                "--token=K10abc::server:deadbeef",
                "--bootstrap-token",
                "abcdef.0123456789abcdef",
                "--token-auth-file=/etc/tokens.csv",
                "--enable-bootstrap-token-auth=true",
                "--service-account-key-file=/etc/kubernetes/pki/sa.pub"));
    assertEquals(2, r.count());
    assertEquals(
        List.of(
            "--token=REDACTED",
            "--bootstrap-token",
            "REDACTED",
            "--token-auth-file=/etc/tokens.csv",
            "--enable-bootstrap-token-auth=true",
            "--service-account-key-file=/etc/kubernetes/pki/sa.pub"),
        r.argv());
  }

  @Test
  void kubeconfigSecretsRedactedAndAuthRecorded() {
    String kc =
        """
        apiVersion: v1
        kind: Config
        current-context: c
        contexts: [{name: c, context: {cluster: k, user: u}}]
        clusters: [{name: k, cluster: {server: https://10.0.0.1:6443}}]
        users:
        - name: u
          user:
            token: eyJhbGciOiJSUzI1NiIsImtpZCI6IlNFQ1JFVCJ9.planted
            client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tplanted
        """;
    ConfigParser.Parsed p = ConfigParser.parse("/var/lib/kubelet/kubeconfig", kc);
    String json = ConfigParser.toJson(p.content());
    assertFalse(json.contains("planted"), json);
    assertEquals(2, p.redactions());
    assertEquals("TOKEN", ConfigParser.kubeconfigAuth(p.content()).auth());
    assertEquals("https://10.0.0.1:6443", ConfigParser.kubeconfigAuth(p.content()).server());
  }

  @Test
  void envFilesAndUnitsRedactSecretKeysAndFlags() {
    ConfigParser.Parsed env =
        ConfigParser.parse(
            "/etc/systemd/system/k3s.service.env",
            "K3S_TOKEN=K10planted::server:x\nKUBELET_ARGS=\"--node-ip=1.2.3.4 --token plantedtoo\"\n");
    String json = ConfigParser.toJson(env.content());
    assertFalse(json.contains("planted"), json);
    assertTrue(json.contains("--node-ip=1.2.3.4"));
    ConfigParser.Parsed unit =
        ConfigParser.parse(
            "/etc/systemd/system/kubelet.service.d/10.conf",
            "[Service]\nEnvironment=\"KUBELET_EXTRA_ARGS=--password=planted\"\nExecStart=\nExecStart=/usr/bin/kubelet \\\n  --v=2\n");
    assertFalse(ConfigParser.toJson(unit.content()).contains("planted"));
    assertEquals("INI", unit.format());
    assertEquals(2, unit.content().path("Service").path("ExecStart").size(), "repeated keys kept");
  }
}
