package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.CloudNodePoolRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The compiled form of a rule's {@code check}: a tree of tests (a setting, a field of one element,
 * a collection of elements) under {@code all} and {@code any}. Everything a test needs (the
 * component, the getter, the typed operand, the compiled regex) is resolved at load; evaluating
 * allocates only the observations it reports.
 */
final class Checks {

  private Checks() {}

  /** A node of the tree. {@code element} is the element under judgement inside a collection. */
  abstract static class Check {
    abstract Outcome eval(Scope scope, Object element);

    /** The passing condition as a sentence fragment ("kubelet readOnlyPort is 0"). */
    abstract String expected();
  }

  /** Why a value could not be judged, by the test that read it. */
  interface Causes {
    /** The value is null. */
    Cause noValue();

    /** The value is one of the rule's no_evidence_if values. */
    Cause inconclusive(String actual);
  }

  /** Sources that mean a value was written somewhere, not defaulted. */
  private static final Set<String> EXPLICIT_SOURCES =
      Set.of(
          Source.CONFIG_FILE.name(),
          Source.DROP_IN.name(),
          Source.FLAG.name(),
          Source.STATIC_POD_MANIFEST.name(),
          Source.CLOUD_API.name());

  /** Judges one value that has been resolved, with its provenance, into an outcome. */
  static Outcome judge(
      Operand op,
      Set<String> noEvidenceIf,
      String label,
      TypedValue v,
      boolean explicitlyUnset,
      String source,
      String origin,
      String evidence,
      String provenance,
      String nullReason,
      Scope scope,
      Causes causes,
      boolean versionUncertain) {
    String prov = provenance == null || provenance.isEmpty() ? "" : ", " + provenance;
    String actual = v == null ? null : v.canonical();
    boolean explicit = v != null && source != null && EXPLICIT_SOURCES.contains(source);
    if (op.op == Op.IS_SET || op.op == Op.IS_UNSET) {
      Tri t = op.judge(v, scope, null);
      String sentence;
      if (v == null) {
        sentence =
            label
                + (explicitlyUnset
                    ? " is not set anywhere and has no default"
                    : " is not set" + nullReason);
      } else if (!Operand.isSet(v)) {
        sentence = label + " is empty" + prov;
      } else {
        sentence = label + " is " + Operand.show(v) + prov;
      }
      return Outcome.of(
          t,
          new Observation(
              label,
              actual,
              source,
              origin,
              evidence,
              sentence,
              null,
              versionUncertain,
              explicit || explicitlyUnset));
    }
    if (v == null) {
      String sentence =
          label
              + (explicitlyUnset ? " is not set anywhere and has no default" : " has no value")
              + nullReason
              + ", so it cannot be judged";
      return Outcome.of(
          Tri.UNKNOWN,
          new Observation(
              label, null, source, origin, evidence, sentence, causes.noValue(), false, false));
    }
    if (noEvidenceIf != null && noEvidenceIf.contains(actual)) {
      String sentence =
          label + " is " + Operand.show(v) + prov + ", which does not allow a judgement";
      return Outcome.of(
          Tri.UNKNOWN,
          new Observation(
              label,
              actual,
              source,
              origin,
              evidence,
              sentence,
              causes.inconclusive(actual),
              versionUncertain,
              explicit));
    }
    Operand.Why why = new Operand.Why();
    Tri t = op.judge(v, scope, why);
    String sentence =
        t == Tri.UNKNOWN ? label + " " + why.text + prov : label + " is " + Operand.show(v) + prov;
    Cause cause =
        t != Tri.UNKNOWN ? null : why.cause != null ? why.cause : Cause.valueUnreadable(label);
    return Outcome.of(
        t,
        new Observation(
            label, actual, source, origin, evidence, sentence, cause, versionUncertain, explicit));
  }

  /** A setting of a component on the node: {@code setting: kubelet:readOnlyPort}. */
  static final class SettingTest extends Check {
    final Component component;
    final String name;
    final String label;
    final Operand op;
    final TypedValue dflt;
    final Set<String> noEvidenceIf;

    SettingTest(
        Component component, String name, Operand op, TypedValue dflt, Set<String> noEvidenceIf) {
      this.component = component;
      this.name = name;
      this.label = component.id() + " " + name;
      this.op = op;
      this.dflt = dflt;
      this.noEvidenceIf = noEvidenceIf;
    }

