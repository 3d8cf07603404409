package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.common.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
    })
final class CollectEksCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Mixin CloudExportOptions exports;

  @Override
  public Integer call() {
    if (exports.from.isEmpty()) {
      throw new UserError("collect eks needs --from FILE|DIR (aws CLI / kubectl exports)");
    }
    return exports.run(
        snapshot,
        ExportReader.Scope.EKS,
        null,
        "eks",
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
