package dev.fleetscore.rules;

import java.util.List;

/**
 * What reports and the CLI may know about a loaded rule without evaluating it.
 *
 * @param id rule id, unique across packs
 * @param pack the pack's name
 * @param packVersion name@version+hash of the pack
 * @param title control title
 * @param severity CRITICAL, HIGH, MEDIUM, LOW or INFO
 * @param scope NODE or CLUSTER
 * @param component the component judged, or null
 * @param frameworkIds framework:control ids the rule implements
 * @param manual whether the rule always gives MANUAL
 * @param expected what a passing value is, as a sentence
 * @param remediation how to fix a failure, or null
 */
public record RuleInfo(
    String id,
    String pack,
    String packVersion,
    String title,
    String severity,
    String scope,
    String component,
    List<String> frameworkIds,
    boolean manual,
    String expected,
    String remediation) {}
