package dev.fleetscore.demo;

/**
 * How one node kind lays out its kubelet: {@link #kubelet} builds the vendor-default inputs, twists
 * then change them, and {@link #render} writes the files, processes and stat lines exactly where
 * and how that kind keeps them, setting {@link KubeletInputs#argv} to the argv the kubelet runs
 * with.
 */
interface NodeRenderer {

  KubeletInputs kubelet(NodeContext n);

  void render(NodeContext n, KubeletInputs k);

  /** The --config file on the node, if the kind has one (for twists on its mode or content). */
  default String kubeconfigPath() {
    return "/var/lib/kubelet/kubeconfig";
  }

  /** The CA file the kubelet verifies clients with, as this kind names it. */
  String clientCaPath();

  static NodeRenderer of(NodeKind kind) {
    return switch (kind) {
      case GKE_COS -> new GkeNode();
      case EKS_AL2, EKS_AL2023, EKS_BOTTLEROCKET -> new EksNode(kind);
      case AKS_UBUNTU -> new AksNode();
      case KUBEADM_WORKER, KUBEADM_CONTROL_PLANE -> new KubeadmNode(kind);
      case K3S_CONFIG_DIR, K3S_FLAGS -> new K3sNode(kind);
    };
  }
}
