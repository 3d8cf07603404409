package dev.fleetscore.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.ControlEvaluator;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeNormalizer;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.States;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * TEST DOUBLE of the normalizer and the rule engine (the real ones are {@code
 * dev.fleetscore.normalize} and {@code dev.fleetscore.rules}, built on other branches). It does
 * work of a realistic shape and cost: reads the kubelet's flags and its config file's JSON, derives
 * 24 settings with their source (flag, config file, default), and evaluates 24 setting rules, 6
 * certificate rules, 2 file-permission rules and 2 cluster rules. It is not a CIS implementation:
 * its defaults and rule semantics are simplified.
 */
public final class FakeScoring implements ScoringProvider {

  public static final String PACK = "fake-cis";
  public static final String PACK_VERSION = "fake-cis@0.1.0+test";

  @Override
  public Scoring load(List<Path> rulesDirs, Path exemptionsFile) {
    return new Scoring(new Normalizer(), new Evaluator(), FakeScoring::summarize);
  }

  public static ScoringSpec spec() {
    return ScoringSpec.withProvider(FakeScoring.class, List.of(), null);
  }

  /** name, flag, default (with --config), expected, severity, control. */
  record SettingRule(
      String name, String flag, String dflt, String expected, String severity, String control) {}

  static final List<SettingRule> SETTINGS =
      List.of(
          new SettingRule(
              "authentication.anonymous.enabled",
              "anonymous-auth",
              "false",
              "false",
              States.CRITICAL,
              "4.2.1"),
          new SettingRule(
              "authorization.mode",
              "authorization-mode",
              "Webhook",
              "Webhook",
              States.CRITICAL,
              "4.2.2"),
          new SettingRule(
              "authentication.x509.clientCAFile",
              "client-ca-file",
              null,
              "*",
              States.HIGH,
              "4.2.3"),
          new SettingRule("readOnlyPort", "read-only-port", "0", "0", States.HIGH, "4.2.4"),
          new SettingRule(
              "streamingConnectionIdleTimeout",
              "streaming-connection-idle-timeout",
              "4h0m0s",
              "!0s",
              States.MEDIUM,
              "4.2.5"),
          new SettingRule(
              "protectKernelDefaults",
              "protect-kernel-defaults",
              "false",
              "true",
              States.MEDIUM,
              "4.2.6"),
          new SettingRule(
              "makeIPTablesUtilChains",
              "make-iptables-util-chains",
              "true",
              "true",
              States.MEDIUM,
              "4.2.7"),
          new SettingRule("hostnameOverride", "hostname-override", null, "-", States.LOW, "4.2.8"),
          new SettingRule("eventRecordQPS", "event-qps", "50", "*", States.LOW, "4.2.9"),
          new SettingRule("tlsCertFile", "tls-cert-file", null, "*", States.MEDIUM, "4.2.10"),
          new SettingRule(
              "rotateCertificates", "rotate-certificates", "true", "true", States.MEDIUM, "4.2.11"),
          new SettingRule(
              "serverTLSBootstrap",
              "rotate-server-certificates",
              "false",
              "true",
              States.MEDIUM,
              "4.2.12"),
          new SettingRule(
              "tlsCipherSuites", "tls-cipher-suites", null, "*", States.MEDIUM, "4.2.13"),
          new SettingRule("podPidsLimit", "pod-max-pids", "-1", "!-1", States.LOW, "4.2.14"),
          new SettingRule(
              "authentication.webhook.enabled",
              "authentication-token-webhook",
              "true",
              "true",
              States.HIGH,
              "4.2.15"),
          new SettingRule(
              "enableDebuggingHandlers",
              "enable-debugging-handlers",
              "true",
              "*",
              States.INFO,
              "4.2.16"),
          new SettingRule(
              "cgroupDriver", "cgroup-driver", "cgroupfs", "systemd", States.LOW, "4.2.17"),
          new SettingRule("maxPods", "max-pods", "110", "*", States.INFO, "4.2.18"),
          new SettingRule("clusterDomain", "cluster-domain", null, "*", States.INFO, "4.2.19"),
          new SettingRule(
              "healthzBindAddress",
              "healthz-bind-address",
              "127.0.0.1",
              "127.0.0.1",
              States.LOW,
              "4.2.20"),
          new SettingRule("kubeAPIQPS", "kube-api-qps", "50", "*", States.INFO, "4.2.21"),
          new SettingRule(
              "serializeImagePulls", "serialize-image-pulls", "true", "*", States.INFO, "4.2.22"),
          new SettingRule("staticPodPath", "pod-manifest-path", null, "*", States.LOW, "4.2.23"),
          new SettingRule(
              "featureGates.RotateKubeletServerCertificate",
              "feature-gates",
              null,
              "true",
              States.MEDIUM,
              "4.2.24"));

