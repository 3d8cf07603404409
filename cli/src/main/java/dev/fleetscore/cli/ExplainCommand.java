package dev.fleetscore.cli;

import dev.fleetscore.pipeline.Explain;
import dev.fleetscore.pipeline.Explanation;
import dev.fleetscore.report.SnapshotFiles;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Explains one node's setting or rule of a scored snapshot: re-runs the normalizer on the node's
 * raw evidence and the rules of the run that scored it ({@link Explain}), and prints every layer of
 * the value, which won and why, and for a rule its definition, the values it compared, the state,
 * the exemption and the remediation. A date that was never scored is an error listing the scored
 * ones; an unknown node is exit 3, an unknown setting or rule exit 2, each with the closest names.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Explain how a node's setting got its value, or how a rule judged the node.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore explain --warehouse wh --date 2026-11-22 --node worker-1 --setting readOnlyPort",
      "  fleetscore explain --warehouse wh --date 2026-11-22 --node worker-1 \\",
      "      --rule cis-kubernetes-1.12/4.2.4 --json",
      "  fleetscore explain --warehouse wh --date 2026-11-22 --node gke-pool-a-1 \\",
      "      --cluster gke:proj/europe-west1/prod --setting insecureKubeletReadonlyPortEnabled",
      "  fleetscore explain --warehouse wh --date 2026-11-22 --node cp-1 \\",
      "      --setting kube-apiserver:anonymous-auth",
    })
final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Option(names = "--node", required = true, description = "Node name.")
  String node;

  @Option(
      names = "--cluster",
      description = "Cluster id of the node (needed when two clusters have a node of that name).")
  String cluster;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(
        names = "--setting",
        description =
            "Setting name (kubelet: the v1beta1 JSON path, e.g. readOnlyPort; others: the flag"
                + " without dashes), or component:name; GKE pools: insecureKubeletReadonlyPortEnabled.")
    String setting;

    @Option(
        names = "--rule",
        description = "Rule id, e.g. cis-kubernetes-1.12/4.2.4 (or 4.2.4 when unique).")
    String rule;
  }

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    Explanation e =
        WarehouseAccess.read(
            snapshot.objectStore,
            snapshot.warehouse,
            WarehouseAccess.snapshot(snapshot.date()),
            wh -> {
              SnapshotFiles.open(wh, snapshot.date());
              return Explain.run(
                  new Explain.Request(
                      wh, snapshot.date(), node, cluster, target.setting, target.rule));
            });
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? e.json() : e.text());
    out.flush();
    return ExitCodes.OK;
  }
}
