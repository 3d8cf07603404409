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

  /**
   * A value the benchmark prohibits outright ("not set to false"): when it holds on an explicitly
   * written value, the finding fails even if the check or the version gate cannot be decided.
   */
  final Checks.Check prohibit;

  final boolean onFailWarn;
  final String manual;
  final String hint;
  final String warnHint;
  final String remediation;
  final boolean componentAbsentNotApplicable;

  /** Components the rule's subject talks to; NOT_APPLICABLE where one is not in use. */
  final Set<Component> dependsOn;

  final boolean override;
  final YamlTree.Pos pos;
  final String expected;

  /** Sorted provider and role lists for sentences, joined once. */
  final String providersText;

  final String rolesText;

  /** Set when the rule's pack is sealed (name, version and content hash are known). */
  String pack;

  String packVersion;

  /** What the rule is: its id, title, severity and the framework controls it implements. */
  record Identity(
      String id, String title, String severity, List<String> frameworkIds, YamlTree.Pos pos) {}

  /**
   * Where the rule applies: cluster or node scope, the component, node roles (null: any), providers
   * (in or not in; null: any), versions, an applies_when check, and whether a missing component
   * makes it NOT_APPLICABLE rather than NO_EVIDENCE.
   */
  record Applicability(
      boolean clusterScope,
      Component component,
      Set<String> roles,
      Set<String> providersIn,
      Set<String> providersNotIn,
      VersionRange versions,
      Checks.Check appliesWhen,
      boolean componentAbsentNotApplicable,
      Set<Component> dependsOn) {}

  /**
   * How the rule decides: its check (or, for a manual rule, what a person verifies), when it warns
   * instead, and whether it overrides a rule of the same id in an earlier pack.
   */
  record Verdict(
      Checks.Check check,
      Checks.Check warnWhen,
      Checks.Check prohibit,
      boolean onFailWarn,
      String manual,
      boolean override) {}

  /** What the finding tells the reader beyond the verdict. */
  record Texts(String hint, String warnHint, String remediation) {}

  CompiledRule(Identity identity, Applicability applies, Verdict verdict, Texts texts) {
    this.id = identity.id();
    this.title = identity.title();
    this.severity = identity.severity();
    this.frameworkIds = List.copyOf(identity.frameworkIds());
    this.pos = identity.pos();
    this.clusterScope = applies.clusterScope();
    this.component = applies.component();
    this.roles = applies.roles();
    this.providersIn = applies.providersIn();
    this.providersNotIn = applies.providersNotIn();
    this.versions = applies.versions();
    this.appliesWhen = applies.appliesWhen();
    this.componentAbsentNotApplicable = applies.componentAbsentNotApplicable();
    this.dependsOn = applies.dependsOn();
    this.check = verdict.check();
    this.warnWhen = verdict.warnWhen();
    this.prohibit = verdict.prohibit();
    this.onFailWarn = verdict.onFailWarn();
    this.manual = verdict.manual();
    this.override = verdict.override();
    this.hint = texts.hint();
    this.warnHint = texts.warnHint();
    this.remediation = texts.remediation();
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
