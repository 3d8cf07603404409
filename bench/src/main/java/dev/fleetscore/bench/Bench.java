package dev.fleetscore.bench;

import dev.fleetscore.common.HeapSampler;
import dev.fleetscore.demo.evidence.NodeTemplates;
import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.pipeline.ScoringSpec;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code fleetscore bench}: generates (or reuses, cached by node count and seed) a raw snapshot of
 * N nodes with {@link SyntheticFleet}, then scores the same files on each requested engine in turn,
 * in this JVM: the plain-Java reference loop (single thread, same reading, same outputs written),
 * the DirectRunner and the embedded FlinkRunner. For each it reports wall time, nodes per second,
 * peak heap (sampled every 20 ms) and the ratio to the reference loop.
 */
public final class Bench {

  public static final LocalDate DATE = LocalDate.of(2026, 1, 15);

  /** What to run. */
  public record Options(
      int nodes,
      long seed,
      Path dir,
      List<ScoreRun.Engine> engines,
      int parallelism,
      ScoringSpec scoring,
      int largestCluster) {

    /** The default layout: about 250 nodes per cluster. */
    public Options(
        int nodes,
        long seed,
        Path dir,
        List<ScoreRun.Engine> engines,
        int parallelism,
        ScoringSpec scoring) {
      this(nodes, seed, dir, engines, parallelism, scoring, SyntheticFleet.NODES_PER_CLUSTER);
    }
  }

  /** One engine's figures. */
  public record Measurement(
      ScoreRun.Engine engine, long millis, long peakHeapBytes, long nodesScored) {
    public double nodesPerSecond() {
      return nodesScored * 1000.0 / Math.max(1, millis);
    }
  }

  private Bench() {}

  public static List<Measurement> run(Options o, PrintStream out) {
    Path warehouse = rawSnapshot(o.nodes(), o.seed(), o.largestCluster(), o.dir(), out);
    List<Measurement> results = new ArrayList<>();
    for (ScoreRun.Engine e : o.engines()) {
      System.gc();
      HeapSampler heap = new HeapSampler();
      heap.start();
      ScoreRun.Result r;
      long t = System.nanoTime();
      try {
        r =
            ScoreRun.run(
                new ScoreRun.Request(
                    warehouse.toString(), DATE, null, e, null, o.parallelism(), 1.0, null),
                o.scoring());
      } finally {
        heap.finish();
      }
      long ms = (System.nanoTime() - t) / 1_000_000;
      Measurement m = new Measurement(e, ms, heap.peak(), r.totals().getNodesScored());
      results.add(m);
      out.printf(
          Locale.ROOT,
          "  %-13s %8.1f s %10.0f nodes/s  peak heap %6d MiB%n",
          e.runnerName(),
          ms / 1000.0,
          m.nodesPerSecond(),
          m.peakHeapBytes() >> 20);
    }
    out.println(table(results));
    return results;
  }

  /**
   * The folder of the generated raw snapshot of {@code nodes} nodes under {@code dir}, written on
   * first use and reused afterwards (a {@code _COMPLETE} marker tells a finished one).
   */
  public static Path rawSnapshot(int nodes, long seed, Path dir, PrintStream out) {
    return rawSnapshot(nodes, seed, SyntheticFleet.NODES_PER_CLUSTER, dir, out);
  }

  /**
   * As {@link #rawSnapshot(int, long, Path, PrintStream)}, with a first cluster of {@code
   * largestCluster} nodes (cached in its own folder, {@code fleet-nN-sS-cL}, unless it is the
   * default 250).
   */
  public static Path rawSnapshot(
      int nodes, long seed, int largestCluster, Path dir, PrintStream out) {
    Path fleet =
        dir.resolve(
            "fleet-n"
                + nodes
                + "-s"
                + seed
                + (largestCluster == SyntheticFleet.NODES_PER_CLUSTER
                    ? ""
                    : "-c" + largestCluster));
    Path warehouse = fleet.resolve("warehouse");
    Path done = fleet.resolve("_COMPLETE");
    if (!Files.exists(done)) {
      deleteTree(fleet);
      long t = System.nanoTime();
      out.printf(Locale.ROOT, "generating a raw snapshot of %d nodes in %s ...%n", nodes, fleet);
      long dumps =
          new SyntheticFleet(DATE, nodes, seed, NodeTemplates.standard(), largestCluster)
              .write(warehouse);
      write(done, dumps + " dumps\n");
      out.printf(
          Locale.ROOT, "  %d dumps written in %.1f s%n", dumps, (System.nanoTime() - t) / 1e9);
    } else {
      out.printf(Locale.ROOT, "reusing the raw snapshot in %s%n", fleet);
    }
    return warehouse;
  }

  /**
   * The warehouse of {@link #rawSnapshot} with its output tables for {@link #DATE}: scored with the
   * reference loop unless a previous run committed them (fleet_summary, committed last, is there).
   */
  public static Path scoredSnapshot(
      int nodes, long seed, Path dir, ScoringSpec scoring, PrintStream out) {
    Path warehouse = rawSnapshot(nodes, seed, dir, out);
    if (!LocalTables.files(warehouse, Table.FLEET_SUMMARY, DATE).isEmpty()) {
      out.printf(Locale.ROOT, "reusing its output tables of %s%n", DATE);
      return warehouse;
    }
    long t = System.nanoTime();
    out.printf(Locale.ROOT, "scoring it with the reference loop ...%n");
    ScoreRun.Result r =
        ScoreRun.run(
            new ScoreRun.Request(
                warehouse.toString(), DATE, null, ScoreRun.Engine.REFERENCE, null, 1, 1.0, null),
            scoring);
    out.printf(
        Locale.ROOT,
        "  %d nodes scored in %.1f s%n",
        r.totals().getNodesScored(),
        (System.nanoTime() - t) / 1e9);
    return warehouse;
  }

  /** The results as a table, with each engine's time relative to the reference loop. */
  public static String table(List<Measurement> ms) {
    Measurement ref =
        ms.stream().filter(m -> m.engine() == ScoreRun.Engine.REFERENCE).findFirst().orElse(null);
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%-13s %10s %12s %14s %12s%n",
            "runner",
            "wall s",
            "nodes/s",
            "peak heap MiB",
            "x reference"));
    for (Measurement m : ms) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-13s %10.1f %12.0f %14d %12s%n",
              m.engine().runnerName(),
              m.millis() / 1000.0,
              m.nodesPerSecond(),
              m.peakHeapBytes() >> 20,
              ref == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", (double) m.millis() / ref.millis())));
    }
    return sb.toString();
  }

  private static void write(Path p, String s) {
    try {
      Files.writeString(p, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
