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
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/** k3s servers: the embedded control plane from defaults, config.yaml, drop-ins, flags, journal. */
class K3sServerTest {

  static final String CONFIG = "/etc/rancher/k3s/config.yaml";
  static final String KUBELET_LINE =
      "--config-dir=/var/lib/rancher/k3s/agent/etc/kubelet.conf.d"
          + " --kubeconfig=/var/lib/rancher/k3s/agent/kubelet.kubeconfig --read-only-port=0";

  static Fixtures.Builder server(String... flags) {
    List<String> argv = new java.util.ArrayList<>(List.of("server"));
    argv.addAll(List.of(flags));
    return node("k3s")
        .process("k3s", "CMDLINE", argv)
        .process("k3s", "K3S_JOURNAL", List.of(KUBELET_LINE.split(" ")));
  }

  @Test
  void configFileDropInsAndPlusKeysOverK3sDefaults() {
    NormalizeResult.Scored s =
        scored(
            server("--kube-apiserver-arg=audit-log-maxage=30")
                .config(
                    CONFIG,
                    "K3S_CONFIG",
                    "write-kubeconfig-mode: \"0600\"\n"
                        + "kube-apiserver-arg:\n"
                        + "  - \"profiling=true\"\n"
                        + "  - \"audit-log-path=/var/log/base.log\"\n"
                        + "kube-scheduler-arg:\n"
                        + "  - \"bind-address=0.0.0.0\"\n")
                // a plain key in a drop-in replaces the base file's whole list
                .config(
                    CONFIG + ".d/10-audit.yaml",
                    "K3S_CONFIG",
                    "kube-apiserver-arg:\n  - \"audit-log-path=/var/log/k3s-audit.log\"\n")
                // key+ appends to what has accumulated
                .config(
                    CONFIG + ".d/20-admission.yaml",
                    "K3S_CONFIG",
                    "kube-apiserver-arg+:\n"
                        + "  - \"enable-admission-plugins=NodeRestriction,EventRateLimit\"\n"
                        + "kube-controller-manager-arg+:\n"
                        + "  - \"terminated-pod-gc-threshold=10\"\n")
                .build());
    ComponentSettings api = c(s, Component.KUBE_APISERVER);
    assertEquals("K3S_CONFIG", api.evidence());
    // profiling=true was in the base list, which 10-audit.yaml replaced: k3s's default stands
    assertSetting(
        api.get("profiling").orElseThrow(),
        "false",
        Source.DEFAULT,
        "k3s default for kube-apiserver");
    assertSetting(
        api.get("audit-log-path").orElseThrow(),
        "/var/log/k3s-audit.log",
        Source.DROP_IN,
        CONFIG + ".d/10-audit.yaml kube-apiserver-arg");
    assertSetting(
        api.get("audit-log-maxage").orElseThrow(), "30", Source.FLAG, "k3s command line argv[1]");
    assertEquals(
        "[\"NodeRestriction\",\"EventRateLimit\"]",
        api.get("enable-admission-plugins").orElseThrow().value().canonical());
    assertEquals(Source.DROP_IN, api.get("enable-admission-plugins").orElseThrow().source());
    assertSetting(
        api.get("anonymous-auth").orElseThrow(),
        "false",
        Source.DEFAULT,
        "k3s default for kube-apiserver");
    assertEquals(
        "\"unix://kine.sock\"".replace("\"", ""),
        api.get("etcd-servers").orElseThrow().value().canonical().replaceAll("[\\[\\]\"]", ""));
    ComponentSettings kcm = c(s, Component.KUBE_CONTROLLER_MANAGER);
    assertSetting(
        kcm.get("terminated-pod-gc-threshold").orElseThrow(),
        "10",
        Source.DROP_IN,
        CONFIG + ".d/20-admission.yaml kube-controller-manager-arg+");
    ComponentSettings sched = c(s, Component.KUBE_SCHEDULER);
    assertSetting(
        sched.get("bind-address").orElseThrow(),
        "0.0.0.0",
        Source.CONFIG_FILE,
        CONFIG + " kube-scheduler-arg");
    // sqlite/kine: no etcd, and the reason says so
    assertTrue(s.facts().component(Component.ETCD).isEmpty());
    assertTrue(
        s.facts().notPresent().get(Component.ETCD).contains("sqlite through kine"),
        s.facts().notPresent().toString());
  }

  @Test
  void journalLineWinsOverConfigFile() {
    NormalizeResult.Scored s =
        scored(
            server()
                .config(CONFIG, "K3S_CONFIG", "kube-apiserver-arg:\n  - \"profiling=true\"\n")
                .process("kube-apiserver", "K3S_JOURNAL", List.of("--profiling=false"))
                .build());
    ComponentSettings api = c(s, Component.KUBE_APISERVER);
    assertEquals("K3S_JOURNAL", api.evidence());
    assertSetting(api.get("profiling").orElseThrow(), "false", Source.FLAG, "argv[1]");
    // the scheduler has no journal line: rebuilt from defaults
    assertEquals("K3S_CONFIG", c(s, Component.KUBE_SCHEDULER).evidence());
  }

