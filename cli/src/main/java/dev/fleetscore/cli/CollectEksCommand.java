package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.CloudBatch;
import dev.fleetscore.collect.cloud.EksLive;
import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.collect.cloud.KubeLive;
import dev.fleetscore.common.UserError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Collect EKS clusters, node groups, aws-auth and access entries from exports or the API. */
@Command(
    name = "eks",
    mixinStandardHelpOptions = true,
    description = {
      "Collect EKS clusters, managed node groups (cloud_clusters, cloud_node_pools), aws-auth and"
          + " access entries (auth_mappings) and, from node lists, the inventory.",
      "Reads aws eks describe-cluster, describe-nodegroup, list-access-entries,"
          + " describe-access-entry and list-associated-access-policies JSON, and"
          + " kubectl get configmap aws-auth -n kube-system -o yaml|json."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  aws eks describe-cluster --name prod > prod/describe-cluster.json",
      "  kubectl get configmap aws-auth -n kube-system -o yaml > prod/aws-auth.yaml",
      "  fleetscore collect eks --from prod/ --warehouse wh --date 2026-11-22",
      "  fleetscore collect eks --profile prod-account dev-account --region eu-west-1 us-east-1 \\",
      "      --warehouse wh --date 2026-11-22",
      "  fleetscore collect eks --region eu-west-1 us-east-1 --kubeconfig ~/.kube/config \\",
      "      --context prod=eks:111122223333/eu-west-1/prod --warehouse wh --date 2026-11-22",
    })
final class CollectEksCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Mixin CloudExportOptions exports;

  @Option(
      names = "--region",
      arity = "1..*",
      description =
          "Without --from: the AWS regions to collect live (default credential chain: env,"
              + " profile, SSO, instance role).")
  List<String> regions = new ArrayList<>();

  @Option(
      names = "--profile",
      arity = "1..*",
      description =
          "Live: AWS profiles (~/.aws/config) to collect with, one per account; each is used for"
              + " every --region (default: the default credential chain).")
  List<String> profiles = new ArrayList<>();

  @Option(
      names = "--cluster",
      arity = "1..*",
      description = "Live: only these cluster names (default: every cluster of each region).")
  List<String> clusters = new ArrayList<>();

  @Mixin KubeOptions kube;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!exports.from.isEmpty()) {
      return exports.run(snapshot, ExportReader.Scope.EKS, null, out, err);
    }
    if (regions.isEmpty()) {
      throw new UserError(
          "collect eks needs --from FILE|DIR (aws CLI / kubectl exports) or --region R (live API)");
    }
    CloudBatch batch = exports.liveBatch(snapshot);
    if (profiles.isEmpty()) {
      EksLive.collect(batch, new EksLive.Target(regions, clusters, null, null));
    }
    for (String profile : profiles) {
      EksLive.collect(
          batch,
          new EksLive.Target(
              regions,
              clusters,
              null,
              software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.create(profile)));
    }
    if (kube.kubeconfig != null) {
      KubeLive.collect(batch, kube.kubeconfig, kube.contexts(), KubeLive.What.AWS_AUTH);
    }
    return exports.finishLive(batch, snapshot, ExportReader.Scope.EKS, out, err);
  }
}
