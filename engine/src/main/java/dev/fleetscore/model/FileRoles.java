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

  // Added by the normalizer (0.1.0, additive).
  /** The kubelet's --config-dir drop-in directory. */
  public static final String KUBELET_CONFIG_DIR = "kubelet.config-dir";

  /** The kubelet's --cert-dir (default /var/lib/kubelet/pki). */
  public static final String KUBELET_CERT_DIR = "kubelet.cert-dir";

  /** The kubelet's rotated client certificate (cert-dir/kubelet-client-current.pem). */
  public static final String KUBELET_CLIENT_CERT = "kubelet.client-cert";

  /** The kubelet's EnvironmentFile and flag files (/etc/default/kubelet, kubeadm-flags.env). */
  public static final String KUBELET_ENV_FILE = "kubelet.env-file";

  /** The kubelet's staticPodPath directory. */
  public static final String STATIC_POD_DIR = "kubelet.static-pod-dir";

  /** kube-proxy's --config file. */
  public static final String PROXY_CONFIG = "kube-proxy.config";

  public static final String APISERVER_TLS_KEY = "kube-apiserver.tls-key";

  /** The API server's front-proxy client certificate (--proxy-client-cert-file). */
  public static final String APISERVER_PROXY_CLIENT_CERT = "kube-apiserver.proxy-client-cert";

  /** The CA aggregated API servers verify the front proxy with (--requestheader-client-ca-file). */
  public static final String APISERVER_REQUESTHEADER_CA = "kube-apiserver.requestheader-client-ca";

  public static final String APISERVER_KUBELET_CLIENT_KEY = "kube-apiserver.kubelet-client-key";
  public static final String APISERVER_KUBELET_CA = "kube-apiserver.kubelet-ca";
  public static final String APISERVER_ETCD_CERT = "kube-apiserver.etcd-cert";
  public static final String APISERVER_ETCD_KEY = "kube-apiserver.etcd-key";
  public static final String APISERVER_SERVICE_ACCOUNT_KEY = "kube-apiserver.service-account-key";
  public static final String APISERVER_AUDIT_POLICY = "kube-apiserver.audit-policy";
  public static final String APISERVER_ENCRYPTION_CONFIG = "kube-apiserver.encryption-config";
  public static final String CONTROLLER_MANAGER_SA_PRIVATE_KEY =
      "kube-controller-manager.service-account-private-key";
  public static final String CONTROLLER_MANAGER_ROOT_CA = "kube-controller-manager.root-ca";
  public static final String ETCD_KEY = "etcd.key";
  public static final String ETCD_PEER_KEY = "etcd.peer-key";
}
