package dev.fleetscore.collect.node;

import dev.fleetscore.common.HeapSampler;
import dev.fleetscore.demo.DemoFleet;
import dev.fleetscore.demo.FleetSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The importer's benchmark: generates (once, cached by size and seed) a demo fleet of about N
 * dumps, then times in one JVM a plain single-threaded reference loop (read and parse every dump,
 * no tables written) and the real import (parallel read, spill, sort, Parquet, commit), printing
 * dumps per second, peak heap and the ratio.
 */
public final class ImportBench {

  /** One timed engine. */
  public record Measurement(String engine, long dumps, long millis, long peakHeapBytes) {
    double perSecond() {
      return dumps * 1000.0 / Math.max(1, millis);
    }
  }

  private ImportBench() {}

  public static List<Measurement> run(
      int dumps, long seed, Path dir, int threads, PrintStream out) {
    int perCluster = 50;
    int clusters = Math.max(1, (dumps + perCluster - 1) / perCluster);
    LocalDate date = FleetSpec.DEFAULT_SNAPSHOT_DATE;
    Path fleet = dir.resolve("dumps-n" + dumps + "-s" + seed);
    Path done = fleet.resolve("_COMPLETE");
    if (!Files.exists(done)) {
      deleteTree(fleet);
      out.printf(
          Locale.ROOT,
          "generating %d clusters x %d nodes in %s ...%n",
          clusters,
          perCluster,
          fleet);
      DemoFleet.Result g = DemoFleet.write(fleet, FleetSpec.of(clusters, perCluster, seed, date));
      out.printf(Locale.ROOT, "  %d dumps, %d MiB%n", g.dumps(), g.dumpBytes() >> 20);
      try {
        Files.writeString(done, "");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      out.println("reusing " + fleet);
    }
    Path dumpsDir = fleet.resolve("dumps");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dumpsDir)) {
      files = s.filter(p -> p.toString().endsWith(".tar.gz")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DumpReader reader =
        new DumpReader(
            new DumpReader.Snapshot(date.toString(), date), DumpReader.DEFAULT_MAX_FILE_BYTES);
    System.gc();
    HeapSampler h1 = new HeapSampler();
    h1.start();
    long t0 = System.nanoTime();
    long rows = 0;
    for (Path f : files) {
      rows += reader.read(f, f.toString()).getConfigFiles().size();
    }
    long refMs = (System.nanoTime() - t0) / 1_000_000;
    h1.finish();
    Measurement ref =
        new Measurement("reference (1 thread, no write)", files.size(), refMs, h1.peak());
    out.printf(
        Locale.ROOT,
        "  %-32s %8.1f s %8.0f dumps/s  peak heap %6d MiB  (%d config rows)%n",
        ref.engine(),
        refMs / 1000.0,
        ref.perSecond(),
        ref.peakHeapBytes() >> 20,
        rows);
    Path wh = dir.resolve("warehouse-n" + dumps);
    deleteTree(wh);
    System.gc();
    HeapSampler h2 = new HeapSampler();
    h2.start();
    ImportRun.Result r =
        ImportRun.run(
            new ImportRun.Request(
                List.of(dumpsDir),
                wh,
                date,
                null,
                threads,
                "import",
                DumpReader.DEFAULT_MAX_FILE_BYTES,
                null));
    h2.finish();
    Measurement imp =
        new Measurement(
            "fleetscore collect import", r.dumpsIn(), r.elapsed().toMillis(), h2.peak());
    out.printf(
        Locale.ROOT,
        "  %-32s %8.1f s %8.0f dumps/s  peak heap %6d MiB  (%d buckets)%n",
        imp.engine(),
        imp.millis() / 1000.0,
        imp.perSecond(),
        imp.peakHeapBytes() >> 20,
        r.buckets());
    out.printf(
        Locale.ROOT,
        "%nimport / reference wall time: %.2f (threads %d, %d cores)%n",
        imp.millis() / (double) Math.max(1, refMs),
        threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
        Runtime.getRuntime().availableProcessors());
    return List.of(ref, imp);
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
