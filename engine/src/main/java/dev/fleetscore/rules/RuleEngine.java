package dev.fleetscore.rules;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.ControlEvaluator;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.States;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ControlEvaluator}: the loaded rule packs and exemptions, evaluated against one node's
 * facts ({@link #evaluateNode}) or one cluster's ({@link #evaluateCluster}) into one finding per
 * rule, in rule-id order, every rule accounted for. Missing evidence gives NO_EVIDENCE, never PASS;
 * every finding says what was judged (actual), what passes (expected), why (reason, naming the
 * value's source), and which framework controls it implements. Nothing depends on the wall clock:
 * certificate and exemption expiry are judged at {@link EvaluationContext#asOf()}.
 *
 * <p>Loaded once per worker and shared between threads: evaluation keeps no state except the set of
 * exemptions used. Serialized as the packs' and exemptions' source bytes and compiled again on
 * arrival, so a remote worker runs exactly the rules the driver loaded.
 */
public final class RuleEngine implements ControlEvaluator {

  private static final long serialVersionUID = 1L;

  /** The exemptions file's name and bytes, kept for serialization. */
  private record ExemptionSource(String name, byte[] content) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final List<PackSource> sources;
  private final ExemptionSource exemptionSource;
  private transient RuleSet rules;
  private transient Exemptions exemptions;

  private RuleEngine(List<PackSource> sources, ExemptionSource exemptionSource) {
    this.sources = List.copyOf(sources);
    this.exemptionSource = exemptionSource;
    compile();
  }

  /**
   * Compiled rule sets by the digest of their sources: runners deserialize the engine once per DoFn
   * instance (the DirectRunner once per bundle), and compiling costs tens of milliseconds, so one
   * JVM compiles each distinct set of packs once. A rule set is immutable once compiled.
   */
  private static final Map<String, RuleSet> COMPILED = new ConcurrentHashMap<>();

  private static RuleSet compiled(List<PackSource> sources) {
    StringBuilder key = new StringBuilder();
    for (PackSource s : sources) {
      key.append(s.origin()).append('\n').append(s.contentHash()).append('\n');
    }
    if (COMPILED.size() > 16) {
      COMPILED.clear();
    }
    return COMPILED.computeIfAbsent(key.toString(), k -> RuleLoader.compile(sources));
  }

  private void compile() {
    this.rules = compiled(sources);
    this.exemptions =
        exemptionSource == null
            ? Exemptions.none()
            : Exemptions.parse(exemptionSource.name(), exemptionSource.content(), rules);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    compile();
  }

  /**
   * The built-in packs, then the packs of each {@code --rules} directory in order (see {@link
   * RuleLoader}), and the exemptions file if one is given.
   *
   * @throws RuleLoadException with file:line:column when anything does not load
   */
  public static RuleEngine load(List<Path> ruleDirs, Path exemptionsFile) {
    List<PackSource> all = new ArrayList<>(RuleLoader.builtinSources());
    for (Path dir : ruleDirs) {
      all.addAll(RuleLoader.directorySources(dir));
    }
    ExemptionSource ex = null;
    if (exemptionsFile != null) {
      try {
        ex = new ExemptionSource(exemptionsFile.toString(), Files.readAllBytes(exemptionsFile));
      } catch (IOException e) {
        throw new RuleLoadException(exemptionsFile + ": cannot read: " + e.getMessage(), e);
      }
    }
    return new RuleEngine(all, ex);
  }

  /** The built-in packs only, no exemptions. */
  public static RuleEngine builtin() {
    return new RuleEngine(RuleLoader.builtinSources(), null);
  }

  /** Packs and exemptions given as bytes (tests, and callers that read them elsewhere). */
  public static RuleEngine of(
      List<PackSource> packs, String exemptionsName, byte[] exemptionsContent) {
    return new RuleEngine(
        packs,
        exemptionsContent == null ? null : new ExemptionSource(exemptionsName, exemptionsContent));
  }

  /** The loaded rules, node-scoped then cluster-scoped, each in id order. */
  public RuleSet ruleSet() {
    return rules;
  }

  @Override
  public List<String> frameworks() {
    return List.copyOf(rules.frameworks.keySet());
  }

  @Override
  public List<String> packVersions() {
    return rules.packVersions;
  }

  @Override
  public List<String> unusedExemptions() {
    return exemptions.unused();
  }

  /** Exemption ids not among {@code usedIds} (the exemption_id values of the findings). */
  public List<String> unusedExemptions(Collection<String> usedIds) {
    return exemptions.unused(usedIds);
  }

  /** The summary of a node that this engine's cluster-scoped rules read. */
  public NodeSummary summarize(NodeFacts node) {
    return NodeSummaries.of(node, rules.summaryKeys);
  }

  @Override
  public List<FindingRow> evaluateNode(NodeFacts node, EvaluationContext ctx) {
    Scope.NodeScope scope = new Scope.NodeScope(node, ctx);
    List<FindingRow> out = new ArrayList<>(rules.nodeRules.size());
    String provider = scope.platform();
    Instant collected = node.dump().getCollectedAt();
    for (CompiledRule r : rules.nodeRules) {
      Decision d = decideNode(r, scope);
      out.add(
          row(
              r,
              d,
              ctx,
              node.clusterId(),
              node.nodeName(),
              collected,
              "NODE",
              provider,
              scope.poolName,
              d.evidence == null ? scope.dumpId() : d.evidence));
    }
    return out;
  }

  @Override
  public List<FindingRow> evaluateCluster(
      ClusterFacts cluster, List<NodeSummary> nodes, EvaluationContext ctx) {
    Scope.ClusterScope scope = new Scope.ClusterScope(cluster, nodes, ctx);
    List<FindingRow> out = new ArrayList<>(rules.clusterRules.size());
    Instant collected = cluster.cloud().map(c -> c.getCollectedAt()).orElse(null);
    String provider = scope.platform();
    for (CompiledRule r : rules.clusterRules) {
      Decision d = decideCluster(r, scope);
      out.add(
          row(
              r,
              d,
              ctx,
              cluster.clusterId(),
              null,
              collected,
              "CLUSTER",
              provider,
              null,
              d.evidence));
    }
    return out;
  }

  /** A finding's state and its explanation, before exemptions. */
  private record Decision(
      String state,
      String actual,
      String reason,
      String setting,
      String source,
      String origin,
      String evidence) {

    static Decision of(String state, String reason) {
      return new Decision(state, null, reason, null, null, null, null);
    }
  }

  private Decision applicability(CompiledRule r, Scope scope) {
    String p = scope.platform();
    String where = r.clusterScope ? "this cluster" : "this node";
    if (r.providersIn != null && (p == null || !r.providersIn.contains(p))) {
      return Decision.of(
          States.NOT_APPLICABLE,
          "The rule applies to "
              + r.providersText
              + "; "
              + where
              + (p == null ? "'s platform is not known." : " runs on " + p + "."));
    }
    if (r.providersNotIn != null && p != null && r.providersNotIn.contains(p)) {
      return Decision.of(
          States.NOT_APPLICABLE,
          "The rule does not apply to " + p + " (its own benchmark covers " + where + ").");
    }
    if (scope instanceof Scope.NodeScope n && r.roles != null) {
      String role = n.controlPlane ? "control-plane" : "worker";
      if (!r.roles.contains(role)) {
        return Decision.of(
            States.NOT_APPLICABLE,
            "The rule applies to "
                + r.rolesText
                + " nodes; this is a "
                + role
                + " node"
                + (n.controlPlane
                    ? " (" + n.controlPlaneWhy + ")."
                    : " (no control-plane component, manifest or label seen)."));
      }
    }
    if (r.versions != null) {
      if (scope.version() == null) {
        return Decision.of(
            States.NO_EVIDENCE,
            "The rule applies to Kubernetes "
                + r.versions
                + " and the version of "
                + where
                + " is not known.");
      }
      if (!r.versions.contains(scope.version())) {
        return Decision.of(
            States.NOT_APPLICABLE,
            "The rule applies to Kubernetes "
                + r.versions
                + "; "
                + where
                + " runs "
                + scope.version()
                + ".");
      }
    }
    if (r.manual != null) {
      return Decision.of(
          States.MANUAL, "This control needs a person's judgement; no fact decides it.");
    }
    return null;
  }

  private Decision decideNode(CompiledRule r, Scope.NodeScope scope) {
    Decision d = applicability(r, scope);
    if (d != null) {
      return d;
    }
    if (r.component != null
        && !scope.node.components().containsKey(r.component)
        && scope.node.notPresent().containsKey(r.component)) {
      return Decision.of(
          States.NOT_APPLICABLE,
          r.component.id()
              + " does not exist on this node ("
              + scope.node.notPresent().get(r.component)
              + "), so the rule does not apply.");
    }
    if (r.component != null && !scope.node.components().containsKey(r.component)) {
      return Decision.of(
          r.componentAbsentNotApplicable ? States.NOT_APPLICABLE : States.NO_EVIDENCE,
          r.component.id()
              + " was not seen on this node (no process, command line or static pod manifest)"
              + (r.componentAbsentNotApplicable ? ", so the rule does not apply." : "."));
    }
    return decide(r, scope);
  }

  private Decision decideCluster(CompiledRule r, Scope.ClusterScope scope) {
    Decision d = applicability(r, scope);
    return d != null ? d : decide(r, scope);
  }

  private Decision decide(CompiledRule r, Scope scope) {
    if (r.appliesWhen != null) {
      Outcome a = r.appliesWhen.eval(scope, null);
      if (a.tri == Tri.FAIL || a.tri == Tri.NA) {
        return explain(States.NOT_APPLICABLE, a.observations, "The rule does not apply: ", null);
      }
    }
    Outcome o = r.check.eval(scope, null);
    switch (o.tri) {
      case PASS:
        return explain(States.PASS, o.observations, "", null);
      case NA:
        return explain(States.NOT_APPLICABLE, o.observations, "Nothing to judge: ", null);
      case UNKNOWN:
        return explain(States.NO_EVIDENCE, o.observations, "", null);
      default:
        break;
    }
    if (r.onFailWarn) {
      return explain(States.WARN, o.observations, "", r.hint);
    }
    if (r.warnWhen != null) {
      Outcome w = r.warnWhen.eval(scope, null);
      List<Observation> all = new ArrayList<>(o.observations);
      all.addAll(w.observations);
      if (w.tri == Tri.PASS) {
        return explain(States.WARN, all, "", r.warnHint);
      }
      if (w.tri == Tri.UNKNOWN) {
        return explain(States.NO_EVIDENCE, all, "", null);
      }
      return explain(States.FAIL, all, "", r.hint);
    }
    return explain(States.FAIL, o.observations, "", r.hint);
  }

  /** Turns observations into the finding's actual, setting, source, origin and reason. */
  private static Decision explain(
      String state, List<Observation> obs, String reasonPrefix, String hint) {
    // Few observations per finding: lists with equals beat hash sets of fresh, long strings.
    List<String> labels = new ArrayList<>(2);
    List<String> sentences = new ArrayList<>(obs.size());
    String source = null;
    String origin = null;
    String evidence = null;
    for (Observation o : obs) {
      if (!labels.contains(o.label())) {
        labels.add(o.label());
      }
      if (!sentences.contains(o.sentence())) {
        sentences.add(o.sentence());
      }
      if (source == null && o.source() != null) {
        source = o.source();
        origin = o.origin();
        evidence = o.evidence();
      }
    }
    if (source == null) {
      for (Observation o : obs) {
        if (o.origin() != null || o.evidence() != null) {
          origin = o.origin();
          evidence = o.evidence();
          break;
        }
      }
    }
    String actual = null;
    if (labels.size() == 1) {
      for (Observation o : obs) {
        if (o.actual() != null) {
          actual = o.actual();
          break;
        }
      }
    } else {
      StringBuilder sb = new StringBuilder();
      List<String> done = new ArrayList<>(labels.size());
      for (Observation o : obs) {
        if (o.actual() == null || done.contains(o.label())) {
          continue;
        }
        done.add(o.label());
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(o.label()).append('=').append(o.actual());
      }
      actual = sb.length() == 0 ? null : sb.toString();
    }
    String reason = Sentences.join(sentences);
    if (!reasonPrefix.isEmpty()) {
      reason = reasonPrefix + reason;
    }
    if (hint != null) {
      reason = reason + " " + hint;
    }
    String setting = labels.size() == 1 ? labels.get(0) : String.join(", ", labels);
    return new Decision(state, actual, reason, setting, source, origin, evidence);
  }

  private FindingRow row(
      CompiledRule r,
      Decision d,
      EvaluationContext ctx,
      String clusterId,
      String nodeName,
      Instant collectedAt,
      String scope,
      String provider,
      String pool,
      String evidence) {
    String state = d.state;
    String reason = d.reason;
    String exemptionId = null;
    java.time.LocalDate exemptionExpires = null;
    if (state.equals(States.FAIL)
        || state.equals(States.WARN)
        || state.equals(States.NO_EVIDENCE)) {
      Exemptions.Match m = exemptions.find(r, clusterId, nodeName, ctx.snapshotDate());
      if (m != null) {
        exemptionId = m.id();
        exemptionExpires = m.expires();
        if (m.active()) {
          reason =
              "Exempt under "
                  + m.id()
                  + " (approved by "
                  + m.approver()
                  + ", until "
                  + m.expires()
                  + "): "
                  + m.justification()
                  + (m.justification().endsWith(".") ? "" : ".")
                  + " Without it the state would be "
                  + state
                  + ": "
                  + reason;
          state = States.EXEMPT;
        } else {
          reason =
              reason
                  + " Exemption "
                  + m.id()
                  + " expired on "
                  + m.expires()
                  + " and no longer applies.";
        }
      }
    }
    return new FindingRow(
        ctx.snapshotId(),
        ctx.snapshotDate(),
        clusterId,
        nodeName,
        collectedAt,
        ctx.producerVersion(),
        scope,
        provider,
        pool,
        r.id,
        r.pack,
        r.packVersion,
        r.title,
        r.component == null ? null : r.component.id(),
        state,
        r.severity,
        d.actual,
        r.expected,
        reason,
        d.setting,
        d.source,
        d.origin,
        evidence,
        r.frameworkIds,
        exemptionId,
        exemptionExpires,
        null,
        null);
  }
}
