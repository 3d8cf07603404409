package dev.fleetscore.pipeline;

import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.QuarantineRow;
import java.time.Instant;
import java.util.Comparator;

/**
 * Builds quarantine rows, so every stage words its rejections the same way, and defines the table's
 * row order: cluster, node (nulls first), record key, stage, reason code, reason.
 */
public final class Quarantines {

  private Quarantines() {}

  /** Stages (quarantine.stage). */
  public static final String IMPORT = "IMPORT";

  public static final String JOIN = "JOIN";
  public static final String NORMALIZE = "NORMALIZE";
  public static final String CLOUD = "CLOUD";

  /** Record kinds; DUMP and NODE mean the node is not scored. */
  public static final String DUMP = "DUMP";

  public static final String NODE = "NODE";
  public static final String FILE = "FILE";
  public static final String CLOUD_RECORD = "CLOUD_RECORD";
  public static final String COLLECTION_ERROR = "COLLECTION_ERROR";

  private static final Comparator<String> NF = Comparator.nullsFirst(Comparator.naturalOrder());

  public static final Comparator<QuarantineRow> ORDER =
      Comparator.comparing(QuarantineRow::getClusterId, NF)
          .thenComparing(QuarantineRow::getNodeName, NF)
          .thenComparing(QuarantineRow::getRecordKey)
          .thenComparing(QuarantineRow::getStage)
          .thenComparing(QuarantineRow::getReasonCode)
          .thenComparing(QuarantineRow::getReason);

  /** Whether a row stands for a whole dump or node that was not scored. */
  public static boolean isNodeLevel(QuarantineRow q) {
    return DUMP.equals(q.getRecordKind()) || NODE.equals(q.getRecordKind());
  }

  public static QuarantineRow row(
      RunInfo run,
      String clusterId,
      String nodeName,
      Instant collectedAt,
      String stage,
      String kind,
      String key,
      String code,
      String reason,
      String source) {
    return new QuarantineRow(
        run.snapshotId(),
        run.snapshotDate(),
        clusterId,
        nodeName,
        collectedAt,
        run.producerVersion(),
        stage,
        kind,
        key,
        code,
        reason,
        source);
  }

  /** A whole dump, not scored: REJECTED_DUMP, DUPLICATE_NODE. */
  public static QuarantineRow dump(
      RunInfo run, NodeDumpRow d, String stage, String code, String reason) {
    return row(
        run,
        d.getClusterId(),
        d.getNodeName(),
        d.getCollectedAt(),
        stage,
        DUMP,
        d.getDumpId(),
        code,
        reason,
        d.getSource());
  }

  /**
   * A collection_errors row: the evidence it concerns is lost or doubtful, but its node (if any) is
   * still scored.
   */
  public static QuarantineRow collectionError(RunInfo run, CollectionErrorRow e) {
    String key =
        (e.getDumpId() != null ? e.getDumpId() : e.getSource())
            + (e.getPath() != null ? ":" + e.getPath() : "");
    return row(
        run,
        e.getClusterId(),
        e.getNodeName(),
        e.getCollectedAt(),
        e.getDumpId() != null ? IMPORT : CLOUD,
        COLLECTION_ERROR,
        key,
        e.getErrorCode(),
        e.getSeverity() + " in " + e.getStage() + ": " + e.getMessage(),
        e.getSource());
  }
}
