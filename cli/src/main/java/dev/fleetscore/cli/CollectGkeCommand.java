package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.CloudBatch;
import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.collect.cloud.GkeLive;
import dev.fleetscore.common.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
      "  fleetscore collect gke --project acme-prod acme-web --warehouse wh --date 2026-11-22",
    })
final class CollectGkeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Mixin CloudExportOptions exports;

  @Option(
      names = "--project",
      arity = "1..*",
      description =
          "Without --from: the GCP projects to list live (all locations), with application default"
              + " credentials. With --from: the project of exports that have no selfLink.")
  List<String> projects = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!exports.from.isEmpty()) {
      if (projects.size() > 1) {
        throw new UserError("with --from, give at most one --project (the exports' project)");
      }
      return exports.run(
          snapshot, ExportReader.Scope.GKE, projects.isEmpty() ? null : projects.get(0), out, err);
    }
    if (projects.isEmpty()) {
      throw new UserError(
          "collect gke needs --from FILE|DIR (gcloud JSON exports) or --project P (live API)");
    }
    CloudBatch batch = exports.liveBatch(snapshot);
    try {
      GkeLive.collect(batch, new GkeLive.Target(projects, null, null));
    } catch (IOException e) {
      throw new UserError(
          "cannot create the GKE client (application default credentials: run gcloud auth"
              + " application-default login, or set GOOGLE_APPLICATION_CREDENTIALS): "
              + e.getMessage(),
          e);
    }
    return exports.finishLive(batch, snapshot, ExportReader.Scope.GKE, out, err);
  }
}
