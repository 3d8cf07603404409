package dev.fleetscore.normalize;

import static dev.fleetscore.normalize.ControlPlaneAndCloudTest.c;
import static dev.fleetscore.normalize.EvidenceNormalizerTest.assertSetting;
import static dev.fleetscore.normalize.EvidenceNormalizerTest.scored;
import static dev.fleetscore.normalize.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.Source;
import dev.fleetscore.rules.RuleEngine;
import dev.fleetscore.schema.FindingRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * k3s and RKE2 servers by datastore: the API server's etcd rules do not apply on kine (sqlite or
 * SQL), embedded etcd is judged from the config file k3s and RKE2 write for it, and RKE2's static
 * pods are its control plane. Inputs have the shapes of the k3s and RKE2 code (ground truth §2,
 * §4).
 */
class K3sRke2DatastoreTest {

  static final String K3S_ETCD_CONFIG = "/var/lib/rancher/k3s/server/db/etcd/config";
  static final String RKE2_ETCD_CONFIG = "/var/lib/rancher/rke2/server/db/etcd/config";
  static final String RKE2_MANIFESTS = "/var/lib/rancher/rke2/agent/pod-manifests/";

  /** etcd's config as k3s's executor writes it (pkg/daemons/executor ToConfigFile). */
  static String etcdConfig(String dataDir) {
    String tls = dataDir + "/server/tls/etcd/";
    return "advertise-client-urls: https://10.0.0.5:2379\n"
        + "client-transport-security:\n"
        + "  cert-file: "
        + tls
        + "server-client.crt\n"
        + "  client-cert-auth: true\n"
        + "  key-file: "
        + tls
        + "server-client.key\n"
        + "  trusted-ca-file: "
        + tls
        + "server-ca.crt\n"
        + "data-dir: "
        + dataDir
        + "/server/db/etcd\n"
        + "election-timeout: 5000\n"
        + "heartbeat-interval: 500\n"
        + "listen-client-urls: https://127.0.0.1:2379,https://10.0.0.5:2379\n"
        + "listen-metrics-urls: http://127.0.0.1:2381\n"
        + "listen-peer-urls: https://127.0.0.1:2380,https://10.0.0.5:2380\n"
        + "log-outputs:\n- stderr\n"
        + "name: server-1-4f1f2b3c\n"
        + "peer-transport-security:\n"
        + "  cert-file: "
        + tls
        + "peer-server-client.crt\n"
        + "  client-cert-auth: true\n"
        + "  key-file: "
        + tls
        + "peer-server-client.key\n"
        + "  trusted-ca-file: "
        + tls
        + "peer-ca.crt\n"
        + "snapshot-count: 10000\n";
  }

  static Map<String, FindingRow> findings(NormalizeResult.Scored s) {
    Map<String, FindingRow> out = new TreeMap<>();
    for (FindingRow f :
        RuleEngine.builtin()
            .evaluateNode(s.facts(), new EvaluationContext("2026-11-21", Fixtures.DATE, "test"))) {
      out.put(f.getRuleId(), f);
    }
    return out;
  }

  @Test
  void sqliteServerTheApiServersEtcdRulesDoNotApply() {
    NormalizeResult.Scored s = scored(K3sServerTest.server().build());
    Map<String, FindingRow> f = findings(s);
    for (String id : List.of("cis-kubernetes-1.12/1.2.23", "cis-kubernetes-1.12/1.2.26")) {
      FindingRow r = f.get(id);
      assertEquals("NOT_APPLICABLE", r.getState(), id + " " + r.getReason());
      assertTrue(r.getReason().contains("unix://kine.sock"), r.getReason());
      assertTrue(r.getReason().contains("sqlite through kine"), r.getReason());
    }
    // the rest of the API server is judged
    assertEquals("PASS", f.get("cis-kubernetes-1.12/1.2.24").getState());
  }

  @Test
  void externalSqlDatastoreTheApiServersEtcdRulesDoNotApply() {
    NormalizeResult.Scored s =
        scored(
            K3sServerTest.server()
                .config(
                    K3sServerTest.CONFIG,
                    "K3S_CONFIG",
                    "datastore-endpoint: \"mysql://REDACTED@tcp(db.internal:3306)/k3s\"\n")
                .build());
    FindingRow r = findings(s).get("cis-kubernetes-1.12/1.2.23");
    assertEquals("NOT_APPLICABLE", r.getState(), r.getReason());
    assertTrue(r.getReason().contains("external mysql datastore"), r.getReason());
  }

