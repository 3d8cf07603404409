package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.bench.Bench;
import dev.fleetscore.normalize.EvidenceNormalizer;
import dev.fleetscore.rules.RuleEngine;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production scoring (real normalizer, bundled rule packs) used when a spec names no double,
 * run by both engines over a small synthetic fleet: counts reconcile and the packs judge the
 * planted weaknesses of the templates instead of passing everything.
 */
class RulePackScoringTest {

  @TempDir Path tmp;

  @Test
  void theDefaultSpecUsesTheRealNormalizerAndRuleEngine() {
    Scoring s = ScoringSpec.of(List.of(), null).load();
    assertInstanceOf(EvidenceNormalizer.class, s.normalizer());
    assertInstanceOf(RuleEngine.class, s.evaluator());
    assertTrue(
        s.evaluator().frameworks().stream().anyMatch(f -> f.startsWith("cis-kubernetes")),
        s.evaluator().frameworks().toString());
  }

  @Test
  void bothEnginesScoreASyntheticFleetWithTheBundledPacks() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Bench.Measurement> m =
        Bench.run(
            new Bench.Options(
                600,
                7,
                tmp,
                List.of(ScoreRun.Engine.REFERENCE, ScoreRun.Engine.DIRECT),
                2,
                ScoringSpec.of(List.of(), null)),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(m.get(0).nodesScored(), m.get(1).nodesScored());
    Path wh = tmp.resolve("fleet-n600-s7/warehouse");
    FleetSummaryRow all =
        LocalTables.readAll(wh, Table.FLEET_SUMMARY, Bench.DATE, FleetSummaryRow.class).get(0);
    assertEquals(all.getDumpsIn(), all.getNodesScored() + all.getNodesQuarantined());
    assertTrue(all.getNodesScored() >= 595, "scored " + all.getNodesScored());
    List<ClusterComplianceRow> cc =
        LocalTables.readAll(wh, Table.CLUSTER_COMPLIANCE, Bench.DATE, ClusterComplianceRow.class);
    assertTrue(
        cc.stream().anyMatch(r -> r.getFailCount() > 0),
        "the bundled packs fail something on the synthetic templates");
    assertTrue(cc.stream().anyMatch(r -> r.getPassCount() > 0));
  }
}
