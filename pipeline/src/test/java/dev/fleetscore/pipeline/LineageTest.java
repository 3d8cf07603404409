package dev.fleetscore.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lineage a score run commits beside its run record: content, and what a rerun changes. */
class LineageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void recordsPacksInputsOutputsGateAndCountsAndARerunDiffersOnlyInTime() throws Exception {
    Path wh = tmp.resolve("wh");
    FixtureFleet.write(wh, FixtureFleet.DAY1, false);
    Path pack = tmp.resolve("rules/demo-pack");
    Files.createDirectories(pack);
    Files.writeString(
        pack.resolve("pack.yaml"), "name: demo-pack\nversion: 1.0.0\nfiles: [r1.yaml]\n");
    Files.writeString(pack.resolve("r1.yaml"), "id: R1\n");
    Path exemptions = tmp.resolve("exemptions.yaml");
    Files.writeString(exemptions, "exemptions: []\n");
    ScoringSpec spec =
        ScoringSpec.withProvider(FakeScoring.class, List.of(tmp.resolve("rules")), exemptions);
    ScoreRun.Request req =
        new ScoreRun.Request(
            wh.toString(),
            FixtureFleet.DAY1,
            null,
            ScoreRun.Engine.REFERENCE,
            null,
            2,
            0.5,
            "HIGH");

    ScoreRun.Result r = ScoreRun.run(req, spec);
    Path lineageFile = Path.of(RunLineage.path(wh.toString(), RunScope.score(FixtureFleet.DAY1)));
    byte[] first = Files.readAllBytes(lineageFile);
    JsonNode l = JSON.readTree(first);
    RunRecord record = RunRecord.readLocal(wh, FixtureFleet.DAY1).get(0);

    assertEquals(record.runId(), l.get("run_id").asText());
    assertEquals("ReferenceLoop", l.get("runner").asText());
    assertFalse(l.at("/versions/fleetscore").asText().isEmpty());
    assertTrue(l.at("/versions/beam").asText().matches("\\d+\\.\\d+\\.\\d+.*"));
    assertEquals(Runtime.version().toString(), l.at("/versions/java").asText());
    assertEquals(0.5, l.at("/gate/max_quarantine_ratio").asDouble());
    assertEquals("HIGH", l.at("/gate/fail_on").asText());
    assertEquals("demo-pack", l.at("/rule_packs/0/name").asText());
    assertEquals("pack.yaml", l.at("/rule_packs/0/files/0/path").asText());
    assertEquals("r1.yaml", l.at("/rule_packs/0/files/1/path").asText());
    assertEquals("--rules", l.at("/rule_packs/0/source").asText());
    assertEquals("id: R1\n", l.at("/rule_packs/0/files/1/text").asText());
    assertEquals(sha256("id: R1\n".getBytes()), l.at("/rule_packs/0/files/1/sha256").asText());
    assertEquals("exemptions.yaml", l.at("/exemptions/file").asText());
    assertEquals("exemptions: []\n", l.at("/exemptions/text").asText());
    assertEquals(r.totals().getDumpsIn(), l.at("/reconciliation/dumps_in").asLong());
    assertEquals(r.totals().getNodesScored(), l.at("/reconciliation/nodes_scored").asLong());
    assertEquals(
        r.totals().getNodesQuarantined(), l.at("/reconciliation/nodes_quarantined").asLong());
    assertTrue(l.at("/reconciliation/reconciles").asBoolean());

    assertTrue(l.get("inputs").size() > 0);
    Set<String> tables = new HashSet<>();
    for (JsonNode in : l.get("inputs")) {
      Path f = wh.resolve(in.get("path").asText());
      assertEquals(sha256(Files.readAllBytes(f)), in.get("sha256").asText(), f.toString());
      assertEquals(ParquetRows.rowCount(ParquetRows.local(f)), in.get("rows").asLong());
      tables.add(in.get("table").asText());
    }
    assertTrue(tables.contains("node_dumps"), tables.toString());
    int outputs = 0;
    for (List<RunRecord.FileEntry> fs : record.tables().values()) {
      outputs += fs.size();
    }
    assertEquals(outputs, l.get("outputs").size());
    for (JsonNode out : l.get("outputs")) {
      Path f = wh.resolve(out.get("path").asText());
      assertEquals(sha256(Files.readAllBytes(f)), out.get("sha256").asText(), f.toString());
    }
    String text = new String(first, java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(text.contains(tmp.toString()), "no absolute path of this machine");

    Thread.sleep(5);
    ScoreRun.run(req, spec);
    ObjectNode a = (ObjectNode) l;
    ObjectNode b = (ObjectNode) JSON.readTree(Files.readAllBytes(lineageFile));
    assertNotEquals(a.get("started"), b.get("started"), "a rerun replaces the lineage");
    for (String f : RunLineage.TIME_FIELDS) {
      a.remove(f);
      b.remove(f);
    }
    assertEquals(a, b, "reruns of the same inputs differ only in the time fields");
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