    @Override
    Outcome eval(Scope scope, Object element) {
      Scope.NodeScope ns = (Scope.NodeScope) scope;
      NodeFacts node = ns.node;
      ComponentSettings cs = node.components().get(component);
      if (cs == null) {
        return Outcome.missing(
            Tri.UNKNOWN,
            label,
            component.id() + " was not seen on this node, so its " + name + " is unknown",
            Cause.processNotSeen(component.id()));
      }
      Causes causes =
          new Causes() {
            @Override
            public Cause noValue() {
              return Cause.settingNoValue(label);
            }

            @Override
            public Cause inconclusive(String actual) {
              return Cause.checkNotPossible(label, actual);
            }
          };
      Setting st = cs.settings().get(name);
      boolean noValue = st == null || st.value() == null;
      if (noValue && dflt != null) {
        String why =
            st == null
                ? "nothing on this node sets " + name
                : "the normalizer gave no value (" + st.source() + ")";
        return judge(
            op,
            noEvidenceIf,
            label,
            dflt,
            false,
            Source.DEFAULT.name(),
            null,
            ns.dumpId(),
            "from the upstream " + component.id() + " default, because " + why,
            "",
            scope,
            causes,
            false);
      }
      if (st == null) {
        return judge(
            op,
            noEvidenceIf,
            label,
            null,
            false,
            null,
            null,
            ns.dumpId(),
            "",
            " (nothing on this node sets it)",
            scope,
            causes,
            false);
      }
      String origin = st.origin();
      String evidence =
          origin != null && origin.startsWith("/") ? ns.dumpId() + ":" + origin : ns.dumpId();
      return judge(
          op,
          noEvidenceIf,
          label,
          st.value(),
          st.source() == Source.UNSET,
          st.source().name(),
          origin,
          evidence,
          Sentences.provenance(st),
          "",
          scope,
          causes,
          st.versionUncertain());
    }

    @Override
    String expected() {
      return label + " " + op.expectedPhrase();
    }
  }

  /** A field of the element under judgement: {@code field: mode}. */
  static final class FieldTest extends Check {
    final Kinds.Kind kind;
    final Kinds.Field field;
    final Operand op;
    final Set<String> noEvidenceIf;

    FieldTest(Kinds.Kind kind, Kinds.Field field, Operand op, Set<String> noEvidenceIf) {
      this.kind = kind;
      this.field = field;
      this.op = op;
      this.noEvidenceIf = noEvidenceIf;
    }

    @Override
    Outcome eval(Scope scope, Object element) {
      String label = kind.label(element) + " " + field.name();
      String missing = kind.missing(element);
      if (missing != null) {
        return Outcome.of(
            Tri.UNKNOWN,
            new Observation(
                label,
                null,
                null,
                kind.origin(element, field),
                null,
                missing,
                kind.missingCause(element),
                false,
                false));
      }
      Causes causes =
          new Causes() {
            @Override
            public Cause noValue() {
              return kind.nullCause(element, field, label);
            }

            @Override
            public Cause inconclusive(String actual) {
              return kind.inconclusiveCause(element, field, label, actual);
            }
          };
      return judge(
          op,
          noEvidenceIf,
          label,
          field.getter().get(element, scope),
          false,
          kind.source(element),
          kind.origin(element, field),
          kind.evidence(element, scope),
          kind.provenance(element, field),
          kind.nullReason(element, field),
          scope,
          causes,
          false);
    }

    @Override
    String expected() {
      return field.name() + " " + op.expectedPhrase();
    }
  }

  /** The one element a node or cluster has of a kind: its pool, its cloud cluster, itself. */
  enum Single {
    POOL("pool", Kinds.POOL),
    CLUSTER("cluster", Kinds.CLUSTER),
    NODE("node", Kinds.NODE);

    final String yaml;
    final Kinds.Kind kind;

    Single(String yaml, Kinds.Kind kind) {
      this.yaml = yaml;
      this.kind = kind;
    }

    Object resolve(Scope scope) {
      return switch (this) {
        case POOL -> scope instanceof Scope.NodeScope n ? n.pool : null;
        case CLUSTER -> scope.cloud().orElse(null);
        case NODE -> scope;
      };
    }

    String absent(Scope scope) {
      return switch (this) {
        case POOL -> {
          Scope.NodeScope n = (Scope.NodeScope) scope;
          yield n.poolName == null
              ? "the node's pool is not known (no node_pool in its dump or the node list)"
              : "node pool " + n.poolName + " has no cloud_node_pools row";
        }
        case CLUSTER -> "the cluster has no cloud_clusters row";
        case NODE -> "the node is unknown";
      };
    }

    Cause absentCause(Scope scope) {
      return switch (this) {
        case POOL ->
            ((Scope.NodeScope) scope).poolName == null
                ? Cause.nodePoolUnknown()
                : Cause.cloudTableMissing("cloud_node_pools");
        case CLUSTER -> Cause.cloudTableMissing("cloud_clusters");
        case NODE -> Cause.unclassified();
      };
    }
  }

  /** A check on a single element: {@code pool: readonly_port_enabled}. */
  static final class SingleTest extends Check {
    final Single single;
    final Check inner;

