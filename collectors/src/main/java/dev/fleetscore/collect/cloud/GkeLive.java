package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.ListClustersResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.fleetscore.collect.node.ConfigParser;
import dev.fleetscore.common.Parsers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects GKE clusters and their node pools live, through Google Cloud's official container client
 * ({@code ClusterManagerClient}, HTTP/JSON transport, application default credentials), one {@code
 * projects/P/locations/-} listing per project. Each cluster comes back with its node pools; it is
 * printed as proto3 JSON (the same shape as {@code gcloud ... --format=json}: int64 as strings,
 * lowerCamelCase) and read by the same code as exports. The client retries transient failures and
 * rate limiting (RESOURCE_EXHAUSTED is added to its retryable codes); a refused or failed listing
 * becomes a collection_errors row naming the project.
 *
 * <p>Read-only permission used: {@code container.clusters.list} (in roles/container.clusterViewer
 * or roles/container.viewer).
 */
public final class GkeLive {

  private static final ObjectMapper JSON = Parsers.json();

  /** Projects to list, and (for tests) an endpoint and credentials override. */
  public record Target(List<String> projects, String endpoint, CredentialsProvider credentials) {}

  private GkeLive() {}

  public static void collect(CloudBatch batch, Target target) throws IOException {
    ClusterManagerSettings.Builder b = ClusterManagerSettings.newHttpJsonBuilder();
    if (target.endpoint() != null) {
      b.setEndpoint(target.endpoint());
    }
    if (target.credentials() != null) {
      b.setCredentialsProvider(target.credentials());
    }
    java.util.Set<StatusCode.Code> retry =
        new java.util.HashSet<>(
            b.getStubSettingsBuilder().listClustersSettings().getRetryableCodes());
    retry.add(StatusCode.Code.RESOURCE_EXHAUSTED);
    retry.add(StatusCode.Code.UNAVAILABLE);
    b.getStubSettingsBuilder().listClustersSettings().setRetryableCodes(retry);
    try (ClusterManagerClient client = ClusterManagerClient.create(b.build())) {
      for (String project : target.projects().stream().sorted().toList()) {
        project(batch, client, project);
      }
    }
  }

  private static void project(CloudBatch batch, ClusterManagerClient client, String project) {
    String parent = "projects/" + project + "/locations/-";
    String src = "container.googleapis.com " + parent;
    ListClustersResponse r;
    try {
      r = client.listClusters(parent);
    } catch (ApiException e) {
      StatusCode.Code code = e.getStatusCode().getCode();
      String row =
          code == StatusCode.Code.PERMISSION_DENIED || code == StatusCode.Code.UNAUTHENTICATED
              ? "PERMISSION_DENIED"
              : "API_ERROR";
      batch.error(
          null,
          src,
          "clusters.list",
          "CLOUD_GKE",
          row,
          "projects.locations.clusters.list failed: "
              + code
              + " (HTTP "
              + e.getStatusCode().getTransportCode()
              + ")"
              + (row.equals("PERMISSION_DENIED")
                  ? "; the credentials need container.clusters.list on " + project
                  : "")
              + ": "
              + ConfigParser.oneLine(e));
      return;
    }
    for (String zone : r.getMissingZonesList()) {
      batch.warning(
          null,
          src,
          zone,
          "CLOUD_GKE",
          "MISSING_ZONE",
          "GKE could not list the clusters of zone " + zone + "; clusters there may be missing");
    }
    List<Cluster> clusters = new ArrayList<>(r.getClustersList());
    clusters.sort(
        java.util.Comparator.comparing(Cluster::getLocation).thenComparing(Cluster::getName));
    for (Cluster c : clusters) {
      String csrc =
          "container.googleapis.com projects/"
              + project
              + "/locations/"
              + c.getLocation()
              + "/clusters/"
              + c.getName();
      JsonNode json;
      try {
        json = JSON.readTree(JsonFormat.printer().print(c));
      } catch (InvalidProtocolBufferException
          | com.fasterxml.jackson.core.JsonProcessingException e) {
        batch.error(
            null,
            csrc,
            null,
            "CLOUD_GKE",
            "API_ERROR",
            "cannot print the cluster as JSON: " + e.getMessage());
        continue;
      }
      ConfigParser.redact(json);
      Optional<Gke.Id> id = Gke.idOf(json, project);
      if (id.isEmpty()) {
        batch.error(
            null,
            csrc,
            null,
            "CLOUD_GKE",
            "MISSING_CLUSTER_ID",
            "the API returned a cluster without name or location");
        continue;
      }
      Gke.cluster(batch, json, id.get(), csrc, 0, 0);
    }
  }
}
