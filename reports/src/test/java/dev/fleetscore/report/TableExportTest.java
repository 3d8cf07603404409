package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.common.UserError;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.NodeKey;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableExportTest {

  static final LocalDate D = LocalDate.of(2026, 11, 22);

  static String export(Path wh, Table t, TableExport.Format f) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TableExport.export(wh, t, List.of(D), f, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static EffectiveSettingRow setting(String node, String value, List<String> overridden) {
    return EffectiveSettingRow.newBuilder()
        .setSnapshotId("2026-11-22")
        .setSnapshotDate(D)
        .setClusterId("kubeadm:lab")
        .setNodeName(node)
        .setCollectedAt(Instant.parse("2026-11-22T02:03:04Z"))
        .setProducerVersion("fleetscore-pipeline/0.1.0")
        .setComponent("kubelet")
        .setSetting("tlsCipherSuites")
        .setValue(value)
        .setValueType("LIST")
        .setSource("FLAG")
        .setOrigin("argv[7]")
        .setFlagName("--tls-cipher-suites")
        .setRawValue(null)
        .setOverridden(overridden)
        .setNote(null)
        .build();
  }

  @Test
  void csvFollowsRfc4180AndWritesTypesAsDocumented(@TempDir Path wh) throws Exception {
    Path dir = LocalTables.partition(wh, Table.EFFECTIVE_SETTINGS, D);
    Files.createDirectories(dir);
    ParquetRows.write(
        ParquetRows.localOut(dir.resolve(Warehouse.bucketFile(0, 1, null))),
        EffectiveSettingRow.class,
        List.of(
            setting("n1", "a,b", List.of()),
            setting("n2", "say \"hi\"\nbye", List.of("CONFIG_FILE /etc/k.yaml = \"x\"")),
            setting("n3", null, List.of("DEFAULT = 0", "FLAG argv[2] = 10255"))));
    String csv = export(wh, Table.EFFECTIVE_SETTINGS, TableExport.Format.CSV);
    String[] lines = csv.split("\r\n", -1);
    assertEquals(
        "snapshot_id,snapshot_date,cluster_id,node_name,collected_at,producer_version,component,"
            + "setting,value,value_type,source,origin,flag_name,raw_value,overridden,note,"
            + "map_setting,map_key",
        lines[0]);
    assertEquals(
        "2026-11-22,2026-11-22,kubeadm:lab,n1,2026-11-22T02:03:04.000Z,fleetscore-pipeline/0.1.0,"
            + "kubelet,tlsCipherSuites,\"a,b\",LIST,FLAG,argv[7],\"'--tls-cipher-suites\",,[],,,",
        lines[1]);
    // A quoted field keeps its line break; the record ends with CRLF after the closing quote.
    assertTrue(
        csv.contains(
            ",\"say \"\"hi\"\"\nbye\",LIST,FLAG,argv[7],\"'--tls-cipher-suites\",,"
                + "\"[\"\"CONFIG_FILE /etc/k.yaml = \\\"\"x\\\"\"\"\"]\",,,\r\n"),
        csv);
    assertTrue(
        csv.contains(
            ",,LIST,FLAG,argv[7],\"'--tls-cipher-suites\",,\"[\"\"DEFAULT = 0\"\",\"\"FLAG argv[2] = 10255\"\"]\",,,\r\n"),
        csv);
    assertTrue(csv.endsWith("\r\n"));
  }

  @Test
  void mapsAreSortedJsonAndDoublesHaveNoExponent(@TempDir Path wh) throws Exception {
    Map<String, Long> fail = new LinkedHashMap<>();
    fail.put("LOW", 1L);
    fail.put("CRITICAL", 2L);
    ClusterComplianceRow r =
        ClusterComplianceRow.newBuilder()
            .setSnapshotId("2026-11-22")
            .setSnapshotDate(D)
            .setClusterId("gke:p/l/c")
            .setCollectedAt(null)
            .setProducerVersion("fleetscore-pipeline/0.1.0")
            .setFramework("cis-gke-1.6.0")
            .setProvider("gke")
            .setScore(87.5)
            .setPassCount(7)
            .setFailCount(3)
            .setWarnCount(0)
            .setManualCount(0)
            .setNotApplicableCount(0)
            .setNoEvidenceCount(0)
            .setExemptCount(0)
            .setFailBySeverity(fail)
            .setPassBySeverity(Map.of())
            .setNoEvidenceBySeverity(Map.of())
            .setControlsTotal(10)
            .setControlsFailing(3)
            .setNodesScored(1)
            .setNodesQuarantined(0)
            .setNodesExpected(10000)
            .setCoverage(0.0001)
            .build();
    Path f =
        LocalTables.partition(wh, Table.CLUSTER_COMPLIANCE, D)
            .resolve("part-00000-of-00001.parquet");
    Files.createDirectories(f.getParent());
    ParquetRows.write(ParquetRows.localOut(f), ClusterComplianceRow.class, List.of(r));
    String csv = export(wh, Table.CLUSTER_COMPLIANCE, TableExport.Format.CSV);
    assertTrue(
        csv.contains(
            ",gke,87.5,7,3,0,0,0,0,0,\"{\"\"CRITICAL\"\":2,\"\"LOW\"\":1}\",{},{},10,3,1,0,10000,0.0001\r\n"),
        csv);
    assertTrue(csv.contains("2026-11-22,2026-11-22,gke:p/l/c,,fleetscore"), csv);

    JsonNode json =
        new ObjectMapper().readTree(export(wh, Table.CLUSTER_COMPLIANCE, TableExport.Format.JSON));
    assertEquals(1, json.size());
    JsonNode row = json.get(0);
    assertEquals("2026-11-22", row.get("snapshot_date").asText());
    assertTrue(row.get("collected_at").isNull());
    assertEquals(87.5, row.get("score").asDouble());
    assertEquals(2, row.get("fail_by_severity").get("CRITICAL").asInt());
    assertEquals(
        "[\"CRITICAL\",\"LOW\"]",
        new ObjectMapper().writeValueAsString(fieldNames(row.get("fail_by_severity"))));
    String jsonl = export(wh, Table.CLUSTER_COMPLIANCE, TableExport.Format.JSONL);
    assertEquals(1, jsonl.split("\n").length);
    assertEquals(row, new ObjectMapper().readTree(jsonl));
  }

  /**
   * OWASP CSV injection: a finding's actual value is whatever the node or cloud reported, so text a
   * spreadsheet would run as a formula gets a leading quote, while plain numbers, in text or in
   * numeric columns, stay numbers.
   */
  @Test
  void formulaTextIsNeutralisedAndNumbersStayNumbers(@TempDir Path tmp) throws Exception {
    FindingRow base =
        LocalTables.readAll(
                Fixtures.realistic().warehouse(),
                Table.FINDINGS,
                FleetFixture.LAST,
                FindingRow.class)
            .get(0);
    Map<String, String> written = new LinkedHashMap<>();
    written.put(
        "=HYPERLINK(\"http://evil.example/\",\"x\")",
        "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\"");
    written.put("@SUM(1)", "\"'@SUM(1)\"");
    written.put("+1", "\"'+1\"");
    written.put("-cmd", "\"'-cmd\"");
    written.put("-2+3", "\"'-2+3\"");
    written.put("\t=1", "\"'\t=1\"");
    written.put("\r=1", "\"'\r=1\"");
    written.put("-5", "-5");
    written.put("-0.25", "-0.25");
    written.put("a=1", "a=1");
    List<FindingRow> rows = new ArrayList<>();
    int i = 0;
    for (String actual : written.keySet()) {
      rows.add(
          FindingRow.newBuilder(base)
              .setClusterId("kubeadm:lab")
              .setNodeName("n" + i++)
              .setActual(actual)
              .build());
    }
    Path wh = tmp.resolve("wh");
    Path dir = LocalTables.partition(wh, Table.FINDINGS, FleetFixture.LAST);
    Files.createDirectories(dir);
    ParquetRows.write(
        ParquetRows.localOut(dir.resolve(Warehouse.bucketFile(0, 1, null))),
        FindingRow.class,
        rows);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TableExport.export(wh, Table.FINDINGS, List.of(FleetFixture.LAST), TableExport.Format.CSV, out);
    String csv = out.toString(StandardCharsets.UTF_8);
    String[] lines = csv.split("\r\n", -1);
    assertEquals(rows.size() + 2, lines.length, csv);
    i = 1;
    for (Map.Entry<String, String> e : written.entrySet()) {
      String line = lines[i++];
      assertTrue(
          line.contains("," + e.getValue() + ","),
          e.getKey() + " should be written as " + e.getValue() + ": " + line);
    }

    ClusterComplianceRow negative =
        ClusterComplianceRow.newBuilder()
            .setSnapshotId("2026-11-22")
            .setSnapshotDate(D)
            .setClusterId("=cmd|' /C calc'!A0")
            .setCollectedAt(null)
            .setProducerVersion("fleetscore-pipeline/0.1.0")
            .setFramework("cis-gke-1.6.0")
            .setProvider("gke")
            .setScore(-0.25)
            .setPassCount(-5)
            .setFailCount(0)
            .setWarnCount(0)
            .setManualCount(0)
            .setNotApplicableCount(0)
            .setNoEvidenceCount(0)
            .setExemptCount(0)
            .setFailBySeverity(Map.of())
            .setPassBySeverity(Map.of())
            .setNoEvidenceBySeverity(Map.of())
            .setControlsTotal(10)
            .setControlsFailing(3)
            .setNodesScored(1)
            .setNodesQuarantined(0)
            .setNodesExpected(1)
            .setCoverage(1.0)
            .build();
    Path f =
        LocalTables.partition(wh, Table.CLUSTER_COMPLIANCE, D)
            .resolve("part-00000-of-00001.parquet");
    Files.createDirectories(f.getParent());
    ParquetRows.write(ParquetRows.localOut(f), ClusterComplianceRow.class, List.of(negative));
    String cc = export(wh, Table.CLUSTER_COMPLIANCE, TableExport.Format.CSV);
    assertTrue(cc.contains(",\"'=cmd|' /C calc'!A0\","), cc);
    assertTrue(cc.contains(",gke,-0.25,-5,0,"), cc);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** The findings export carries the NO_EVIDENCE cause, its fix and the remediation. */
  @Test
  void findingsExportsCarryCauseFixAndRemediation(@TempDir Path tmp) throws Exception {
    FindingRow base =
        LocalTables.readAll(
                Fixtures.realistic().warehouse(),
                Table.FINDINGS,
                FleetFixture.LAST,
                FindingRow.class)
            .get(0);
    FindingRow row =
        FindingRow.newBuilder(base)
            .setState("NO_EVIDENCE")
            .setNoEvidenceCause("VERSION_UNKNOWN")
            .setNoEvidenceFix("Record the Kubernetes version")
            .setRemediation("Set seccompDefault: true in the kubelet config file")
            .build();
    Path wh = tmp.resolve("wh");
    Path dir = LocalTables.partition(wh, Table.FINDINGS, FleetFixture.LAST);
    Files.createDirectories(dir);
    ParquetRows.write(
        ParquetRows.localOut(dir.resolve(Warehouse.bucketFile(0, 1, null))),
        FindingRow.class,
        List.of(row));
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    TableExport.export(wh, Table.FINDINGS, List.of(FleetFixture.LAST), TableExport.Format.CSV, csv);
    String[] lines = csv.toString(StandardCharsets.UTF_8).split("\r\n");
    assertTrue(lines[0].endsWith(",no_evidence_cause,no_evidence_fix,remediation"), lines[0]);
    assertTrue(
        lines[1].endsWith(
            ",VERSION_UNKNOWN,Record the Kubernetes version,"
                + "Set seccompDefault: true in the kubelet config file"),
        lines[1]);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    TableExport.export(
        wh, Table.FINDINGS, List.of(FleetFixture.LAST), TableExport.Format.JSON, json);
    String j = json.toString(StandardCharsets.UTF_8);
    assertTrue(j.contains("\"no_evidence_cause\":\"VERSION_UNKNOWN\""), j);
    assertTrue(j.contains("\"no_evidence_fix\":\"Record the Kubernetes version\""), j);
    assertTrue(
        j.contains("\"remediation\":\"Set seccompDefault: true in the kubelet config file\""), j);
  }

  @Test
  void rowOrderDoesNotDependOnHowManyBucketFilesHoldTheRows(@TempDir Path tmp) throws Exception {
    Path wh = Fixtures.realistic().warehouse();
    List<FindingRow> rows =
        LocalTables.readAll(wh, Table.FINDINGS, FleetFixture.LAST, FindingRow.class);
    // The same rows rebucketed into 4 files and a second import run with a label.
    Path other = tmp.resolve("wh");
    Path dir = LocalTables.partition(other, Table.FINDINGS, FleetFixture.LAST);
    Files.createDirectories(dir);
    List<List<FindingRow>> buckets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      buckets.add(new ArrayList<>());
    }
    for (FindingRow r : rows) {
      NodeKey k = new NodeKey(r.getClusterId(), r.getNodeName(), "d");
      int b = Warehouse.bucketOf(k, 4);
      // Nodes whose name starts with "gke-web" came in a later import run of their bucket.
      buckets.get(r.getNodeName() != null && r.getNodeName().startsWith("gke-web") ? 4 : b).add(r);
    }
    for (int b = 0; b < 4; b++) {
      ParquetRows.write(
          ParquetRows.localOut(dir.resolve(Warehouse.bucketFile(b, 4, null))),
          FindingRow.class,
          buckets.get(b));
    }
    ParquetRows.write(
        ParquetRows.localOut(dir.resolve(Warehouse.bucketFile(1, 4, "run2"))),
        FindingRow.class,
        buckets.get(4));
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    long na =
        TableExport.export(
            wh, Table.FINDINGS, List.of(FleetFixture.LAST), TableExport.Format.CSV, a);
    long nb =
        TableExport.export(
            other, Table.FINDINGS, List.of(FleetFixture.LAST), TableExport.Format.CSV, b);
    assertEquals(rows.size(), na);
    assertEquals(na, nb);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
  }

  @Test
  void everyDateWhenNoneIsGiven() {
    Path wh = Fixtures.realistic().warehouse();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = TableExport.export(wh, Table.FLEET_SUMMARY, List.of(), TableExport.Format.CSV, out);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\r\n");
    assertEquals(n + 1, lines.length);
    assertTrue(lines[1].startsWith("2026-11-19,"), lines[1]);
    assertTrue(lines[lines.length - 1].startsWith("2026-11-22,"));
  }

  @Test
  void rawTablesExportToo() {
    Path wh = Fixtures.realistic().warehouse();
    String csv = export(wh, Table.NODE_DUMPS, TableExport.Format.CSV);
    // The rejected dump has no cluster or node and sorts first, as the warehouse contract says.
    String first = csv.split("\r\n")[1];
    assertTrue(first.startsWith("2026-11-22,2026-11-22,,,"), first);
    assertTrue(first.contains(",REJECTED,meta.env is missing,"), first);
  }

  @Test
  void unknownTableIsAUserError() {
    UserError e = assertThrows(UserError.class, () -> TableExport.table("finding"));
    assertTrue(e.getMessage().contains("findings"), e.getMessage());
    assertEquals(Table.FINDINGS, TableExport.table("findings"));
  }
}
