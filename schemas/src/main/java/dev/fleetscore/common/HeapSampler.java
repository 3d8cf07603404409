package dev.fleetscore.common;

/**
 * Samples the used heap every 20 ms on a daemon thread, for benchmarks. GC pauses make single
 * samples noisy; the peak is robust (it includes garbage, so it follows -Xmx more than need).
 */
public final class HeapSampler extends Thread {
  private volatile boolean running = true;
  private long peak;

  public HeapSampler() {
    super("bench-heap-sampler");
    setDaemon(true);
  }

  @Override
  public void run() {
    Runtime rt = Runtime.getRuntime();
    while (running) {
      peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops sampling and waits for the thread. */
  public void finish() {
    running = false;
    try {
      join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The largest used heap seen, in bytes. */
  public long peak() {
    return peak;
  }
}
