package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.common.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Collect GKE clusters and node pools from gcloud exports or the API. */
@Command(
    name = "gke",
    mixinStandardHelpOptions = true,
    description = {
      "Collect GKE clusters and node pools (cloud_clusters, cloud_node_pools) and, from node"
          + " lists, the inventory.",
      "Reads the JSON of gcloud container clusters list|describe and node-pools list|describe"
          + " (--format=json) and kubectl get nodes -o json."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gcloud container clusters describe prod --location europe-west1 --format=json > prod.json",
      "  gcloud container node-pools list --cluster prod --location europe-west1 --format=json \\",
      "      > prod-pools.json",
      "  fleetscore collect gke --from prod.json prod-pools.json --warehouse wh --date 2026-11-22",
      "  fleetscore collect gke --from exports/gke --warehouse wh --date 2026-11-22",
    })
final class CollectGkeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Mixin CloudExportOptions exports;

  @Option(
      names = "--project",
      description = "GCP project of exports without selfLink (REST and gcloud output have it).")
  String project;

  @Override
  public Integer call() {
    if (exports.from.isEmpty()) {
      throw new UserError("collect gke needs --from FILE|DIR (gcloud JSON exports)");
    }
    return exports.run(
        snapshot,
        ExportReader.Scope.GKE,
        project,
        "gke",
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