  @Test
  void externalEtcdIsJudgedWithTheDatastoreFiles() {
    NormalizeResult.Scored s =
        scored(
            K3sServerTest.server()
                .config(
                    K3sServerTest.CONFIG,
                    "K3S_CONFIG",
                    "datastore-endpoint: https://etcd-1.internal:2379\n"
                        + "datastore-cafile: /etc/k3s-etcd/ca.crt\n"
                        + "datastore-certfile: /etc/k3s-etcd/client.crt\n"
                        + "datastore-keyfile: /etc/k3s-etcd/client.key\n")
                .build());
    Map<String, FindingRow> f = findings(s);
    assertEquals("PASS", f.get("cis-kubernetes-1.12/1.2.23").getState());
    assertEquals("PASS", f.get("cis-kubernetes-1.12/1.2.26").getState());
    // without the files the API server really talks to etcd in clear: a failure, not N/A
    NormalizeResult.Scored bare =
        scored(K3sServerTest.server("--datastore-endpoint=https://10.0.0.9:2379").build());
    assertEquals("FAIL", findings(bare).get("cis-kubernetes-1.12/1.2.26").getState());
  }

  @Test
  void embeddedEtcdIsJudgedFromItsConfigFile() {
    NormalizeResult.Scored s =
        scored(
            K3sServerTest.server("--cluster-init")
                .config(K3S_ETCD_CONFIG, "OTHER", etcdConfig("/var/lib/rancher/k3s"))
                .stat(K3S_ETCD_CONFIG, "600")
                .build());
    ComponentSettings etcd = c(s, Component.ETCD);
    assertEquals("K3S_CONFIG", etcd.evidence());
    assertSetting(
        etcd.get("cert-file").orElseThrow(),
        "/var/lib/rancher/k3s/server/tls/etcd/server-client.crt",
        Source.CONFIG_FILE,
        K3S_ETCD_CONFIG + " client-transport-security.cert-file");
    assertSetting(
        etcd.get("peer-client-cert-auth").orElseThrow(),
        "true",
        Source.CONFIG_FILE,
        K3S_ETCD_CONFIG + " peer-transport-security.client-cert-auth");
    assertEquals(
        "[\"https://127.0.0.1:2379\",\"https://10.0.0.5:2379\"]",
        etcd.get("listen-client-urls").orElseThrow().value().canonical());
    assertSetting(
        etcd.get("config-file").orElseThrow(),
        K3S_ETCD_CONFIG,
        Source.DEFAULT,
        "k3s default for etcd");
    Map<String, FindingRow> f = findings(s);
    for (String id :
        List.of(
            "cis-kubernetes-1.12/2.1",
            "cis-kubernetes-1.12/2.2",
            "cis-kubernetes-1.12/2.3",
            "cis-kubernetes-1.12/2.4",
            "cis-kubernetes-1.12/2.5",
            "cis-kubernetes-1.12/2.6",
            "cis-kubernetes-1.12/1.2.23",
            "cis-kubernetes-1.12/1.2.26")) {
      assertEquals("PASS", f.get(id).getState(), id + " " + f.get(id).getReason());
    }
  }

  @Test
  void embeddedEtcdWithoutItsConfigFileIsNotGuessed() {
    NormalizeResult.Scored s = scored(K3sServerTest.server("--cluster-init").build());
    assertTrue(s.facts().component(Component.ETCD).isEmpty());
    assertFalse(s.facts().notPresent().containsKey(Component.ETCD));
  }

  static Fixtures.Builder rke2(String config) {
    return node("rke2")
        .process("rke2", "CMDLINE", List.of("server"))
        .process(
            "kubelet",
            "CMDLINE",
            List.of(
                "--volume-plugin-dir=/var/lib/kubelet/volumeplugins",
                "--file-check-frequency=5s",
                "--sync-frequency=30s",
                "--config-dir=/var/lib/rancher/rke2/agent/etc/kubelet.conf.d",
                "--kubeconfig=/var/lib/rancher/rke2/agent/kubelet.kubeconfig"))
        .config("/etc/rancher/rke2/config.yaml", "OTHER", config);
  }

  static String pod(String component, String image, String... args) {
    StringBuilder b =
        new StringBuilder(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: "
                + component
                + "\n  namespace: kube-system\nspec:\n  containers:\n  - name: "
                + component
                + "\n    image: "
                + image
                + "\n    command:\n    - "
                + component
                + "\n    args:\n");
    for (String a : args) {
      b.append("    - ").append(a).append('\n');
    }
    return b.toString();
  }

