package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.FileRoles;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.model.ValueType;
import dev.fleetscore.rules.YamlTree.ListNode;
import dev.fleetscore.rules.YamlTree.MapNode;
import dev.fleetscore.rules.YamlTree.Node;
import dev.fleetscore.rules.YamlTree.Scalar;
import dev.fleetscore.rules.YamlTree.ScalarKind;
import dev.fleetscore.schema.States;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the checks of rules (check, applies_when, warn_when) strictly, and records which
 * settings and node-summary keys the compiled checks read.
 */
final class CheckCompiler {
  static final Set<String> FILE_ROLES = fileRoles();
  private static final List<String> NODE_SUBJECTS =
      List.of("setting", "files", "certificates", "config_files", "pool", "cluster", "node");
  private static final List<String> CLUSTER_SUBJECTS =
      List.of(
          "cluster",
          "pools",
          "auth_mappings",
          "rbac_grants",
          "rbac_roles",
          "rbac_service_accounts",
          "nodes");
  private static final List<String> TEST_KEYS =
      List.of("op", "value", "value_from", "type", "default", "no_evidence_if");
  private static final List<String> COLLECTION_KEYS =
      List.of("where", "each", "quantifier", "if_missing", "if_none_match", "field");

  /** Node-summary keys the compiled cluster rules read, so summaries carry exactly those. */
  final Set<String> summaryKeys = new TreeSet<>();

  /**
   * Every component:setting the compiled rules read, with the type their operands expect (or
   * "any"): what the normalizer must name and type for these rules.
   */
  final Map<String, String> settingsRead = new TreeMap<>();

