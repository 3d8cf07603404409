package dev.fleetscore.rules;

/**
 * What one test saw: the fact it read ({@code label}, e.g. {@code kubelet readOnlyPort}), the value
 * in canonical form (null when there was none), where the value came from, and a sentence saying so
 * ("kubelet readOnlyPort is 10255, from the legacy default, because this kubelet runs without
 * --config").
 */
record Observation(
    String label, String actual, String source, String origin, String evidence, String sentence) {}
