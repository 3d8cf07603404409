package dev.fleetscore.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetscore.common.Suggestions;
import dev.fleetscore.common.UserError;
import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NormalizeResult;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.normalize.EvidenceNormalizer;
import dev.fleetscore.pipeline.Explanation.Chain;
import dev.fleetscore.pipeline.Explanation.Layer;
import dev.fleetscore.rules.PackSource;
import dev.fleetscore.rules.RuleInfo;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeKey;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code fleetscore explain}: re-runs the normalizer on one node's raw evidence rows (the warehouse
 * keeps node_dumps, processes, config_files, ... and the cloud tables) and the rule engine with the
 * packs and exemptions of the run that scored the snapshot ({@link RunRules}), and explains one
 * setting or one rule. The layers come from the normalizer's own trace ({@link Setting#steps()},
 * the history it keeps while applying layers, also written to effective_settings.overridden), so no
 * merge logic is repeated here; layers that were read and did not set the value come from the
 * node's file roles and command line. A GKE pool's read-only-port setting is explained from the
 * cloud_node_pools and cloud_clusters rows, with the layer the cloud collector resolved it from.
 */
public final class Explain {

  /**
   * What to explain.
   *
   * @param warehouse a local warehouse
   * @param date a scored snapshot date
   * @param node the node name
   * @param cluster its cluster id, or null to find it
   * @param setting a setting ({@code name} or {@code component:name}), or null
   * @param rule a rule id (or the part after its last {@code /} when that is unique), or null
   */
  public record Request(
      Path warehouse, LocalDate date, String node, String cluster, String setting, String rule) {}

  /** Names a GKE pool's read-only port goes by; explained from the cloud rows. */
  static final Set<String> READONLY_POOL_SETTINGS =
      Set.of(
          "insecureKubeletReadonlyPortEnabled",
          "readonlyPortEnabled",
          "readonlyPortSource",
          "canDisableReadonlyPort",
          "readonly_port_enabled",
          "readonly_port_source",
          "can_disable_readonly_port",
          "insecure_kubelet_readonly_port_enabled");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private Explain() {}

  public static Explanation run(Request req) {
    if ((req.setting() == null) == (req.rule() == null)) {
      throw new UserError(
          UserError.USAGE, "explain needs exactly one of --setting and --rule", null);
    }
    RunRules rules = RunRules.read(req.warehouse(), req.date());
    RuleInfo rule = req.rule() == null ? null : rule(rules, req.rule());
    String wh = req.warehouse().toString();
    SnapshotPlan plan = SnapshotPlan.plan(wh, req.date());
    RunInfo run = new RunInfo(wh, req.date(), rules.snapshotId(), "explain", "explain");
    Found found = find(plan, run, req);
    ClusterFacts cluster =
        Optional.ofNullable(
                CloudSnapshot.read(CloudSnapshot.files(plan), run)
                    .clusters()
                    .get(found.evidence.getDump().getClusterId()))
            .map(ClusterInputs::facts)
            .orElseGet(() -> ClusterFacts.empty(found.evidence.getDump().getClusterId()));
    NormalizeResult r = new EvidenceNormalizer().normalize(found.evidence, cluster);
    var dump = found.evidence.getDump();
    if (r instanceof NormalizeResult.Rejected rej) {
      QuarantineRow q = rej.quarantine();
      return new Explanation(
          req.date().toString(),
          dump.getClusterId(),
          dump.getNodeName(),
          dump.getDumpId(),
          dump.getProvider(),
          dump.getNodePool(),
          dump.getKubeletVersion(),
          q.getReasonCode() + ": " + q.getReason(),
          List.of(),
          null);
    }
    NodeFacts facts = ((NormalizeResult.Scored) r).facts();
    List<Chain> chains = new ArrayList<>();
    Explanation.RuleVerdict verdict = null;
    if (req.setting() != null) {
      chains.addAll(settingChains(facts, req.setting()));
    } else {
      JsonNode def = definition(rules.packs(), rule.id());
      FindingRow f =
          rules.engine().evaluateNode(facts, run.context()).stream()
              .filter(x -> x.getRuleId().equals(rule.id()))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no finding for " + rule.id()));
      SortedSet<String> settings = new TreeSet<>();
      SortedSet<String> poolFields = new TreeSet<>();
      collect(def.path("check"), settings, poolFields);
      collect(def.path("warn_when"), settings, poolFields);
      for (String s : poolFields) {
        if (READONLY_POOL_SETTINGS.contains(s)) {
          chains.add(poolChain(facts, s));
          break;
        }
      }
      for (String s : settings) {
        chains.addAll(settingChains(facts, s));
      }
      verdict =
          new Explanation.RuleVerdict(
              rule.id(),
              rule.title(),
              rule.packVersion(),
              rule.severity(),
              compact(def),
              f.getExpected(),
              f.getActual(),
              f.getState(),
              f.getReason(),
              f.getSetting(),
              f.getSource(),
              f.getOrigin(),
              exemption(f, rules),
              rule.remediation(),
              List.copyOf(f.getFrameworkIds()));
    }
    return new Explanation(
        req.date().toString(),
        dump.getClusterId(),
        dump.getNodeName(),
        dump.getDumpId(),
        dump.getProvider(),
        dump.getNodePool(),
        facts.kubeletVersion().orElse(dump.getKubeletVersion()),
        null,
        chains,
        verdict);
  }