  private static final ObjectMapper JSON = new ObjectMapper();

  static NodeSummary summarize(NodeFacts f) {
    Map<String, String> facts = new TreeMap<>();
    f.component(Component.KUBELET)
        .flatMap(c -> c.get("readOnlyPort"))
        .filter(Setting::isSet)
        .ifPresent(s -> facts.put("kubelet:readOnlyPort", s.value().canonical()));
    return new NodeSummary(f.nodeName(), f.dump().getNodePool(), facts);
  }

  /** TEST DOUBLE normalizer. */
  static final class Normalizer implements NodeNormalizer {
    private static final long serialVersionUID = 1L;

    @Override
    public NormalizeResult normalize(NodeEvidence ev, ClusterFacts cluster) {
      NodeDumpRow d = ev.getDump();
      List<QuarantineRow> quarantined = new ArrayList<>();
      ConfigFileRow config = null;
      for (ConfigFileRow c : ev.getConfigFiles()) {
        if ("KUBELET_CONFIG".equals(c.getKind())) {
          config = c;
        }
      }
      if (config != null && config.getParseError() != null) {
        return new NormalizeResult.Rejected(
            new QuarantineRow(
                d.getSnapshotId(),
                d.getSnapshotDate(),
                d.getClusterId(),
                d.getNodeName(),
                d.getCollectedAt(),
                "fake",
                "NORMALIZE",
                "NODE",
                d.getDumpId() + ":" + config.getPath(),
                "UNPARSEABLE_KUBELET_CONFIG",
                "the kubelet refuses to start with this config: " + config.getParseError(),
                d.getSource()));
      }
      Map<String, String> flags = new HashMap<>();
      Map<String, Integer> flagPos = new HashMap<>();
      for (ProcessRow p : ev.getProcesses()) {
        if (!"kubelet".equals(p.getComponent())) {
          continue;
        }
        List<String> argv = p.getArgv();
        for (int i = 0; i < argv.size(); i++) {
          String a = argv.get(i);
          if (!a.startsWith("--")) {
            continue;
          }
          int eq = a.indexOf('=');
          String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
          String value;
          if (eq >= 0) {
            value = a.substring(eq + 1);
          } else if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("--")) {
            value = argv.get(++i);
          } else {
            value = "true";
          }
          flags.put(name, value);
          flagPos.put(name, i + 1);
        }
      }
      JsonNode root = null;
      if (config != null && config.getContentJson() != null) {
        try {
          root = JSON.readTree(config.getContentJson());
        } catch (JsonProcessingException e) {
          quarantined.add(fileRow(d, config.getPath(), "INVALID_JSON", e.getOriginalMessage()));
        }
      }
      for (ConfigFileRow c : ev.getConfigFiles()) {
        if (c != config && c.getParseError() != null) {
          quarantined.add(fileRow(d, c.getPath(), "MALFORMED_YAML", c.getParseError()));
        }
      }
      TreeMap<String, Setting> settings = new TreeMap<>();
      List<EffectiveSettingRow> rows = new ArrayList<>();
      for (SettingRule r : SETTINGS) {
        String value;
        Source source;
        String origin;
        if (flags.containsKey(r.flag())) {
          value = flags.get(r.flag());
          source = Source.FLAG;
          origin = "argv[" + flagPos.get(r.flag()) + "]";
        } else {
          JsonNode n = root == null ? null : root.at("/" + r.name().replace('.', '/'));
          if (n != null && !n.isMissingNode()) {
            value = n.isValueNode() ? n.asText() : n.toString();
            source = Source.CONFIG_FILE;
            origin = config.getPath();
          } else {
            value = r.dflt();
            source = value == null ? Source.UNSET : Source.DEFAULT;
            origin = null;
          }
        }
        TypedValue tv = value == null ? null : new TypedValue.Str(value);
        settings.put(
            r.name(),
            new Setting(
                Component.KUBELET,
                r.name(),
                tv,
                source,
                origin,
                "--" + r.flag(),
                value,
                List.of(),
                null));
        rows.add(
            new EffectiveSettingRow(
                d.getSnapshotId(),
                d.getSnapshotDate(),
                d.getClusterId(),
                d.getNodeName(),
                d.getCollectedAt(),
                "fake",
                "kubelet",
                r.name(),
                value,
                "STRING",
                source.name(),
                origin,
                "--" + r.flag(),
                value,
                List.of(),
                null));
      }
      Map<String, List<String>> roles = new HashMap<>();
      if (config != null) {
        roles.put("kubelet.config", List.of(config.getPath()));
      }
      Map<String, FileStatRow> stats = new HashMap<>();
      for (FileStatRow s : ev.getFileStats()) {
        stats.put(s.getPath(), s);
      }
      Map<Component, ComponentSettings> components =
          flags.isEmpty() && root == null
              ? Map.of()
              : Map.of(
                  Component.KUBELET, ComponentSettings.of(Component.KUBELET, "CMDLINE", settings));
      NodeFacts facts =
          new NodeFacts(
              d,
              Optional.ofNullable(d.getKubeletVersion()),
              components,
              roles,
              stats,
              ev.getCertificates(),
              ev.getConfigFiles(),
              cluster,
              List.of());
      return new NormalizeResult.Scored(facts, rows, quarantined);
    }

