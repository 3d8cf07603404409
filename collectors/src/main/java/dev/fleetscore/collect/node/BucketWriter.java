package dev.fleetscore.collect.node;

import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes one bucket of the six node-bucketed raw tables into their staging folders, one file per
 * table named {@code part-B-of-N-label.parquet}. Dumps must come in NodeKey order (the pipeline's
 * merge join refuses anything else), each dump's rows already in their natural order.
 */
final class BucketWriter implements Closeable {

  private final ParquetRows.Writer<NodeDumpRow> dumps;
  private final ParquetRows.Writer<ProcessRow> processes;
  private final ParquetRows.Writer<ConfigFileRow> configs;
  private final ParquetRows.Writer<CertificateRow> certs;
  private final ParquetRows.Writer<FileStatRow> stats;
  private final ParquetRows.Writer<CollectionErrorRow> errors;

  BucketWriter(Map<Table, LocalTables.Staging> staging, String fileName, String runId)
      throws IOException {
    dumps = open(staging, Table.NODE_DUMPS, fileName, NodeDumpRow.class, runId);
    processes = open(staging, Table.PROCESSES, fileName, ProcessRow.class, runId);
    configs = open(staging, Table.CONFIG_FILES, fileName, ConfigFileRow.class, runId);
    certs = open(staging, Table.CERTIFICATES, fileName, CertificateRow.class, runId);
    stats = open(staging, Table.FILE_STATS, fileName, FileStatRow.class, runId);
    errors = open(staging, Table.COLLECTION_ERRORS, fileName, CollectionErrorRow.class, runId);
  }

  private static <T extends SpecificRecord> ParquetRows.Writer<T> open(
      Map<Table, LocalTables.Staging> staging, Table t, String name, Class<T> type, String runId)
      throws IOException {
    return ParquetRows.writer(ParquetRows.localOut(staging.get(t).file(name)), type, runId);
  }

  void write(NodeEvidence e) throws IOException {
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

  long[] rows() {
    return new long[] {
      dumps.rows(), processes.rows(), configs.rows(), certs.rows(), stats.rows(), errors.rows()
    };
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
}
