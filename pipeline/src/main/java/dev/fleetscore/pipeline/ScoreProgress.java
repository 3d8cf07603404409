package dev.fleetscore.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the score runs of this JVM are: buckets done of the plan's total and dumps read. The
 * bucket scorer counts here whichever runs it (the reference loop, the DirectRunner or an embedded
 * Flink cluster, all in this process; a remote Flink cluster's workers count in their own JVMs, so
 * a run there shows no progress). Read only by the CLI's progress line on stderr; never part of an
 * output, so it cannot make two runs' files differ.
 */
public final class ScoreProgress {

  /** A consistent-enough reading for a progress line. */
  public record Reading(long bucketsDone, long bucketsTotal, long dumps) {}

  private static final AtomicLong TOTAL = new AtomicLong();
  private static final AtomicLong DONE = new AtomicLong();
  private static final AtomicLong DUMPS = new AtomicLong();

  private ScoreProgress() {}

  /** A run planned {@code buckets} buckets; the counts start again. */
  static void start(long buckets) {
    DONE.set(0);
    DUMPS.set(0);
    TOTAL.set(buckets);
  }

  static void dump() {
    DUMPS.incrementAndGet();
  }

  static void bucketDone() {
    DONE.incrementAndGet();
  }

  public static Reading read() {
    return new Reading(DONE.get(), TOTAL.get(), DUMPS.get());
  }
}
