package dev.fleetscore.collect.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CollectionErrorRow;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The real AWS SDK v2 EKS client against a local stub serving the service's JSON. */
class EksLiveTest {

  private static final java.util.regex.Pattern ISO_TIME =
      java.util.regex.Pattern.compile("\"(\\d{4}-\\d\\d-\\d\\dT[^\"]+)\"");

  /**
   * A fixture as the service sends it: the AWS CLI prints times as RFC 3339, the EKS wire protocol
   * sends epoch seconds.
   */
  static String fixture(String name) throws IOException {
    String cli = Files.readString(ExportReaderTest.fixtures("eks/prod/" + name));
    return ISO_TIME
        .matcher(cli)
        .replaceAll(
            m -> {
              java.time.Instant i = java.time.OffsetDateTime.parse(m.group(1)).toInstant();
              return i.getEpochSecond() + "." + String.format("%03d", i.getNano() / 1_000_000);
            });
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void collectsClustersNodeGroupsAndAccessEntriesWithRetriesAndRefusals() throws IOException {
    String node = "arn:aws:iam::111122223333:role/eks-node-general";
    String admin = "arn:aws:iam::111122223333:role/admins/platform-admin";
    StubHttp.Response throttled =
        new StubHttp.Response(
            429,
            "{\"message\":\"Rate exceeded\"}",
            Map.of("x-amzn-ErrorType", "ThrottlingException"));
    try (StubHttp stub = new StubHttp()) {
      stub.on("/clusters", StubHttp.Response.ok("{\"clusters\":[\"prod\",\"locked\",\"flaky\"]}"))
          .on("/clusters/prod", StubHttp.Response.ok(fixture("describe-cluster.json")))
          .on(
              "/clusters/prod/node-groups",
              StubHttp.Response.ok("{\"nodegroups\":[\"br-secure\",\"al2023-general\"]}"))
          .on(
              "/clusters/prod/node-groups/al2023-general",
              StubHttp.Response.ok(fixture("describe-nodegroup-al2023.json")))
          .on(
              "/clusters/prod/node-groups/br-secure",
              throttled,
              StubHttp.Response.ok(fixture("describe-nodegroup-bottlerocket.json")))
          .on(
              "/clusters/prod/access-entries",
              StubHttp.Response.ok("{\"accessEntries\":[\"" + node + "\",\"" + admin + "\"]}"))
          .on(
              "/clusters/prod/access-entries/" + enc(node),
              StubHttp.Response.ok(fixture("describe-access-entry-1.json")))
          .on(
              "/clusters/prod/access-entries/" + enc(node) + "/access-policies",
              StubHttp.Response.ok("{\"associatedAccessPolicies\":[]}"))
          .on(
              "/clusters/prod/access-entries/" + enc(admin),
              StubHttp.Response.ok(fixture("describe-access-entry-2.json")))
          .on(
              "/clusters/prod/access-entries/" + enc(admin) + "/access-policies",
              StubHttp.Response.ok(fixture("list-associated-access-policies-2.json")))
          .on(
              "/clusters/locked",
              new StubHttp.Response(
                  403,
                  "{\"message\":\"User: arn:aws:iam::111122223333:user/ci is not authorized\"}",
                  Map.of("x-amzn-ErrorType", "AccessDeniedException")))
          .on(
              "/clusters/flaky",
              new StubHttp.Response(
                  500,
                  "{\"message\":\"internal\"}",
                  Map.of("x-amzn-ErrorType", "ServerException")));

      CloudBatch batch = new CloudBatch(CloudRun.stamp(null, ExportReaderTest.DATE, null));
      EksLive.collect(
          batch,
          new EksLive.Target(
              List.of("eu-west-1"),
              List.of(),
              stub.uri(),
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create("AKIDEXAMPLE", "stub-secret-not-real"))));
      CloudBatch.Tables t = batch.tables();

      assertEquals(1, t.clusters().size());
      assertEquals("eks:111122223333/eu-west-1/prod", t.clusters().get(0).getClusterId());
      assertEquals("API_AND_CONFIG_MAP", t.clusters().get(0).getAuthenticationMode());
      assertEquals(
          List.of("al2023-general", "br-secure"),
          t.pools().stream().map(p -> p.getPoolName()).toList());
      assertEquals("BOTTLEROCKET_x86_64", t.pools().get(1).getImageType());
      assertEquals(2, stub.count("/clusters/prod/node-groups/br-secure"), "429, then retried");
      List<AuthMappingRow> entries = t.mappings();
      assertEquals(2, entries.size());
      assertEquals("EC2_LINUX", entries.get(0).getAccessEntryType());
      assertEquals(
          List.of("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"),
          entries.get(1).getAccessPolicies());
      assertTrue(entries.get(1).getArnHasPath());

      Map<String, CollectionErrorRow> errors = new java.util.TreeMap<>();
      t.errors().forEach(e -> errors.put(e.getSource(), e));
      CollectionErrorRow locked = errors.get("eks.amazonaws.com eu-west-1 clusters/locked");
      assertEquals("PERMISSION_DENIED", locked.getErrorCode());
      assertTrue(locked.getMessage().contains("eks:DescribeCluster"), locked.getMessage());
      CollectionErrorRow flaky = errors.get("eks.amazonaws.com eu-west-1 clusters/flaky");
      assertEquals("API_ERROR", flaky.getErrorCode());
      assertTrue(stub.count("/clusters/flaky") > 1, "the SDK retried the 500");
      // Requests were signed by the SDK (SigV4) with the given credentials.
      String auth =
          stub.requests.get(0).headers().getOrDefault("Authorization", List.of("")).get(0);
      assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), auth);
      assertTrue(!t.toString().contains("stub-secret-not-real"));
    }
  }
}