    SingleTest(Single single, Check inner) {
      this.single = single;
      this.inner = inner;
    }

    @Override
    Outcome eval(Scope scope, Object element) {
      Object e = single.resolve(scope);
      if (e == null) {
        return Outcome.missing(
            Tri.UNKNOWN, single.kind.noun, single.absent(scope), single.absentCause(scope));
      }
      return inner.eval(scope, e);
    }

    @Override
    String expected() {
      return single.kind.noun + " " + inner.expected();
    }
  }

  /** How a collection's element results combine. */
  enum Quantifier {
    ALL,
    ANY
  }

  /** Where a collection's elements come from. */
  interface Elements {
    /** The elements, in a stable order; empty when the node or cluster has none. */
    List<Object> of(Scope scope);

    /** "files of role kubelet.config", for labels and sentences. */
    String describe();

    /** Why there are none ("no path has role kubelet.config on this node"). */
    String whyNone(Scope scope);

    /** What would give the rule elements to judge when there are none. */
    Cause noneCause(Scope scope);

    /** Why there can be none on this node by its design, or null when there could be some. */
    default String absentByDesign(Scope scope) {
      return null;
    }
  }

  private static final int MAX_LISTED = 10;

  /** A test over every element of a collection. */
  static final class CollectionTest extends Check {
    final Kinds.Kind kind;
    final Elements elements;
    final Check where;
    final Quantifier quantifier;
    final Check each;
    final Tri ifMissing;
    final Tri ifNoneMatch;

    CollectionTest(
        Kinds.Kind kind,
        Elements elements,
        Check where,
        Quantifier quantifier,
        Check each,
        Tri ifMissing,
        Tri ifNoneMatch) {
      this.kind = kind;
      this.elements = elements;
      this.where = where;
      this.quantifier = quantifier;
      this.each = each;
      this.ifMissing = ifMissing;
      this.ifNoneMatch = ifNoneMatch;
    }

    @Override
    Outcome eval(Scope scope, Object outer) {
      List<Object> all = elements.of(scope);
      String label = elements.describe();
      if (all.isEmpty()) {
        String byDesign = elements.absentByDesign(scope);
        if (byDesign != null) {
          return Outcome.missing(Tri.NA, label, byDesign, null);
        }
        return Outcome.missing(
            ifMissing,
            label,
            elements.whyNone(scope),
            ifMissing == Tri.UNKNOWN ? elements.noneCause(scope) : null);
      }
      List<Outcome> pass = new ArrayList<>();
      List<Outcome> fail = new ArrayList<>();
      List<Outcome> unknown = new ArrayList<>();
      for (Object e : all) {
        if (where != null) {
          Outcome w = where.eval(scope, e);
          if (w.tri == Tri.UNKNOWN) {
            unknown.add(w);
            continue;
          }
          if (w.tri != Tri.PASS) {
            continue;
          }
        }
        Outcome r = each.eval(scope, e);
        switch (r.tri) {
          case PASS -> pass.add(r);
          case FAIL -> fail.add(r);
          case UNKNOWN -> unknown.add(r);
          case NA -> {}
        }
      }
      if (pass.isEmpty() && fail.isEmpty() && unknown.isEmpty()) {
        if (where == null) {
          // Every element's own check found nothing to judge.
          return Outcome.missing(Tri.NA, label, "no " + kind.noun + " has anything to judge");
        }
        return Outcome.missing(
            ifNoneMatch,
            label,
            "no " + kind.noun + " matches " + where.expected(),
            ifNoneMatch == Tri.UNKNOWN ? elements.noneCause(scope) : null);
      }
      Tri tri;
      List<Outcome> relevant;
      if (quantifier == Quantifier.ALL) {
        if (!fail.isEmpty()) {
          tri = Tri.FAIL;
          relevant = fail;
        } else if (!unknown.isEmpty()) {
          tri = Tri.UNKNOWN;
          relevant = unknown;
        } else {
          tri = Tri.PASS;
          relevant = pass;
        }
      } else {
        if (!pass.isEmpty()) {
          tri = Tri.PASS;
          relevant = pass;
        } else if (!unknown.isEmpty()) {
          tri = Tri.UNKNOWN;
          relevant = unknown;
        } else {
          tri = Tri.FAIL;
          relevant = fail;
        }
      }
      return Outcome.of(tri, summarize(label, relevant));
    }

