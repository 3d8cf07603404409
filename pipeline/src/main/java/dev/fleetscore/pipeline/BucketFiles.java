package dev.fleetscore.pipeline;

import dev.fleetscore.schema.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The raw files of one bucket of a snapshot: for each node-bucketed raw table, the files holding
 * bucket {@code bucket} of {@code bucketCount} (several when several import runs wrote it, told
 * apart by their label). The pipeline's unit of work: one element per bucket.
 *
 * @param bucket bucket number
 * @param bucketCount buckets of the snapshot
 * @param files table name to file paths, sorted by name
 */
public record BucketFiles(int bucket, int bucketCount, SortedMap<String, List<String>> files)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public BucketFiles {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    files.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    files = copy;
  }

  public List<String> of(Table t) {
    return files.getOrDefault(t.tableName(), List.of());
  }

  public static BucketFiles of(int bucket, int count, Map<Table, List<String>> byTable) {
    TreeMap<String, List<String>> m = new TreeMap<>();
    byTable.forEach((t, v) -> m.put(t.tableName(), v));
    return new BucketFiles(bucket, count, m);
  }

  /**
   * The run label of a bucket file ({@code part-00003-of-00008-run2.parquet} has {@code run2}),
   * empty when it has none. Rows of one dump carry the same label in every table.
   */
  public static String label(String path) {
    String name = BeamFiles.fileName(path);
    String base = name.substring(0, name.length() - ".parquet".length());
    int prefix = "part-00000-of-00000".length();
    return base.length() > prefix ? base.substring(prefix + 1) : "";
  }
}
