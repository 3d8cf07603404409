package dev.fleetscore.model;

/**
 * The vocabulary of file roles the normalizer assigns to paths (from the effective configuration,
 * not from a list of usual locations), and that file-permission and certificate rules select by. A
 * role may name several paths (every drop-in, every key under the PKI directory).
 */
public final class FileRoles {

  private FileRoles() {}

  public static final String KUBELET_SERVICE = "kubelet.service";
  public static final String KUBELET_SERVICE_DROPIN = "kubelet.service-dropin";
  public static final String KUBELET_CONFIG = "kubelet.config";
  public static final String KUBELET_CONFIG_DROPIN = "kubelet.config-dropin";
  public static final String KUBELET_KUBECONFIG = "kubelet.kubeconfig";
  public static final String KUBELET_BOOTSTRAP_KUBECONFIG = "kubelet.bootstrap-kubeconfig";
  public static final String KUBELET_CLIENT_CA = "kubelet.client-ca";
  public static final String KUBELET_SERVING_CERT = "kubelet.serving-cert";
  public static final String KUBELET_SERVING_KEY = "kubelet.serving-key";
  public static final String PROXY_KUBECONFIG = "kube-proxy.kubeconfig";

  public static final String APISERVER_MANIFEST = "kube-apiserver.manifest";
  public static final String CONTROLLER_MANAGER_MANIFEST = "kube-controller-manager.manifest";
  public static final String SCHEDULER_MANIFEST = "kube-scheduler.manifest";
  public static final String ETCD_MANIFEST = "etcd.manifest";
  public static final String ETCD_DATA_DIR = "etcd.data-dir";
  public static final String ADMIN_KUBECONFIG = "admin.kubeconfig";
  public static final String SCHEDULER_KUBECONFIG = "kube-scheduler.kubeconfig";
  public static final String CONTROLLER_MANAGER_KUBECONFIG = "kube-controller-manager.kubeconfig";
  public static final String PKI_DIR = "pki.dir";
  public static final String PKI_CERT = "pki.cert";
  public static final String PKI_KEY = "pki.key";

  public static final String APISERVER_TLS_CERT = "kube-apiserver.tls-cert";
  public static final String APISERVER_CLIENT_CA = "kube-apiserver.client-ca";
  public static final String APISERVER_ETCD_CA = "kube-apiserver.etcd-ca";
  public static final String APISERVER_KUBELET_CLIENT_CERT = "kube-apiserver.kubelet-client-cert";
  public static final String ETCD_CERT = "etcd.cert";
  public static final String ETCD_TRUSTED_CA = "etcd.trusted-ca";
  public static final String ETCD_PEER_CERT = "etcd.peer-cert";
  public static final String ETCD_PEER_TRUSTED_CA = "etcd.peer-trusted-ca";
}
