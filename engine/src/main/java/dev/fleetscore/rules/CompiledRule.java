package dev.fleetscore.rules;

import dev.fleetscore.model.Component;
import java.util.List;
import java.util.Set;

/** One rule as loaded: applicability resolved, its check compiled, its framework ids fixed. */
final class CompiledRule {

  final String id;
  final String title;
  final String severity;
  final boolean clusterScope;
  final Component component;
  final List<String> frameworkIds;

  /** control-plane and/or worker; null for any node. */
  final Set<String> roles;

  final Set<String> providersIn;
  final Set<String> providersNotIn;
  final VersionRange versions;
  final Checks.Check check;
  final Checks.Check appliesWhen;
  final Checks.Check warnWhen;
  final boolean onFailWarn;
  final String manual;
  final String hint;
  final String warnHint;
  final String remediation;
  final boolean componentAbsentNotApplicable;
  final boolean override;
  final YamlTree.Pos pos;
  final String expected;

  /** Sorted provider and role lists for sentences, joined once. */
  final String providersText;

  final String rolesText;

  /** Set when the rule's pack is sealed (name, version and content hash are known). */
  String pack;

  String packVersion;

  CompiledRule(
      String id,
      String title,
      String severity,
      boolean clusterScope,
      Component component,
      List<String> frameworkIds,
      Set<String> roles,
      Set<String> providersIn,
      Set<String> providersNotIn,
      VersionRange versions,
      Checks.Check check,
      Checks.Check appliesWhen,
      Checks.Check warnWhen,
      boolean onFailWarn,
      String manual,
      String hint,
      String warnHint,
      String remediation,
      boolean componentAbsentNotApplicable,
      boolean override,
      YamlTree.Pos pos) {
    this.id = id;
    this.title = title;
    this.severity = severity;
    this.clusterScope = clusterScope;
    this.component = component;
    this.frameworkIds = List.copyOf(frameworkIds);
    this.roles = roles;
    this.providersIn = providersIn;
    this.providersNotIn = providersNotIn;
    this.versions = versions;
    this.check = check;
    this.appliesWhen = appliesWhen;
    this.warnWhen = warnWhen;
    this.onFailWarn = onFailWarn;
    this.manual = manual;
    this.hint = hint;
    this.warnHint = warnHint;
    this.remediation = remediation;
    this.componentAbsentNotApplicable = componentAbsentNotApplicable;
    this.override = override;
    this.pos = pos;
    this.providersText =
        providersIn == null ? null : String.join(", ", providersIn.stream().sorted().toList());
    this.rolesText = roles == null ? null : String.join(" and ", roles.stream().sorted().toList());
    this.expected = manual != null ? "A person verifies: " + manual + "." : check.expected() + ".";
  }

  RuleInfo info() {
    return new RuleInfo(
        id,
        pack,
        packVersion,
        title,
        severity,
        clusterScope ? "CLUSTER" : "NODE",
        component == null ? null : component.id(),
        frameworkIds,
        manual != null,
        expected,
        remediation);
  }
}
