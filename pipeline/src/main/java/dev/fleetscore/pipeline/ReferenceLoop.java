package dev.fleetscore.pipeline;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The plain-Java reference: the same snapshot, the same reading ({@link CloudTables}, {@link
 * BucketScorer}), the same normalizer and rule engine, the same aggregation and the same files
 * written to staging, in one thread and with no Beam. It is the baseline the benchmark measures
 * Beam's overhead against, and its output must equal the pipeline's byte for byte.
 */
public final class ReferenceLoop {

  private ReferenceLoop() {}

  public static void run(SnapshotPlan plan, RunInfo run, Scoring scoring) {
    FleetAggregate agg = CloudTables.misplaced(plan.misplacedFiles(), run);
    CloudSnapshot cloud = CloudSnapshot.read(CloudSnapshot.files(plan), run);
    agg.merge(cloud.aggregate());
    Map<String, ClusterFacts> facts = new HashMap<>();
    cloud.clusters().forEach((id, in) -> facts.put(id, in.facts()));
    BucketScorer scorer = new BucketScorer(scoring, run);
    Map<String, List<NodeSummary>> summaries = new HashMap<>();
    for (BucketFiles b : plan.buckets()) {
      scorer.score(b, id -> facts.computeIfAbsent(id, ClusterFacts::empty), agg, summaries);
    }
    TreeSet<String> clusters = new TreeSet<>(summaries.keySet());
    clusters.addAll(cloud.clusters().keySet());
    for (String id : clusters) {
      ClusterFacts f = facts.computeIfAbsent(id, ClusterFacts::empty);
      agg.clusterScored(
          id, ClusterScorer.score(scoring, run, f, summaries.getOrDefault(id, List.of())));
      agg.rbacAccess(RbacAccessRows.of(run, f));
    }
    List<ControlSummaryRow> previous = new ArrayList<>();
    for (String f : plan.previousControlSummary()) {
      try {
        previous.addAll(ParquetRows.readAll(BeamFiles.input(f), ControlSummaryRow.class));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read previous control_summary " + f, e);
      }
    }
    SummaryTables t =
        SummaryTables.build(
            agg,
            previous,
            plan.previousDate(),
            scoring.evaluator().frameworks(),
            scoring.evaluator().packVersions(),
            run);
    SummaryWriter.write(t, plan.bucketCount(), run);
  }
}
