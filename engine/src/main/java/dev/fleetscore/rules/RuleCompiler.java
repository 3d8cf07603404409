package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import dev.fleetscore.rules.YamlTree.ListNode;
import dev.fleetscore.rules.YamlTree.MapNode;
import dev.fleetscore.rules.YamlTree.Node;
import dev.fleetscore.schema.States;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compiles one rule file into {@link CompiledRule}s, strictly: an unknown key, operator, field,
 * component, file role, provider or framework, a regex that does not compile, an operand of the
 * wrong type, fails with the file, line and column of the offending text. This class reads what a
 * rule is and where it applies; {@link CheckCompiler} compiles its checks.
 */
final class RuleCompiler {

  private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9._/-]*");
  private static final Pattern CONTROL =
      Pattern.compile("([a-z0-9][a-z0-9._-]*):([A-Za-z0-9._-]+)");
  private static final Set<String> SEVERITIES =
      Set.of(States.CRITICAL, States.HIGH, States.MEDIUM, States.LOW, States.INFO);
  private static final Set<String> ROLES = Set.of("control-plane", "worker");

  private static final List<String> RULE_KEYS =
      List.of(
          "id",
          "title",
          "controls",
          "severity",
          "scope",
          "component",
          "roles",
          "providers",
          "versions",
          "check",
          "manual",
          "applies_when",
          "warn_when",
          "prohibit",
          "on_fail",
          "if_component_absent",
          "depends_on",
          "hint",
          "warn_hint",
          "remediation",
          "notes",
          "override");
  private static final List<String> DEFAULT_KEYS =
      List.of("scope", "component", "roles", "providers", "versions", "if_component_absent");

  private final Set<String> frameworks;
  private final CheckCompiler checks = new CheckCompiler();

  /** Node-summary keys the compiled cluster rules read, so summaries carry exactly those. */
  final Set<String> summaryKeys = checks.summaryKeys;

  /** Every component:setting the compiled rules read, with the type their operands expect. */
  final Map<String, String> settingsRead = checks.settingsRead;

  /**
   * @param frameworks every framework id declared by the packs being loaded
   */
  RuleCompiler(Set<String> frameworks) {
    this.frameworks = frameworks;
  }

  /** Compiles the rules of one file. */
  List<CompiledRule> compileFile(Node root) {
    MapNode file = root.asMap("a rule file");
    file.allowOnly("a rule file", List.of("rules", "defaults"));
    MapNode defaults = file.has("defaults") ? file.get("defaults").asMap("'defaults'") : null;
    if (defaults != null) {
      defaults.allowOnly("'defaults'", DEFAULT_KEYS);
    }
    ListNode rules = file.require("rules", "a rule file").asList("'rules'");
    List<CompiledRule> out = new ArrayList<>();
    for (Node r : rules.items()) {
      out.add(compileRule(r.asMap("a rule"), defaults));
    }
    return out;
  }

  private static Node pick(MapNode rule, MapNode defaults, String key) {
    if (rule.has(key)) {
      return rule.get(key);
    }
    return defaults != null && defaults.has(key) ? defaults.get(key) : null;
  }

  private CompiledRule compileRule(MapNode r, MapNode defaults) {
    r.allowOnly("a rule", RULE_KEYS);
    String id = r.require("id", "a rule").asNonEmptyString("'id'");
    if (!RULE_ID.matcher(id).matches()) {
      throw r.get("id").error("rule id '" + id + "' must match " + RULE_ID.pattern());
    }
    String what = "rule " + id;
    String title = r.require("title", what).asNonEmptyString("'title'");
    List<String> controls = controls(r, what);
    Node sevNode = r.require("severity", what);
    String severity = sevNode.asNonEmptyString("'severity'");
    if (!SEVERITIES.contains(severity)) {
      throw sevNode.error("severity '" + severity + "' is not one of " + new TreeSet<>(SEVERITIES));
    }
    Node scopeNode = pick(r, defaults, "scope");
    if (scopeNode == null) {
      throw r.error(what + " needs 'scope' (node or cluster)");
    }
    String scope = scopeNode.asNonEmptyString("'scope'");
    if (!scope.equals("node") && !scope.equals("cluster")) {
      throw scopeNode.error("scope must be node or cluster, not '" + scope + "'");
    }
    boolean cluster = scope.equals("cluster");

    Component component = component(r, defaults, cluster);
    Set<String> roles = roles(r, defaults, cluster);
    Set<String> provIn = null;
    Set<String> provNotIn = null;
    Node provNode = pick(r, defaults, "providers");
    if (provNode != null) {
      if (provNode instanceof MapNode pm) {
        pm.allowOnly("'providers'", List.of("not"));
        provNotIn = providers(pm.require("not", "'providers'"));
      } else {
        provIn = providers(provNode);
      }
    }
    VersionRange versions = null;
    Node verNode = pick(r, defaults, "versions");
    if (verNode != null) {
      try {
        versions = VersionRange.parse(verNode.asNonEmptyString("'versions'"));
      } catch (IllegalArgumentException e) {
        throw verNode.error(e.getMessage());
      }
    }
    CheckCompiler.Ctx ctx = new CheckCompiler.Ctx(cluster);
    String manual = r.has("manual") ? r.get("manual").asNonEmptyString("'manual'") : null;
    Checks.Check check = null;
    if (manual != null) {
      if (r.has("check") || r.has("warn_when") || r.has("applies_when") || r.has("prohibit")) {
        throw r.get("manual")
            .error("a manual rule has no check, warn_when, applies_when or prohibit");
      }
    } else {
      check = checks.compileCheck(r.require("check", what + " (or 'manual')"), ctx, null);
    }
    Checks.Check applies =
        r.has("applies_when") ? checks.compileCheck(r.get("applies_when"), ctx, null) : null;
    Checks.Check warn =
        r.has("warn_when") ? checks.compileCheck(r.get("warn_when"), ctx, null) : null;
    Checks.Check prohibit =
        r.has("prohibit") ? checks.compileCheck(r.get("prohibit"), ctx, null) : null;
    boolean onFailWarn = onFailWarn(r, warn);
    boolean absentNa = absentNotApplicable(r, defaults);
    Set<Component> dependsOn = dependsOn(r);
    String hint = r.has("hint") ? r.get("hint").asNonEmptyString("'hint'") : null;
    String warnHint =
        r.has("warn_hint") ? r.get("warn_hint").asNonEmptyString("'warn_hint'") : null;
    if (warnHint != null && warn == null) {
      throw r.get("warn_hint").error("warn_hint needs warn_when");
    }
    String remediation =
        r.has("remediation") ? r.get("remediation").asNonEmptyString("'remediation'") : null;
    if (r.has("notes")) {
      r.get("notes").asNonEmptyString("'notes'");
    }
    boolean override = r.has("override") && r.get("override").asBool("'override'");
    return new CompiledRule(
        new CompiledRule.Identity(id, title, severity, controls, r.pos()),
        new CompiledRule.Applicability(
            cluster, component, roles, provIn, provNotIn, versions, applies, absentNa, dependsOn),
        new CompiledRule.Verdict(check, warn, prohibit, onFailWarn, manual, override),
        new CompiledRule.Texts(hint, warnHint, remediation));
  }

  /**
   * {@code depends_on}: the components the rule's subject talks to (one id or a list); the rule is
   * NOT_APPLICABLE on a node whose facts show the dependency is not in use ({@link Dependencies}).
   * Only dependencies {@link Dependencies} can decide are accepted.
   */
  private Set<Component> dependsOn(MapNode r) {
    if (!r.has("depends_on")) {
      return Set.of();
    }
    Node n = r.get("depends_on");
    List<Node> items = n instanceof ListNode l ? l.items() : List.of(n);
    Set<Component> out = new java.util.LinkedHashSet<>();
    for (Node i : items) {
      String id = i.asNonEmptyString("'depends_on'");
      Component c = Component.byId(id).orElse(null);
      if (c == null || !Dependencies.DECIDABLE.contains(c)) {
        throw i.error(
            "depends_on '"
                + id
                + "' is not a dependency fleetscore can decide (known: "
                + String.join(
                    ", ", Dependencies.DECIDABLE.stream().map(Component::id).sorted().toList())
                + ")");
      }
      out.add(c);
    }
    return Set.copyOf(out);
  }

  /** The rule's framework controls: at least one, each of a declared framework, none twice. */
  private List<String> controls(MapNode r, String what) {
    List<String> controls = new ArrayList<>();
    Node controlsNode = r.require("controls", what);
    for (Node c : controlsNode.asList("'controls'").items()) {
      String ctl = c.asNonEmptyString("a control id");
      var m = CONTROL.matcher(ctl);
      if (!m.matches()) {
        throw c.error(
            "control '" + ctl + "' must be framework:control, e.g. cis-kubernetes-1.12:4.2.4");
      }
      if (!frameworks.contains(m.group(1))) {
        throw c.error(
            "unknown framework '"
                + m.group(1)
                + "' in control '"
                + ctl
                + "' (declared frameworks: "
                + String.join(", ", new TreeSet<>(frameworks))
                + ")");
      }
      if (controls.contains(ctl)) {
        throw c.error("control '" + ctl + "' is listed twice");
      }
      controls.add(ctl);
    }
    if (controls.isEmpty()) {
      throw controlsNode.error(what + " must name at least one framework control");
    }
    return controls;
  }

  /** The component a node rule reads; null for none (a cluster rule never names one). */
  private static Component component(MapNode r, MapNode defaults, boolean cluster) {
    Component component = null;
    Node compNode = pick(r, defaults, "component");
    if (compNode != null) {
      String c = compNode.asNonEmptyString("'component'");
      component =
          Component.byId(c)
              .orElseThrow(
                  () ->
                      compNode.error(
                          "unknown component '"
                              + c
                              + "' (known: "
                              + String.join(
                                  ", ",
                                  Arrays.stream(Component.values()).map(Component::id).toList())
                              + ")"));
      if (cluster) {
        throw compNode.error("a cluster-scoped rule has no component");
      }
    }
    return component;
  }

  /** The node roles a rule applies to; null for any node. */
  private static Set<String> roles(MapNode r, MapNode defaults, boolean cluster) {
    Set<String> roles = null;
    Node rolesNode = pick(r, defaults, "roles");
    if (rolesNode != null) {
      if (cluster) {
        throw rolesNode.error("a cluster-scoped rule has no node roles");
      }
      roles = new LinkedHashSet<>();
      for (String role : rolesNode.asStringList("'roles'")) {
        if (!ROLES.contains(role)) {
          throw rolesNode.error("role '" + role + "' is not control-plane or worker");
        }
        roles.add(role);
      }
      roles = Set.copyOf(roles);
    }
    return roles;
  }

  /** Whether a failing check gives WARN (on_fail: WARN), which excludes warn_when. */
  private static boolean onFailWarn(MapNode r, Checks.Check warn) {
    boolean onFailWarn = false;
    if (r.has("on_fail")) {
      String s = r.get("on_fail").asNonEmptyString("'on_fail'");
      if (!s.equals("FAIL") && !s.equals("WARN")) {
        throw r.get("on_fail").error("on_fail must be FAIL or WARN, not '" + s + "'");
      }
      onFailWarn = s.equals("WARN");
      if (onFailWarn && warn != null) {
        throw r.get("on_fail").error("use either on_fail: WARN or warn_when, not both");
      }
    }
    return onFailWarn;
  }

  /** Whether a missing component makes the rule NOT_APPLICABLE rather than NO_EVIDENCE. */
  private static boolean absentNotApplicable(MapNode r, MapNode defaults) {
    boolean absentNa = false;
    Node absentNode = pick(r, defaults, "if_component_absent");
    if (absentNode != null) {
      String s = absentNode.asNonEmptyString("'if_component_absent'");
      if (!s.equals(States.NO_EVIDENCE) && !s.equals(States.NOT_APPLICABLE)) {
        throw absentNode.error("if_component_absent must be NO_EVIDENCE or NOT_APPLICABLE");
      }
      absentNa = s.equals(States.NOT_APPLICABLE);
    }
    return absentNa;
  }

  private static Set<String> providers(Node n) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : n.asStringList("'providers'")) {
      if (!Providers.KNOWN.contains(p)) {
        throw n.error(
            "unknown provider '" + p + "' (known: " + new TreeSet<>(Providers.KNOWN) + ")");
      }
      out.add(p);
    }
    return Set.copyOf(out);
  }

  /** Checks that no two rules of one load share an id, with both positions. */
  static void checkUnique(List<CompiledRule> rules) {
    Map<String, CompiledRule> seen = new LinkedHashMap<>();
    Set<String> dup = new HashSet<>();
    for (CompiledRule r : rules) {
      CompiledRule prev = seen.putIfAbsent(r.id, r);
      if (prev != null && dup.add(r.id)) {
        throw new RuleLoadException(
            r.pos + ": duplicate rule id '" + r.id + "' (first defined at " + prev.pos + ")");
      }
    }
  }
}