  private static Set<String> fileRoles() {
    Set<String> out = new TreeSet<>();
    for (java.lang.reflect.Field f : FileRoles.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          out.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("FileRoles constants are public", e);
        }
      }
    }
    return Set.copyOf(out);
  }

  /** What a check may refer to where it stands. */
  record Ctx(boolean cluster) {}

  /** Compiles a check; {@code element} is the kind under judgement inside a collection or null. */
  Checks.Check compileCheck(Node n, Ctx ctx, Kinds.Kind element) {
    MapNode m = n.asMap("a check");
    if (m.has("all") || m.has("any")) {
      String key = m.has("all") ? "all" : "any";
      m.allowOnly("an '" + key + "' check", List.of(key));
      List<Checks.Check> children = new ArrayList<>();
      ListNode items = m.get(key).asList("'" + key + "'");
      if (items.items().isEmpty()) {
        throw items.error("'" + key + "' needs at least one check");
      }
      for (Node c : items.items()) {
        children.add(compileCheck(c, ctx, element));
      }
      return key.equals("all") ? new Checks.All(children) : new Checks.Any(children);
    }
    List<String> subjects = ctx.cluster() ? CLUSTER_SUBJECTS : NODE_SUBJECTS;
    String subject = null;
    for (String k : m.keys()) {
      if (NODE_SUBJECTS.contains(k) || CLUSTER_SUBJECTS.contains(k)) {
        if (subject != null) {
          throw m.error("a test names one subject, not both '" + subject + "' and '" + k + "'");
        }
        subject = k;
      }
    }
    if (subject == null && m.has("field")) {
      subject = "field";
    }
    if (subject == null) {
      Set<String> allowed = new TreeSet<>(subjects);
      allowed.add("all");
      allowed.add("any");
      if (element != null) {
        allowed.add("field");
      }
      throw m.error("a check needs one of: " + String.join(", ", allowed));
    }
    if (subject.equals("field")) {
      if (element == null) {
        throw m.error("'field' is only allowed inside a collection's each or where");
      }
      m.allowOnly("a field test", concat(List.of("field"), TEST_KEYS));
      return fieldTest(m, ctx, element);
    }
    if (!subjects.contains(subject)) {
      throw new RuleLoadException(
          m.keyPos(subject)
              + ": '"
              + subject
              + "' is not available in a "
              + (ctx.cluster() ? "cluster" : "node")
              + "-scoped rule (available: "
              + String.join(", ", subjects)
              + ")");
    }
    return switch (subject) {
      case "setting" -> settingTest(m, ctx);
      case "pool" -> singleTest(m, ctx, Checks.Single.POOL);
      case "cluster" -> singleTest(m, ctx, Checks.Single.CLUSTER);
      case "node" -> singleTest(m, ctx, Checks.Single.NODE);
      case "files" -> collection(m, ctx, Kinds.FILE, ElementSets.files(roles(m.get("files"))));
      case "certificates" -> {
        Node c = m.get("certificates");
        List<String> roles =
            c instanceof Scalar s && s.kind() == ScalarKind.STRING && s.text().equals("all")
                ? null
                : roles(c);
        yield collection(m, ctx, Kinds.CERTIFICATE, ElementSets.certificates(roles));
      }
      case "config_files" ->
          collection(
              m, ctx, Kinds.CONFIG_FILE, ElementSets.configFiles(roles(m.get("config_files"))));
      case "pools" -> collection(m, ctx, Kinds.POOL, ElementSets.pools(), "pools");
      case "auth_mappings" ->
          collection(m, ctx, Kinds.AUTH_MAPPING, ElementSets.authMappings(), "auth_mappings");
      case "rbac_grants" ->
          collection(m, ctx, Kinds.RBAC_GRANT, ElementSets.rbacGrants(), "rbac_grants");
      case "rbac_roles" ->
          collection(m, ctx, Kinds.RBAC_ROLE, ElementSets.rbacRoles(), "rbac_roles");
      case "rbac_service_accounts" ->
          collection(
              m,
              ctx,
              Kinds.RBAC_SERVICE_ACCOUNT,
              ElementSets.rbacServiceAccounts(),
              "rbac_service_accounts");
      case "nodes" -> collection(m, ctx, Kinds.NODE_SUMMARY, ElementSets.nodes(), "nodes");
      default -> throw new IllegalStateException("subject not handled: " + subject);
    };
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<String> roles(Node n) {
    List<String> roles = n.asStringList("file roles");
    for (String r : roles) {
      if (!FILE_ROLES.contains(r)) {
        throw n.error(
            "unknown file role '"
                + r
                + "' (known: "
                + String.join(", ", FILE_ROLES.stream().sorted().toList())
                + ")");
      }
    }
    return List.copyOf(roles);
  }

  private Checks.Check settingTest(MapNode m, Ctx ctx) {
    m.allowOnly("a setting test", concat(List.of("setting"), TEST_KEYS));
    Node s = m.get("setting");
    String ref = s.asNonEmptyString("'setting'");
    int colon = ref.indexOf(':');
    if (colon <= 0 || colon == ref.length() - 1) {
      throw s.error("setting must be component:name, e.g. kubelet:readOnlyPort, not '" + ref + "'");
    }
    String comp = ref.substring(0, colon);
    Component c =
        Component.byId(comp)
            .orElseThrow(
                () -> s.error("unknown component '" + comp + "' in setting '" + ref + "'"));
    Op op = op(m);
    ValueType declared = declaredType(m);
    Operand operand = operand(m, op, declared, null, ctx);
    TypedValue dflt = null;
    if (m.has("default")) {
      ValueType t = declared != null ? declared : operand.type;
      dflt = typed(m.get("default"), t, "'default'");
    }
    String typeName =
        operand.type == null ? "any" : operand.type.name().toLowerCase(java.util.Locale.ROOT);
    if (op.arg == Op.Arg.ELEMENTS || op.arg == Op.Arg.LIST_OF_STRINGS) {
      typeName = "list";
    } else if (op == Op.IS_SET || op == Op.IS_UNSET || op == Op.MATCHES || op == Op.NOT_MATCHES) {
      typeName = "any";
    }
    String prev = settingsRead.get(ref);
    if (prev == null || prev.equals("any")) {
      settingsRead.put(ref, typeName);
    }
    return new Checks.SettingTest(c, ref.substring(colon + 1), operand, dflt, noEvidenceIf(m));
  }

  private Checks.Check singleTest(MapNode m, Ctx ctx, Checks.Single single) {
    m.allowOnly("a " + single.yaml + " test", concat(List.of(single.yaml), TEST_KEYS));
    Node f = m.get(single.yaml);
    Kinds.Field field = field(f, single.kind, declaredType(m));
    Op op = op(m);
    Operand operand = operand(m, op, declaredType(m), field, ctx);
    return new Checks.SingleTest(
        single, new Checks.FieldTest(single.kind, field, operand, noEvidenceIf(m)));
  }

  private Checks.Check fieldTest(MapNode m, Ctx ctx, Kinds.Kind kind) {
    Kinds.Field field = field(m.get("field"), kind, declaredType(m));
    Op op = op(m);
    Operand operand = operand(m, op, declaredType(m), field, ctx);
    return new Checks.FieldTest(kind, field, operand, noEvidenceIf(m));
  }

  private Kinds.Field field(Node n, Kinds.Kind kind, ValueType declared) {
    String name = n.asNonEmptyString("'field'");
    if (kind == Kinds.NODE_SUMMARY && name.indexOf(':') > 0) {
      String prefix = name.substring(0, name.indexOf(':'));
      if (!name.equals(NodeSummaries.READONLY_REQUESTS)
          && (Component.byId(prefix).isEmpty() || name.endsWith(":"))) {
        throw n.error(
            "summary key '"
                + name
                + "' must be component:setting (e.g. kubelet:readOnlyPort) or "
                + NodeSummaries.READONLY_REQUESTS);
      }
      summaryKeys.add(name);
      return Kinds.summaryField(name, declared);
    }
    Kinds.Field f = kind.fields.get(name);
    if (f == null) {
      throw n.error(
          "unknown field '"
              + name
              + "' of "
              + kind.noun
              + " (known: "
              + String.join(", ", kind.fields.keySet())
              + (kind == Kinds.NODE_SUMMARY
                  ? ", or a summary key such as kubelet:readOnlyPort"
                  : "")
              + ")");
    }
    if (declared != null && declared != f.type()) {
      throw n.error(
          "field '" + name + "' is " + Operand.article(f.type()) + "; 'type' cannot change that");
    }
    return f;
  }

  private Checks.Check collection(MapNode m, Ctx ctx, Kinds.Kind kind, Checks.Elements els) {
    return collection(m, ctx, kind, els, null);
  }

  private Checks.Check collection(
      MapNode m, Ctx ctx, Kinds.Kind kind, Checks.Elements els, String scalarKey) {
    String subject =
        m.keys().stream()
            .filter(k -> NODE_SUBJECTS.contains(k) || CLUSTER_SUBJECTS.contains(k))
            .findFirst()
            .orElseThrow();
    if (scalarKey != null) {
      Node v = m.get(scalarKey);
      if (!(v instanceof Scalar s) || s.kind() != ScalarKind.STRING || !s.text().equals("all")) {
        throw v.error("'" + scalarKey + "' takes the value all (filter with 'where')");
      }
    }
    boolean hasEach = m.has("each");
    boolean hasField = m.has("field");
    List<String> allowed = new ArrayList<>(List.of(subject));
    allowed.addAll(COLLECTION_KEYS);
    if (hasField) {
      allowed.addAll(TEST_KEYS);
    }
    m.allowOnly("a " + subject + " test", allowed);
    if (hasEach == hasField) {
      throw m.error("a " + subject + " test needs either 'each' or 'field' with 'op' (not both)");
    }
    Checks.Check each = hasEach ? compileCheck(m.get("each"), ctx, kind) : fieldTest(m, ctx, kind);
    Checks.Check where = m.has("where") ? compileCheck(m.get("where"), ctx, kind) : null;
    Checks.Quantifier q = Checks.Quantifier.ALL;
    if (m.has("quantifier")) {
      String s = m.get("quantifier").asNonEmptyString("'quantifier'");
      q =
          switch (s) {
            case "all" -> Checks.Quantifier.ALL;
            case "any" -> Checks.Quantifier.ANY;
            default ->
                throw m.get("quantifier").error("quantifier must be all or any, not '" + s + "'");
          };
    }
    Tri ifMissing = state(m, "if_missing", Tri.UNKNOWN, false);
    Tri ifNone = state(m, "if_none_match", Tri.NA, true);
    if (m.has("if_none_match") && where == null) {
      throw m.get("if_none_match").error("'if_none_match' needs a 'where' filter");
    }
    return new Checks.CollectionTest(kind, els, where, q, each, ifMissing, ifNone);
  }

  /** NO_EVIDENCE or NOT_APPLICABLE (and PASS where evidence exists but nothing matched). */
  private static Tri state(MapNode m, String key, Tri dflt, boolean passAllowed) {
    if (!m.has(key)) {
      return dflt;
    }
    String s = m.get(key).asNonEmptyString("'" + key + "'");
    return switch (s) {
      case States.NO_EVIDENCE -> Tri.UNKNOWN;
      case States.NOT_APPLICABLE -> Tri.NA;
      case States.PASS -> {
        if (!passAllowed) {
          throw m.get(key)
              .error(
                  "missing evidence is never PASS: "
                      + key
                      + " must be NO_EVIDENCE or NOT_APPLICABLE");
        }
        yield Tri.PASS;
      }
      default ->
          throw m.get(key)
              .error(
                  key
                      + " must be NO_EVIDENCE or NOT_APPLICABLE"
                      + (passAllowed ? " or PASS" : "")
                      + ", not '"
                      + s
                      + "'");
    };
  }

  private static Op op(MapNode m) {
    Node n = m.require("op", "a test");
    String name = n.asNonEmptyString("'op'");
    return Op.byName(name)
        .orElseThrow(
            () ->
                n.error(
                    "unknown operator '"
                        + name
                        + "' (known: "
                        + String.join(", ", Op.names())
                        + ")"));
  }

  private static ValueType declaredType(MapNode m) {
    if (!m.has("type")) {
      return null;
    }
    String t = m.get("type").asNonEmptyString("'type'");
    ValueType vt = Operand.TYPE_NAMES.get(t);
    if (vt == null) {
      throw m.get("type")
          .error(
              "unknown type '" + t + "' (known: " + String.join(", ", Operand.typeNames()) + ")");
    }
    return vt;
  }

  private static Set<String> noEvidenceIf(MapNode m) {
    if (!m.has("no_evidence_if")) {
      return null;
    }
    Node n = m.get("no_evidence_if");
    List<String> out = new ArrayList<>();
    if (n instanceof ListNode l) {
      for (Node item : l.items()) {
        out.add(item.asScalar("each entry of 'no_evidence_if'").text());
      }
    } else {
      out.add(n.asScalar("'no_evidence_if'").text());
    }
    return Set.copyOf(out);
  }

  private Operand operand(MapNode m, Op op, ValueType declared, Kinds.Field field, Ctx ctx) {
    ValueType known = field != null ? field.type() : declared;
    Node opNode = m.get("op");
    Node v = m.get("value");
    if (m.has("value_from")) {
      if (op != Op.IN && op != Op.NOT_IN) {
        throw m.get("value_from").error("value_from works with in and not_in only");
      }
      if (v != null) {
        throw m.get("value_from").error("give either 'value' or 'value_from', not both");
      }
      return Operand.dynamic(op, valueFrom(m.get("value_from"), ctx));
    }
    if (op.arg == Op.Arg.NONE) {
      if (v != null) {
        throw v.error(op.yaml + " takes no value");
      }
      return Operand.none(op);
    }
    if (v == null) {
      throw opNode.error(op.yaml + " needs a 'value'");
    }
    switch (op.arg) {
      case SCALAR -> {
        return Operand.scalar(op, typed(v, known, "the value of " + op.yaml));
      }
      case ORDERED -> {
        TypedValue t = typed(v, known, "the value of " + op.yaml);
        if (t.type() != ValueType.INT
            && t.type() != ValueType.DURATION
            && t.type() != ValueType.QUANTITY) {
          throw v.error(
              op.yaml
                  + " compares integers, durations or quantities, not "
                  + Operand.article(t.type())
                  + " (give type: duration or type: quantity)");
        }
        return Operand.scalar(op, t);
      }
      case LIST -> {
        List<TypedValue> items = new ArrayList<>();
        for (Node item : v.asList("the value of " + op.yaml).items()) {
          items.add(typed(item, known, "each value of " + op.yaml));
        }
        if (items.isEmpty()) {
          throw v.error(op.yaml + " needs at least one value");
        }
        ValueType t = items.get(0).type();
        for (int i = 1; i < items.size(); i++) {
          if (items.get(i).type() != t) {
            throw v.error("the values of " + op.yaml + " must all have one type");
          }
        }
        return Operand.list(op, t, items);
      }
      case ELEMENTS, LIST_OF_STRINGS -> {
        if (known != null && known != ValueType.LIST && known != ValueType.STRING) {
          throw opNode.error(
              op.yaml
                  + " judges lists (or comma-separated strings), not "
                  + Operand.article(known));
        }
        if (op.arg == Op.Arg.LIST_OF_STRINGS && !(v instanceof ListNode)) {
          throw v.error(op.yaml + " needs a list of values");
        }
        List<TypedValue> items = new ArrayList<>();
        List<Node> nodes = v instanceof ListNode l ? l.items() : List.of(v);
        for (Node item : nodes) {
          Scalar s = item.asScalar("each value of " + op.yaml);
          if (s.kind() != ScalarKind.STRING && s.kind() != ScalarKind.INT) {
            throw item.error(
                op.yaml + " compares list elements as text: write " + s.text() + " as a string");
          }
          items.add(new TypedValue.Str(s.text()));
        }
        if (items.isEmpty()) {
          throw v.error(op.yaml + " needs at least one value");
        }
        return Operand.list(op, ValueType.STRING, items);
      }
      case KEY -> {
        requireMap(opNode, op, known);
        return Operand.key(op, v.asNonEmptyString("the key of " + op.yaml), null);
      }
      case KEY_VALUE -> {
        requireMap(opNode, op, known);
        MapNode kv = v.asMap("the value of " + op.yaml + " ({key: ..., value: ...})");
        kv.allowOnly("the value of " + op.yaml, List.of("key", "value"));
        String key = kv.require("key", op.yaml).asNonEmptyString("'key'");
        Scalar want = kv.require("value", op.yaml).asScalar("'value'");
        if (want.kind() != ScalarKind.BOOL
            && want.kind() != ScalarKind.INT
            && want.kind() != ScalarKind.STRING) {
          throw want.error(op.yaml + " compares a map entry with a boolean, integer or string");
        }
        return Operand.key(op, key, typed(want, null, "'value'"));
      }
      case REGEX -> {
        String re = v.asNonEmptyString("the pattern of " + op.yaml);
        try {
          return Operand.regex(op, Pattern.compile(re));
        } catch (PatternSyntaxException e) {
          throw v.error(
              "bad regex '" + re + "': " + e.getDescription() + " near index " + e.getIndex());
        }
      }
      case MODE -> {
        if (known != null && known != ValueType.STRING) {
          throw opNode.error("mode_at_most judges file modes, not " + Operand.article(known));
        }
        Scalar s = v.asScalar("the mode of mode_at_most");
        Integer bits =
            (s.kind() == ScalarKind.STRING || s.kind() == ScalarKind.INT)
                ? TypedText.octalMode(s.text()).orElse(null)
                : null;
        if (bits == null) {
          throw v.error("mode_at_most needs an octal mode such as \"600\", not " + s.describe());
        }
        return Operand.mode(bits);
      }
      default -> throw new IllegalStateException("operand shape not handled: " + op.arg);
    }
  }

  private static void requireMap(Node at, Op op, ValueType known) {
    if (known != null && known != ValueType.MAP) {
      throw at.error(op.yaml + " judges maps, not " + Operand.article(known));
    }
  }

  private Operand.Dynamic valueFrom(Node n, Ctx ctx) {
    MapNode m = n.asMap("'value_from'");
    if (m.has("setting")) {
      throw m.error("value_from takes certificates (with field) or pools");
    }
    if (m.has("certificates")) {
      if (ctx.cluster()) {
        throw m.error("value_from certificates is only available in node-scoped rules");
      }
      m.allowOnly("'value_from'", List.of("certificates", "field"));
      List<String> roles = roles(m.get("certificates"));
      Kinds.Field f = field(m.require("field", "'value_from'"), Kinds.CERTIFICATE, null);
      return ElementSets.certificateValues(roles, f);
    }
    if (m.has("pools")) {
      m.allowOnly("'value_from'", List.of("pools"));
      Kinds.Field f = field(m.get("pools"), Kinds.POOL, null);
      return Checks.poolValues(f);
    }
    throw m.error("value_from needs certificates (with field) or pools");
  }

  /**
   * Reads a YAML value as a typed value: as {@code type} when known (a duration string, a quantity,
   * ...), otherwise from the YAML scalar kind.
   */
  static TypedValue typed(Node n, ValueType type, String what) {
    if (type == ValueType.LIST) {
      List<String> items = new ArrayList<>();
      for (Node i : n.asList(what).items()) {
        items.add(i.asScalar("each entry of " + what).text());
      }
      return new TypedValue.ListValue(items);
    }
    if (type == ValueType.MAP) {
      MapNode mm = n.asMap(what);
      Map<String, String> values = new TreeMap<>();
      for (Map.Entry<String, Node> e : mm.entries().entrySet()) {
        values.put(e.getKey(), e.getValue().asScalar("each value of " + what).text());
      }
      return new TypedValue.MapValue(new TreeMap<>(values));
    }
    Scalar s = n.asScalar(what);
    if (s.kind() == ScalarKind.NULL) {
      throw n.error(what + " must not be empty");
    }
    if (type == null) {
      return switch (s.kind()) {
        case BOOL -> new TypedValue.Bool((Boolean) s.value());
        case INT -> new TypedValue.Int((Long) s.value());
        case STRING -> new TypedValue.Str(s.text());
        default ->
            throw n.error(what + " is " + s.describe() + ": give type: quantity and quote it");
      };
    }
    return switch (type) {
      case BOOL -> {
        if (s.kind() != ScalarKind.BOOL) {
          throw n.error(what + " must be a boolean (true or false), not " + s.describe());
        }
        yield new TypedValue.Bool((Boolean) s.value());
      }
      case INT -> {
        if (s.kind() != ScalarKind.INT) {
          throw n.error(what + " must be an integer, not " + s.describe());
        }
        yield new TypedValue.Int((Long) s.value());
      }
      case STRING -> {
        if (s.kind() != ScalarKind.STRING) {
          throw n.error(what + " must be a string, not " + s.describe() + " (quote it)");
        }
        yield new TypedValue.Str(s.text());
      }
      case DURATION -> {
        if (s.kind() != ScalarKind.STRING && s.kind() != ScalarKind.INT) {
          throw n.error(what + " must be a duration such as 4h0m0s, not " + s.describe());
        }
        Long nanos = TypedText.duration(s.text()).orElse(null);
        if (nanos == null) {
          throw n.error(what + " '" + s.text() + "' is not a Go duration (e.g. 5m, 4h0m0s, 0)");
        }
        yield new TypedValue.Duration(nanos);
      }
      case QUANTITY -> {
        if (s.kind() != ScalarKind.STRING && s.kind() != ScalarKind.INT) {
          throw n.error(what + " must be a quantity such as 100Mi or 10%, not " + s.describe());
        }
        yield TypedText.quantity(s.text())
            .orElseThrow(() -> n.error(what + " '" + s.text() + "' is not a Kubernetes quantity"));
      }
      default -> throw new IllegalStateException("type not handled: " + type);
    };
  }
}
