package dev.fleetscore.collect.node;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.ContentId;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RawBucketWriter;
import dev.fleetscore.schema.io.RunLock;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fleetscore collect import}: reads node dumps (folders and {@code .tar.gz} files, found
 * recursively under the paths given) in parallel and writes the raw node tables of one snapshot
 * date. Memory does not grow with the number of dumps: each dump's evidence is spilled to its
 * bucket's file as soon as it is read, then each bucket is sorted and written on its own. The
 * output is byte-identical whatever the thread count or the order of the inputs, and it is
 * committed only when complete (a crash leaves the previous import of the date untouched). Every
 * input yields exactly one node_dumps row; the same dump given twice is imported once and the copy
 * is a REJECTED row saying so. Every file found under an input folder is accounted for: it belongs
 * to a dump folder, is an archive read as a dump, or is an IGNORED row saying why it was not read.
 */
public final class ImportRun {

  /**
   * What to import.
   *
   * @param inputs dump folders, .tar.gz files, or folders holding them (searched recursively)
   * @param warehouse warehouse root folder
   * @param snapshotId written to every row (null: the date)
   * @param threads reader threads (0: the number of cores)
   * @param label file label, so several imports can share a date (files with the same label are
   *     replaced)
   * @param progress where to draw a progress line, or null for none
   */
  public record Request(
      List<Path> inputs,
      Path warehouse,
      LocalDate date,
      String snapshotId,
      int threads,
      String label,
      long maxFileBytes,
      PrintStream progress) {

    public static Request of(List<Path> inputs, Path warehouse, LocalDate date) {
      return new Request(
          inputs, warehouse, date, null, 0, "import", DumpReader.DEFAULT_MAX_FILE_BYTES, null);
    }
  }

