package dev.fleetscore.pipeline;

import dev.fleetscore.schema.States;

/**
 * The change categories of the changes table, comparing a control's state in this snapshot's
 * control_summary with the previous snapshot's (null when the control was not evaluated then or is
 * not now).
 */
public final class Changes {

  private Changes() {}

  public static final String NEW_FAILURE = "NEW_FAILURE";
  public static final String REGRESSED = "REGRESSED";
  public static final String FIXED = "FIXED";
  public static final String UNCHANGED_FAIL = "UNCHANGED_FAIL";
  public static final String UNCHANGED_PASS = "UNCHANGED_PASS";
  public static final String UNCHANGED_OTHER = "UNCHANGED_OTHER";
  public static final String GONE = "GONE";

  /**
   * Classifies one (cluster, framework, control, rule).
   *
   * <ul>
   *   <li>FAIL now: UNCHANGED_FAIL if FAIL before, REGRESSED if PASS before, else NEW_FAILURE
   *       (absent before, or NO_EVIDENCE, WARN, ...);
   *   <li>present now, not FAIL: FIXED if FAIL before, UNCHANGED_PASS if PASS both times, else
   *       UNCHANGED_OTHER (including controls evaluated for the first time);
   *   <li>absent now: GONE.
   * </ul>
   */
  public static String classify(String previous, String current) {
    if (current == null) {
      if (previous == null) {
        throw new IllegalArgumentException("a change needs a previous or a current state");
      }
      return GONE;
    }
    if (States.FAIL.equals(current)) {
      if (States.FAIL.equals(previous)) {
        return UNCHANGED_FAIL;
      }
      return States.PASS.equals(previous) ? REGRESSED : NEW_FAILURE;
    }
    if (States.FAIL.equals(previous)) {
      return FIXED;
    }
    return States.PASS.equals(current) && States.PASS.equals(previous)
        ? UNCHANGED_PASS
        : UNCHANGED_OTHER;
  }
}
