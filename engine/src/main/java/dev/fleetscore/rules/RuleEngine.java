package dev.fleetscore.rules;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
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
import java.util.Optional;
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

  /** States whose findings carry the rule's remediation. */
  private static final java.util.Set<String> REMEDIATED_STATES =
      java.util.Set.of(States.FAIL, States.WARN, States.NO_EVIDENCE, States.EXEMPT);

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
      String evidence,
      Cause cause,
      boolean versionUncertain) {

    static Decision of(String state, String reason) {
      return new Decision(state, null, reason, null, null, null, null, null, false);
    }

    static Decision noEvidence(String reason, Cause cause) {
      return new Decision(States.NO_EVIDENCE, null, reason, null, null, null, null, cause, false);
    }

    Decision withReason(String r) {
      return new Decision(
          state, actual, r, setting, source, origin, evidence, cause, versionUncertain);
    }

    Decision withState(String st, String r) {
      return new Decision(
          st, actual, r, setting, source, origin, evidence, cause, versionUncertain);
    }

    boolean versionUnknown() {
      return cause != null && cause.code().equals(Cause.VERSION_UNKNOWN) && actual == null;
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
        // The caller may still judge the rule: a value that fails on every version of the range
        // fails whatever the version is (see judgeWithoutVersion).
        return Decision.noEvidence(
            "The rule applies to Kubernetes "
                + r.versions
                + " and the version of "
                + where
                + " is not known.",
            Cause.versionUnknown());
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
    if (d != null && !(d.versionUnknown() && r.manual == null)) {
      return d;
    }
    Decision versionUnknown = d;
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
      String why =
          r.component.id()
              + " was not seen on this node (no process, command line or static pod manifest)";
      return r.componentAbsentNotApplicable
          ? Decision.of(States.NOT_APPLICABLE, why + ", so the rule does not apply.")
          : Decision.noEvidence(why + ".", Cause.processNotSeen(r.component.id()));
    }
    for (Component dep : r.dependsOn) {
      Optional<String> why = Dependencies.notInUse(scope.node, dep);
      if (why.isPresent()) {
        return Decision.of(
            States.NOT_APPLICABLE,
            "The rule judges how "
                + (r.component == null ? "this node" : r.component.id())
                + " uses "
                + dep.id()
                + ", and "
                + dep.id()
                + " is not in use here: "
                + why.get()
                + ".");
      }
    }
    return versionUnknown == null
        ? decide(r, scope)
        : judgeWithoutVersion(r, scope, versionUnknown);
  }

  private Decision decideCluster(CompiledRule r, Scope.ClusterScope scope) {
    Decision d = applicability(r, scope);
    if (d != null && d.versionUnknown() && r.manual == null) {
      return judgeWithoutVersion(r, scope, d);
    }
    return d != null ? d : decide(r, scope);
  }

  /**
   * A version-gated rule on a node or cluster of unknown version: the check is judged anyway, and a
   * failure stands when it rests on no release-dependent default (so the value fails on every
   * version of the rule's range), or when an explicitly written value is prohibited. Anything else
   * stays NO_EVIDENCE with the VERSION_UNKNOWN cause.
   */
  private Decision judgeWithoutVersion(CompiledRule r, Scope scope, Decision versionUnknown) {
    Decision d = decide(r, scope);
    boolean failed = d.state.equals(States.FAIL) || d.state.equals(States.WARN);
    if (failed && !d.versionUncertain) {
      return d.withReason(
          d.reason
              + " The Kubernetes version is not known, but this value fails on every version the"
              + " rule covers ("
              + r.versions
              + ").");
    }
    return versionUnknown;
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
        Decision prohibited = prohibited(r, scope, o);
        return prohibited != null
            ? prohibited
            : explain(States.NO_EVIDENCE, o.observations, "", null);
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

  /**
   * A check that cannot be decided still fails when the rule's {@code prohibit} holds on values
   * written explicitly (a file, drop-in, flag, manifest or the cloud API): the benchmark forbids
   * that value whatever the other evidence would say.
   */
  private Decision prohibited(CompiledRule r, Scope scope, Outcome undecided) {
    if (r.prohibit == null) {
      return null;
    }
    Outcome p = r.prohibit.eval(scope, null);
    if (p.tri != Tri.PASS || p.observations.isEmpty()) {
      return null;
    }
    for (Observation o : p.observations) {
      if (!o.explicit()) {
        return null;
      }
    }
    Decision d = explain(r.onFailWarn ? States.WARN : States.FAIL, p.observations, "", r.hint);
    List<String> missing = new ArrayList<>();
    for (Observation o : undecided.observations) {
      if (o.cause() != null && !missing.contains(o.sentence())) {
        missing.add(o.sentence());
      }
    }
    String prohibitedText =
        " The rule prohibits this value ("
            + r.prohibit.expected()
            + "), so it fails"
            + (missing.isEmpty()
                ? "."
                : " although other evidence is missing (" + Sentences.join(missing) + ")");
    return d.withReason(d.reason + prohibitedText);
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
    Cause cause = null;
    boolean uncertain = false;
    for (Observation o : obs) {
      if (cause == null && o.cause() != null) {
        cause = o.cause();
      }
      uncertain |= o.versionUncertain();
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
    if (state.equals(States.NO_EVIDENCE) && cause == null) {
      cause = Cause.unclassified();
    }
    return new Decision(
        state,
        actual,
        reason,
        setting,
        source,
        origin,
        evidence,
        state.equals(States.NO_EVIDENCE) ? cause : null,
        uncertain);
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
    Cause cause = state.equals(States.NO_EVIDENCE) ? d.cause : null;
    if (state.equals(States.NO_EVIDENCE) && cause == null) {
      cause = Cause.unclassified();
    }
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
        state.equals(States.NO_EVIDENCE) ? cause.code() : null,
        state.equals(States.NO_EVIDENCE) ? cause.fix() : null,
        REMEDIATED_STATES.contains(state) ? r.remediation : null);
  }
}