  private record Found(NodeEvidence evidence) {}

  /** The node's evidence: one bucket when the cluster is known, else every bucket. */
  private static Found find(SnapshotPlan plan, RunInfo run, Request req) {
    List<BucketFiles> buckets = plan.buckets();
    if (req.cluster() != null && plan.bucketCount() > 0) {
      int b = Warehouse.bucketOf(new NodeKey(req.cluster(), req.node(), ""), plan.bucketCount());
      buckets = buckets.stream().filter(x -> x.bucket() == b).toList();
    }
    List<NodeEvidence> matches = new ArrayList<>();
    List<QuarantineRow> rejected = new ArrayList<>();
    SortedSet<String> names = new TreeSet<>();
    for (BucketFiles b : buckets) {
      try (EvidenceJoiner j = new EvidenceJoiner(b, run)) {
        j.forEach(
            new EvidenceJoiner.Handler() {
              @Override
              public void evidence(NodeEvidence ev, String label) {
                var d = ev.getDump();
                names.add(d.getNodeName());
                if (req.node().equals(d.getNodeName())
                    && (req.cluster() == null || req.cluster().equals(d.getClusterId()))) {
                  matches.add(ev);
                }
              }

              @Override
              public void dumpRejected(QuarantineRow row) {
                if (req.node().equals(row.getNodeName())
                    && (req.cluster() == null || req.cluster().equals(row.getClusterId()))) {
                  rejected.add(row);
                }
              }

              @Override
              public void record(QuarantineRow row) {}
            });
      }
    }
    if (matches.isEmpty()) {
      String why =
          rejected.isEmpty()
              ? ""
              : " (its dumps were refused: "
                  + rejected.stream()
                      .map(q -> q.getReasonCode() + " " + q.getRecordKey())
                      .sorted()
                      .toList()
                  + ")";
      throw new UserError(
          "no scorable node "
              + req.node()
              + (req.cluster() == null ? "" : " in cluster " + req.cluster())
              + " in the snapshot of "
              + req.date()
              + why
              + closest(req.node(), names));
    }
    if (matches.size() > 1) {
      throw new UserError(
          UserError.USAGE,
          "node "
              + req.node()
              + " is in several clusters ("
              + String.join(
                  ", ", matches.stream().map(e -> e.getDump().getClusterId()).sorted().toList())
              + "); name one with --cluster",
          null);
    }
    return new Found(matches.get(0));
  }

  private static RuleInfo rule(RunRules rules, String id) {
    List<RuleInfo> all = rules.rules();
    List<RuleInfo> hits =
        all.stream()
            .filter(r -> r.id().equals(id) || r.id().endsWith("/" + id))
            .sorted(Comparator.comparing(RuleInfo::id))
            .toList();
    Optional<RuleInfo> exact = all.stream().filter(r -> r.id().equals(id)).findFirst();
    if (exact.isPresent()) {
      hits = List.of(exact.get());
    }
    if (hits.isEmpty()) {
      throw new UserError(
          UserError.USAGE,
          "no rule " + id + " in the packs that scored this snapshot" + closest(id, ids(all)),
          null);
    }
    if (hits.size() > 1) {
      throw new UserError(
          UserError.USAGE,
          "rule "
              + id
              + " is ambiguous: "
              + String.join(", ", hits.stream().map(RuleInfo::id).toList())
              + "; give the full id",
          null);
    }
    RuleInfo r = hits.get(0);
    if (!"NODE".equals(r.scope())) {
      throw new UserError(
          UserError.USAGE,
          "rule "
              + r.id()
              + " judges a whole cluster, not a node; see fleetscore export findings --rule "
              + r.id(),
          null);
    }
    return r;
  }

