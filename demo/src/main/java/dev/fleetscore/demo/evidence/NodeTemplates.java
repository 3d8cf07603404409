package dev.fleetscore.demo.evidence;

import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Three realistic node shapes, based on the public captures in {@code shared/samples/}: a GKE COS
 * node (kubelet flags from the GKE 1.26.6 capture, its /home/kubernetes/kubelet-config.yaml with
 * readOnlyPort 10255), an EKS AL2 node (the post-bootstrap kubelet-config.json) and a kubeadm node
 * (its /var/lib/kubelet/config.yaml with the 0s values). Each has a kubelet process, its config and
 * kubeconfig, the kubelet serving certificate and CA, and the stat lines of its files.
 */
public final class NodeTemplates {

  private NodeTemplates() {}

  /** The producer version stamped on every row the templates build. */
  public static final String PRODUCER = FleetscoreVersion.producer("bench");

  public static List<NodeTemplate> standard() {
    return List.of(GKE, EKS, KUBEADM);
  }

  public static final NodeTemplate GKE =
      new Shape(
          "gke",
          "/home/kubernetes/bin/kubelet",
          List.of(
              "--v=2",
              "--cloud-provider=external",
              "--cert-dir=/var/lib/kubelet/pki/",
              "--kubeconfig=/var/lib/kubelet/kubeconfig",
              "--max-pods=110",
              "--volume-plugin-dir=/home/kubernetes/flexvolume",
              "--node-status-max-images=25",
              "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
              "--runtime-cgroups=/system.slice/containerd.service",
              "--registry-qps=10",
              "--registry-burst=20",
              "--config",
              "/home/kubernetes/kubelet-config.yaml",
              "--cgroup-driver=systemd",
              "--version=v1.26.6-gke.1700"),
          "/home/kubernetes/kubelet-config.yaml",
          "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"authentication\":{\"anonymous\":"
              + "{\"enabled\":false},\"webhook\":{\"enabled\":true},\"x509\":{\"clientCAFile\":"
              + "\"/etc/srv/kubernetes/pki/ca-certificates.crt\"}},\"authorization\":{\"mode\":"
              + "\"Webhook\"},\"cgroupRoot\":\"/\",\"clusterDNS\":[\"10.144.0.10\"],"
              + "\"clusterDomain\":\"cluster.local\",\"enableDebuggingHandlers\":true,"
              + "\"eventBurst\":100,\"eventRecordQPS\":50,\"evictionHard\":{\"memory.available\":"
              + "\"100Mi\",\"nodefs.available\":\"10%\",\"nodefs.inodesFree\":\"5%\","
              + "\"pid.available\":\"10%\"},\"featureGates\":{\"RotateKubeletServerCertificate\":"
              + "true},\"kernelMemcgNotification\":true,\"kind\":\"KubeletConfiguration\","
              + "\"kubeAPIBurst\":100,\"kubeAPIQPS\":50,\"readOnlyPort\":10255,"
              + "\"serverTLSBootstrap\":true,\"staticPodPath\":\"/etc/kubernetes/manifests\"}",
          "/var/lib/kubelet/kubeconfig",
          "/etc/srv/kubernetes/pki/ca-certificates.crt",
          "v1.26.6-gke.1700");

  public static final NodeTemplate EKS =
      new Shape(
          "eks",
          "/usr/bin/kubelet",
          List.of(
              "--config",
              "/etc/kubernetes/kubelet/kubelet-config.json",
              "--kubeconfig",
              "/var/lib/kubelet/kubeconfig",
              "--container-runtime-endpoint",
              "unix:///run/containerd/containerd.sock",
              "--node-ip=192.168.78.181",
              "--v=2",
              "--cloud-provider=aws",
              "--max-pods=17",
              "--rotate-server-certificates=true"),
          "/etc/kubernetes/kubelet/kubelet-config.json",
          "{\"address\":\"0.0.0.0\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\","
              + "\"authentication\":{\"anonymous\":{\"enabled\":false},\"webhook\":{\"cacheTTL\":"
              + "\"2m0s\",\"enabled\":true},\"x509\":{\"clientCAFile\":\"/etc/kubernetes/pki/ca.crt\""
              + "}},\"authorization\":{\"mode\":\"Webhook\",\"webhook\":{\"cacheAuthorizedTTL\":"
              + "\"5m0s\",\"cacheUnauthorizedTTL\":\"30s\"}},\"cgroupDriver\":\"systemd\","
              + "\"clusterDNS\":[\"10.100.0.10\"],\"clusterDomain\":\"cluster.local\","
              + "\"featureGates\":{\"RotateKubeletServerCertificate\":true},\"kind\":"
              + "\"KubeletConfiguration\",\"kubeAPIBurst\":20,\"kubeAPIQPS\":10,\"maxPods\":18,"
              + "\"protectKernelDefaults\":true,\"serializeImagePulls\":false,"
              + "\"serverTLSBootstrap\":true,\"tlsCipherSuites\":["
              + "\"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\","
              + "\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]}",
          "/var/lib/kubelet/kubeconfig",
          "/etc/kubernetes/pki/ca.crt",
          null);