  /** Counts of one import; dumpsIn = accepted + rejected; inputs = dumpsIn + ignored. */
  public record Result(
      long dumpsIn,
      long accepted,
      long rejected,
      long ignored,
      long duplicates,
      long dumpsWithErrors,
      int buckets,
      Map<String, Long> rows,
      Duration elapsed) {

    public String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "imported %d inputs in %.1f s: %d accepted, %d rejected (%d identical copies),"
                  + " %d ignored (not dumps), %d with collection errors; %d bucket%s%n",
              dumpsIn + ignored,
              elapsed.toMillis() / 1000.0,
              accepted,
              rejected,
              duplicates,
              ignored,
              dumpsWithErrors,
              buckets,
              buckets == 1 ? "" : "s"));
      rows.forEach((t, n) -> sb.append(String.format(Locale.ROOT, "  %-18s %10d rows%n", t, n)));
      return sb.toString();
    }
  }

  /**
   * One input: a dump to read (a folder or an archive, or one already in memory for the live
   * collector), or a path that is not one, written as a row with {@code status} and {@code reason}
   * (IGNORED for a file that is no dump, REJECTED for a folder that cannot be listed).
   */
  private record Input(Path path, String source, DumpFiles files, String status, String reason) {

    static Input dump(Path path, String source) {
      return new Input(path, source, null, null, null);
    }

    NodeEvidence read(DumpReader reader, String sid, LocalDate date) {
      if (status != null) {
        MessageDigest md = DumpFiles.sha256();
        md.update((status + "\0" + source).getBytes(StandardCharsets.UTF_8));
        return importRow(sid, date, HexFormat.of().formatHex(md.digest()), source, status, reason);
      }
      return files != null ? reader.read(files, source) : reader.read(path, source);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

  private ImportRun() {}

  public static Result run(Request req) {
    long start = System.nanoTime();
    checkLabel(req);
    List<Input> inputs = discover(req.inputs());
    if (inputs.stream().allMatch(i -> IGNORED.equals(i.status()))) {
      throw new UserError(
          "no node dumps (folders with meta.env or ps.txt, or .tar.gz, .tgz, .tar or .zip files)"
              + " under "
              + req.inputs()
              + (inputs.isEmpty()
                  ? ""
                  : "; " + inputs.size() + " other files, e.g. " + inputs.get(0).source()));
    }
    int n = Warehouse.bucketCountFor(inputs.size());
    checkBucketCount(req, n);
    return write(req, inputs, n, start);
  }

  /**
   * Writes one dump held in memory (the live collector), in the bucket count the date's other files
   * already use, so a node collected live joins a bulk import of the same date; {@code
   * req.inputs()} is ignored.
   */
  static Result runOne(Request req, String source, DumpFiles files) {
    long start = System.nanoTime();
    checkLabel(req);
    int n = existingBucketCount(req).orElse(Warehouse.bucketCountFor(1));
    return write(req, List.of(new Input(null, source, files, null, null)), n, start);
  }

  private static void checkLabel(Request req) {
    if (req.label() == null || !req.label().matches("[a-z0-9][a-z0-9_.]*")) {
      throw new UserError("--label must be lowercase letters, digits, '_' or '.'");
    }
  }

  @SuppressWarnings("try") // the lock is held for the whole body
  private static Result write(Request req, List<Input> inputs, int n, long start) {
    String sid = req.snapshotId() == null ? req.date().toString() : req.snapshotId();
    DumpReader reader =
        new DumpReader(new DumpReader.Snapshot(sid, req.date()), req.maxFileBytes());
    int threads = req.threads() > 0 ? req.threads() : Runtime.getRuntime().availableProcessors();
    RunScope scope = RunScope.importRun(req.date(), req.label());
    String attempt = UUID.randomUUID().toString();
    Path spill = req.warehouse().resolve(scope.newStagingName());
    Map<Table, LocalTables.Staging> staging = new EnumMap<>(Table.class);
    try (RunLock lock = RunLock.acquire(req.warehouse(), scope, attempt)) {
      cleanDeadRuns(req.warehouse(), scope);
      Files.createDirectories(spill);
      Spill[] buckets = new Spill[n];
      for (int b = 0; b < n; b++) {
        buckets[b] = new Spill(spill.resolve("bucket-" + b));
      }
      // One id per input (not its evidence): enough to find identical copies afterwards.
      String[] ids = new String[inputs.size()];
      Progress progress = new Progress(req.progress(), inputs.size());
      ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("fleetscore-import"));
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
          int index = i;
          futures.add(
              pool.submit(
                  () -> {
                    Input in = inputs.get(index);
                    NodeEvidence e = in.read(reader, sid, req.date());
                    ids[index] = e.getDump().getDumpId();
                    buckets[Warehouse.bucketOf(RawBucketWriter.key(e), n)].append(index, e);
                    progress.step();
                    return null;
                  }));
        }
        waitAll(futures);
        for (Spill s : buckets) {
          s.close();
        }
        progress.done("read");
        // Identical copies: the first input keeps the dump, the others become REJECTED rows.
        Map<Integer, List<NodeEvidence>> extra = new TreeMap<>();
        long duplicates = 0;
        Map<Integer, Boolean> losers = new ConcurrentHashMap<>();
        Integer[] byId = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
          byId[i] = i;
        }
        java.util.Arrays.sort(
            byId, Comparator.comparing((Integer i) -> ids[i]).thenComparing(i -> i));
        int winner = byId.length == 0 ? -1 : byId[0];
        for (int k = 1; k < byId.length; k++) {
          int i = byId[k];
          if (!ids[i].equals(ids[winner])) {
            winner = i;
          } else {
            losers.put(i, true);
            NodeEvidence dup =
                duplicateRow(
                    sid, req.date(), ids[i], inputs.get(i).source(), inputs.get(winner).source());
            extra
                .computeIfAbsent(
                    Warehouse.bucketOf(RawBucketWriter.key(dup), n), x -> new ArrayList<>())
                .add(dup);
            duplicates++;
          }
        }
        String runId = runId(req, sid, n, inputs, ids);
        for (Table t : Table.RAW_BUCKETED) {
          staging.put(t, LocalTables.stage(req.warehouse(), t, scope));
        }
        long[] totals = new long[Table.RAW_BUCKETED.size()];
        long[] counts = new long[4]; // accepted, rejected, with errors, ignored
        List<Future<?>> writes = new ArrayList<>();
        for (int b = 0; b < n; b++) {
          int bucket = b;
          writes.add(
              pool.submit(
                  () -> {
                    List<Spill.Entry> entries = buckets[bucket].readAll();
                    List<NodeEvidence> list = new ArrayList<>();
                    for (Spill.Entry en : entries) {
                      if (!losers.containsKey(en.index())) {
                        list.add(en.evidence());
                      }
                    }
                    list.addAll(extra.getOrDefault(bucket, List.of()));
                    list.sort(ORDER);
                    String name = Warehouse.bucketFile(bucket, n, req.label());
                    long acc = 0;
                    long rej = 0;
                    long err = 0;
                    long ign = 0;
                    RawBucketWriter w =
                        new RawBucketWriter(
                            (t, f) -> ParquetRows.localOut(staging.get(t).file(f)), name, runId);
                    try {
                      for (NodeEvidence e : list) {
                        w.write(e);
                        if ("ACCEPTED".equals(e.getDump().getStatus())) {
                          acc++;
                        } else if (IGNORED.equals(e.getDump().getStatus())) {
                          ign++;
                        } else {
                          rej++;
                        }
                        if (e.getDump().getErrorsCount() > 0) {
                          err++;
                        }
                      }
                    } finally {
                      w.close();
                    }
                    long[] r = w.rows();
                    synchronized (totals) {
                      for (int i = 0; i < r.length; i++) {
                        totals[i] += r[i];
                      }
                      counts[0] += acc;
                      counts[1] += rej;
                      counts[2] += err;
                      counts[3] += ign;
                    }
                    buckets[bucket].delete();
                    progress.step();
                    return null;
                  }));
        }
        waitAll(writes);
        String suffix = "-" + req.label() + ".parquet";
        Map<Table, List<Path>> committed = new EnumMap<>(Table.class);
        for (Table t : Table.RAW_BUCKETED) {
          committed.put(
              t,
              staging
                  .get(t)
                  .commit(
                      name ->
                          name.endsWith(suffix) && Warehouse.parseBucketFile(name).isPresent()));
        }
        RunRecord.ofLocal(scope, runId, committed).writeLocal(req.warehouse());
        Map<String, Long> rows = new LinkedHashMap<>();
        for (int i = 0; i < Table.RAW_BUCKETED.size(); i++) {
          rows.put(Table.RAW_BUCKETED.get(i).tableName(), totals[i]);
        }
        if (counts[0] + counts[1] + counts[3] != inputs.size()) {
          throw new IllegalStateException(
              "import lost inputs: "
                  + inputs.size()
                  + " in, "
                  + (counts[0] + counts[1] + counts[3])
                  + " written");
        }
        return new Result(
            counts[0] + counts[1],
            counts[0],
            counts[1],
            counts[3],
            duplicates,
            counts[2],
            n,
            rows,
            Duration.ofNanos(System.nanoTime() - start));
      } finally {
        pool.shutdownNow();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      staging.values().forEach(LocalTables.Staging::close);
      deleteTree(spill);
    }
  }

  /**
   * The content-derived id of an import: what decides its files (producer, date, snapshot id,
   * label, parse limit, bucket count, and every input's dump id, a hash of its content, with its
   * source name), not the order, the thread count or the clock.
   */
  private static String runId(Request req, String sid, int n, List<Input> inputs, String[] ids) {
    ContentId id =
        ContentId.of("import")
            .add(DumpReader.PRODUCER)
            .add(req.date().toString())
            .add(sid)
            .add(req.label())
            .add(req.maxFileBytes())
            .add(n);
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      parts.add(ids[i] + "\n" + inputs.get(i).source());
    }
    parts.sort(Comparator.naturalOrder());
    parts.forEach(id::add);
    return id.id();
  }

  /** Holding the lock: what staging and spill folders of this scope exist are from dead runs. */
  private static void cleanDeadRuns(Path warehouse, RunScope scope) {
    int n = LocalTables.cleanStaging(warehouse, scope);
    for (Table t : Table.RAW_BUCKETED) {
      n += LocalTables.cleanStaging(warehouse.resolve(t.tableName()), scope);
    }
    if (n > 0) {
      LOG.info("deleted {} staging folders of dead runs of the {}", n, scope);
    }
  }

  /** The pipeline's order: NodeKey, then accepted before rejected, then source. */
  static final Comparator<NodeEvidence> ORDER =
      RawBucketWriter.ORDER
          .thenComparing(e -> !"ACCEPTED".equals(e.getDump().getStatus()))
          .thenComparing(e -> e.getDump().getSource());

  private static NodeEvidence duplicateRow(
      String sid, LocalDate date, String id, String source, String winner) {
    return importRow(
        sid,
        date,
        id,
        source,
        "REJECTED",
        "DUPLICATE_DUMP: the same bytes as " + winner + ", imported once");
  }

  /** A node_dumps row the importer writes without reading a dump, and nothing else. */
  private static NodeEvidence importRow(
      String sid, LocalDate date, String id, String source, String status, String reason) {
    return NodeEvidence.newBuilder()
        .setDump(
            NodeDumpRow.newBuilder()
                .setSnapshotId(sid)
                .setSnapshotDate(date)
                .setProducerVersion(DumpReader.PRODUCER)
                .setDumpId(id)
                .setSource(source)
                .setStatus(status)
                .setRejectReason(reason)
                .setMeta(Map.of())
                .setFilesCount(0)
                .setBytesTotal(0)
                .setErrorsCount(0)
                .build())
        .setProcesses(List.of())
        .setConfigFiles(List.of())
        .setCertificates(List.of())
        .setFileStats(List.of())
        .setCollectionErrors(List.of())
        .build();
  }

  /** The status of a file found under an input folder that is not a dump. */
  static final String IGNORED = "IGNORED";

  /**
   * Finds the inputs under the paths given, sorted by the name they get in the tables: dump folders
   * and archives, and every other file found under a folder as an IGNORED input saying why.
   */
  static List<Input> discover(List<Path> roots) {
    Map<String, Input> out = new TreeMap<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        throw new UserError("no such file or folder: " + root);
      }
      Path base = root.toAbsolutePath().normalize().getParent();
      if (isDump(root) || Files.isRegularFile(root)) {
        add(out, Input.dump(root, source(root, base)));
        continue;
      }
      if (!Files.isDirectory(root)) {
        throw new UserError("not a file or folder: " + root);
      }
      try {
        Files.walkFileTree(root, new Finder(root, base, out));
      } catch (IOException e) {
        throw new UserError("cannot list " + root + ": " + e.getMessage(), e);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Walks one input folder; links are not followed into folders (a linked dump is read). */
  private static final class Finder extends SimpleFileVisitor<Path> {
    private final Path root;
    private final Path base;
    private final Map<String, Input> out;

    Finder(Path root, Path base, Map<String, Input> out) {
      this.root = root;
      this.base = base;
      this.out = out;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (!dir.equals(root) && isDump(dir)) {
        add(out, Input.dump(dir, source(dir, base)));
        return FileVisitResult.SKIP_SUBTREE;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      String source = source(file, base);
      String name = file.getFileName().toString();
      if (Files.isDirectory(file) && isDump(file)) {
        add(out, Input.dump(file, source));
      } else if (Files.isRegularFile(file) && DumpFiles.Archive.of(name) != null) {
        add(out, Input.dump(file, source));
      } else {
        add(out, new Input(file, source, null, IGNORED, ignoredBecause(file, name)));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      add(
          out,
          new Input(
              file,
              source(file, base),
              null,
              "REJECTED",
              "UNREADABLE: cannot list or read " + source(file, base) + ": " + e.getMessage()));
      return FileVisitResult.CONTINUE;
    }
  }

  private static String ignoredBecause(Path file, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".part") || n.endsWith(".partial") || n.endsWith(".crdownload")) {
      return "IGNORED_PARTIAL: "
          + name
          + " looks like an unfinished download or copy; import it once it is complete and renamed";
    }
    if (Files.isDirectory(file)) {
      return "IGNORED_LINK: a link to a folder that is not a dump; links are not followed";
    }
    if (!Files.isRegularFile(file)) {
      return "IGNORED_NOT_A_FILE: not a regular file (a dangling link, socket, pipe or device)";
    }
    return "IGNORED_NOT_A_DUMP: the importer reads dump folders (with meta.env or ps.txt) and"
        + " .tar.gz, .tgz, .tar and .zip archives; other files are listed here and not read";
  }

  private static String source(Path p, Path base) {
    Path abs = p.toAbsolutePath().normalize();
    return base == null ? abs.toString() : base.relativize(abs).toString().replace('\\', '/');
  }

  private static void add(Map<String, Input> out, Input in) {
    out.putIfAbsent(in.source(), in);
  }

  private static boolean isDump(Path p) {
    return Files.isDirectory(p)
        && (Files.exists(p.resolve("meta.env")) || Files.exists(p.resolve("ps.txt")));
  }

  /** The bucket count of the date's files with other labels, if there are any. */
  private static Optional<Integer> existingBucketCount(Request req) {
    String suffix = "-" + req.label() + ".parquet";
    for (Path f : LocalTables.visibleFiles(req.warehouse(), Table.NODE_DUMPS, req.date())) {
      String name = f.getFileName().toString();
      Optional<int[]> bn = Warehouse.parseBucketFile(name);
      if (bn.isPresent() && !name.endsWith(suffix)) {
        return Optional.of(bn.get()[1]);
      }
    }
    return Optional.empty();
  }

  /** All files of one partition must agree on the bucket count; other labels are kept. */
  private static void checkBucketCount(Request req, int n) {
    String suffix = "-" + req.label() + ".parquet";
    for (Path f : LocalTables.visibleFiles(req.warehouse(), Table.NODE_DUMPS, req.date())) {
      String name = f.getFileName().toString();
      Optional<int[]> bn = Warehouse.parseBucketFile(name);
      if (bn.isPresent() && bn.get()[1] != n && !name.endsWith(suffix)) {
        throw new UserError(
            "the node tables of "
                + req.date()
                + " already hold files of another import in "
                + bn.get()[1]
                + " buckets ("
                + name
                + "); this import needs "
                + n
                + ": import everything of a date with one label, or remove those files");
      }
    }
  }

  private static void waitAll(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("import interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        if (c instanceof Error er) {
          throw er;
        }
        throw new IllegalStateException(c);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

  /** One bucket's evidence in the order it was read, as Avro binary, on disk. */
  private static final class Spill {
    record Entry(int index, NodeEvidence evidence) {}

    private final Path file;
    private DataOutputStream out;
    private final SpecificDatumWriter<NodeEvidence> writer =
        new SpecificDatumWriter<>(NodeEvidence.class);
    private BinaryEncoder encoder;
    private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(1 << 14);

    Spill(Path file) {
      this.file = file;
    }

    synchronized void append(int index, NodeEvidence e) throws IOException {
      if (out == null) {
        out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
      }
      buf.reset();
      encoder = EncoderFactory.get().binaryEncoder(buf, encoder);
      writer.write(e, encoder);
      encoder.flush();
      out.writeInt(index);
      out.writeInt(buf.size());
      buf.writeTo(out);
    }

    synchronized void close() throws IOException {
      if (out != null) {
        out.close();
        out = null;
      }
    }

    List<Entry> readAll() throws IOException {
      List<Entry> list = new ArrayList<>();
      if (!Files.exists(file)) {
        return list;
      }
      SpecificDatumReader<NodeEvidence> reader = new SpecificDatumReader<>(NodeEvidence.class);
      BinaryDecoder dec = null;
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
        while (true) {
          int index;
          try {
            index = in.readInt();
          } catch (EOFException eof) {
            break;
          }
          byte[] b = new byte[in.readInt()];
          in.readFully(b);
          dec = DecoderFactory.get().binaryDecoder(b, dec);
          list.add(new Entry(index, reader.read(null, dec)));
        }
      }
      return list;
    }

    void delete() throws IOException {
      Files.deleteIfExists(file);
    }
  }

  /** A progress line on a terminal, redrawn at most twice a second; silent otherwise. */
  private static final class Progress {
    private final PrintStream out;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final long start = System.nanoTime();
    private volatile long lastDraw;

    Progress(PrintStream out, long total) {
      this.out = out;
      this.total = total;
    }

    void step() {
      long d = done.incrementAndGet();
      if (out == null) {
        return;
      }
      long now = System.nanoTime();
      if (now - lastDraw > 500_000_000L) {
        lastDraw = now;
        double s = (now - start) / 1e9;
        synchronized (this) {
          out.printf(Locale.ROOT, "\r  %d/%d dumps, %.0f/s   ", d, total, d / Math.max(s, 1e-3));
          out.flush();
        }
      }
    }

    void done(String what) {
      if (out != null) {
        out.printf(Locale.ROOT, "\r  %s %d dumps%30s%n", what, total, "");
        out.flush();
      }
      done.set(0);
    }
  }
}
