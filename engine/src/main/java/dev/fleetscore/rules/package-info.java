/**
 * The rule engine: rule packs as strict YAML data compiled once into accessors and typed
 * comparisons ({@link dev.fleetscore.rules.RuleLoader}), evaluated against a node's or a cluster's
 * facts into findings ({@link dev.fleetscore.rules.RuleEngine}, the {@link
 * dev.fleetscore.model.ControlEvaluator} implementation), exemptions for accepted risks ({@link
 * dev.fleetscore.rules.Exemptions}) and per-framework node scores ({@link
 * dev.fleetscore.rules.NodeScores}). Rules compare facts; they never collect them.
 */
package dev.fleetscore.rules;
