package dev.fleetscore.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where tables live: {@code <warehouse>/<table>/snapshot_date=YYYY-MM-DD/<file>.parquet}, Hive
 * style, so DuckDB, Trino and Spark prune partitions by date. Node-level tables are split into
 * buckets by a stable hash of (cluster, node), so every table's rows for one node are in the same
 * bucket number, and the pipeline joins a node's evidence without a shuffle.
 *
 * <p>Paths are strings joined with '/', so they work for local folders and for Beam file systems
 * ({@code gs://}, {@code s3://}) alike.
 */
public final class Warehouse {

  public static final String PARTITION_KEY = "snapshot_date";
  private static final Pattern BUCKET_FILE =
      Pattern.compile("part-(\\d{5})-of-(\\d{5})(?:-([A-Za-z0-9_.]+))?\\.parquet");

  /** Target nodes per bucket; buckets are the pipeline's unit of parallel work. */
  public static final int NODES_PER_BUCKET = 2048;

  public static final int MAX_BUCKETS = 4096;

  private Warehouse() {}

  /** {@code <root>/<table>/snapshot_date=<date>} with no trailing slash. */
  public static String partition(String root, Table table, LocalDate date) {
    return join(root, table.tableName(), PARTITION_KEY + "=" + date);
  }

  /** {@code <root>/<table>} with no trailing slash. */
  public static String tableDir(String root, Table table) {
    return join(root, table.tableName());
  }

  public static String join(String base, String... parts) {
    StringBuilder sb = new StringBuilder(stripSlash(base));
    for (String p : parts) {
      sb.append('/').append(p);
    }
    return sb.toString();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  /** File name of bucket {@code bucket} of {@code count}, with an optional run label. */
  public static String bucketFile(int bucket, int count, String label) {
    if (bucket < 0 || bucket >= count || count > 99_999) {
      throw new IllegalArgumentException("bucket " + bucket + " of " + count);
    }
    String base = String.format("part-%05d-of-%05d", bucket, count);
    return (label == null || label.isEmpty() ? base : base + "-" + label) + ".parquet";
  }

  /** The (bucket, count) encoded in a bucketed file's name, if it is one. */
  public static Optional<int[]> parseBucketFile(String fileName) {
    Matcher m = BUCKET_FILE.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
  }

  /** How many buckets a snapshot of {@code dumps} node dumps is written in: a power of two. */
  public static int bucketCountFor(long dumps) {
    long wanted = Math.max(1, (dumps + NODES_PER_BUCKET - 1) / NODES_PER_BUCKET);
    int n = 1;
    while (n < wanted && n < MAX_BUCKETS) {
      n <<= 1;
    }
    return n;
  }

  /**
   * The bucket of a node: a stable hash (first 8 bytes of SHA-256) of cluster and node, or of the
   * dump id for a rejected dump that has neither.
   */
  public static int bucketOf(NodeKey key, int count) {
    String basis =
        key.clusterId() != null && key.nodeName() != null
            ? key.clusterId() + "\n" + key.nodeName()
            : "dump\n" + key.dumpId();
    return Math.floorMod(hash64(basis), count);
  }

  static long hash64(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