  public static final NodeTemplate KUBEADM =
      new Shape(
          "kubeadm",
          "/usr/bin/kubelet",
          List.of(
              "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
              "--kubeconfig=/etc/kubernetes/kubelet.conf",
              "--config=/var/lib/kubelet/config.yaml",
              "--container-runtime-endpoint=unix:///run/containerd/containerd.sock",
              "--pod-infra-container-image=registry.k8s.io/pause:3.9"),
          "/var/lib/kubelet/config.yaml",
          "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"authentication\":{\"anonymous\":"
              + "{\"enabled\":false},\"webhook\":{\"cacheTTL\":\"0s\",\"enabled\":true},\"x509\":"
              + "{\"clientCAFile\":\"/etc/kubernetes/pki/ca.crt\"}},\"authorization\":{\"mode\":"
              + "\"Webhook\",\"webhook\":{\"cacheAuthorizedTTL\":\"0s\",\"cacheUnauthorizedTTL\":"
              + "\"0s\"}},\"cgroupDriver\":\"systemd\",\"clusterDNS\":[\"10.96.0.10\"],"
              + "\"clusterDomain\":\"cluster.local\",\"healthzBindAddress\":\"127.0.0.1\","
              + "\"healthzPort\":10248,\"kind\":\"KubeletConfiguration\",\"resolvConf\":"
              + "\"/run/systemd/resolve/resolv.conf\",\"rotateCertificates\":true,"
              + "\"staticPodPath\":\"/etc/kubernetes/manifests\","
              + "\"streamingConnectionIdleTimeout\":\"0s\"}",
          "/etc/kubernetes/kubelet.conf",
          "/etc/kubernetes/pki/ca.crt",
          null);

