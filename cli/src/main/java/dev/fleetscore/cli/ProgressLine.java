package dev.fleetscore.cli;

import dev.fleetscore.pipeline.ScoreProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line of {@code score} on stderr: buckets done of the total, nodes read and nodes per
 * second. On a terminal it is redrawn in place at most twice a second; forced onto a stream that is
 * not a terminal ({@code --progress}) it is a new line at most every ten seconds. The last reading
 * is always drawn when the run ends. Never written to stdout or to a file the run produces.
 */
final class ProgressLine implements AutoCloseable {

  static final long TERMINAL_EVERY_NANOS = 500_000_000L;
  static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private long lastDraw = Long.MIN_VALUE;
  private String last = "";
  private Thread ticker;

  ProgressLine(PrintWriter err, boolean terminal, LongSupplier clock) {
    this.err = err;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
  }

  /** Starts a daemon thread that draws the line; null when the line is off. */
  static ProgressLine start(PrintWriter err, boolean quiet, boolean forced) {
    boolean terminal = System.console() != null;
    if (quiet || !(terminal || forced)) {
      return null;
    }
    ProgressLine p = new ProgressLine(err, terminal, System::nanoTime);
    p.ticker =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(100);
                  p.tick(ScoreProgress.read());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fleetscore-progress");
    p.ticker.setDaemon(true);
    p.ticker.start();
    return p;
  }

  /** Draws {@code r} when the rate limit allows; returns whether it drew. */
  synchronized boolean tick(ScoreProgress.Reading r) {
    long now = clock.getAsLong();
    long every = terminal ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS;
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < every) {
      return false;
    }
    String text = render(r, now - start);
    if (text.equals(last)) {
      return false;
    }
    lastDraw = now;
    draw(text, false);
    return true;
  }

  /** The final reading, always drawn, ending the line. */
  synchronized void finish(ScoreProgress.Reading r) {
    draw(render(r, clock.getAsLong() - start), true);
  }

  private void draw(String text, boolean end) {
    last = text;
    if (terminal) {
      // Pad over a longer previous line; \r redraws in place.
      err.print("\r" + text + "   " + (end ? System.lineSeparator() : ""));
    } else {
      err.println(text);
    }
    err.flush();
  }

  static String render(ScoreProgress.Reading r, long elapsedNanos) {
    double s = Math.max(elapsedNanos / 1e9, 1e-3);
    return String.format(
        Locale.ROOT,
        "  scoring: %d/%d buckets, %d nodes, %.0f nodes/s",
        r.bucketsDone(),
        r.bucketsTotal(),
        r.dumps(),
        r.dumps() / s);
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.interrupt();
      try {
        ticker.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