  private static List<String> ids(List<RuleInfo> rules) {
    return rules.stream().map(RuleInfo::id).toList();
  }

  /** The chains of a setting named {@code name} or {@code component:name} on the node. */
  static List<Chain> settingChains(NodeFacts facts, String name) {
    if (READONLY_POOL_SETTINGS.contains(name) || name.startsWith("cloud:")) {
      String bare = name.startsWith("cloud:") ? name.substring("cloud:".length()) : name;
      if (READONLY_POOL_SETTINGS.contains(bare)) {
        List<Chain> out = new ArrayList<>();
        out.add(poolChain(facts, bare));
        // What the node itself runs, which is what an attacker meets.
        facts
            .component(Component.KUBELET)
            .flatMap(c -> c.get("readOnlyPort"))
            .ifPresent(s -> out.add(chain(s, facts.component(Component.KUBELET).get(), facts)));
        return out;
      }
    }
    List<Chain> out = new ArrayList<>();
    int colon = name.indexOf(':');
    Optional<Component> only =
        colon > 0 ? Component.byId(name.substring(0, colon)) : Optional.empty();
    String bare = only.isPresent() ? name.substring(colon + 1) : name;
    for (Component c : Component.values()) {
      if (only.isPresent() && only.get() != c) {
        continue;
      }
      Optional<ComponentSettings> cs = facts.component(c);
      if (cs.isPresent() && cs.get().get(bare).isPresent()) {
        out.add(chain(cs.get().get(bare).get(), cs.get(), facts));
      }
    }
    if (out.isEmpty()) {
      SortedSet<String> known = new TreeSet<>();
      facts
          .components()
          .forEach((c, cs) -> cs.settings().keySet().forEach(k -> known.add(c.id() + ":" + k)));
      String absent =
          only.isPresent() && facts.component(only.get()).isEmpty()
              ? " (no " + only.get().id() + " on this node)"
              : "";
      throw new UserError(
          UserError.USAGE,
          "node "
              + facts.nodeName()
              + " has no setting "
              + name
              + absent
              + closest(name, known)
              + " (component:name picks one component)",
          null);
    }
    return out;
  }

  /** The chain of one setting from the normalizer's trace. */
  static Chain chain(Setting s, ComponentSettings cs, NodeFacts facts) {
    boolean kubelet = s.component() == Component.KUBELET;
    List<Setting.Step> steps = new ArrayList<>(s.steps());
    steps.add(
        new Setting.Step(
            s.source(), s.origin(), s.value() == null ? "(unset)" : s.value().canonical()));
    List<Layer> layers = new ArrayList<>();
    Source first = steps.get(0).source();
    if (first != Source.DEFAULT && first != Source.LEGACY_DEFAULT && first != Source.UNSET) {
      layers.add(new Layer("default", Source.UNSET.name(), null, "(none)", false));
    }
    for (int i = 0; i < steps.size(); i++) {
      Setting.Step st = steps.get(i);
      layers.add(
          new Layer(
              st.source() == Source.FLAG && s.flagName() != null
                  ? "flag " + s.flagName()
                  : label(st.source(), kubelet),
              st.source().name(),
              st.origin(),
              st.value(),
              i == steps.size() - 1));
    }
    List<String> notSet = new ArrayList<>();
    if (kubelet) {
      for (String p : facts.paths(FileRoles.KUBELET_CONFIG)) {
        if (steps.stream()
            .noneMatch(st -> st.source() == Source.CONFIG_FILE && p.equals(st.origin()))) {
          notSet.add("--config file " + p);
        }
      }
      for (String p : facts.paths(FileRoles.KUBELET_CONFIG_DROPIN)) {
        if (steps.stream()
            .noneMatch(st -> st.source() == Source.DROP_IN && p.equals(st.origin()))) {
          notSet.add("--config-dir drop-in " + p);
        }
      }
    }
    if (hasCommandLine(s.component())
        && steps.stream().noneMatch(st -> st.source() == Source.FLAG)) {
      notSet.add(
          "the command line ("
              + (s.flagName() == null
                  ? s.name() + " has no flag"
                  : "no " + s.flagName() + " in the argv from " + cs.evidence())
              + ")");
    }
    String rule =
        kubelet
            ? "the kubelet applies its defaults (legacy ones without --config), then the --config"
                + " file with v1beta1 defaulting of zero values, then the --config-dir drop-ins in"
                + " WalkDir order, then the flags on its command line (the last occurrence wins)"
            : s.component() == Component.CLOUD
                ? "the value the cloud API states for the node's pool"
                : "the flags on the component's command line (the last occurrence wins), else its"
                    + " default";
    String why =
        (s.note() == null ? "" : s.note() + ". ")
            + "The value in force is the last layer's: "
            + rule
            + ".";
    return new Chain(
        s.component().id(),
        s.name(),
        cs.evidence(),
        layers,
        notSet,
        s.value() == null ? null : s.value().canonical(),
        s.source().name(),
        s.origin(),
        why);
  }

