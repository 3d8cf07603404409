package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetscore demo}, then {@code evidence} as the README says: the bundle carries the rule
 * packs, exemptions and lineage the run recorded, with no warning; a warehouse file changed since
 * the run is an error naming it; a snapshot without a lineage needs {@code --rules}; {@code
 * --include-raw} adds the raw tables.
 */
class EvidenceLineageTest {

  private static final String DATE = "2026-11-22";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static Path warehouse;
  static Path key;
  static Path cert;

  @BeforeAll
  static void demo() {
    Path dir = tmp.resolve("demo");
    Run demo =
        FleetscoreCommandTest.run(
            "demo",
            "--clusters",
            "2",
            "--nodes-per-cluster",
            "2",
            "--date",
            DATE,
            "--dir",
            dir.toString());
    assertEquals(ExitCodes.OK, demo.code(), demo.err());
    warehouse = dir.resolve("warehouse");
    key = tmp.resolve("signer.key");
    cert = tmp.resolve("signer.pem");
    Run k =
        FleetscoreCommandTest.run(
            "evidence", "keygen", "--key", key.toString(), "--cert", cert.toString());
    assertEquals(ExitCodes.OK, k.code(), k.err());
  }

  private static Run evidence(Path wh, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evidence",
                "--warehouse",
                wh.toString(),
                "--date",
                DATE,
                "--key",
                key.toString(),
                "--cert",
                cert.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return FleetscoreCommandTest.run(args.toArray(String[]::new));
  }

  private static Path bundle(Path out) {
    return out.resolve("fleetscore-evidence-" + DATE);
  }

  @Test
  void theDefaultBundleCarriesPacksExemptionsAndLineageWithoutWarning() throws IOException {
    Path out = tmp.resolve("default");
    Run r = evidence(warehouse, out);
    assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
    assertFalse(r.out().contains("warning"), r.out());
    Path b = bundle(out);
    assertTrue(Files.isRegularFile(b.resolve("rules/cis-kubernetes/pack.yaml")));
    assertTrue(Files.isRegularFile(b.resolve("run/lineage.json")));
    assertTrue(Files.isRegularFile(b.resolve("run/score.json")));
    JsonNode m = JSON.readTree(b.resolve("manifest.json").toFile());
    JsonNode packs = m.at("/rule_packs/included");
    assertTrue(packs.size() >= 4, packs.toString());
    for (JsonNode p : packs) {
      assertFalse(p.get("matches_pack_version").isNull(), p.toString());
    }
    assertTrue(m.at("/exemptions").has("file"), m.at("/exemptions").toString());
    assertEquals(0, m.get("warnings").size(), m.get("warnings").toString());
    JsonNode lineage = JSON.readTree(b.resolve("run/lineage.json").toFile());
    assertEquals(
        m.at("/reconciliation/dumps_in").asLong(), lineage.at("/reconciliation/dumps_in").asLong());
    assertFalse(Files.exists(b.resolve("tables/node_dumps")), "raw tables only with --include-raw");
    Run v =
        FleetscoreCommandTest.run(
            "evidence", "verify", b.toString(), "--trusted-cert", cert.toString());
    assertEquals(ExitCodes.OK, v.code(), v.out() + v.err());
  }

  @Test
  void includeRawAddsTheRawEvidenceTables() throws IOException {
    Path out = tmp.resolve("raw");
    Run r = evidence(warehouse, out, "--include-raw");
    assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
    Path raw = bundle(out).resolve("tables/node_dumps/snapshot_date=" + DATE);
    assertTrue(Files.isDirectory(raw), "node_dumps copied");
    JsonNode m = JSON.readTree(bundle(out).resolve("manifest.json").toFile());
    long rawFiles = 0;
    for (JsonNode f : m.get("files")) {
      if ("raw-table".equals(f.path("role").asText())) {
        rawFiles++;
        assertTrue(f.path("rows").asLong() >= 0, f.toString());
      }
    }
    assertTrue(rawFiles > 0, "raw files listed in the manifest");
    Run v =
        FleetscoreCommandTest.run(
            "evidence", "verify", bundle(out).toString(), "--trusted-cert", cert.toString());
    assertEquals(ExitCodes.OK, v.code(), v.out() + v.err());
  }

  @Test
  void aWarehouseFileChangedSinceTheRunIsAnErrorNamingIt() throws IOException {
    Path wh = copy(warehouse, tmp.resolve("tampered-wh"));
    Path victim;
    try (Stream<Path> s = Files.list(wh.resolve("node_dumps/snapshot_date=" + DATE))) {
      victim = s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(victim);
    bytes[8] ^= 1; // in the first page, not the footer
    Files.write(victim, bytes);
    Run r = evidence(wh, tmp.resolve("tampered-out"));
    assertEquals(ExitCodes.VERIFICATION, r.code(), r.out() + r.err());
    String rel = "node_dumps/snapshot_date=" + DATE + "/" + victim.getFileName();
    assertTrue(r.err().contains("warehouse file " + rel + " differs"), r.err());
    assertFalse(Files.exists(bundle(tmp.resolve("tampered-out"))), "no bundle is built");
  }

  @Test
  void aSnapshotWithoutLineageNeedsRules() throws IOException {
    Path wh = copy(warehouse, tmp.resolve("old-wh"));
    Path lineage = wh.resolve("_runs/snapshot_date=" + DATE + "/lineage");
    assertTrue(Files.isDirectory(lineage));
    delete(lineage);
    Run r = evidence(wh, tmp.resolve("old-out"));
    assertEquals(ExitCodes.INPUT, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("has no run lineage"), r.err());
    assertTrue(r.err().contains("--rules"), r.err());

    Path rules = tmp.resolve("old-rules/extra");
    Files.createDirectories(rules);
    Files.writeString(rules.resolve("pack.yaml"), "name: extra\nversion: 0.1.0\nfiles: []\n");
    Run withRules = evidence(wh, tmp.resolve("old-out"), "--rules", rules.toString());
    assertEquals(ExitCodes.OK, withRules.code(), withRules.out() + withRules.err());
    assertTrue(
        withRules.out().contains("rule pack rules/extra matches no pack_version"), withRules.out());
  }

  @Test
  void noRowOrBundleFileCarriesTheCollectingMachinesPath() throws IOException {
    String machine = tmp.toAbsolutePath().toString();
    for (Table t : Table.values()) {
      Path out = tmp.resolve("export-" + t.tableName() + ".json");
      Run r =
          FleetscoreCommandTest.run(
              "export",
              t.tableName(),
              "--warehouse",
              warehouse.toString(),
              "--date",
              DATE,
              "--format",
              "json",
              "--out",
              out.toString());
      assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
      String rows = Files.readString(out);
      assertFalse(rows.contains(machine), t.tableName() + " names " + machine + ": " + rows);
    }
    Path lineage = warehouse.resolve("_runs/snapshot_date=" + DATE + "/lineage/score.json");
    assertFalse(Files.readString(lineage).contains(machine), "the lineage");
    Path out = tmp.resolve("portable");
    assertEquals(ExitCodes.OK, evidence(warehouse, out, "--include-raw").code());
    try (Stream<Path> s = Files.walk(bundle(out))) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".json")
            || n.endsWith(".md")
            || n.endsWith(".csv")
            || n.endsWith(".html")
            || n.endsWith(".txt")) {
          assertFalse(Files.readString(f).contains(machine), f + " names " + machine);
        }
      }
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
