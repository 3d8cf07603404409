package dev.fleetscore.demo;

import static dev.fleetscore.demo.Formats.map;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a node's twists: first to its kubelet inputs (operator flags appended where that kind
 * keeps extra flags, drop-ins), then, once the kind has rendered its files, to the files themselves
 * (modes, a truncated copy, a corrupted PEM).
 */
final class Twists {

  static final String WEAK_CIPHERS =
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA,"
          + "TLS_ECDHE_RSA_WITH_RC4_128_SHA,TLS_RSA_WITH_AES_128_CBC_SHA";

  private Twists() {}

  static void applyToInputs(NodeContext n, KubeletInputs k) {
    if (n.has(Twist.ANONYMOUS_FLAG)) {
      k.extra.add("--anonymous-auth=true");
    }
    if (n.has(Twist.ALWAYS_ALLOW_FLAG)) {
      k.extra.add("--authorization-mode=AlwaysAllow");
    }
    if (n.has(Twist.READ_ONLY_PORT_FLAG)) {
      k.extra.add("--read-only-port=10255");
    }
    if (n.has(Twist.ROTATION_GATE_OFF_FLAG)) {
      k.extra.add("--feature-gates=RotateKubeletServerCertificate=false");
    }
    if (n.has(Twist.STREAMING_ZERO_FLAG)) {
      k.extra.add("--streaming-connection-idle-timeout=0");
    }
    if (n.has(Twist.WEAK_CIPHERS_FLAG)) {
      k.extra.add("--tls-cipher-suites=" + WEAK_CIPHERS);
    }
    if (n.has(Twist.READ_ONLY_PORT_REPEATED)) {
      k.extra.add(0, "--read-only-port=0");
      k.extra.add("--read-only-port=10255");
    }
    if (n.has(Twist.PERMISSIVE_DROP_IN) && !k.dropIns.isEmpty()) {
      Map<String, Object> d = k.dropIns.get(k.dropIns.firstKey());
      d.put("authentication", map("anonymous", map("enabled", true)));
      d.put("authorization", map("mode", "AlwaysAllow"));
    }
    if (n.has(Twist.K3S_USER_DROP_IN) && k.configDir != null) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
      d.put("kind", "KubeletConfiguration");
      d.put("readOnlyPort", 10255);
      d.put("tlsCipherSuites", List.of(WEAK_CIPHERS.split(",")));
      k.dropIns.put("50-site-compat.conf", d);
    }
  }

  static void applyToFiles(NodeContext n, KubeletInputs k, NodeRenderer renderer) {
    if (n.has(Twist.MODE_KUBELET_CONFIG) && k.configPath != null) {
      chmod(n, k.configPath, "666");
    }
    if (n.has(Twist.MODE_KUBECONFIG)) {
      chmod(n, renderer.kubeconfigPath(), "666");
    }
    if (n.has(Twist.MODE_PKI_KEY)) {
      chmod(n, KubeadmNode.PKI + "/apiserver.key", "644");
    }
    if (n.has(Twist.TRUNCATED_CONFIG) && k.configPath != null) {
      byte[] full = Formats.sortedYaml(k.config).getBytes(StandardCharsets.UTF_8);
      String text = new String(full, StandardCharsets.UTF_8);
      // Cut just inside a quoted scalar, so the copy is not valid YAML (a cut at a line end
      // would still parse, silently losing keys).
      int quote = text.indexOf(": \"");
      int cut = quote > 0 ? quote + 3 : full.length * 3 / 5;
      n.dump.replaceCopy(k.configPath, Arrays.copyOf(full, cut));
      n.plant(
          PlantedItem.of(
              Planted.TRUNCATED_KUBELET_CONFIG,
              "path",
              k.configPath,
              "copied_bytes",
              String.valueOf(cut),
              "stat_size",
              String.valueOf(full.length)));
    }
    if (n.has(Twist.PEM_JUNK)) {
      String path = renderer.clientCaPath();
      if (path != null && n.dump.hasFile(path)) {
        byte[] junk = new byte[300];
        n.r.nextBytes(junk);
        byte[] head =
            "-----BEGIN CERTIFICATE-----\nMIIC5zCCAc+gAwIBAgIB".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[head.length + junk.length + tail.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(junk, 0, content, head.length, junk.length);
        System.arraycopy(tail, 0, content, head.length + junk.length, tail.length);
        n.dump.file(path, content, "644", "root", "root", -1);
        n.plant(PlantedItem.of(Planted.PEM_BINARY_JUNK, "path", path));
      }
    }
  }

  private static void chmod(NodeContext n, String path, String mode) {
    String was = n.dump.mode(path);
    n.dump.chmod(path, mode);
    n.plant(
        PlantedItem.of(Planted.FILE_MODE_TOO_OPEN, "path", path, "mode", mode, "vendor_mode", was));
  }
}