  @Test
  void rke2StaticPodsAreItsControlPlaneAndEtcdReadsItsConfigFile() {
    String tls = "/var/lib/rancher/rke2/server/tls/";
    NormalizeResult.Scored s =
        scored(
            rke2("profile: cis\nwrite-kubeconfig-mode: \"0600\"\n")
                .config(
                    RKE2_MANIFESTS + "kube-apiserver.yaml",
                    "STATIC_POD_MANIFEST",
                    pod(
                        "kube-apiserver",
                        "index.docker.io/rancher/hardened-kubernetes:v1.30.2-rke2r1-build20240614",
                        "--admission-control-config-file=/etc/rancher/rke2/rke2-pss.yaml",
                        "--anonymous-auth=false",
                        "--authorization-mode=Node,RBAC",
                        "--bind-address=0.0.0.0",
                        "--client-ca-file=" + tls + "client-ca.crt",
                        "--enable-admission-plugins=NodeRestriction",
                        "--etcd-cafile=" + tls + "etcd/server-ca.crt",
                        "--etcd-certfile=" + tls + "etcd/client.crt",
                        "--etcd-keyfile=" + tls + "etcd/client.key",
                        "--etcd-servers=https://127.0.0.1:2379",
                        "--profiling=false",
                        "--secure-port=6443",
                        "--tls-cert-file=" + tls + "serving-kube-apiserver.crt",
                        "--tls-private-key-file=" + tls + "serving-kube-apiserver.key"))
                .config(
                    RKE2_MANIFESTS + "etcd.yaml",
                    "STATIC_POD_MANIFEST",
                    pod(
                        "etcd",
                        "index.docker.io/rancher/hardened-etcd:v3.5.13-k3s1-build20240531",
                        "--config-file=" + RKE2_ETCD_CONFIG))
                .config(RKE2_ETCD_CONFIG, "OTHER", etcdConfig("/var/lib/rancher/rke2"))
                .build());
    ComponentSettings api = c(s, Component.KUBE_APISERVER);
    assertEquals("STATIC_POD_MANIFEST", api.evidence());
    assertEquals(Source.STATIC_POD_MANIFEST, api.get("etcd-certfile").orElseThrow().source());
    ComponentSettings etcd = c(s, Component.ETCD);
    assertSetting(
        etcd.get("trusted-ca-file").orElseThrow(),
        "/var/lib/rancher/rke2/server/tls/etcd/server-ca.crt",
        Source.CONFIG_FILE,
        RKE2_ETCD_CONFIG + " client-transport-security.trusted-ca-file");
    assertTrue(
        etcd.warnings().stream().anyMatch(w -> w.contains("read from that file")),
        etcd.warnings().toString());
    assertTrue(s.facts().notPresent().isEmpty(), s.facts().notPresent().toString());
    Map<String, FindingRow> f = findings(s);
    assertEquals("PASS", f.get("cis-kubernetes-1.12/2.1").getState());
    assertEquals("PASS", f.get("cis-kubernetes-1.12/1.2.23").getState());
  }

  @Test
  void rke2OnSqliteHasNoEtcdAndItsApiServerSkipsTheEtcdRules() {
    NormalizeResult.Scored s =
        scored(
            rke2("disable-etcd: true\n")
                .config(
                    RKE2_MANIFESTS + "kube-apiserver.yaml",
                    "STATIC_POD_MANIFEST",
                    pod(
                        "kube-apiserver",
                        "index.docker.io/rancher/hardened-kubernetes:v1.30.2-rke2r1-build20240614",
                        "--anonymous-auth=false",
                        "--etcd-servers=unixs:///var/lib/rancher/rke2/server/kine.sock",
                        "--profiling=false"))
                .build());
    String why = s.facts().notPresent().get(Component.ETCD);
    assertTrue(why != null && why.contains("rke2 server has no etcd"), String.valueOf(why));
    Map<String, FindingRow> f = findings(s);
    assertEquals("NOT_APPLICABLE", f.get("cis-kubernetes-1.12/2.1").getState());
    FindingRow r = f.get("cis-kubernetes-1.12/1.2.26");
    assertEquals("NOT_APPLICABLE", r.getState(), r.getReason());
    assertTrue(r.getReason().contains("unixs:///var/lib/rancher/rke2/server/kine.sock"));
  }
}