  @Test
  void plusAndMinusSuffixesExtendTheDefault() {
    NormalizeResult.Scored s =
        scored(
            server()
                .config(
                    CONFIG,
                    "K3S_CONFIG",
                    "kube-apiserver-arg:\n  - \"enable-admission-plugins+=EventRateLimit\"\n")
                .build());
    assertEquals(
        "[\"NodeRestriction\",\"EventRateLimit\"]",
        c(s, Component.KUBE_APISERVER)
            .get("enable-admission-plugins")
            .orElseThrow()
            .value()
            .canonical());
  }

  @Test
  void embeddedEtcdFromClusterInit() {
    NormalizeResult.Scored s =
        scored(server().config(CONFIG, "K3S_CONFIG", "cluster-init: true\n").build());
    assertFalse(s.facts().notPresent().containsKey(Component.ETCD));
    ComponentSettings api = c(s, Component.KUBE_APISERVER);
    assertEquals(
        "/var/lib/rancher/k3s/server/tls/etcd/client.crt",
        api.get("etcd-certfile").orElseThrow().value().canonical().replace("\"", ""));
  }

  @Test
  void embeddedEtcdFromFlagAndFromDataDir() {
    assertFalse(
        scored(server("--cluster-init").build()).facts().notPresent().containsKey(Component.ETCD));
    assertFalse(
        scored(server().stat("/var/lib/rancher/k3s/server/db/etcd/config", "600").build())
            .facts()
            .notPresent()
            .containsKey(Component.ETCD));
  }

  @Test
  void externalDatastoresJudgedOnSchemeOnly() {
    String sql =
        scored(
                server()
                    .config(
                        CONFIG,
                        "K3S_CONFIG",
                        "datastore-endpoint: \"postgres://REDACTED@db.internal:5432/k3s\"\n")
                    .build())
            .facts()
            .notPresent()
            .get(Component.ETCD);
    assertTrue(sql.contains("external postgres datastore"), sql);
    String etcd =
        scored(server("--datastore-endpoint=https://10.0.0.9:2379").build())
            .facts()
            .notPresent()
            .get(Component.ETCD);
    assertTrue(etcd.contains("external etcd"), etcd);
    String redacted =
        scored(server().config(CONFIG, "K3S_CONFIG", "datastore-endpoint: REDACTED\n").build())
            .facts()
            .notPresent()
            .get(Component.ETCD);
    assertTrue(redacted.contains("redacted"), redacted);
  }

  /** End to end with the shipped packs: etcd rules say why they do not apply; none is unseen. */
  @Test
  void sqliteServerJudgedOnControlPlaneRulesAndNotOnEtcd() {
    NormalizeResult.Scored s = scored(server().build());
    List<dev.fleetscore.schema.FindingRow> findings =
        dev.fleetscore.rules.RuleEngine.builtin()
            .evaluateNode(
                s.facts(),
                new dev.fleetscore.model.EvaluationContext(
                    "2026-11-21", Fixtures.DATE, "fleetscore-test"));
    List<dev.fleetscore.schema.FindingRow> etcd =
        findings.stream().filter(f -> "etcd".equals(f.getComponent())).toList();
    assertFalse(etcd.isEmpty());
    for (dev.fleetscore.schema.FindingRow f : etcd) {
      assertEquals("NOT_APPLICABLE", f.getState(), f.getRuleId());
      assertTrue(f.getReason().contains("sqlite through kine"), f.getReason());
    }
    for (dev.fleetscore.schema.FindingRow f : findings) {
      assertFalse(
          String.valueOf(f.getReason()).contains("was not seen on this node")
              && List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")
                  .contains(f.getComponent()),
          f.getRuleId() + " " + f.getReason());
    }
    assertTrue(
        findings.stream()
            .anyMatch(
                f -> "kube-apiserver".equals(f.getComponent()) && "PASS".equals(f.getState())));
  }

  @Test
  void agentHasNoControlPlane() {
    NormalizeResult.Scored s =
        scored(
            node("k3s")
                .process("k3s", "CMDLINE", List.of("agent"))
                .process("k3s", "K3S_JOURNAL", List.of(KUBELET_LINE.split(" ")))
                .config(CONFIG, "K3S_CONFIG", "kube-apiserver-arg:\n  - \"profiling=true\"\n")
                .build());
    assertTrue(s.facts().component(Component.KUBE_APISERVER).isEmpty());
    assertTrue(s.facts().notPresent().isEmpty());
  }
}
