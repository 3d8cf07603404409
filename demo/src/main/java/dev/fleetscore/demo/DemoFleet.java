package dev.fleetscore.demo;

import dev.fleetscore.common.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;

/**
 * The demo fleet generator: realistic node dumps of every kind fleetscore reads (GKE COS, EKS AL2,
 * AL2023 and Bottlerocket, AKS, kubeadm workers and control plane, k3s with and without drop-ins),
 * each cluster with its own PKI, a controlled share of misconfigurations, certificate defects and
 * broken dumps, plus the GKE/EKS/kubectl exports of the same clusters, all listed in a manifest.
 *
 * <p>Input: a {@link FleetSpec}. Output of {@link #write}: a folder holding {@code fleet.json} (the
 * manifest), {@code dumps/<cluster>/<node>.tar.gz} (or directories) and {@code exports/} with its
 * {@code index.json}. Guarantees: the same spec gives the same bytes; no private key or token is
 * ever written; generation streams (memory does not grow with the fleet) and runs on several
 * threads. {@link #dumps} and {@link #dump} give the same dumps in memory, for benchmarks.
 */
public final class DemoFleet {

  /** How dumps are written. */
  public enum Format {
    TAR_GZ,
    DIRECTORY
  }

  /** Writing options that do not change the content. */
  public record Options(Format format, int threads) {
    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
    }