    private static QuarantineRow fileRow(NodeDumpRow d, String path, String code, String why) {
      return new QuarantineRow(
          d.getSnapshotId(),
          d.getSnapshotDate(),
          d.getClusterId(),
          d.getNodeName(),
          d.getCollectedAt(),
          "fake",
          "NORMALIZE",
          "FILE",
          d.getDumpId() + ":" + path,
          code,
          why,
          d.getSource());
    }
  }

  /** TEST DOUBLE rule engine. */
  static final class Evaluator implements ControlEvaluator {
    private static final long serialVersionUID = 1L;

    @Override
    public List<FindingRow> evaluateNode(NodeFacts node, EvaluationContext ctx) {
      List<FindingRow> out = new ArrayList<>(34);
      Optional<ComponentSettings> kubelet = node.component(Component.KUBELET);
      for (SettingRule r : SETTINGS) {
        Optional<Setting> s = kubelet.flatMap(k -> k.get(r.name()));
        String actual = s.filter(Setting::isSet).map(x -> x.value().canonical()).orElse(null);
        String state;
        if (kubelet.isEmpty()) {
          state = States.NO_EVIDENCE;
        } else if (r.expected().equals("*")) {
          state = actual == null ? States.FAIL : States.PASS;
        } else if (r.expected().equals("-")) {
          state = actual == null ? States.PASS : States.WARN;
        } else if (r.expected().startsWith("!")) {
          state = r.expected().substring(1).equals(actual) ? States.FAIL : States.PASS;
        } else {
          state = r.expected().equals(actual) ? States.PASS : States.FAIL;
        }
        out.add(
            finding(
                node,
                ctx,
                "fake-cis/" + r.control(),
                "kubelet " + r.name(),
                "kubelet",
                state,
                r.severity(),
                actual,
                r.expected(),
                s.map(x -> x.source().name()).orElse(null),
                s.map(Setting::origin).orElse(null),
                r.name(),
                List.of(
                    "cis-kubernetes-1.12:" + r.control(),
                    "cis-gke-1.6.0:3.2." + r.control().substring(4))));
      }
      List<CertificateRow> certs = node.certificates();
      Instant asOf = ctx.asOf();
      out.add(
          certRule(
              node,
              ctx,
              "fake-cert/expired",
              certs,
              c -> c.getNotAfter().isAfter(asOf),
              States.CRITICAL));
      out.add(
          certRule(
              node,
              ctx,
              "fake-cert/expires-30d",
              certs,
              c -> c.getNotAfter().isAfter(asOf.plus(Duration.ofDays(30))),
              States.MEDIUM));
      out.add(
          certRule(
              node,
              ctx,
              "fake-cert/key-size",
              certs,
              c -> c.getPublicKeyBits() == null || c.getPublicKeyBits() >= 2048,
              States.HIGH));
      out.add(
          certRule(
              node,
              ctx,
              "fake-cert/sha1",
              certs,
              c -> !c.getSignatureAlgorithm().startsWith("SHA1"),
              States.HIGH));
      out.add(
          certRule(
              node,
              ctx,
              "fake-cert/verified",
              certs,
              c ->
                  Boolean.TRUE.equals(c.getBasicConstraintsCa())
                      || "VERIFIED".equals(c.getVerifyStatus()),
              States.HIGH));
      out.add(
          certRule(
              node,
              ctx,
              "fake-cert/serving-san",
              certs,
              c -> Boolean.TRUE.equals(c.getBasicConstraintsCa()) || !c.getSanDns().isEmpty(),
              States.LOW));
      for (String role : new String[] {"kubelet.config"}) {
        for (String[] rule :
            new String[][] {{"fake-file/mode", "644"}, {"fake-file/owner", "root"}}) {
          List<String> paths = node.paths(role);
          FileStatRow st = paths.isEmpty() ? null : node.fileStats().get(paths.get(0));
          String actual =
              st == null ? null : rule[0].endsWith("mode") ? st.getMode() : st.getOwner();
          String state =
              st == null
                  ? States.NO_EVIDENCE
                  : rule[0].endsWith("mode")
                      ? (Integer.parseInt(actual, 8) & ~0644) == 0 ? States.PASS : States.FAIL
                      : rule[1].equals(actual) ? States.PASS : States.FAIL;
          out.add(
              finding(
                  node,
                  ctx,
                  rule[0],
                  role + " " + rule[0],
                  "kubelet",
                  state,
                  States.MEDIUM,
                  actual,
                  rule[1],
                  null,
                  st == null ? null : st.getPath(),
                  role,
                  List.of("cis-kubernetes-1.12:4.1." + (rule[0].endsWith("mode") ? "9" : "10"))));
        }
      }
      return out;
    }

    private FindingRow certRule(
        NodeFacts node,
        EvaluationContext ctx,
        String id,
        List<CertificateRow> certs,
        java.util.function.Predicate<CertificateRow> ok,
        String severity) {
      String state;
      String actual = null;
      if (certs.isEmpty()) {
        state = States.NO_EVIDENCE;
      } else {
        state = States.PASS;
        for (CertificateRow c : certs) {
          if (!ok.test(c)) {
            state = States.FAIL;
            actual = c.getPath();
            break;
          }
        }
      }
      return finding(
          node,
          ctx,
          id,
          id,
          "kubelet",
          state,
          severity,
          actual,
          "every certificate",
          null,
          null,
          null,
          List.of("fleetscore-1:" + id));
    }

    private static FindingRow finding(
        NodeFacts n,
        EvaluationContext ctx,
        String rule,
        String title,
        String component,
        String state,
        String severity,
        String actual,
        String expected,
        String source,
        String origin,
        String setting,
        List<String> fw) {
      NodeDumpRow d = n.dump();
      return new FindingRow(
          ctx.snapshotId(),
          ctx.snapshotDate(),
          d.getClusterId(),
          d.getNodeName(),
          d.getCollectedAt(),
          ctx.producerVersion(),
          "NODE",
          d.getProvider(),
          d.getNodePool(),
          rule,
          PACK,
          PACK_VERSION,
          title,
          component,
          state,
          severity,
          actual,
          expected,
          "the value is " + actual + (source == null ? "" : " from " + source),
          setting,
          source,
          origin,
          d.getDumpId(),
          fw,
          null,
          null,
          null,
          null);
    }

    @Override
    public List<FindingRow> evaluateCluster(
        ClusterFacts cluster, List<NodeSummary> nodes, EvaluationContext ctx) {
      List<FindingRow> out = new ArrayList<>();
      String provider = cluster.cloud().map(c -> c.getProvider()).orElse(null);
      String state;
      String actual = null;
      if (cluster.cloud().isEmpty() || !"gke".equals(provider)) {
        state = States.NOT_APPLICABLE;
      } else if (Boolean.FALSE.equals(cluster.cloud().get().getDefaultReadonlyPortEnabled())) {
        long open =
            nodes.stream()
                .filter(s -> !"0".equals(s.facts().getOrDefault("kubelet:readOnlyPort", "0")))
                .count();
        state = open > 0 ? States.FAIL : States.PASS;
        actual = open + " of " + nodes.size() + " nodes serve 10255";
      } else {
        state = States.FAIL;
        actual = "cluster default leaves the read-only port on";
      }
      out.add(
          clusterFinding(
              cluster,
              ctx,
              "fake-gke/readonly-port-intent",
              state,
              States.HIGH,
              actual,
              List.of("cis-gke-1.6.0:4.2.4")));
      if (!"eks".equals(provider)) {
        state = States.NOT_APPLICABLE;
        actual = null;
      } else {
        boolean masters = false;
        for (AuthMappingRow a : cluster.authMappings()) {
          masters |= a.getGroups().contains("system:masters");
        }
        state = masters ? States.FAIL : States.PASS;
        actual = masters ? "a mapping grants system:masters" : null;
      }
      out.add(
          clusterFinding(
              cluster,
              ctx,
              "fake-eks/no-masters-mapping",
              state,
              States.CRITICAL,
              actual,
              List.of("cis-eks-1.8.0:4.1.1")));
      return out;
    }

    private static FindingRow clusterFinding(
        ClusterFacts c,
        EvaluationContext ctx,
        String rule,
        String state,
        String severity,
        String actual,
        List<String> fw) {
      return new FindingRow(
          ctx.snapshotId(),
          ctx.snapshotDate(),
          c.clusterId(),
          null,
          c.cloud().map(x -> x.getCollectedAt()).orElse(null),
          ctx.producerVersion(),
          "CLUSTER",
          c.cloud().map(x -> x.getProvider()).orElse(null),
          null,
          rule,
          PACK,
          PACK_VERSION,
          rule,
          null,
          state,
          severity,
          actual,
          "see rule",
          "cluster rule " + rule,
          null,
          null,
          null,
          c.cloud().map(x -> x.getSource()).orElse(null),
          fw,
          null,
          null,
          null,
          null);
    }

    @Override
    public List<String> frameworks() {
      return List.of("cis-eks-1.8.0", "cis-gke-1.6.0", "cis-kubernetes-1.12", "fleetscore-1");
    }

    @Override
    public List<String> packVersions() {
      return List.of(PACK_VERSION);
    }
  }
}
