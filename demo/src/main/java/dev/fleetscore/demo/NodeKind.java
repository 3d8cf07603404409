package dev.fleetscore.demo;

/**
 * The shapes of node the demo fleet generator produces, each modelled on real nodes of that kind.
 */
public enum NodeKind {
  /**
   * GKE on Container-Optimized OS: /home/kubernetes/kubelet-config.yaml plus KUBELET_OPTS flags.
   */
  GKE_COS("gke"),
  /** EKS on Amazon Linux 2: bootstrap.sh's kubelet-config.json, unit and kubelet.service.d args. */
  EKS_AL2("eks"),
  /**
   * EKS on Amazon Linux 2023: nodeadm's config.json, config.json.d drop-ins, NODEADM_KUBELET_ARGS.
   */
  EKS_AL2023("eks"),
  /** EKS on Bottlerocket: /etc/kubernetes/kubelet/config and space-separated flags. */
  EKS_BOTTLEROCKET("eks"),
  /** AKS on Ubuntu: every setting passed as a flag, no --config. */
  AKS_UBUNTU("aks"),
  /** kubeadm worker: /var/lib/kubelet/config.yaml, 10-kubeadm.conf, kubeadm-flags.env. */
  KUBEADM_WORKER("kubeadm"),
  /** kubeadm control-plane node: a worker's kubelet plus static pods, PKI and kubeconfigs. */
  KUBEADM_CONTROL_PLANE("kubeadm"),
  /** k3s 1.32 or later: kubelet args in the journal plus --config-dir drop-ins. */
  K3S_CONFIG_DIR("k3s"),
  /** k3s before 1.32: every kubelet setting only in the journal's "Running kubelet" line. */
  K3S_FLAGS("k3s");

  private final String provider;

  NodeKind(String provider) {
    this.provider = provider;
  }

  /** The meta.env provider= value of nodes of this kind. */
  public String provider() {
    return provider;
  }
}
