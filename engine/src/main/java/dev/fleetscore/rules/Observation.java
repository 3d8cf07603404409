package dev.fleetscore.rules;

/**
 * What one test saw: the fact it read ({@code label}, e.g. {@code kubelet readOnlyPort}), the value
 * in canonical form (null when there was none), where the value came from, and a sentence saying so
 * ("kubelet readOnlyPort is 10255, from the legacy default, because this kubelet runs without
 * --config").
 *
 * @param cause why the evidence is missing, when the test could not decide; null otherwise
 * @param versionUncertain the value is a default that differs by Kubernetes release and the version
 *     was not known, so a verdict on it does not hold for every release
 * @param explicit the value was written somewhere (a file, drop-in, flag, manifest or the cloud
 *     API), not a default
 */
record Observation(
    String label,
    String actual,
    String source,
    String origin,
    String evidence,
    String sentence,
    Cause cause,
    boolean versionUncertain,
    boolean explicit) {

  Observation(
      String label, String actual, String source, String origin, String evidence, String sentence) {
    this(label, actual, source, origin, evidence, sentence, null, false, false);
  }

  Observation withCause(Cause c) {
    return new Observation(
        label, actual, source, origin, evidence, sentence, c, versionUncertain, explicit);
  }
}
