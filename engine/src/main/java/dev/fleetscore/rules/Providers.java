package dev.fleetscore.rules;

import java.util.Set;

/**
 * The platform names rules may select by. A rule naming another one is a load error, so a typo such
 * as {@code gek} cannot make a rule silently apply nowhere.
 */
final class Providers {

  private Providers() {}

  static final Set<String> KNOWN =
      Set.of(
          "gke",
          "eks",
          "aks",
          "kubeadm",
          "k3s",
          "rke2",
          "openshift",
          "bottlerocket",
          "kind",
          "minikube",
          "microk8s",
          "talos");
}
