package dev.fleetscore.pipeline;

import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.NodeKey;
import dev.fleetscore.schema.ProcessRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.io.Closeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * JoinEvidenceByNode, for one bucket: merge-joins the bucket's node_dumps, processes, config_files,
 * certificates, file_stats and collection_errors files on {@link NodeKey} in one streaming pass (no
 * shuffle, memory bounded by one node), and hands each dump to a {@link Handler}: the evidence of
 * every dump that will be scored, a DUMP quarantine row for every other dump, and record-level
 * quarantine rows.
 *
 * <p>Guarantees: every node_dumps row yields exactly one {@code evidence} or {@code dumpRejected}
 * call. REJECTED dumps (and accepted ones without a cluster or node) are REJECTED_DUMP. Several
 * dumps of one (cluster, node): the newest collected_at is kept (ties: smallest dump_id, then
 * smallest run label) and the others are DUPLICATE_NODE. Every collection_errors row becomes a
 * COLLECTION_ERROR record; rows of other tables whose dump is not in the bucket are ORPHAN_ROW
 * records. Rows of a dump are told apart from another import of the same dump by the file label.
 */
final class EvidenceJoiner implements Closeable {

  /** Receives the join's results in NodeKey order. */
  interface Handler {
    void evidence(NodeEvidence evidence, String label);

    void dumpRejected(QuarantineRow row);

    void record(QuarantineRow row);
  }

  static final String ACCEPTED = "ACCEPTED";
  static final String IGNORED = "IGNORED";

  private static final Comparator<TableCursor.Keyed<NodeDumpRow>> NEWEST_FIRST =
      Comparator.<TableCursor.Keyed<NodeDumpRow>, Instant>comparing(
              k -> k.row().getCollectedAt(), Comparator.nullsFirst(Comparator.reverseOrder()))
          .thenComparing(k -> k.row().getDumpId())
          .thenComparing(TableCursor.Keyed::label);

  private final RunInfo run;
  private final int bucket;
  private final TableCursor<NodeDumpRow> dumps;
  private final TableCursor<ProcessRow> processes;
  private final TableCursor<ConfigFileRow> configs;
  private final TableCursor<CertificateRow> certs;
  private final TableCursor<FileStatRow> stats;
  private final TableCursor<CollectionErrorRow> errors;
  private final List<TableCursor<?>> others;

  EvidenceJoiner(BucketFiles files, RunInfo run) {
    this.run = run;
    this.bucket = files.bucket();
    List<TableCursor<?>> opened = new ArrayList<>();
    try {
      dumps = add(opened, TableCursor.dumps(files.of(Table.NODE_DUMPS)));
      processes = add(opened, TableCursor.processes(files.of(Table.PROCESSES)));
      configs = add(opened, TableCursor.configFiles(files.of(Table.CONFIG_FILES)));
      certs = add(opened, TableCursor.certificates(files.of(Table.CERTIFICATES)));
      stats = add(opened, TableCursor.fileStats(files.of(Table.FILE_STATS)));
      errors = add(opened, TableCursor.collectionErrors(files.of(Table.COLLECTION_ERRORS)));
    } catch (RuntimeException e) {
      opened.forEach(TableCursor::close);
      throw e;
    }
    others = List.of(processes, configs, certs, stats, errors);
  }

  private static <C extends TableCursor<?>> C add(List<TableCursor<?>> opened, C c) {
    opened.add(c);
    return c;
  }

  /** Streams the whole bucket through {@code h}. */
  void forEach(Handler h) {
    TableCursor.Keyed<NodeDumpRow> first;
    while ((first = dumps.next()) != null) {
      if (IGNORED.equals(first.row().getStatus())) {
        // A file the importer found beside the dumps and did not read: not a dump, not counted.
        continue;
      }
      List<TableCursor.Keyed<NodeDumpRow>> group = new ArrayList<>();
      group.add(first);
      NodeKey start = first.key();
      boolean named = start.clusterId() != null && start.nodeName() != null;
      while (named && dumps.peek() != null && dumps.peek().key().sameNode(start)) {
        group.add(dumps.next());
      }
      for (TableCursor<?> c : others) {
        drainBefore(c, start, h);
      }
      TableCursor.Keyed<NodeDumpRow> winner =
          group.stream().filter(EvidenceJoiner::scorable).min(NEWEST_FIRST).orElse(null);
      for (TableCursor.Keyed<NodeDumpRow> d : group) {
        if (!scorable(d)) {
          h.dumpRejected(rejected(d.row()));
        } else if (d != winner) {
          h.dumpRejected(duplicate(d, winner));
        }
      }
      Function<NodeKey, Boolean> inGroup =
          named
              ? k -> k.sameNode(start)
              : k ->
                  k.clusterId() == null
                      && k.nodeName() == null
                      && k.dumpId().equals(start.dumpId());
      List<ProcessRow> p = take(processes, group, winner, inGroup, h);
      List<ConfigFileRow> c = take(configs, group, winner, inGroup, h);
      List<CertificateRow> ce = take(certs, group, winner, inGroup, h);
      List<FileStatRow> s = take(stats, group, winner, inGroup, h);
      List<CollectionErrorRow> e = take(errors, group, winner, inGroup, h);
      if (winner != null) {
        h.evidence(new NodeEvidence(winner.row(), p, c, ce, s, e), winner.label());
      }
    }
    for (TableCursor<?> c : others) {
      drainBefore(c, null, h);
    }
  }

