package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.collect.cloud.KubeLive;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Collect the nodes each cluster reports (kubectl get nodes) into the inventory table. */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description =
        "Collect the nodes clusters report (kubectl get nodes -o json|yaml) into the inventory"
            + " table, for coverage: nodes scored out of nodes expected. Any distribution.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl get nodes -o json > nodes.json",
      "  fleetscore collect inventory --from nodes.json --cluster-id kubeadm:lab \\",
      "      --warehouse wh --date 2026-11-22",
      "  fleetscore collect inventory --from exports/ --warehouse wh --date 2026-11-22",
      "  fleetscore collect inventory --kubeconfig ~/.kube/config --context lab=kubeadm:lab \\",
      "      --context prod=eks:111122223333/eu-west-1/prod --warehouse wh --date 2026-11-22",
    })
final class CollectInventoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Mixin CloudExportOptions exports;

  @Mixin KubeOptions kube;

  @Override
  public Integer call() {
    return kube.collect(
        snapshot,
        exports,
        ExportReader.Scope.INVENTORY,
        KubeLive.What.NODES,
        "collect inventory",
        "kubectl node lists",
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