  private static boolean hasCommandLine(Component c) {
    return c != Component.CLOUD;
  }

  private static String label(Source s, boolean kubelet) {
    return switch (s) {
      case DEFAULT -> kubelet ? "v1beta1 default" : "default";
      case LEGACY_DEFAULT -> "legacy command-line default (no --config)";
      case CONFIG_FILE -> "--config file";
      case DROP_IN -> "--config-dir drop-in";
      case FLAG -> "flag";
      case STATIC_POD_MANIFEST -> "static pod manifest";
      case CLOUD_API -> "cloud API";
      case UNSET -> "unset";
    };
  }

  /**
   * A GKE pool's read-only port: every place the cloud collector may take it from, in the order
   * they apply (the last that holds a value for this pool wins), from the stored rows.
   */
  static Chain poolChain(NodeFacts facts, String name) {
    String poolName = facts.dump().getNodePool();
    Optional<CloudNodePoolRow> pool = facts.cluster().pool(poolName);
    if (pool.isEmpty()) {
      throw new UserError(
          UserError.USAGE,
          "node "
              + facts.nodeName()
              + " has no cloud node pool row"
              + (poolName == null ? " (its dump names no pool)" : " for pool " + poolName)
              + ", so "
              + name
              + " is unknown for it",
          null);
    }
    CloudNodePoolRow p = pool.get();
    CloudClusterRow c = facts.cluster().cloud().orElse(null);
    String src = p.getReadonlyPortSource();
    List<Layer> layers = new ArrayList<>();
    List<String> notSet = new ArrayList<>();
    String clusterSrc = c == null ? "(no cloud_clusters row)" : c.getSource();
    layer(
        layers,
        notSet,
        "GKE version default (on for clusters created before 1.32)",
        "initialClusterVersion " + (c == null ? "?" : c.getInitialVersion()),
        "GKE_VERSION_DEFAULT".equals(src) ? p.getReadonlyPortEnabled() : null,
        "GKE_VERSION_DEFAULT".equals(src));
    layer(
        layers,
        notSet,
        "cluster nodeConfig (deprecated; pools without a config)",
        clusterSrc + " nodeConfig.kubeletConfig.insecureKubeletReadonlyPortEnabled",
        c == null ? null : c.getLegacyNodeConfigReadonlyPortEnabled(),
        "LEGACY_NODE_CONFIG".equals(src));
    layer(
        layers,
        notSet,
        "auto-provisioning default (deprecated; Autopilot and auto-provisioned pools)",
        clusterSrc
            + " autoscaling.autoprovisioningNodePoolDefaults.insecureKubeletReadonlyPortEnabled",
        c == null ? null : c.getAutoprovisioningReadonlyPortEnabled(),
        "AUTOPROVISIONING_DEFAULT".equals(src));
    layer(
        layers,
        notSet,
        "Autopilot default (Autopilot and auto-provisioned pools)",
        clusterSrc + " nodePoolAutoConfig.nodeKubeletConfig.insecureKubeletReadonlyPortEnabled",
        c == null ? null : c.getAutopilotReadonlyPortEnabled(),
        "AUTOPILOT_DEFAULT".equals(src));
    layer(
        layers,
        notSet,
        "cluster default for new pools (applies only to pools created after it was set, which"
            + " then carry it themselves)",
        clusterSrc
            + " nodePoolDefaults.nodeConfigDefaults.nodeKubeletConfig"
            + ".insecureKubeletReadonlyPortEnabled",
        c == null ? null : c.getDefaultReadonlyPortEnabled(),
        false);
    layer(
        layers,
        notSet,
        "the pool's NodeKubeletConfig",
        p.getSource()
            + " nodePools["
            + p.getPoolName()
            + "].config.kubeletConfig.insecureKubeletReadonlyPortEnabled",
        p.getInsecureKubeletReadonlyPortEnabled(),
        "POOL".equals(src));
    String why =
        "the cloud collector resolved it from "
            + src
            + " (readonly_port_source): the pool's own setting wins; without it an Autopilot or"
            + " auto-provisioned pool takes the Autopilot, then the auto-provisioning default; a"
            + " pool without a config takes the deprecated cluster nodeConfig; otherwise the GKE"
            + " version default of the cluster's creation version applies."
            + (p.getCanDisableReadonlyPort() == null
                ? ""
                : " canDisableReadonlyPort="
                    + p.getCanDisableReadonlyPort()
                    + " (pool version "
                    + p.getVersion()
                    + "; 1.26.4-gke.500 or later can turn it off).");
    return new Chain(
        "cloud",
        name,
        "CLOUD_API:" + p.getProvider(),
        layers,
        notSet,
        p.getReadonlyPortEnabled() == null ? null : p.getReadonlyPortEnabled().toString(),
        Source.CLOUD_API.name(),
        "cloud_node_pools.readonly_port_enabled (" + src + ", " + p.getSource() + ")",
        why);
  }

