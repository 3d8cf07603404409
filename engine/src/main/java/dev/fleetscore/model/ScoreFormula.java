package dev.fleetscore.model;

import dev.fleetscore.schema.States;

/**
 * The one compliance score formula, used for nodes, clusters and the fleet alike:
 *
 * <pre>
 *   score = 100 * sum(w(s) * PASS) / sum(w(s) * (PASS + FAIL + NO_EVIDENCE))
 * </pre>
 *
 * where w(CRITICAL)=10, w(HIGH)=5, w(MEDIUM)=3, w(LOW)=1, w(INFO)=0. WARN, MANUAL, NOT_APPLICABLE
 * and EXEMPT findings are left out of both sums; NO_EVIDENCE counts against the score because
 * evidence we could not get is not evidence of compliance. With nothing scorable the score is null.
 */
public final class ScoreFormula {

  private ScoreFormula() {}

  public static int weight(String severity) {
    return switch (severity) {
      case States.CRITICAL -> 10;
      case States.HIGH -> 5;
      case States.MEDIUM -> 3;
      case States.LOW -> 1;
      case States.INFO -> 0;
      default -> throw new IllegalArgumentException("unknown severity " + severity);
    };
  }

  /** Whether a finding in {@code state} enters the denominator. */
  public static boolean scorable(String state) {
    return States.PASS.equals(state)
        || States.FAIL.equals(state)
        || States.NO_EVIDENCE.equals(state);
  }

  /** Accumulates weighted counts; combine accumulators with {@link #merge}. */
  public static final class Accumulator implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private long passWeight;
    private long totalWeight;

    public void add(String state, String severity) {
      if (!scorable(state)) {
        return;
      }
      int w = weight(severity);
      totalWeight += w;
      if (States.PASS.equals(state)) {
        passWeight += w;
      }
    }

    public Accumulator merge(Accumulator other) {
      passWeight += other.passWeight;
      totalWeight += other.totalWeight;
      return this;
    }

    /** The score 0..100 rounded to two decimals, or null when nothing was scorable. */
    public Double score() {
      if (totalWeight == 0) {
        return null;
      }
      return Math.round(10_000.0 * passWeight / totalWeight) / 100.0;
    }
  }
}
