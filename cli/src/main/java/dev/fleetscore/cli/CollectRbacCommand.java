package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.collect.cloud.KubeLive;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Collect each cluster's RBAC objects into the rbac_* tables. */
@Command(
    name = "rbac",
    mixinStandardHelpOptions = true,
    description =
        "Collect each cluster's ClusterRoles, ClusterRoleBindings, Roles, RoleBindings and"
            + " ServiceAccounts (kubectl exports or the live API, read-only: list only) into"
            + " rbac_roles, rbac_bindings and rbac_service_accounts; score computes the effective"
            + " access (rbac_access) and judges CIS Kubernetes 5.1.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  kubectl get clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts -A \\",
      "      -o json > rbac.json",
      "  fleetscore collect rbac --from rbac.json --cluster-id kubeadm:lab \\",
      "      --warehouse wh --date 2026-11-22",
      "  fleetscore collect rbac --from exports/ --warehouse wh --date 2026-11-22",
      "  fleetscore collect rbac --kubeconfig ~/.kube/config --context lab=kubeadm:lab \\",
      "      --context prod=eks:111122223333/eu-west-1/prod --warehouse wh --date 2026-11-22",
    })
final class CollectRbacCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Mixin CloudExportOptions exports;

  @Mixin KubeOptions kube;

  @Override
  public Integer call() {
    return kube.collect(
        snapshot,
        exports,
        ExportReader.Scope.RBAC,
        KubeLive.What.RBAC,
        "collect rbac",
        "kubectl RBAC exports",
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
