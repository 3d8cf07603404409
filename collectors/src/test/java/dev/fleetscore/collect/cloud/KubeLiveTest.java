package dev.fleetscore.collect.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetscore.schema.CollectionErrorRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Kubernetes Java client, through a kubeconfig, against a local API stub. */
class KubeLiveTest {

  static Path kubeconfig(Path dir, String server) throws IOException {
    Path kc = dir.resolve("kubeconfig");
    Files.writeString(
        kc,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: stub
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
        - name: reader
          user: {token: planted-bearer-token-5521}
        contexts:
        - name: prod
          context: {cluster: stub, user: reader}
        - name: locked
          context: {cluster: stub, user: reader, namespace: locked}
        current-context: prod
        """
            .formatted(server));
    return kc;
  }

  @Test
  void readsNodesAndAwsAuthThroughAKubeconfigContext(@TempDir Path dir) throws IOException {
    String nodes = Files.readString(ExportReaderTest.fixtures("eks/prod/nodes.json"));
    String awsAuth =
        new ObjectMapper()
            .writeValueAsString(
                new YAMLMapper()
                    .readTree(ExportReaderTest.fixtures("eks/prod/aws-auth.yaml").toFile()));
    try (StubHttp stub = new StubHttp()) {
      stub.on("/api/v1/nodes", StubHttp.Response.ok(nodes))
          .on("/api/v1/namespaces/kube-system/configmaps/aws-auth", StubHttp.Response.ok(awsAuth));
      Path kc = kubeconfig(dir, stub.uri().toString());
      CloudBatch batch = new CloudBatch(CloudRun.stamp(null, ExportReaderTest.DATE, null));
      KubeLive.collect(
          batch, kc, Map.of("prod", "eks:111122223333/eu-west-1/prod"), KubeLive.What.NODES);
      KubeLive.collect(
          batch, kc, Map.of("prod", "eks:111122223333/eu-west-1/prod"), KubeLive.What.AWS_AUTH);
      CloudBatch.Tables t = batch.tables();
      assertEquals(List.of(), t.errors().stream().map(e -> e.getMessage()).toList());
      assertEquals(2, t.inventory().size());
      assertEquals("al2023-general", t.inventory().get(0).getNodePool());
      assertEquals(7, t.mappings().size());
      assertTrue(
          t.mappings().stream()
              .anyMatch(
                  m ->
                      m.getGroups().contains("system:masters")
                          && m.getSourceKind().equals("AWS_AUTH_MAP_ROLES")));
      String auth =
          stub.requests.get(0).headers().getOrDefault("Authorization", List.of("")).get(0);
      assertEquals("Bearer planted-bearer-token-5521", auth);
      assertFalse(t.toString().contains("planted-bearer-token-5521"));
      assertTrue(t.errors().isEmpty(), t.errors().toString());
    }
  }

  @Test
  void refusalsAndAMissingConfigMapAreRows(@TempDir Path dir) throws IOException {
    try (StubHttp stub = new StubHttp()) {
      stub.on(
          "/api/v1/nodes",
          new StubHttp.Response(
              403,
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                  + "\"nodes is forbidden\",\"reason\":\"Forbidden\",\"code\":403}",
              Map.of()));
      Path kc = kubeconfig(dir, stub.uri().toString());
      CloudBatch batch = new CloudBatch(CloudRun.stamp(null, ExportReaderTest.DATE, null));
      KubeLive.collect(
          batch, kc, Map.of("prod", "eks:1/r/prod", "nope", "eks:1/r/nope"), KubeLive.What.NODES);
      KubeLive.collect(batch, kc, Map.of("prod", "eks:1/r/prod"), KubeLive.What.AWS_AUTH);
      List<String> codes =
          batch.tables().errors().stream()
              .map(e -> e.getSeverity() + " " + e.getErrorCode())
              .sorted()
              .toList();
      assertEquals(
          List.of("ERROR PERMISSION_DENIED", "ERROR UNKNOWN_CONTEXT", "WARNING NOT_FOUND"), codes);
      CollectionErrorRow denied =
          batch.tables().errors().stream()
              .filter(e -> e.getErrorCode().equals("PERMISSION_DENIED"))
              .findFirst()
              .orElseThrow();
      assertTrue(denied.getMessage().contains("HTTP 403"), denied.getMessage());
    }
  }
}
