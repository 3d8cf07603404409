package dev.fleetscore.normalize;

import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.TypedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files the kubelet's configuration names, by role (config, drop-ins, kubeconfigs, CAs, serving
 * and client certificates, static pod directory), for the file checks.
 */
final class KubeletFileRoles {

  private final Map<String, List<String>> roles = new TreeMap<>();

  /** A file the kubelet reads, as found (the drop-in directory and its files). */
  void add(String role, String path) {
    roles.computeIfAbsent(role, k -> new ArrayList<>()).add(path);
  }

  private static String str(KubeletSlots kubelet, String setting) {
    return kubelet.valueOf(setting) instanceof TypedValue.Str v && !v.value().isEmpty()
        ? v.value()
        : null;
  }

  private static boolean bool(KubeletSlots kubelet, String setting) {
    return kubelet.valueOf(setting) instanceof TypedValue.Bool b && b.value();
  }

  private void role(String role, String path) {
    if (path != null && !path.isEmpty()) {
      List<String> l = roles.computeIfAbsent(role, k -> new ArrayList<>());
      String p = path.startsWith("/") ? Paths.clean(path) : path;
      if (!l.contains(p)) {
        l.add(p);
      }
    }
  }

  Map<String, List<String>> fromSettings(KubeletSlots kubelet, String configPath) {
    role(FileRoles.KUBELET_CONFIG, configPath);
    role(FileRoles.KUBELET_KUBECONFIG, str(kubelet, "kubeconfig"));
    role(FileRoles.KUBELET_BOOTSTRAP_KUBECONFIG, str(kubelet, "bootstrap-kubeconfig"));
    role(FileRoles.KUBELET_CLIENT_CA, str(kubelet, "authentication.x509.clientCAFile"));
    String certDir = str(kubelet, "cert-dir");
    role(FileRoles.KUBELET_CERT_DIR, certDir);
    String cert = str(kubelet, "tlsCertFile");
    String key = str(kubelet, "tlsPrivateKeyFile");
    if (cert != null) {
      role(FileRoles.KUBELET_SERVING_CERT, cert);
      role(FileRoles.KUBELET_SERVING_KEY, key);
    } else if (certDir != null) {
      if (bool(kubelet, "serverTLSBootstrap")) {
        role(FileRoles.KUBELET_SERVING_CERT, Paths.join(certDir, "kubelet-server-current.pem"));
        role(FileRoles.KUBELET_SERVING_KEY, Paths.join(certDir, "kubelet-server-current.pem"));
      } else {
        role(FileRoles.KUBELET_SERVING_CERT, Paths.join(certDir, "kubelet.crt"));
        role(FileRoles.KUBELET_SERVING_KEY, Paths.join(certDir, "kubelet.key"));
      }
    }
    if (certDir != null && bool(kubelet, "rotateCertificates")) {
      role(FileRoles.KUBELET_CLIENT_CERT, Paths.join(certDir, "kubelet-client-current.pem"));
    }
    role(FileRoles.STATIC_POD_DIR, str(kubelet, "staticPodPath"));
    for (Map.Entry<String, List<String>> e : roles.entrySet()) {
      e.setValue(List.copyOf(e.getValue()));
    }
    return roles;
  }
}