  private record Shape(
      String provider,
      String executable,
      List<String> argv,
      String configPath,
      String configJson,
      String kubeconfigPath,
      String caPath,
      String kubeletVersion)
      implements NodeTemplate {

    @Override
    public NodeEvidence build(Spec s) {
      LocalDate d = s.snapshotDate();
      String sid = d.toString();
      Instant at = s.collectedAt();
      String c = s.clusterId();
      String n = s.nodeName();
      String id = s.dumpId();
      TreeMap<String, String> meta = new TreeMap<>();
      meta.put("cluster", c);
      meta.put("collected_at", at.toString());
      meta.put("node", n);
      meta.put("node_pool", s.pool());
      meta.put("provider", provider);
      meta.put("zone", s.zone());
      boolean error = s.variant() == Variant.COLLECTION_ERROR;
      NodeDumpRow dump =
          new NodeDumpRow(
              sid,
              d,
              c,
              n,
              at,
              PRODUCER,
              id,
              "dumps/" + n + ".tar.gz",
              "ACCEPTED",
              null,
              provider,
              s.pool(),
              s.zone(),
              kubeletVersion,
              meta,
              9,
              24_576L,
              error ? 1 : 0);
      ProcessRow kubelet =
          new ProcessRow(
              sid,
              d,
              c,
              n,
              at,
              PRODUCER,
              id,
              "kubelet",
              2345,
              executable,
              argv,
              "CMDLINE",
              false,
              "cmdline/2345",
              null);
      boolean broken = s.variant() == Variant.BROKEN_CONFIG;
      List<ConfigFileRow> configs = new ArrayList<>();
      ConfigFileRow config =
          new ConfigFileRow(
              sid,
              d,
              c,
              n,
              at,
              PRODUCER,
              id,
              configPath,
              "KUBELET_CONFIG",
              configPath.endsWith(".json") ? "JSON" : "YAML",
              List.of("kubelet --config"),
              (long) configJson.length(),
              sha(configJson),
              broken ? null : configJson,
              broken ? null : "kubelet.config.k8s.io/v1beta1",
              broken ? null : "KubeletConfiguration",
              broken ? "yaml: line 7: mapping values are not allowed in this context" : null,
              null,
              null,
              null,
              0);
      ConfigFileRow kubeconfig =
          new ConfigFileRow(
              sid,
              d,
              c,
              n,
              at,
              PRODUCER,
              id,
              kubeconfigPath,
              "KUBECONFIG",
              "YAML",
              List.of("kubelet --kubeconfig"),
              512L,
              sha(kubeconfigPath),
              "{\"apiVersion\":\"v1\",\"kind\":\"Config\",\"users\":[{\"name\":\"kubelet\","
                  + "\"user\":{\"client-certificate\":\"/var/lib/kubelet/pki/kubelet-client-current.pem\","
                  + "\"client-key\":\"REDACTED\"}}]}",
              "v1",
              "Config",
              null,
              "CLIENT_CERTIFICATE",
              null,
              "https://10.0.0.2",
              1);
      configs.add(config);
      configs.add(kubeconfig);
      configs.sort(java.util.Comparator.comparing(ConfigFileRow::getPath));
      Instant issued = d.minusDays(200).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant expires = d.plusDays(165).atStartOfDay(ZoneOffset.UTC).toInstant();
      List<CertificateRow> certs =
          List.of(
              cert(
                  sid,
                  d,
                  c,
                  n,
                  at,
                  id,
                  caPath,
                  0,
                  "CN=kubernetes",
                  "CN=kubernetes",
                  true,
                  issued.minusSeconds(86_400L * 3000),
                  issued.plusSeconds(86_400L * 3650),
                  2048),
              cert(
                  sid,
                  d,
                  c,
                  n,
                  at,
                  id,
                  "/var/lib/kubelet/pki/kubelet-server-current.pem",
                  0,
                  "CN=system:node:" + n + ",O=system:nodes",
                  "CN=kubernetes",
                  false,
                  issued,
                  expires,
                  2048));
      List<FileStatRow> stats = new ArrayList<>();
      for (String[] st :
          new String[][] {
            {caPath, "644"},
            {configPath, "644"},
            {kubeconfigPath, "600"},
            {"/etc/systemd/system/kubelet.service", "644"},
            {"/var/lib/kubelet/pki/kubelet-server-current.pem", "600"},
            {"/var/lib/kubelet/pki/kubelet-client-current.pem", "600"}
          }) {
        stats.add(
            new FileStatRow(sid, d, c, n, at, PRODUCER, id, st[0], st[1], "root", "root", 1024L));
      }
      stats.sort(java.util.Comparator.comparing(FileStatRow::getPath));
      List<CollectionErrorRow> errors =
          error
              ? List.of(
                  new CollectionErrorRow(
                      sid,
                      d,
                      c,
                      n,
                      at,
                      PRODUCER,
                      id,
                      "dumps/" + n + ".tar.gz",
                      "fs/etc/kubernetes/manifests/extra.yaml",
                      "CONFIG",
                      "MALFORMED_YAML",
                      "line 3: did not find expected key",
                      "WARNING"))
              : List.of();
      return new NodeEvidence(dump, List.of(kubelet), configs, certs, stats, errors);
    }

    private static CertificateRow cert(
        String sid,
        LocalDate d,
        String c,
        String n,
        Instant at,
        String id,
        String path,
        int index,
        String subject,
        String issuer,
        boolean ca,
        Instant from,
        Instant to,
        int bits) {
      return new CertificateRow(
          sid,
          d,
          c,
          n,
          at,
          PRODUCER,
          id,
          path,
          index,
          List.of("kubelet --client-ca-file"),
          subject,
          issuer,
          Integer.toHexString(path.hashCode() & 0x7fffffff),
          from,
          to,
          "RSA",
          bits,
          null,
          "SHA256WITHRSA",
          ca ? List.of() : List.of(n),
          ca ? List.of() : List.of("10.0.0.7"),
          ca ? List.of("keyCertSign", "digitalSignature") : List.of("digitalSignature"),
          ca ? List.of() : List.of("serverAuth"),
          ca,
          null,
          null,
          null,
          sha(path + subject),
          ca,
          ca ? null : "/etc/kubernetes/pki/ca.crt",
          ca ? "NOT_CHECKED" : "VERIFIED",
          ca ? null : "CN=kubernetes",
          ca ? null : "kube-apiserver --kubelet-certificate-authority");
    }
  }

  static String sha(String s) {
    return sha256(s);
  }

  /** SHA-256 of {@code s} in hex: the shape of a dump id and of a certificate fingerprint. */
  public static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