    /** One observation for the relevant elements: their values and sentences, listed. */
    private static Observation summarize(String label, List<Outcome> relevant) {
      List<Observation> obs = new ArrayList<>();
      for (Outcome o : relevant) {
        obs.addAll(o.observations);
      }
      Observation first = obs.get(0);
      Cause cause = null;
      boolean uncertain = false;
      boolean explicit = true;
      for (Observation o : obs) {
        if (cause == null) {
          cause = o.cause();
        }
        uncertain |= o.versionUncertain();
        explicit &= o.explicit();
      }
      String actual;
      if (obs.size() == 1) {
        actual = first.actual();
      } else {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Observation o : obs) {
          if (o.actual() == null) {
            continue;
          }
          if (n == MAX_LISTED) {
            sb.append(", ...");
            break;
          }
          if (n++ > 0) {
            sb.append(", ");
          }
          sb.append(o.label()).append('=').append(o.actual());
        }
        actual = n == 0 ? null : sb.toString();
      }
      List<String> sentences = new ArrayList<>();
      for (int i = 0; i < obs.size() && i < MAX_LISTED; i++) {
        sentences.add(obs.get(i).sentence());
      }
      if (obs.size() > MAX_LISTED) {
        sentences.add("and " + (obs.size() - MAX_LISTED) + " more");
      }
      String sentence = String.join("; ", sentences);
      return new Observation(
          label,
          actual,
          first.source(),
          first.origin(),
          first.evidence(),
          sentence,
          cause,
          uncertain,
          explicit);
    }

    @Override
    String expected() {
      String q = quantifier == Quantifier.ALL ? "every " : "at least one of the ";
      String filter = where == null ? "" : " where " + where.expected();
      return q + elements.describe() + filter + ": " + each.expected();
    }
  }

  /** All children must pass. */
  static final class All extends Check {
    final List<Check> children;

    All(List<Check> children) {
      this.children = List.copyOf(children);
    }

    @Override
    Outcome eval(Scope scope, Object element) {
      List<Observation> passObs = new ArrayList<>();
      List<Observation> unknownObs = null;
      boolean anyApplies = false;
      for (Check c : children) {
        Outcome o = c.eval(scope, element);
        switch (o.tri) {
          case FAIL:
            return new Outcome(Tri.FAIL, o.observations);
          case UNKNOWN:
            if (unknownObs == null) {
              unknownObs = new ArrayList<>();
            }
            unknownObs.addAll(o.observations);
            anyApplies = true;
            break;
          case PASS:
            passObs.addAll(o.observations);
            anyApplies = true;
            break;
          case NA:
            break;
        }
      }
      if (unknownObs != null) {
        return new Outcome(Tri.UNKNOWN, unknownObs);
      }
      return new Outcome(anyApplies ? Tri.PASS : Tri.NA, passObs);
    }

    @Override
    String expected() {
      return join(children, " and ");
    }
  }

  /** At least one child must pass. */
  static final class Any extends Check {
    final List<Check> children;

    Any(List<Check> children) {
      this.children = List.copyOf(children);
    }

    @Override
    Outcome eval(Scope scope, Object element) {
      List<Observation> failObs = new ArrayList<>();
      List<Observation> unknownObs = null;
      boolean anyApplies = false;
      for (Check c : children) {
        Outcome o = c.eval(scope, element);
        switch (o.tri) {
          case PASS:
            return new Outcome(Tri.PASS, o.observations);
          case UNKNOWN:
            if (unknownObs == null) {
              unknownObs = new ArrayList<>();
            }
            unknownObs.addAll(o.observations);
            anyApplies = true;
            break;
          case FAIL:
            failObs.addAll(o.observations);
            anyApplies = true;
            break;
          case NA:
            break;
        }
      }
      if (unknownObs != null) {
        return new Outcome(Tri.UNKNOWN, unknownObs);
      }
      return new Outcome(anyApplies ? Tri.FAIL : Tri.NA, failObs);
    }

    @Override
    String expected() {
      return join(children, " or ");
    }
  }

  private static String join(List<Check> children, String sep) {
    StringBuilder sb = new StringBuilder();
    for (Check c : children) {
      if (sb.length() > 0) {
        sb.append(sep);
      }
      boolean nested =
          (c instanceof All || c instanceof Any) && ((c instanceof All) != (sep.equals(" and ")));
      String e = c.expected();
      sb.append(nested ? "(" + e + ")" : e);
    }
    return sb.toString();
  }

  /** Values of a field of every pool row ({@code value_from: {pools: node_role_arn}}). */
  static Operand.Dynamic poolValues(Kinds.Field f) {
    return new Operand.Dynamic() {
      @Override
      public List<TypedValue> resolve(Scope scope) {
        List<TypedValue> out = new ArrayList<>();
        for (CloudNodePoolRow p : scope.pools()) {
          TypedValue v = f.getter().get(p, scope);
          if (v != null) {
            out.add(v);
          }
        }
        return out;
      }

      @Override
      public String describe() {
        return "the " + f.name() + " of the cluster's node pools";
      }

      @Override
      public Cause missingCause() {
        return Cause.cloudTableMissing("cloud_node_pools");
      }
    };
  }
}
