package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.UserError;
import dev.fleetscore.demo.evidence.NodeTemplate;
import dev.fleetscore.demo.evidence.NodeTemplates;
import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.internal.NodeEvidence;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RawBucketWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge join of one bucket: which dump wins, what is quarantined, what is refused. */
class EvidenceJoinerTest {

  @TempDir Path tmp;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  record Seen(List<NodeEvidence> scored, List<QuarantineRow> dumps, List<QuarantineRow> records) {}

  Seen join(BucketFiles files) {
    RunInfo run = new RunInfo(tmp.toString(), FixtureFleet.DAY1, "s", "r", "DirectRunner");
    Seen s = new Seen(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    try (EvidenceJoiner j = new EvidenceJoiner(files, run)) {
      j.forEach(
          new EvidenceJoiner.Handler() {
            @Override
            public void evidence(NodeEvidence evidence, String label) {
              s.scored().add(evidence);
            }

            @Override
            public void dumpRejected(QuarantineRow row) {
              s.dumps().add(row);
            }

            @Override
            public void record(QuarantineRow row) {
              s.records().add(row);
            }
          });
    }
    return s;
  }

  BucketFiles bucket0() {
    return SnapshotPlan.plan(tmp.toString(), FixtureFleet.DAY1).buckets().get(0);
  }

  @Test
  void theNewestDumpOfANodeWinsAndTieGoesToTheSmallestDumpId() throws IOException {
    NodeEvidence older =
        FixtureFleet.node(
            NodeTemplates.EKS, FixtureFleet.DAY1, "c", "n", 1, NodeTemplate.Variant.NONE);
    NodeEvidence newer =
        FixtureFleet.node(
            NodeTemplates.EKS, FixtureFleet.DAY1, "c", "n", 2, NodeTemplate.Variant.NONE);
    NodeEvidence tie =
        FixtureFleet.node(
            NodeTemplates.EKS, FixtureFleet.DAY1, "c", "n", 3, NodeTemplate.Variant.NONE);
    // Same collected_at as `newer`: of the two, the smaller dump id wins.
    tie.getDump().setCollectedAt(newer.getDump().getCollectedAt());
    RawBucketWriter.writeAll(
        RawBucketWriter.local(tmp, FixtureFleet.DAY1), null, 1, List.of(older, newer, tie), null);
    Seen s = join(bucket0());
    String expected =
        newer.getDump().getDumpId().compareTo(tie.getDump().getDumpId()) < 0
            ? newer.getDump().getDumpId()
            : tie.getDump().getDumpId();
    assertEquals(1, s.scored().size());
    assertEquals(expected, s.scored().get(0).getDump().getDumpId());
    assertEquals(2, s.dumps().size());
    assertTrue(s.dumps().stream().allMatch(q -> q.getReasonCode().equals("DUPLICATE_NODE")));
    assertEquals(1, s.scored().get(0).getProcesses().size(), "only the winner's rows");
    assertEquals(6, s.scored().get(0).getFileStats().size());
  }

  @Test
  void anIgnoredFileIsNeitherScoredNorQuarantined() throws IOException {
    NodeEvidence node =
        FixtureFleet.node(
            NodeTemplates.GKE, FixtureFleet.DAY1, "c", "a", 1, NodeTemplate.Variant.NONE);
    NodeEvidence readme =
        NodeEvidence.newBuilder()
            .setDump(
                NodeDumpRow.newBuilder(node.getDump())
                    .setClusterId(null)
                    .setNodeName(null)
                    .setCollectedAt(null)
                    .setDumpId("0".repeat(64))
                    .setSource("dumps/README.txt")
                    .setStatus(EvidenceJoiner.IGNORED)
                    .setRejectReason("IGNORED_NOT_A_DUMP: not read")
                    .build())
            .setProcesses(List.of())
            .setConfigFiles(List.of())
            .setCertificates(List.of())
            .setFileStats(List.of())
            .setCollectionErrors(List.of())
            .build();
    RawBucketWriter.writeAll(
        RawBucketWriter.local(tmp, FixtureFleet.DAY1), null, 1, List.of(node, readme), null);
    Seen s = join(bucket0());
    assertEquals(1, s.scored().size());
    assertEquals(List.of(), s.dumps(), "an ignored file is no dump in and no quarantined dump");
    assertEquals(List.of(), s.records());
  }

  @Test
  void aFileNotSortedByNodeKeyIsRefused() throws IOException {
    NodeEvidence a =
        FixtureFleet.node(
            NodeTemplates.GKE, FixtureFleet.DAY1, "c", "a", 1, NodeTemplate.Variant.NONE);
    NodeEvidence b =
        FixtureFleet.node(
            NodeTemplates.GKE, FixtureFleet.DAY1, "c", "b", 2, NodeTemplate.Variant.NONE);
    RawBucketWriter.writeAll(
        RawBucketWriter.local(tmp, FixtureFleet.DAY1), null, 1, List.of(a, b), null);
    Path dumps =
        tmp.resolve(Warehouse.partition("", Table.NODE_DUMPS, FixtureFleet.DAY1).substring(1))
            .resolve(Warehouse.bucketFile(0, 1, null));
    ParquetRows.write(
        ParquetRows.localOut(dumps), NodeDumpRow.class, List.of(b.getDump(), a.getDump()));
    UserError e = assertThrows(UserError.class, () -> join(bucket0()));
    assertTrue(e.getMessage().contains("is not sorted"), e.getMessage());
  }
}
