package dev.fleetscore.demo;

/**
 * A node pool (GKE), managed node group (EKS), agent pool (AKS) or role group (kubeadm, k3s): the
 * unit that shares a kubelet version, an image and the cloud's kubelet settings.
 *
 * @param name pool or node group name
 * @param kind the node kind of its nodes
 * @param kubeletVersion the kubelet's version as it reports it (v-prefixed)
 * @param readOnlyPortEnabled GKE insecureKubeletReadonlyPortEnabled: null when unset
 * @param hash stable short hash naming the pool's instance group or scale set
 * @param machineType machine or instance type
 * @param amiType EKS amiType; null elsewhere
 * @param releaseVersion EKS releaseVersion (AMI or Bottlerocket release); null elsewhere
 * @param roleArn EKS node IAM role; null elsewhere
 */
record Pool(
    String name,
    NodeKind kind,
    String kubeletVersion,
    Boolean readOnlyPortEnabled,
    String hash,
    String machineType,
    String amiType,
    String releaseVersion,
    String roleArn) {

  static Pool of(String name, NodeKind kind, String kubeletVersion, String hash, String machine) {
    return new Pool(name, kind, kubeletVersion, null, hash, machine, null, null, null);
  }

  /** Minor version of the pool's kubelet, e.g. 31 for v1.31.7-eks-473151a. */
  int minor() {
    return Versions.minor(kubeletVersion);
  }
}
