package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.demo.FleetSpec;
import dev.fleetscore.pipeline.Staging;
import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as shipped, end to end: {@code fleetscore demo} (the demo fleet generator, the
 * importers, the real normalizer, the bundled rule packs, the DirectRunner, two snapshots a week
 * apart) over its default fleet of six clusters of four nodes, which holds every distribution,
 * every scripted defect and every broken dump. Every table {@code score} writes for the later
 * snapshot must equal the checked-in rows under {@code src/test/resources/DemoGoldenTest/}, and
 * every node's effective kubelet settings must equal what the generator's oracle says the kubelet
 * runs with ({@code expected_kubelet} in fleet.json).
 *
 * <p>After a deliberate change to a pack, the normalizer or the generator, regenerate with {@code
 * ./mvnw -B -o -pl cli -am verify -Dtest=DemoGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfleetscore.golden.update=true} and review the diff of the resource files like code.
 */
class DemoGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/DemoGoldenTest");
  static final LocalDate DATE = FleetSpec.DEFAULT_SNAPSHOT_DATE;
  static final String PACKS_FILE = "rule_packs.txt";
  static final java.util.Set<String> DEFAULTS =
      java.util.Set.of("DEFAULT", "LEGACY_DEFAULT", "UNSET");

  @TempDir static Path tmp;

  static Path dir;

  @BeforeAll
  static void runTheDemo() {
    dir = tmp.resolve("demo");
    long t0 = System.nanoTime();
    FleetscoreCommandTest.Run demo =
        FleetscoreCommandTest.run(
            "demo",
            "--clusters",
            String.valueOf(FleetSpec.DEFAULT_CLUSTERS),
            "--nodes-per-cluster",
            String.valueOf(FleetSpec.DEFAULT_NODES_PER_CLUSTER),
            "--seed",
            String.valueOf(FleetSpec.DEFAULT_SEED),
            "--date",
            DATE.toString(),
            "--dir",
            dir.toString());
    assertEquals(ExitCodes.OK, demo.code(), demo.err());
    System.out.print(demo.out());
    System.out.println("demo took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }

  @Test
  void everyTableScoreWritesMatchesTheGoldenRows() throws IOException {
    EnumSet<Table> outputs = EnumSet.noneOf(Table.class);
    Arrays.stream(Table.values()).filter(t -> t.kind() == Table.Kind.OUTPUT).forEach(outputs::add);
    assertEquals(
        outputs, EnumSet.copyOf(Staging.COMMIT_ORDER), "score commits exactly the output tables");
    boolean update = Boolean.getBoolean("fleetscore.golden.update");
    Path warehouse = dir.resolve("warehouse");
    Map<String, List<String>> actual = new java.util.LinkedHashMap<>();
    for (Table t : Staging.COMMIT_ORDER) {
      // Cloud settings name the export file they were read from by its absolute path.
      List<String> rows =
          GoldenRows.partition(warehouse, t, DATE).stream()
              .map(r -> r.replace(dir.toString(), "<demo>"))
              .sorted()
              .toList();
      assertTrue(!rows.isEmpty(), t.tableName() + " has rows");
      rows.forEach(
          r ->
              assertTrue(
                  !r.contains(tmp.toString()), t.tableName() + " leaks the temp folder: " + r));
      actual.put(t.tableName() + ".jsonl", rows);
    }
    actual.put(PACKS_FILE, GoldenRows.packVersions(warehouse, DATE));

    StringBuilder diffs = new StringBuilder();
    for (Map.Entry<String, List<String>> e : actual.entrySet()) {
      Path file = GOLDEN.resolve(e.getKey());
      if (update) {
        Files.createDirectories(GOLDEN);
        Files.write(file, e.getValue());
        continue;
      }
      List<String> expected = Files.exists(file) ? Files.readAllLines(file) : List.of();
      String d = GoldenRows.diff(file.toString(), expected, e.getValue());
      if (!d.isEmpty()) {
        diffs.append(d).append('\n');
      }
    }
    if (!diffs.isEmpty()) {
      fail(
          "the demo's output differs from the golden rows; if the change is deliberate, rerun"
              + " with -Dfleetscore.golden.update=true and review the diff\n"
              + diffs);
    }
  }

  /**
   * Planted items that take evidence away on purpose: a PEM of binary junk, a truncated kubelet
   * config, a dump without meta.env or a second copy of a node, a cluster whose inventory has nodes
   * without dumps. Every NO_EVIDENCE finding of the demo must be explained by one of them.
   */
  static final java.util.Set<String> EVIDENCE_GAPS =
      java.util.Set.of(
          "PEM_BINARY_JUNK",
          "TRUNCATED_KUBELET_CONFIG",
          "MISSING_META_ENV",
          "DUPLICATE_NODE_DUMP",
          "INVENTORY_NODES_WITHOUT_DUMPS");

  @Test
  void everyNoEvidenceFindingIsAnEvidenceGapPlantedOnPurpose() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest =
        json.readTree(dir.resolve("input").resolve(DATE.toString()).resolve("fleet.json").toFile());
    int seen = 0;
    StringBuilder unexplained = new StringBuilder();
    for (String row : GoldenRows.partition(dir.resolve("warehouse"), Table.FINDINGS, DATE)) {
      JsonNode f = json.readTree(row);
      if (!"NO_EVIDENCE".equals(f.path("state").asText())) {
        continue;
      }
      seen++;
      String cluster = f.path("cluster_id").asText();
      String node = f.path("node_name").isNull() ? null : f.path("node_name").asText(null);
      List<JsonNode> items = new ArrayList<>();
      for (JsonNode d : manifest.path("dumps")) {
        if (cluster.equals(d.path("cluster_id").asText())
            && (node == null || node.equals(d.path("node").asText()))) {
          d.path("planted").forEach(items::add);
        }
      }
      if (node == null) {
        for (JsonNode c : manifest.path("clusters")) {
          if (cluster.equals(c.path("cluster_id").asText())) {
            c.path("planted").forEach(items::add);
          }
        }
      }
      String reason = f.path("reason").asText();
      boolean explained =
          items.stream()
              .anyMatch(
                  i ->
                      EVIDENCE_GAPS.contains(i.path("code").asText())
                          && (!i.has("path") || reason.contains(i.path("path").asText())));
      if (!explained) {
        unexplained
            .append(f.path("rule_id").asText())
            .append(' ')
            .append(cluster)
            .append(' ')
            .append(node)
            .append(": ")
            .append(reason)
            .append('\n');
      }
    }
    assertTrue(seen > 0, "the demo plants evidence gaps, so some finding is NO_EVIDENCE");
    assertTrue(
        unexplained.isEmpty(),
        "NO_EVIDENCE findings no planted evidence gap explains:\n" + unexplained);
  }

  @Test
  void changesShowNewFailuresRegressionsAndFixes() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<String>> byChange = new HashMap<>();
    for (String row : GoldenRows.partition(dir.resolve("warehouse"), Table.CHANGES, DATE)) {
      JsonNode c = json.readTree(row);
      byChange
          .computeIfAbsent(c.path("change").asText(), k -> new ArrayList<>())
          .add(c.path("cluster_id").asText() + " " + c.path("rule_id").asText());
    }
    for (String change : List.of("NEW_FAILURE", "REGRESSED", "FIXED")) {
      assertTrue(byChange.containsKey(change), change + " rows: " + byChange.keySet());
    }
    // the week-before plan (NodePlan): the kubeadm worker switched to AlwaysAllow since
    assertTrue(
        byChange.get("REGRESSED").stream().anyMatch(r -> r.endsWith("cis-kubernetes-1.12/4.2.2")),
        byChange.get("REGRESSED").toString());
  }

  @Test
  void everyNodesEffectiveKubeletSettingsAgreeWithTheGeneratorsOracle() throws IOException {
    Map<String, EffectiveSettingRow> rows = new HashMap<>();
    for (EffectiveSettingRow r : effectiveSettings(dir.resolve("warehouse"))) {
      if (r.getComponent().equals("kubelet")) {
        rows.put(key(r.getClusterId(), r.getNodeName(), r.getSetting()), r);
      }
    }
    JsonNode manifest =
        new ObjectMapper()
            .readTree(dir.resolve("input").resolve(DATE.toString()).resolve("fleet.json").toFile());
    List<String> disagreements = new ArrayList<>();
    int nodes = 0;
    int settings = 0;
    for (JsonNode dump : manifest.path("dumps")) {
      JsonNode oracle = dump.path("expected_kubelet");
      if (!dump.path("variant").asText().equals("NORMAL") || oracle.isNull()) {
        continue;
      }
      nodes++;
      String cluster = dump.path("cluster_id").asText();
      String node = dump.path("node").asText();
      for (var it = oracle.fields(); it.hasNext(); ) {
        var s = it.next();
        settings++;
        String where =
            node + " (" + dump.path("kind").asText() + ", " + cluster + ") " + s.getKey();
        EffectiveSettingRow r = rows.get(key(cluster, node, s.getKey()));
        if (r == null) {
          disagreements.add(where + ": expected " + s.getValue() + ", no effective_settings row");
          continue;
        }
        String source = s.getValue().path("source").asText();
        String origin = origin(s.getValue());
        String expected = describe(value(s.getValue().path("value")), source, null);
        String got = describe(r.getValue(), r.getSource(), null);
        if (origin != null && DEFAULTS.contains(source)) {
          // A zero duration in a file, defaulted: effective_settings keeps origin null for
          // defaults and names the replaced file layer in overridden instead.
          expected += " replacing " + origin;
          got +=
              r.getOverridden().stream().anyMatch(o -> o.contains(" " + origin + " = "))
                  ? " replacing " + origin
                  : " overridden=" + r.getOverridden();
        } else {
          expected += " origin=" + origin;
          got += " origin=" + (origin == null && r.getOrigin() != null ? null : r.getOrigin());
        }
        if (!expected.equals(got)) {
          disagreements.add(where + ": expected " + expected + ", actual " + got);
        }
      }
    }
    assertTrue(nodes >= 20, "the oracle covers the fleet's nodes: " + nodes);
    assertEquals(
        List.of(),
        disagreements,
        disagreements.size()
            + " of "
            + settings
            + " oracle settings on "
            + nodes
            + " nodes differ");
  }

  /**
   * Every NO_EVIDENCE finding of the demo names its cause as a code (never the UNCLASSIFIED
   * fallback) and what would resolve it; no other finding has a cause; every FAIL and WARN carries
   * its rule's remediation.
   */
  @Test
  void everyNoEvidenceFindingNamesItsCauseAndEveryFailureItsRemediation() throws IOException {
    Path partition =
        Path.of(Warehouse.partition(dir.resolve("warehouse").toString(), Table.FINDINGS, DATE));
    List<FindingRow> findings = new ArrayList<>();
    try (Stream<Path> s = Files.list(partition)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
        findings.addAll(ParquetRows.readAll(ParquetRows.local(f), FindingRow.class));
      }
    }
    List<String> bad = new ArrayList<>();
    Map<String, Integer> causes = new java.util.TreeMap<>();
    for (FindingRow f : findings) {
      String where = f.getRuleId() + " on " + f.getNodeName() + " (" + f.getState() + ")";
      if (f.getState().equals("NO_EVIDENCE")) {
        if (f.getNoEvidenceCause() == null
            || f.getNoEvidenceCause().equals("UNCLASSIFIED")
            || f.getNoEvidenceFix() == null) {
          bad.add(where + ": cause " + f.getNoEvidenceCause() + ", reason " + f.getReason());
        }
        causes.merge(String.valueOf(f.getNoEvidenceCause()), 1, Integer::sum);
      } else if (f.getNoEvidenceCause() != null || f.getNoEvidenceFix() != null) {
        bad.add(where + ": a cause on a finding that is not NO_EVIDENCE");
      }
      if ((f.getState().equals("FAIL") || f.getState().equals("WARN"))
          && f.getRemediation() == null) {
        bad.add(where + ": no remediation");
      }
    }
    assertTrue(!causes.isEmpty(), "the demo has NO_EVIDENCE findings");
    assertEquals(List.of(), bad, bad.size() + " findings; causes seen: " + causes);
  }

  private static String key(String cluster, String node, String setting) {
    return cluster + "\n" + node + "\n" + setting;
  }

  private static String describe(String value, String source, String origin) {
    return "value=" + value + " source=" + source + (origin == null ? "" : " origin=" + origin);
  }

  /** The oracle's value the way effective_settings writes values (lists as JSON arrays). */
  private static String value(JsonNode v) {
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    return v.isArray() ? v.toString() : v.asText();
  }

  /**
   * Where the oracle says the value comes from, in effective_settings' terms: a file path, or
   * {@code argv[N]} for a flag (the oracle counts from the first argument, the table from the
   * executable); null when the oracle names no origin.
   */
  private static String origin(JsonNode e) {
    if (e.hasNonNull("argv_index")) {
      return "argv[" + (e.path("argv_index").asInt() + 1) + "]";
    }
    return e.hasNonNull("origin") ? e.path("origin").asText() : null;
  }

  private static List<EffectiveSettingRow> effectiveSettings(Path warehouse) throws IOException {
    Path partition =
        Path.of(Warehouse.partition(warehouse.toString(), Table.EFFECTIVE_SETTINGS, DATE));
    List<EffectiveSettingRow> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(partition)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
        out.addAll(ParquetRows.readAll(ParquetRows.local(f), EffectiveSettingRow.class));
      }
    }
    return out;
  }
}
