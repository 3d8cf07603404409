package dev.fleetscore.pipeline;

import dev.fleetscore.schema.QuarantineRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Shared setup of the per-transform tests: a fixture warehouse, its plan and run. */
final class TransformTestSupport {

  private TransformTestSupport() {}

  record Fixture(SnapshotPlan plan, RunInfo run) {}

  static Fixture day1(Path tmp) throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    FixtureFleet.write(tmp, FixtureFleet.DAY1, false);
    String root = ScoreRun.warehouseRoot(tmp.toString());
    LocalDate d = FixtureFleet.DAY1;
    return new Fixture(
        SnapshotPlan.plan(root, d), new RunInfo(root, d, d.toString(), "test", "DirectRunner"));
  }

  static FleetAggregate merge(Iterable<FleetAggregate> parts) {
    FleetAggregate all = new FleetAggregate();
    parts.forEach(all::merge);
    return all;
  }

  /** Reason codes of the quarantine rows, sorted, e.g. "DUMP:DUPLICATE_NODE". */
  static List<String> codes(FleetAggregate a) {
    List<String> out = new ArrayList<>();
    for (QuarantineRow q : a.quarantine) {
      out.add(q.getRecordKind() + ":" + q.getReasonCode());
    }
    out.sort(null);
    return out;
  }

  static TreeMap<String, Long> count(List<String> xs) {
    TreeMap<String, Long> m = new TreeMap<>();
    xs.forEach(x -> m.merge(x, 1L, Long::sum));
    return m;
  }
}