  private static void layer(
      List<Layer> layers,
      List<String> notSet,
      String label,
      String origin,
      Boolean value,
      boolean won) {
    if (value == null) {
      notSet.add(label + ": " + origin);
    } else {
      layers.add(new Layer(label, Source.CLOUD_API.name(), origin, value.toString(), won));
    }
  }

  /** The rule as its pack writes it: the YAML entry with this id, from the run's lineage. */
  static JsonNode definition(List<PackSource> packs, String id) {
    for (PackSource p : packs) {
      for (Map.Entry<String, byte[]> f : p.files().entrySet()) {
        if (f.getKey().equals(PackSource.PACK_FILE) || !f.getKey().endsWith(".yaml")) {
          continue;
        }
        try {
          for (JsonNode r : YAML.readTree(f.getValue()).path("rules")) {
            if (id.equals(r.path("id").asText())) {
              return r;
            }
          }
        } catch (IOException e) {
          // The engine compiled these very bytes, so they parse; a file that does not is not ours.
        }
      }
    }
    return JSON.createObjectNode();
  }

  /** The check of a rule without its prose (title, remediation, hints), as one line of JSON. */
  static String compact(JsonNode def) {
    var o = JSON.createObjectNode();
    for (String k :
        List.of(
            "check",
            "warn_when",
            "on_fail",
            "if_component_absent",
            "providers",
            "scope",
            "component",
            "default")) {
      if (def.has(k)) {
        o.set(k, def.get(k));
      }
    }
    return o.toString();
  }

  /** The settings ({@code setting:} values) and pool fields ({@code pool:}) a check reads. */
  static void collect(JsonNode n, SortedSet<String> settings, SortedSet<String> pool) {
    if (n.isObject()) {
      if (n.path("setting").isTextual()) {
        settings.add(n.get("setting").asText());
      }
      if (n.path("pool").isTextual()) {
        pool.add(n.get("pool").asText());
      }
      n.elements().forEachRemaining(c -> collect(c, settings, pool));
    } else if (n.isArray()) {
      n.elements().forEachRemaining(c -> collect(c, settings, pool));
    }
  }

  private static Explanation.Exemption exemption(FindingRow f, RunRules rules) {
    if (f.getExemptionId() == null) {
      return null;
    }
    String def = null;
    if (rules.exemptions() != null) {
      try {
        for (JsonNode e : YAML.readTree(rules.exemptions()).path("exemptions")) {
          if (f.getExemptionId().equals(e.path("id").asText())) {
            def = e.toString();
          }
        }
      } catch (IOException e) {
        // The engine parsed the same bytes; nothing to add when they do not parse here.
      }
    }
    return new Explanation.Exemption(
        f.getExemptionId(),
        f.getExemptionExpires() == null ? null : f.getExemptionExpires().toString(),
        "EXEMPT".equals(f.getState()),
        def);
  }

  private static String closest(String v, java.util.Collection<String> names) {
    return Suggestions.closest(v, names);
  }
}