    public static Options defaults() {
      return new Options(Format.TAR_GZ, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
  }

  /** What {@link #write} produced. */
  public record Result(
      Path dir, long dumps, long dumpBytes, int exportFiles, Map<String, Long> plantedByCode) {}

  /** A dump to generate: node {@code node} of cluster {@code cluster}, in one variant. */
  record DumpRef(int cluster, int node, NodeDump.Variant variant) {}

  private DemoFleet() {}

  /** Writes the fleet into {@code dir}, which must not exist or be empty. */
  public static Result write(Path dir, FleetSpec spec) {
    return write(dir, spec, Options.defaults());
  }

  public static Result write(Path dir, FleetSpec spec, Options options) {
    try {
      prepare(dir);
      Path tmp = dir.resolve(".fleet.json.tmp");
      Result result;
      try (OutputStream out = Files.newOutputStream(tmp);
          FleetManifest manifest = new FleetManifest(out)) {
        String format = options.format() == Format.TAR_GZ ? "tar.gz" : "directory";
        manifest.start(spec, format);
        long bytes = writeDumps(dir, spec, options, manifest);
        manifest.startClusters();
        int exportFiles = writeExports(dir, spec, manifest);
        manifest.finish(exportFiles);
        result =
            new Result(
                dir,
                spec.dumpCount(),
                bytes,
                exportFiles,
                Collections.unmodifiableMap(new TreeMap<>(manifest.plantedCounts())));
      }
      Files.move(tmp, dir.resolve("fleet.json"), StandardCopyOption.REPLACE_EXISTING);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the demo fleet to " + dir + " failed", e);
    }
  }

  private static void prepare(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new UserError(dir + " exists and is not a directory");
      }
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new UserError(dir + " is not empty; the demo fleet needs an empty or new folder");
        }
      }
    }
    Files.createDirectories(dir.resolve("dumps"));
  }

  private static long writeDumps(Path dir, FleetSpec spec, Options options, FleetManifest manifest)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(options.threads(), daemonThreads());
    PkiCache pkis = new PkiCache(spec);
    ArrayDeque<Future<Written>> window = new ArrayDeque<>();
    int max = options.threads() * 8;
    long bytes = 0;
    try {
      Iterator<DumpRef> refs = refs(spec);
      while (refs.hasNext() || !window.isEmpty()) {
        while (refs.hasNext() && window.size() < max) {
          DumpRef ref = refs.next();
          window.add(pool.submit(() -> writeOne(dir, spec, options, pkis, ref)));
        }
        Written w = await(window.poll());
        manifest.dump(w.dump(), w.path(), w.size());
        bytes += w.size();
      }
    } finally {
      pool.shutdownNow();
    }
    return bytes;
  }

  private record Written(NodeDump dump, String path, long size) {}

  private static Written writeOne(
      Path dir, FleetSpec spec, Options options, PkiCache pkis, DumpRef ref) throws IOException {
    NodeDump d = generate(spec, pkis, ref);
    if (options.format() == Format.TAR_GZ) {
      byte[] archive = DumpArchive.tarGz(d.entries(), d.collectedAt());
      Path file = dir.resolve(d.name() + ".tar.gz");
      Files.createDirectories(file.getParent());
      Files.write(file, archive);
      return new Written(strip(d), d.name() + ".tar.gz", archive.length);
    }
    DumpArchive.writeDirectory(dir.resolve(d.name()), d);
    return new Written(strip(d), d.name() + "/", d.totalBytes());
  }

  /** The dump without its entries, so the write window holds metadata only. */
  private static NodeDump strip(NodeDump d) {
    TreeMap<String, byte[]> names = new TreeMap<>();
    d.entries().keySet().forEach(k -> names.put(k, new byte[0]));
    return new NodeDump(
        d.name(),
        d.clusterId(),
        d.nodeName(),
        d.kind(),
        d.nodePool(),
        d.zone(),
        d.kubeletVersion(),
        d.collectedAt(),
        d.variant(),
        names,
        d.planted(),
        d.expectedKubelet());
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating the demo fleet", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "demo-fleet");
      t.setDaemon(true);
      return t;
    };
  }

  private static int writeExports(Path dir, FleetSpec spec, FleetManifest manifest)
      throws IOException {
    List<CloudExports.ExportFile> index = new ArrayList<>();
    Map<String, List<Map<String, Object>>> gkeByProject = new TreeMap<>();
    List<CloudExports.ClusterExports> all = new ArrayList<>();
    for (int c = 0; c < spec.clusters(); c++) {
      all.add(CloudExports.of(spec, ClusterPlan.of(spec, c)));
    }
    all.add(CloudExports.autopilot(spec));
    for (CloudExports.ClusterExports ce : all) {
      if (spec.cloudExports()) {
        for (CloudExports.ExportFile f : ce.files()) {
          writeText(dir.resolve(f.path()), f.content());
          index.add(f);
        }
        if (ce.gkeCluster() != null) {
          gkeByProject
              .computeIfAbsent(ce.gkeProject(), p -> new ArrayList<>())
              .add(ce.gkeCluster());
        }
        manifest.cluster(ce);
      } else {
        manifest.cluster(
            new CloudExports.ClusterExports(
                ce.clusterId(),
                ce.provider(),
                ce.name(),
                ce.version(),
                ce.dumpNodes(),
                ce.inventoryNodes(),
                List.of(),
                ce.planted(),
                null,
                null));
      }
    }
    if (!spec.cloudExports()) {
      return 0;
    }
    for (Map.Entry<String, List<Map<String, Object>>> e : gkeByProject.entrySet()) {
      CloudExports.ExportFile f = CloudExports.gkeList(e.getKey(), e.getValue());
      writeText(dir.resolve(f.path()), f.content());
      index.add(f);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    index.sort((a, b) -> a.path().compareTo(b.path()));
    for (CloudExports.ExportFile f : index) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", f.path().substring("exports/".length()));
      row.put("kind", f.kind());
      row.put("cluster_id", f.clusterId());
      row.put("command", f.command());
      rows.add(row);
    }
    writeText(
        dir.resolve("exports/index.json"),
        Formats.json(Formats.map("format", "fleetscore-demo-exports/1", "files", rows), 2, true));
    return index.size() + 1;
  }

  private static void writeText(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Every dump of the fleet, in manifest order, generated lazily on the calling thread. */
  public static Iterator<NodeDump> dumps(FleetSpec spec) {
    Iterator<DumpRef> refs = refs(spec);
    PkiCache pkis = new PkiCache(spec);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return refs.hasNext();
      }

      @Override
      public NodeDump next() {
        return generate(spec, pkis, refs.next());
      }
    };
  }

  /** The normal dump of node {@code node} of cluster {@code cluster}, generated on its own. */
  public static NodeDump dump(FleetSpec spec, int cluster, int node) {
    if (cluster < 0 || cluster >= spec.clusters() || node < 0 || node >= spec.nodesPerCluster()) {
      throw new IllegalArgumentException(
          "no node " + node + " in cluster " + cluster + " of " + spec);
    }
    return generate(spec, new PkiCache(spec), new DumpRef(cluster, node, NodeDump.Variant.NORMAL));
  }

  private static NodeDump generate(FleetSpec spec, PkiCache pkis, DumpRef ref) {
    ClusterPki pki = pkis.get(ref.cluster());
    return NodeGenerator.generate(spec, pki.cluster, pki, ref.node(), ref.variant());
  }

  /**
   * Dump order: cluster by cluster, node by node; the broken extras (an earlier duplicate, a copy
   * without meta.env) right after the node they copy.
   */
  static Iterator<DumpRef> refs(FleetSpec spec) {
    int n = spec.nodesPerCluster();
    int[] duplicate = spec.clusters() > 1 && n > 1 ? new int[] {1, 1} : new int[] {0, 0};
    int[] noMeta =
        spec.clusters() > 4 && n > 2 ? new int[] {4, 2} : new int[] {spec.clusters() - 1, n - 1};
    return new Iterator<>() {
      private int c;
      private int j;
      private final ArrayDeque<DumpRef> extras = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        return !extras.isEmpty() || c < spec.clusters();
      }

      @Override
      public DumpRef next() {
        if (!extras.isEmpty()) {
          return extras.poll();
        }
        if (c >= spec.clusters()) {
          throw new NoSuchElementException();
        }
        DumpRef ref = new DumpRef(c, j, NodeDump.Variant.NORMAL);
        if (spec.brokenDumps()) {
          if (c == duplicate[0] && j == duplicate[1]) {
            extras.add(new DumpRef(c, j, NodeDump.Variant.EARLIER_DUPLICATE));
          }
          if (c == noMeta[0] && j == noMeta[1]) {
            extras.add(new DumpRef(c, j, NodeDump.Variant.NO_META));
          }
        }
        if (++j == n) {
          j = 0;
          c++;
        }
        return ref;
      }
    };
  }

  /** Cluster PKIs for the clusters being generated; dumps arrive cluster by cluster. */
  private static final class PkiCache {
    private final FleetSpec spec;
    private final Map<Integer, ClusterPki> recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, ClusterPki> eldest) {
            return size() > 8;
          }
        };

    PkiCache(FleetSpec spec) {
      this.spec = spec;
    }

    ClusterPki get(int cluster) {
      synchronized (recent) {
        ClusterPki p = recent.get(cluster);
        if (p != null) {
          return p;
        }
      }
      // Built outside the lock; two threads racing build equal PKIs, either is fine.
      ClusterPki p = ClusterPki.of(ClusterPlan.of(spec, cluster));
      synchronized (recent) {
        recent.putIfAbsent(cluster, p);
        return recent.get(cluster);
      }
    }
  }
}
