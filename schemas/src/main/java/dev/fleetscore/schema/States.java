package dev.fleetscore.schema;

import java.util.List;

/**
 * The one vocabulary of finding states and severities, as written to findings.state and
 * findings.severity and counted in the state columns of node_scores, control_summary and
 * cluster_compliance, with the orders they are counted and shown in.
 */
public final class States {

  private States() {}

  public static final String PASS = "PASS";
  public static final String FAIL = "FAIL";
  public static final String WARN = "WARN";
  public static final String MANUAL = "MANUAL";
  public static final String NOT_APPLICABLE = "NOT_APPLICABLE";
  public static final String NO_EVIDENCE = "NO_EVIDENCE";
  public static final String EXEMPT = "EXEMPT";

  public static final String CRITICAL = "CRITICAL";
  public static final String HIGH = "HIGH";
  public static final String MEDIUM = "MEDIUM";
  public static final String LOW = "LOW";
  public static final String INFO = "INFO";

  /** Every state, in the order of the count columns (pass_count, fail_count, ...). */
  public static final List<String> STATES =
      List.of(PASS, FAIL, WARN, MANUAL, NOT_APPLICABLE, NO_EVIDENCE, EXEMPT);

  /** Every state worst first, the order a reader wants them in. */
  public static final List<String> STATES_WORST_FIRST =
      List.of(FAIL, WARN, NO_EVIDENCE, EXEMPT, MANUAL, NOT_APPLICABLE, PASS);

  /** Every severity, worst first. */
  public static final List<String> SEVERITIES = List.of(CRITICAL, HIGH, MEDIUM, LOW, INFO);

  /** The position of {@code state} in {@link #STATES}, or -1 for anything else. */
  public static int stateIndex(String state) {
    return switch (state == null ? "" : state) {
      case PASS -> 0;
      case FAIL -> 1;
      case WARN -> 2;
      case MANUAL -> 3;
      case NOT_APPLICABLE -> 4;
      case NO_EVIDENCE -> 5;
      case EXEMPT -> 6;
      default -> -1;
    };
  }

  /** The position of {@code severity} in {@link #SEVERITIES}, or -1 for anything else. */
  public static int severityIndex(String severity) {
    return switch (severity == null ? "" : severity) {
      case CRITICAL -> 0;
      case HIGH -> 1;
      case MEDIUM -> 2;
      case LOW -> 3;
      case INFO -> 4;
      default -> -1;
    };
  }
}
