package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @TempDir Path tmp;

  @Test
  void argvSecretsAreRedactedByStructure() {
    Secrets.Redacted r =
        Secrets.redactArgv(
            List.of(
                "--manifest-url-header=Authorization:Bearer plantedHeader1",
                "--etcd-servers=https://root:planted@Etcd1@10.0.0.1:2379,https://10.0.0.2:2379",
                "--datastore-endpoint=postgres://k3s:plantedDb1@db.internal:5432/k3s",
                "AWS_SECRET_ACCESS_KEY=plantedAws1",
                "--api-key",
                "plantedApi1",
                "--azure-client-secret plantedAzure1",
                "--token-auth-file=/etc/kubernetes/tokens.csv",
                "--authorization-mode=Node,RBAC"));
    assertEquals(
        List.of(
            "--manifest-url-header=Authorization:REDACTED",
            "--etcd-servers=https://REDACTED@10.0.0.1:2379,https://10.0.0.2:2379",
            "--datastore-endpoint=postgres://REDACTED@db.internal:5432/k3s",
            "AWS_SECRET_ACCESS_KEY=REDACTED",
            "--api-key",
            "REDACTED",
            "--azure-client-secret REDACTED",
            "--token-auth-file=/etc/kubernetes/tokens.csv",
            "--authorization-mode=Node,RBAC"),
        r.argv());
    assertEquals(6, r.count());
  }

  @Test
  void textSecretsAreRedactedByStructure() {
    String basic = Base64.getEncoder().encodeToString("admin:plantedBasic1".getBytes());
    String[][] cases = {
      {"Authorization: Bearer plantedA1", "Authorization: REDACTED"},
      {"curl -H 'Authorization: Basic " + basic + "' x", "curl -H 'Authorization: REDACTED' x"},
      {"Proxy-Authorization=plantedA2", "Proxy-Authorization=REDACTED"},
      {"- Bearer plantedA3", "- Bearer REDACTED"},
      {"use Basic " + basic + " here", "use Basic REDACTED here"},
      {"mysql://u:plantedU1@tcp(db:3306)/k3s", "mysql://REDACTED@tcp(db:3306)/k3s"},
      {"https://plantedOnlyUser@git.example/x", "https://REDACTED@git.example/x"},
      {"\"API_TOKEN=plantedE1\" \"LOG=2\"", "\"API_TOKEN=REDACTED\" \"LOG=2\""},
      {"AWS_SECRET_ACCESS_KEY='planted E2'", "AWS_SECRET_ACCESS_KEY=REDACTED"},
      {"https://h/pods?token=plantedQ1&x=1", "https://h/pods?token=REDACTED&x=1"},
    };
    for (String[] c : cases) {
      int[] n = {0};
      assertEquals(c[1], Secrets.redactText(c[0], n), c[0]);
      assertEquals(1, n[0], c[0]);
      int[] again = {0};
      assertEquals(c[1], Secrets.redactText(c[1], again), "redacting twice changes nothing");
      assertEquals(0, again[0], c[1]);
    }
  }

  @Test
  void nonSecretsAreKept() {
    for (String s :
        List.of(
            "--token-auth-file=/etc/kubernetes/tokens.csv",
            "--enable-bootstrap-token-auth=true",
            "--authorization-mode=Node,RBAC",
            "--etcd-servers=https://10.0.0.1:2379",
            "https://10.0.0.1:6443/api?timeout=32s",
            "AWS_ACCESS_KEY_ID=AKIAEXAMPLE",
            "AWS_REGION=eu-west-1",
            "K3S_TOKEN_FILE=/var/lib/rancher/k3s/server/token",
            "Basic authentication is disabled",
            "a bearer token is required",
            "user@example.com",
            "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key")) {
      int[] n = {0};
      assertEquals(s, Secrets.redactText(s, n));
      assertEquals(0, n[0], s);
    }
    assertEquals(
        List.of("--token-auth-file=/etc/t.csv", "--api-key-file", "/etc/key"),
        Secrets.redactArgv(List.of("--token-auth-file=/etc/t.csv", "--api-key-file", "/etc/key"))
            .argv());
  }

  @Test
  void treesAreRedactedByStructure() throws Exception {
    String basic = Base64.getEncoder().encodeToString("u:plantedReg1".getBytes());
    JsonNode t =
        new ObjectMapper()
            .readTree(
                """
                {"staticPodURL": "https://user:plantedUrl1@pods.example/list",
                 "staticPodURLHeader": {"Authorization": ["Bearer plantedHdr1"],
                                        "X-Trace": ["on"]},
                 "auths": {"registry.example": {"auth": "%s", "identitytoken": "plantedId1"}},
                 "signingKey": "Zq8vN3kP0wXy7LmR4tBs",
                 "clientCAFile": "/etc/kubernetes/pki/ca.crt",
                 "authentication": {"anonymous": {"enabled": false},
                                    "webhook": {"cacheTTL": "2m0s"}},
                 "apiKey": "plantedKey1",
                 "databaseEncryption": {"keyName":
                   "projects/acme/locations/europe-west1/keyRings/R1/cryptoKeys/K1"},
                 "encryptionConfig": {"provider": {"keyArn":
                   "arn:aws:kms:eu-west-1:111122223333:key/1a2B3c4D-5e6f"}},
                 "authMode": "CONFIG_MAP_AND_API",
                 "nodeConfig": {"machineType": "e2-standard-4",
                                "metadata": {"kube-env": "plantedKubeEnv1 stuff",
                                             "disable-legacy-endpoints": "true"}},
                 "env": [{"name": "Authorization", "value": "plantedEnv1"}]}
                """
                    .formatted(basic));
    int n = Secrets.redactTree(t);
    String json = t.toString();
    assertFalse(json.contains("planted"), json);
    assertFalse(json.contains(basic), json);
    assertFalse(json.contains("Zq8vN3kP0wXy7LmR4tBs"), "high-entropy value of a key name");
    assertEquals("https://REDACTED@pods.example/list", t.path("staticPodURL").textValue());
    assertEquals("REDACTED", t.path("staticPodURLHeader").path("Authorization").get(0).asText());
    assertEquals("on", t.path("staticPodURLHeader").path("X-Trace").get(0).asText());
    assertEquals("/etc/kubernetes/pki/ca.crt", t.path("clientCAFile").textValue());
    assertEquals("2m0s", t.at("/authentication/webhook/cacheTTL").textValue());
    assertEquals("true", t.at("/nodeConfig/metadata/disable-legacy-endpoints").textValue());
    assertEquals("e2-standard-4", t.at("/nodeConfig/machineType").textValue());
    assertTrue(t.at("/databaseEncryption/keyName").textValue().endsWith("cryptoKeys/K1"));
    assertTrue(t.at("/encryptionConfig/provider/keyArn").textValue().startsWith("arn:aws:kms"));
    assertEquals("CONFIG_MAP_AND_API", t.path("authMode").textValue());
    assertEquals(8, n, json);
  }

  @Test
  void javaMirrorOfTheScriptsSedIsExact() throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v sed").start();
    assumeTrue(which.waitFor() == 0, "no sed");
    String script = Files.readString(NodeDumpScriptTest.SCRIPT);
    int from = script.indexOf("<<'EOF'\n") + "<<'EOF'\n".length();
    Path sed = tmp.resolve("redact.sed");
    Files.writeString(sed, script.substring(from, script.indexOf("\nEOF\n", from) + 1));
    String basic = Base64.getEncoder().encodeToString("u:p".getBytes());
    String sample =
        String.join(
            "\n",
            "   12 /usr/bin/kubelet --manifest-url-header=Authorization:Bearer a.b-c --v=2",
            "--etcd-servers=https://root:p@ss@10.0.0.1:2379,https://10.0.0.2:2379",
            "k3s server --datastore-endpoint=postgres://k:pw@db/k3s --api-key K1 --token=T \"--x\"",
            "--azure-client-secret AZ",
            "datastore-endpoint: mysql://u:pw@tcp(db:3306)/k3s",
            "K3S_DATASTORE_ENDPOINT='postgres://u:pw2@db/k3s'",
            "export K3S_TOKEN=\"a b\"",
            "staticPodURLHeader:",
            "  Authorization:",
            "  - Bearer SPH",
            "  \"Authorization\": \"Basic " + basic + "\",",
            "{\"auths\":{\"r\":{\"auth\":\"" + basic + "\",\"email\":\"a@b\"}}}",
            "Environment=\"FOO_TOKEN=t1\" 'AWS_SECRET_ACCESS_KEY=a b' AWS_ACCESS_KEY_ID=AKIA",
            "    token:   tok  ",
            "  - client-key-data: abc",
            "authorization:",
            "  mode: Webhook",
            "tokenFile: /var/run/t",
            "--token-auth-file=/etc/tokens.csv --enable-bootstrap-token-auth=true",
            "caf\u00e9 \t\r trailing",
            "");
    Process p = new ProcessBuilder("sed", "-f", sed.toString()).start();
    p.getOutputStream().write(sample.getBytes(StandardCharsets.ISO_8859_1));
    p.getOutputStream().close();
    String bySed = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertEquals(0, p.waitFor());
    String byJava =
        new String(
            Secrets.redactFileOnNode(sample.getBytes(StandardCharsets.ISO_8859_1)),
            StandardCharsets.ISO_8859_1);
    assertEquals(bySed, byJava);
    assertFalse(byJava.contains("pw"), byJava);

    int args = script.indexOf("<<'EOF'\n", from) + "<<'EOF'\n".length();
    Path argsSed = tmp.resolve("redact-args.sed");
    Files.writeString(argsSed, script.substring(args, script.indexOf("\nEOF\n", args) + 1));
    String[] argv = {
      "/usr/bin/kubelet",
      "--api-key",
      "k1",
      "--token",
      "--v=2",
      "--password",
      "p w",
      "--bootstrap-token",
      ""
    };
    Process q =
        new ProcessBuilder(
                "sh", "-c", "sed -f \"$0\" | sed -f \"$1\"", sed.toString(), argsSed.toString())
            .start();
    q.getOutputStream().write(String.join("\n", argv).getBytes(StandardCharsets.ISO_8859_1));
    q.getOutputStream().close();
    String argsBySed = new String(q.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertEquals(0, q.waitFor());
    assertEquals(argsBySed, String.join("\n", Secrets.redactArgsOnNode(argv)));
    assertFalse(argsBySed.contains("k1") || argsBySed.contains("p w"), argsBySed);
    assertTrue(byJava.contains("mode: Webhook") && byJava.contains("/etc/tokens.csv"), byJava);
  }

  /**
   * Redaction must cost time in proportion to the text, whatever it holds: a megabyte of letters
   * sent the URL-userinfo search into hours of backtracking, which froze a whole import on one
   * hostile scalar. The cases here take well under a second when linear and hours when quadratic,
   * so the generous bound only catches the quadratic kind.
   */
  @Test
  void redactionOfAdversarialTextIsLinear() {
    int n = 1 << 20;
    List<String> hostile =
        List.of(
            "y".repeat(n),
            "a".repeat(n) + "://u:p@h",
            "://".repeat(n / 3),
            "-a".repeat(n / 2),
            "--a".repeat(n / 3),
            "a=\"".repeat(n / 3),
            "--token \"".repeat(n / 10),
            "x=".repeat(n / 2),
            "Bearer ".repeat(n / 7),
            "Authorization: ".repeat(n / 15));
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(60),
        () -> {
          for (String text : hostile) {
            Secrets.redactText(text, new int[1]);
          }
        });
    int[] count = new int[1];
    assertEquals(
        "a".repeat(10) + "://REDACTED@h/x",
        Secrets.redactText("a".repeat(10) + "://u:p@h/x", count));
    assertEquals(1, count[0]);
    assertEquals("--token=REDACTED", Secrets.redactText("--token=\"unclosed secret", new int[1]));
  }
}