  private static boolean scorable(TableCursor.Keyed<NodeDumpRow> d) {
    NodeDumpRow r = d.row();
    return ACCEPTED.equals(r.getStatus()) && r.getClusterId() != null && r.getNodeName() != null;
  }

  /** Rows of the group: the winner's are returned; other dumps' are covered by their DUMP row. */
  private <T extends SpecificRecord> List<T> take(
      TableCursor<T> c,
      List<TableCursor.Keyed<NodeDumpRow>> group,
      TableCursor.Keyed<NodeDumpRow> winner,
      Function<NodeKey, Boolean> inGroup,
      Handler h) {
    List<T> out = new ArrayList<>();
    while (c.peek() != null && inGroup.apply(c.peek().key())) {
      TableCursor.Keyed<T> r = c.next();
      boolean error = r.row() instanceof CollectionErrorRow;
      if (error) {
        h.record(Quarantines.collectionError(run, (CollectionErrorRow) r.row()));
      }
      if (winner != null && belongs(r, winner)) {
        out.add(r.row());
      } else if (!error && group.stream().noneMatch(d -> belongs(r, d))) {
        orphan(c, r, h);
      }
    }
    return out;
  }

  private static boolean belongs(TableCursor.Keyed<?> r, TableCursor.Keyed<NodeDumpRow> d) {
    return r.key().dumpId().equals(d.key().dumpId()) && r.label().equals(d.label());
  }

  /** Rows sorting before {@code start} (or all remaining, when null) have no dump here. */
  private <T extends SpecificRecord> void drainBefore(TableCursor<T> c, NodeKey start, Handler h) {
    while (c.peek() != null
        && (start == null || NodeKey.ORDER.compare(c.peek().key(), start) < 0)) {
      orphan(c, c.next(), h);
    }
  }

  private <T extends SpecificRecord> void orphan(
      TableCursor<T> c, TableCursor.Keyed<T> r, Handler h) {
    if (r.row() instanceof CollectionErrorRow ce) {
      // Every collection error is quarantined as such, whether or not its dump is here.
      h.record(Quarantines.collectionError(run, ce));
      return;
    }
    NodeKey k = r.key();
    h.record(
        Quarantines.row(
            run,
            k.clusterId(),
            k.nodeName(),
            (Instant) r.row().get(r.row().getSchema().getField("collected_at").pos()),
            Quarantines.JOIN,
            Quarantines.FILE,
            k.dumpId() + ":" + c.table().tableName() + ":" + naturalKey(r.row()),
            "ORPHAN_ROW",
            c.table().tableName()
                + " row of dump "
                + k.dumpId()
                + (r.label().isEmpty() ? "" : " (run " + r.label() + ")")
                + " has no node_dumps row in bucket "
                + bucket
                + "; it was not used",
            null));
  }

  private static String naturalKey(Object row) {
    if (row instanceof ProcessRow p) {
      return p.getSourcePath() + (p.getLineNumber() == null ? "" : "#" + p.getLineNumber());
    } else if (row instanceof ConfigFileRow c) {
      return c.getPath();
    } else if (row instanceof CertificateRow c) {
      return c.getPath() + "#" + c.getBundleIndex();
    } else if (row instanceof FileStatRow s) {
      return s.getPath();
    }
    return String.valueOf(row);
  }

  private QuarantineRow rejected(NodeDumpRow d) {
    boolean accepted = ACCEPTED.equals(d.getStatus());
    return Quarantines.dump(
        run,
        d,
        Quarantines.IMPORT,
        accepted ? "MISSING_NODE_IDENTITY" : "REJECTED_DUMP",
        accepted
            ? "accepted dump without a cluster or node name cannot be scored"
            : "the importer rejected the dump: "
                + (d.getRejectReason() == null ? "no reason given" : d.getRejectReason()));
  }

  private QuarantineRow duplicate(
      TableCursor.Keyed<NodeDumpRow> dropped, TableCursor.Keyed<NodeDumpRow> winner) {
    NodeDumpRow d = dropped.row();
    NodeDumpRow kept = winner.row();
    if (d.getDumpId().equals(kept.getDumpId())) {
      QuarantineRow q =
          Quarantines.dump(
              run,
              d,
              Quarantines.JOIN,
              "DUPLICATE_NODE",
              "the same dump was imported again (run '"
                  + dropped.label()
                  + "'); the copy from run '"
                  + winner.label()
                  + "' was scored");
      q.setRecordKey(d.getDumpId() + "@" + dropped.label());
      return q;
    }
    return Quarantines.dump(
        run,
        d,
        Quarantines.JOIN,
        "DUPLICATE_NODE",
        "another dump of node "
            + d.getNodeName()
            + " in cluster "
            + d.getClusterId()
            + " was scored: "
            + kept.getDumpId()
            + " (collected_at "
            + kept.getCollectedAt()
            + "); the newest collected_at wins, ties go to the smallest dump_id");
  }

  @Override
  public void close() {
    dumps.close();
    others.forEach(TableCursor::close);
  }
}
