package dev.fleetscore.schema.io;

import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.NodeKey;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.io.OutputFile;

/**
 * Writes one bucket of the node-bucketed raw tables ({@link Table#RAW_BUCKETED}): one file per
 * table, each stamped with the id of the run that wrote it ({@link ParquetRows#RUN_ID_KEY}) so that
 * readers can hold it to the run's completion record ({@link RunRecord}). Dumps must come in {@link
 * NodeKey} order, each dump's rows already in their natural order: the pipeline's merge join
 * refuses anything else, so the writer refuses it first. The importer writes through it into its
 * staging folders; the synthetic benchmark fleet and test fixtures write whole snapshots with
 * {@link #writeAll}.
 */
public final class RawBucketWriter implements Closeable {

  /** Where one file of a bucket goes. */
  @FunctionalInterface
  public interface Destination {
    OutputFile of(Table table, String fileName) throws IOException;
  }

  public static final Comparator<NodeEvidence> ORDER =
      Comparator.comparing(RawBucketWriter::key, NodeKey.ORDER);

  private final Map<Table, ParquetRows.Writer<?>> writers = new EnumMap<>(Table.class);
  private final ParquetRows.Writer<NodeDumpRow> dumps;
  private final ParquetRows.Writer<ProcessRow> processes;
  private final ParquetRows.Writer<ConfigFileRow> configs;
  private final ParquetRows.Writer<CertificateRow> certs;
  private final ParquetRows.Writer<FileStatRow> stats;
  private final ParquetRows.Writer<CollectionErrorRow> errors;
  private NodeKey last;

  /** Opens the bucket's file {@code fileName} of every table, stamped with {@code runId}. */
  public RawBucketWriter(Destination files, String fileName, String runId) throws IOException {
    try {
      dumps = open(files, Table.NODE_DUMPS, fileName, NodeDumpRow.class, runId);
      processes = open(files, Table.PROCESSES, fileName, ProcessRow.class, runId);
      configs = open(files, Table.CONFIG_FILES, fileName, ConfigFileRow.class, runId);
      certs = open(files, Table.CERTIFICATES, fileName, CertificateRow.class, runId);
      stats = open(files, Table.FILE_STATS, fileName, FileStatRow.class, runId);
      errors = open(files, Table.COLLECTION_ERRORS, fileName, CollectionErrorRow.class, runId);
    } catch (IOException | RuntimeException e) {
      try {
        close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private <T extends SpecificRecord> ParquetRows.Writer<T> open(
      Destination files, Table t, String name, Class<T> type, String runId) throws IOException {
    ParquetRows.Writer<T> w = ParquetRows.writer(files.of(t, name), type, runId);
    writers.put(t, w);
    return w;
  }

  /** Files in {@code <warehouse>/<table>/snapshot_date=<date>/}, folders created as needed. */
  public static Destination local(Path warehouse, LocalDate date) {
    return (t, name) -> {
      Path dir = LocalTables.partition(warehouse, t, date);
      Files.createDirectories(dir);
      return ParquetRows.localOut(dir.resolve(name));
    };
  }

  public static NodeKey key(NodeEvidence e) {
    NodeDumpRow d = e.getDump();
    return new NodeKey(d.getClusterId(), d.getNodeName(), d.getDumpId());
  }

  /** Appends one dump; dumps must come in NodeKey order. */
  public void write(NodeEvidence e) throws IOException {
    NodeKey k = key(e);
    if (last != null && NodeKey.ORDER.compare(last, k) > 0) {
      throw new IllegalArgumentException("dumps out of NodeKey order: " + k + " after " + last);
    }
    last = k;
    dumps.write(e.getDump());
    for (ProcessRow r : e.getProcesses()) {
      processes.write(r);
    }
    for (ConfigFileRow r : e.getConfigFiles()) {
      configs.write(r);
    }
    for (CertificateRow r : e.getCertificates()) {
      certs.write(r);
    }
    for (FileStatRow r : e.getFileStats()) {
      stats.write(r);
    }
    for (CollectionErrorRow r : e.getCollectionErrors()) {
      errors.write(r);
    }
  }

  /** Rows written so far per table, in {@link Table#RAW_BUCKETED} order. */
  public long[] rows() {
    long[] r = new long[Table.RAW_BUCKETED.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = writers.get(Table.RAW_BUCKETED.get(i)).rows();
    }
    return r;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Closeable c : writers.values()) {
      try {
        c.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Writes a small snapshot whole: buckets by {@link Warehouse#bucketOf}, {@code count} buckets (0
   * for {@link Warehouse#bucketCountFor}), each bucket's dumps sorted, every file stamped with
   * {@code runId} (null for none). Returns the files written per table, as names in bucket order.
   */
  public static Map<Table, List<String>> writeAll(
      Destination files, String label, int count, List<NodeEvidence> all, String runId)
      throws IOException {
    int n = count > 0 ? count : Warehouse.bucketCountFor(all.size());
    TreeMap<Integer, List<NodeEvidence>> byBucket = new TreeMap<>();
    for (NodeEvidence e : all) {
      byBucket.computeIfAbsent(Warehouse.bucketOf(key(e), n), b -> new ArrayList<>()).add(e);
    }
    Map<Table, List<String>> written = new EnumMap<>(Table.class);
    for (var entry : byBucket.entrySet()) {
      List<NodeEvidence> list = new ArrayList<>(entry.getValue());
      list.sort(ORDER);
      String name = Warehouse.bucketFile(entry.getKey(), n, label);
      try (RawBucketWriter w = new RawBucketWriter(files, name, runId)) {
        for (NodeEvidence e : list) {
          w.write(e);
        }
      }
      for (Table t : Table.RAW_BUCKETED) {
        written.computeIfAbsent(t, x -> new ArrayList<>()).add(name);
      }
    }
    return written;
  }
}
