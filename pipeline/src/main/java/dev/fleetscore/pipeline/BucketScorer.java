package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeScoreRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores one bucket end to end with no Beam in sight, so the pipeline's DoFn and the reference loop
 * run exactly the same code: merge-join the bucket's raw files ({@link EvidenceJoiner}), normalize
 * and evaluate node by node ({@link NodeScorer}), stream each node's rows into the bucket's
 * effective_settings, findings and node_scores files in the staging folder (named {@code
 * part-BBBBB-of-NNNNN.parquet} like the input bucket, rows in NodeKey order), and add counts,
 * quarantine rows and node summaries to the caller's aggregates. Memory is bounded by one node plus
 * the Parquet row groups being written.
 */
public final class BucketScorer {

  private final RunInfo run;
  private final NodeScorer scorer;

  public BucketScorer(Scoring scoring, RunInfo run) {
    this.run = run;
    this.scorer = new NodeScorer(scoring, run);
  }

  /**
   * Scores {@code files}; writes its node-level tables; adds to {@code agg} and, per cluster, to
   * {@code summaries}.
   */
  public void score(
      BucketFiles files,
      Function<String, ClusterFacts> clusters,
      FleetAggregate agg,
      Map<String, List<NodeSummary>> summaries) {
    String name = Warehouse.bucketFile(files.bucket(), files.bucketCount(), null);
    try (EvidenceJoiner joiner = new EvidenceJoiner(files, run);
        ParquetRows.Writer<EffectiveSettingRow> settings =
            ParquetRows.writer(
                BeamFiles.output(Staging.file(run, Table.EFFECTIVE_SETTINGS, name)),
                EffectiveSettingRow.class,
                run.runId());
        ParquetRows.Writer<FindingRow> findings =
            ParquetRows.writer(
                BeamFiles.output(Staging.file(run, Table.FINDINGS, name)),
                FindingRow.class,
                run.runId());
        ParquetRows.Writer<NodeScoreRow> scores =
            ParquetRows.writer(
                BeamFiles.output(Staging.file(run, Table.NODE_SCORES, name)),
                NodeScoreRow.class,
                run.runId())) {
      joiner.forEach(
          new EvidenceJoiner.Handler() {
            @Override
            public void evidence(NodeEvidence ev, String label) {
              agg.dumpIn();
              ScoreProgress.dump();
              NodeScorer.Result r = scorer.score(ev, clusters.apply(ev.getDump().getClusterId()));
              if (!r.scored()) {
                agg.quarantine(r.rejected());
                clusterSeen(ev.getDump().getClusterId());
                return;
              }
              try {
                for (EffectiveSettingRow s : r.settings()) {
                  settings.write(s);
                }
                for (FindingRow f : r.findings()) {
                  findings.write(f);
                }
                for (NodeScoreRow s : r.scores()) {
                  scores.write(s);
                }
              } catch (IOException e) {
                throw new UncheckedIOException("cannot write bucket " + name, e);
              }
              r.quarantined().forEach(agg::quarantine);
              agg.nodeScored(r.dump(), r.findings());
              summaries
                  .computeIfAbsent(r.dump().getClusterId(), k -> new ArrayList<>())
                  .add(r.summary());
            }

            @Override
            public void dumpRejected(QuarantineRow row) {
              agg.dumpIn();
              ScoreProgress.dump();
              agg.quarantine(row);
              clusterSeen(row.getClusterId());
            }

            /** Cluster rules run for every cluster of the snapshot, scored nodes or not. */
            private void clusterSeen(String clusterId) {
              if (clusterId != null) {
                summaries.computeIfAbsent(clusterId, k -> new ArrayList<>());
              }
            }

            @Override
            public void record(QuarantineRow row) {
              agg.quarantine(row);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bucket " + name + " of " + run.warehouse(), e);
    }
    ScoreProgress.bucketDone();
  }
}
