package dev.fleetscore.collect.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.core.NoCredentialsProvider;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.CollectionErrorRow;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Google Cloud's container client (HTTP/JSON transport) against a local stub of the REST API. */
class GkeLiveTest {

  @Test
  void listsClustersPerProjectWithRetriesAndRefusals() throws IOException {
    String list =
        Files.readString(ExportReaderTest.fixtures("gke/clusters-list-old-and-autopilot.json"));
    String describe =
        Files.readString(ExportReaderTest.fixtures("gke/describe-standard.json"))
            .replace("\"newFieldFrom2027\": {\"enabled\": true},", "");
    StubHttp.Response throttled =
        new StubHttp.Response(
            429,
            "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
            Map.of());
    try (StubHttp stub = new StubHttp()) {
      stub.on("/v1/projects/acme-legacy/locations/-/clusters", StubHttp.Response.ok(list))
          .on(
              "/v1/projects/acme-prod/locations/-/clusters",
              throttled,
              StubHttp.Response.ok(
                  "{\"clusters\":[" + describe + "]," + "\"missingZones\":[\"europe-west1-d\"]}"))
          .on(
              "/v1/projects/acme-locked/locations/-/clusters",
              new StubHttp.Response(
                  403,
                  "{\"error\":{\"code\":403,\"message\":\"Permission 'container.clusters.list' denied"
                      + " on resource\",\"status\":\"PERMISSION_DENIED\"}}",
                  Map.of()))
          .on(
              "/v1/projects/acme-broken/locations/-/clusters",
              new StubHttp.Response(
                  500,
                  "{\"error\":{\"code\":500,\"message\":\"internal\",\"status\":\"INTERNAL\"}}",
                  Map.of()));
      CloudBatch batch = new CloudBatch(CloudRun.stamp(null, ExportReaderTest.DATE, null));
      GkeLive.collect(
          batch,
          new GkeLive.Target(
              List.of("acme-prod", "acme-legacy", "acme-locked", "acme-broken"),
              stub.uri().toString(),
              NoCredentialsProvider.create()));
      CloudBatch.Tables t = batch.tables();

      assertEquals(
          List.of(
              "gke:acme-legacy/us-central1-a/old-125",
              "gke:acme-prod/europe-west1/prod-eu",
              "gke:acme-web/europe-west4/web-autopilot"),
          t.clusters().stream().map(c -> c.getClusterId()).toList());
      assertEquals(
          2,
          stub.count("/v1/projects/acme-prod/locations/-/clusters"),
          "RESOURCE_EXHAUSTED, then retried by the client");
      CloudNodePoolRow def =
          t.pools().stream()
              .filter(p -> p.getClusterId().endsWith("prod-eu"))
              .findFirst()
              .orElseThrow();
      // Printed from the proto: the same shape (and so the same row) as the gcloud export.
      assertEquals("POOL", def.getReadonlyPortSource());
      assertEquals(Boolean.TRUE, def.getReadonlyPortEnabled());
      assertTrue(
          def.getSource()
              .startsWith(
                  "container.googleapis.com projects/acme-prod/locations/europe-west1/clusters/prod-eu"));
      CloudNodePoolRow ap =
          t.pools().stream()
              .filter(p -> p.getPoolName().startsWith("nap-"))
              .findFirst()
              .orElseThrow();
      assertEquals("AUTOPILOT_DEFAULT", ap.getReadonlyPortSource());
      assertFalse(t.clusters().toString().contains("planted-basic-auth-password-7731"));

      Map<String, CollectionErrorRow> errors = new java.util.TreeMap<>();
      t.errors().forEach(e -> errors.put(e.getSource() + " " + e.getErrorCode(), e));
      assertTrue(
          errors.containsKey(
              "container.googleapis.com projects/acme-locked/locations/- PERMISSION_DENIED"),
          errors.keySet().toString());
      assertTrue(
          errors.containsKey(
              "container.googleapis.com projects/acme-broken/locations/- API_ERROR"));
      assertTrue(
          errors.containsKey(
              "container.googleapis.com projects/acme-prod/locations/- MISSING_ZONE"));
    }
  }
}
