package dev.fleetscore.report;

import dev.fleetscore.schema.States;
import java.util.Comparator;
import java.util.List;

/** Severities and states in the order a reader wants them: worst first. */
final class Severity {

  private Severity() {}

  static final List<String> SEVERITIES = States.SEVERITIES;

  static final List<String> STATES = States.STATES_WORST_FIRST;

  /** 0 for CRITICAL up to 4 for INFO; unknown severities last. */
  static int rank(String severity) {
    int i = States.severityIndex(severity);
    return i < 0 ? SEVERITIES.size() : i;
  }

  /** 0 for FAIL, then WARN, NO_EVIDENCE, ...; unknown states last. */
  static int stateRank(String state) {
    int i = state == null ? -1 : STATES.indexOf(state);
    return i < 0 ? STATES.size() : i;
  }

  static final Comparator<String> WORST_FIRST =
      Comparator.comparingInt(Severity::rank)
          .thenComparing(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
}
