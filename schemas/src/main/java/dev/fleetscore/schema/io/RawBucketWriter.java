package dev.fleetscore.schema.io;

import dev.fleetscore.pipeline.BeamFiles;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes raw node evidence in the importer's bucketed layout: for one bucket, one file per
 * node-bucketed raw table, rows in NodeKey order. For benchmarks and test fixtures, which write a
 * whole snapshot directly (no staging); the importer proper lives in the collectors.
 */
public final class RawBucketWriter implements Closeable {

  public static final Comparator<NodeEvidence> ORDER =
      Comparator.comparing(RawBucketWriter::key, NodeKey.ORDER);

  private final ParquetRows.Writer<NodeDumpRow> dumps;
  private final ParquetRows.Writer<ProcessRow> processes;
  private final ParquetRows.Writer<ConfigFileRow> configs;
  private final ParquetRows.Writer<CertificateRow> certs;
  private final ParquetRows.Writer<FileStatRow> stats;
  private final ParquetRows.Writer<CollectionErrorRow> errors;
  private NodeKey last;

  public RawBucketWriter(String warehouse, LocalDate date, int bucket, int count, String label)
      throws IOException {
    String name = Warehouse.bucketFile(bucket, count, label);
    dumps = open(warehouse, date, Table.NODE_DUMPS, name, NodeDumpRow.class);
    processes = open(warehouse, date, Table.PROCESSES, name, ProcessRow.class);
    configs = open(warehouse, date, Table.CONFIG_FILES, name, ConfigFileRow.class);
    certs = open(warehouse, date, Table.CERTIFICATES, name, CertificateRow.class);
    stats = open(warehouse, date, Table.FILE_STATS, name, FileStatRow.class);
    errors = open(warehouse, date, Table.COLLECTION_ERRORS, name, CollectionErrorRow.class);
  }

  private static <T extends SpecificRecord> ParquetRows.Writer<T> open(
      String warehouse, LocalDate date, Table t, String name, Class<T> type) throws IOException {
    return ParquetRows.writer(
        BeamFiles.output(Warehouse.partition(warehouse, t, date) + "/" + name), type);
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

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Closeable c : new Closeable[] {dumps, processes, configs, certs, stats, errors}) {
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
   * for {@link Warehouse#bucketCountFor}), each bucket's dumps sorted.
   */
  public static void writeAll(
      String warehouse, LocalDate date, String label, int count, List<NodeEvidence> all)
      throws IOException {
    int n = count > 0 ? count : Warehouse.bucketCountFor(all.size());
    TreeMap<Integer, List<NodeEvidence>> byBucket = new TreeMap<>();
    for (NodeEvidence e : all) {
      byBucket.computeIfAbsent(Warehouse.bucketOf(key(e), n), b -> new ArrayList<>()).add(e);
    }
    for (var entry : byBucket.entrySet()) {
      List<NodeEvidence> list = new ArrayList<>(entry.getValue());
      list.sort(ORDER);
      try (RawBucketWriter w = new RawBucketWriter(warehouse, date, entry.getKey(), n, label)) {
        for (NodeEvidence e : list) {
          w.write(e);
        }
      }
    }
  }

  /** Writes one per-source file of a cloud table. */
  public static <T extends SpecificRecord> void writeSource(
      String warehouse, LocalDate date, Table t, String fileName, Class<T> type, List<T> rows)
      throws IOException {
    ParquetRows.write(
        BeamFiles.output(Warehouse.partition(warehouse, t, date) + "/" + fileName), type, rows);
  }
}
