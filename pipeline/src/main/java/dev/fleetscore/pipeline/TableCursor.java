package dev.fleetscore.pipeline;

import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.NodeKey;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rows of one node-bucketed table in one bucket, streamed in {@link NodeKey} order and then by
 * run label: a k-way merge of the bucket's files (usually one). Each file must already be sorted by
 * NodeKey, as the contract requires; a file that is not is a {@link UserError}, because the merge
 * join would otherwise silently lose rows.
 */
final class TableCursor<T extends SpecificRecord> implements Closeable {

  /** A row with its key and the label of the file it came from. */
  record Keyed<T>(NodeKey key, String label, T row) {}

  private static final Comparator<Source<?>> ORDER =
      Comparator.<Source<?>, NodeKey>comparing(s -> s.head.key(), NodeKey.ORDER)
          .thenComparing(s -> s.head.label())
          .thenComparingInt(s -> s.index);

  private final Table table;
  private final PriorityQueue<Source<T>> queue = new PriorityQueue<>(ORDER);
  private final List<Source<T>> all = new ArrayList<>();

  TableCursor(Table table, Class<T> type, List<String> paths, Function<T, NodeKey> keyOf) {
    this.table = table;
    int i = 0;
    try {
      for (String p : paths) {
        Source<T> s =
            new Source<>(
                i++, p, BucketFiles.label(p), ParquetRows.reader(BeamFiles.input(p), type), keyOf);
        all.add(s);
        if (s.advance()) {
          queue.add(s);
        }
      }
    } catch (IOException e) {
      close();
      throw new UserError("cannot read " + table.tableName() + " file: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  Table table() {
    return table;
  }

  Keyed<T> peek() {
    Source<T> s = queue.peek();
    return s == null ? null : s.head;
  }

  Keyed<T> next() {
    Source<T> s = queue.poll();
    if (s == null) {
      return null;
    }
    Keyed<T> out = s.head;
    if (s.advance()) {
      queue.add(s);
    }
    return out;
  }

  @Override
  public void close() {
    for (Source<T> s : all) {
      try {
        s.reader.close();
      } catch (IOException e) {
        // Closing a file we only read cannot lose data; the read itself reported any problem.
      }
    }
  }

  static TableCursor<NodeDumpRow> dumps(List<String> paths) {
    return new TableCursor<>(
        Table.NODE_DUMPS,
        NodeDumpRow.class,
        paths,
        r -> new NodeKey(r.getClusterId(), r.getNodeName(), r.getDumpId()));
  }

  static TableCursor<ProcessRow> processes(List<String> paths) {
    return new TableCursor<>(
        Table.PROCESSES,
        ProcessRow.class,
        paths,
        r -> new NodeKey(r.getClusterId(), r.getNodeName(), r.getDumpId()));
  }

  static TableCursor<ConfigFileRow> configFiles(List<String> paths) {
    return new TableCursor<>(
        Table.CONFIG_FILES,
        ConfigFileRow.class,
        paths,
        r -> new NodeKey(r.getClusterId(), r.getNodeName(), r.getDumpId()));
  }

  static TableCursor<CertificateRow> certificates(List<String> paths) {
    return new TableCursor<>(
        Table.CERTIFICATES,
        CertificateRow.class,
        paths,
        r -> new NodeKey(r.getClusterId(), r.getNodeName(), r.getDumpId()));
  }

  static TableCursor<FileStatRow> fileStats(List<String> paths) {
    return new TableCursor<>(
        Table.FILE_STATS,
        FileStatRow.class,
        paths,
        r -> new NodeKey(r.getClusterId(), r.getNodeName(), r.getDumpId()));
  }

  /** Errors not tied to a dump (none belong in bucket files) sort first, as dump id "". */
  static TableCursor<CollectionErrorRow> collectionErrors(List<String> paths) {
    return new TableCursor<>(
        Table.COLLECTION_ERRORS,
        CollectionErrorRow.class,
        paths,
        r ->
            new NodeKey(
                r.getClusterId(), r.getNodeName(), r.getDumpId() == null ? "" : r.getDumpId()));
  }

  private static final class Source<T> {
    final int index;
    final String path;
    final String label;
    final ParquetRows.Reader<T> reader;
    final Function<T, NodeKey> keyOf;
    Keyed<T> head;

    Source(
        int index,
        String path,
        String label,
        ParquetRows.Reader<T> reader,
        Function<T, NodeKey> keyOf) {
      this.index = index;
      this.path = path;
      this.label = label;
      this.reader = reader;
      this.keyOf = keyOf;
    }

    boolean advance() {
      boolean more;
      try {
        more = reader.hasNext();
      } catch (UncheckedIOException e) {
        throw new UserError("cannot read " + path + ": " + e.getCause().getMessage(), e);
      }
      if (!more) {
        head = null;
        return false;
      }
      T row = reader.next();
      NodeKey k = keyOf.apply(row);
      if (head != null && NodeKey.ORDER.compare(head.key(), k) > 0) {
        throw new UserError(
            path
                + " is not sorted by (cluster_id, node_name, dump_id): "
                + k
                + " follows "
                + head.key()
                + "; the importer must write bucket files in that order");
      }
      head = new Keyed<>(k, label, row);
      return true;
    }
  }
}
