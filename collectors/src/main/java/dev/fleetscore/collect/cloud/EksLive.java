package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.collect.node.ConfigParser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.EksClientBuilder;
import software.amazon.awssdk.services.eks.model.AccessEntry;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.Nodegroup;

/**
 * Collects EKS clusters, managed node groups and access entries live, through the AWS SDK v2 EKS
 * client (default credential chain, the SDK's own retries and back-off on throttling), one region
 * at a time. The objects it receives are turned into the JSON the AWS CLI prints and read by the
 * same code as exports. A refused or failed call becomes a collection_errors row naming the region,
 * cluster and API, and collection goes on with the next resource.
 *
 * <p>Read-only IAM actions used: eks:ListClusters, eks:DescribeCluster, eks:ListNodegroups,
 * eks:DescribeNodegroup, eks:ListAccessEntries, eks:DescribeAccessEntry,
 * eks:ListAssociatedAccessPolicies.
 */
public final class EksLive {

  /** Where to call: regions, optional cluster names, and (for tests) an endpoint override. */
  public record Target(
      List<String> regions,
      List<String> clusters,
      URI endpointOverride,
      AwsCredentialsProvider credentials) {}

  private EksLive() {}

  public static void collect(CloudBatch batch, Target target) {
    for (String region : target.regions()) {
      EksClientBuilder b =
          EksClient.builder()
              .region(Region.of(region))
              .credentialsProvider(
                  target.credentials() != null
                      ? target.credentials()
                      : DefaultCredentialsProvider.builder().build());
      if (target.endpointOverride() != null) {
        b.endpointOverride(target.endpointOverride());
      }
      try (EksClient eks = b.build()) {
        region(batch, eks, region, target.clusters());
      }
    }
  }

  private static void region(CloudBatch batch, EksClient eks, String region, List<String> only) {
    String api = "eks.amazonaws.com " + region;
    List<String> names = new ArrayList<>();
    if (only != null && !only.isEmpty()) {
      names.addAll(only);
    } else {
      Optional<List<String>> listed =
          call(
              batch,
              null,
              api,
              "ListClusters",
              () -> eks.listClustersPaginator(r -> r.maxResults(100)).clusters().stream().toList());
      if (listed.isEmpty()) {
        return;
      }
      names.addAll(listed.get());
    }
    names.sort(null);
    for (String name : names) {
      String src = api + " clusters/" + name;
      Optional<Cluster> c =
          call(
              batch,
              null,
              src,
              "DescribeCluster",
              () -> eks.describeCluster(r -> r.name(name)).cluster());
      if (c.isEmpty()) {
        continue;
      }
      JsonNode cj = SdkJson.of(c.get());
      ConfigParser.redact(cj);
      Optional<Eks.Id> id = Eks.idOfArn(c.get().arn());
      if (id.isEmpty()) {
        batch.error(
            null,
            src,
            null,
            "CLOUD_EKS",
            "MISSING_CLUSTER_ID",
            "DescribeCluster returned no usable arn: " + c.get().arn());
        continue;
      }
      String clusterId = id.get().clusterId();
      Eks.cluster(batch, cj, id.get(), src);
      Optional<List<String>> groups =
          call(
              batch,
              clusterId,
              src,
              "ListNodegroups",
              () ->
                  eks.listNodegroupsPaginator(r -> r.clusterName(name)).nodegroups().stream()
                      .sorted()
                      .toList());
      for (String g : groups.orElse(List.of())) {
        Optional<Nodegroup> ng =
            call(
                batch,
                clusterId,
                src + "/nodegroups/" + g,
                "DescribeNodegroup",
                () -> eks.describeNodegroup(r -> r.clusterName(name).nodegroupName(g)).nodegroup());
        ng.ifPresent(n -> Eks.nodegroup(batch, SdkJson.of(n), id.get(), src + "/nodegroups/" + g));
      }
      String mode =
          c.get().accessConfig() == null
              ? null
              : c.get().accessConfig().authenticationModeAsString();
      if ("CONFIG_MAP".equals(mode)) {
        continue; // access entries are not in use; the API refuses to list them
      }
      Optional<List<String>> principals =
          call(
              batch,
              clusterId,
              src,
              "ListAccessEntries",
              () ->
                  eks.listAccessEntriesPaginator(r -> r.clusterName(name)).accessEntries().stream()
                      .toList());
      int i = 0;
      for (String p : principals.orElse(List.of())) {
        String esrc = src + "/access-entries/" + p;
        int index = i++;
        Optional<AccessEntry> e =
            call(
                batch,
                clusterId,
                esrc,
                "DescribeAccessEntry",
                () ->
                    eks.describeAccessEntry(r -> r.clusterName(name).principalArn(p))
                        .accessEntry());
        if (e.isEmpty()) {
          continue;
        }
        List<String> policies =
            call(
                    batch,
                    clusterId,
                    esrc,
                    "ListAssociatedAccessPolicies",
                    () ->
                        eks
                            .listAssociatedAccessPoliciesPaginator(
                                r -> r.clusterName(name).principalArn(p))
                            .associatedAccessPolicies()
                            .stream()
                            .map(x -> x.policyArn())
                            .sorted()
                            .toList())
                .orElse(List.of());
        Eks.accessEntry(batch, SdkJson.of(e.get()), clusterId, index, policies, esrc);
      }
    }
  }

  private interface Call<T> {
    T run();
  }

  /** Runs one API call; a refusal or failure (after the SDK's retries) is an error row. */
  private static <T> Optional<T> call(
      CloudBatch batch, String clusterId, String source, String action, Call<T> call) {
    try {
      return Optional.ofNullable(call.run());
    } catch (AwsServiceException e) {
      int status = e.statusCode();
      String code = status == 403 || status == 401 ? "PERMISSION_DENIED" : "API_ERROR";
      String awsCode = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      batch.error(
          clusterId,
          source,
          action,
          "CLOUD_EKS",
          code,
          "eks:"
              + action
              + " failed with HTTP "
              + status
              + (awsCode == null ? "" : " " + awsCode)
              + (status == 403 ? " (the credentials lack eks:" + action + ")" : ""));
      return Optional.empty();
    } catch (SdkException e) {
      batch.error(
          clusterId,
          source,
          action,
          "CLOUD_EKS",
          "API_ERROR",
          "eks:" + action + " failed: " + ConfigParser.oneLine(e));
      return Optional.empty();
    }
  }
}
