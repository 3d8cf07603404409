package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.cli.FleetscoreCommandTest.Run;
import dev.fleetscore.rules.RuleEngine;
import dev.fleetscore.rules.RuleInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code explain} and the CI outputs on a demo fleet scored as the README says, then scored again
 * with an exemptions file and {@code --sarif}/{@code --junit}: explain gives the whole chain for a
 * flags-only node (legacy default; repeated flags), a drop-in node (a flag over a drop-in) and a
 * GKE pool setting (the cloud rows plus what the node runs), in text and JSON, and a rule with an
 * exemption; the CI files carry the remediation of the run's packs; bad names and values exit 2 or
 * 3 with a suggestion.
 */
class ExplainAndCiCommandTest {

  static final String DATE = "2026-11-22";
  static final ObjectMapper JSON = new ObjectMapper();

  static final String AKS = "aks:9cdd6c15-6fdd-6c42-7745-ca7ba5b5db93/rg-portal-prod/portal";
  static final String AKS_LEGACY = "aks-userpool-54200605-vmss000000";
  static final String EKS_REPEATED = "ip-10-17-0-5.eu-west-1.compute.internal";
  static final String K3S_AGENT = "edge-stores-agent-1";
  static final String GKE = "gke:acme-prod/europe-west1/payments";
  static final String GKE_NODE = "gke-payments-default-pool-925299d0-kqts";

  @TempDir static Path tmp;
  static Path wh;
  static Path sarif;
  static Path junit;
  static Run rescore;

  @BeforeAll
  static void demo() throws Exception {
    Path dir = tmp.resolve("demo");
    Run demo =
        FleetscoreCommandTest.run(
            "demo",
            "--clusters",
            "5",
            "--nodes-per-cluster",
            "2",
            "--date",
            DATE,
            "--dir",
            dir.toString());
    assertEquals(ExitCodes.OK, demo.code(), demo.err());
    wh = dir.resolve("warehouse");
    Path ex = tmp.resolve("exemptions.yaml");
    Files.writeString(
        ex,
        String.join(
            "\n",
            "exemptions:",
            "  - id: EX-TEST-7",
            "    rules: [\"cis-kubernetes-1.12/4.2.4\"]",
            "    clusters: [\"" + AKS + "\"]",
            "    nodes: [\"aks-userpool-*\"]",
            "    justification: the node image is replaced in January",
            "    approver: sec-lead@example.com",
            "    expires: 2027-01-31",
            ""));
    sarif = tmp.resolve("out.sarif");
    junit = tmp.resolve("out.xml");
    rescore =
        FleetscoreCommandTest.run(
            "score",
            "--warehouse",
            wh.toString(),
            "--date",
            DATE,
            "--runner",
            "reference",
            // The demo plants broken dumps on purpose (the demo command allows them too).
            "--max-quarantine-ratio",
            "0.5",
            "--exemptions",
            ex.toString(),
            "--sarif",
            sarif.toString(),
            "--junit",
            junit.toString());
    assertEquals(ExitCodes.OK, rescore.code(), rescore.err() + rescore.out());
  }

  static Run explain(String... extra) {
    List<String> a =
        new ArrayList<>(List.of("explain", "--warehouse", wh.toString(), "--date", DATE));
    a.addAll(List.of(extra));
    return FleetscoreCommandTest.run(a.toArray(String[]::new));
  }

  static JsonNode json(Run r) throws Exception {
    assertEquals(ExitCodes.OK, r.code(), r.err());
    return JSON.readTree(r.out());
  }

  @Test
  void flagsOnlyNodeShowsTheLegacyDefaultAndEveryFlagOccurrence() throws Exception {
    Run t = explain("--node", AKS_LEGACY, "--setting", "readOnlyPort");
    assertEquals(ExitCodes.OK, t.code(), t.err());
    assertTrue(
        t.out().contains("legacy command-line default (no --config): 10255   <- in force"),
        t.out());
    assertTrue(t.out().contains("not set by the command line (no --read-only-port"), t.out());
    JsonNode j = json(explain("--node", AKS_LEGACY, "--setting", "readOnlyPort", "--json"));
    JsonNode c = j.at("/chains/0");
    assertEquals("kubelet", c.get("component").asText());
    assertEquals("LEGACY_DEFAULT", c.get("source").asText());
    assertEquals(1, c.get("layers").size());
    assertTrue(c.at("/layers/0/won").asBoolean());
    assertEquals(AKS, j.get("clusterId").asText());

    // Flags repeated on the command line: each occurrence is a layer, the last wins.
    JsonNode r = json(explain("--node", EKS_REPEATED, "--setting", "readOnlyPort", "--json"));
    List<String> flags = new ArrayList<>();
    for (JsonNode l : r.at("/chains/0/layers")) {
      if (l.get("source").asText().equals("FLAG")) {
        flags.add(l.get("origin").asText() + "=" + l.get("value").asText() + ":" + l.get("won"));
      }
    }
    assertEquals(2, flags.size(), flags.toString());
    assertTrue(flags.get(0).endsWith("=0:false"), flags.toString());
    assertTrue(flags.get(1).endsWith("=10255:true"), flags.toString());
    assertEquals("CONFIG_FILE", r.at("/chains/0/layers/1/source").asText());
  }

  @Test
  void dropInNodeShowsEachDropInAndTheFlagOverIt() throws Exception {
    Run t = explain("--node", K3S_AGENT, "--setting", "kubelet:readOnlyPort");
    assertEquals(ExitCodes.OK, t.code(), t.err());
    assertTrue(t.out().contains("--config-dir drop-in "), t.out());
    JsonNode c =
        json(explain("--node", K3S_AGENT, "--setting", "readOnlyPort", "--json")).at("/chains/0");
    List<String> sources = new ArrayList<>();
    c.get("layers").forEach(l -> sources.add(l.get("source").asText()));
    assertEquals(List.of("LEGACY_DEFAULT", "DROP_IN", "FLAG"), sources);
    assertEquals("10255", c.at("/layers/1/value").asText());
    assertTrue(c.at("/layers/1/origin").asText().endsWith("50-site-compat.conf"));
    assertEquals("0", c.get("value").asText());
    assertTrue(c.at("/layers/2/won").asBoolean());
    boolean otherDropIn = false;
    for (JsonNode n : c.get("notSetBy")) {
      otherDropIn |= n.asText().startsWith("--config-dir drop-in ");
    }
    assertTrue(otherDropIn, "a drop-in that does not set it is named: " + c);

    JsonNode ciphers =
        json(explain("--node", K3S_AGENT, "--setting", "tlsCipherSuites", "--json"))
            .at("/chains/0");
    assertEquals("DROP_IN", ciphers.get("source").asText());
  }

  @Test
  void cloudPoolSettingShowsTheApiLayersAndWhatTheNodeRuns() throws Exception {
    Run t =
        explain(
            "--node",
            GKE_NODE,
            "--cluster",
            GKE,
            "--setting",
            "insecureKubeletReadonlyPortEnabled");
    assertEquals(ExitCodes.OK, t.code(), t.err());
    assertTrue(t.out().contains("cloud insecureKubeletReadonlyPortEnabled = "), t.out());
    assertTrue(t.out().contains("readonly_port_source"), t.out());
    JsonNode j =
        json(
            explain(
                "--node", GKE_NODE, "--setting", "insecureKubeletReadonlyPortEnabled", "--json"));
    JsonNode cloud = j.at("/chains/0");
    assertEquals("cloud", cloud.get("component").asText());
    assertEquals("CLOUD_API:gke", cloud.get("evidence").asText());
    int layers = cloud.get("layers").size();
    int notSet = cloud.get("notSetBy").size();
    assertEquals(6, layers + notSet, "every place GKE may take it from is named: " + cloud);
    long won = 0;
    for (JsonNode l : cloud.get("layers")) {
      won += l.get("won").asBoolean() ? 1 : 0;
      if (l.get("won").asBoolean()) {
        assertEquals(cloud.get("value").asText(), l.get("value").asText());
      }
    }
    assertTrue(won <= 1);
    JsonNode node = j.at("/chains/1");
    assertEquals("kubelet", node.get("component").asText());
    assertEquals("readOnlyPort", node.get("setting").asText());
    assertEquals("10255", node.get("value").asText());
    assertEquals("CONFIG_FILE", node.get("source").asText());

    Run rule = explain("--node", GKE_NODE, "--rule", "fleetscore-1/gke-readonly-port-intent");
    assertEquals(ExitCodes.OK, rule.code(), rule.err());
    assertTrue(rule.out().contains("\"pool\":\"readonly_port_enabled\""), rule.out());
    assertTrue(rule.out().contains("cloud readonly_port_enabled = "), rule.out());
    assertTrue(rule.out().contains("kubelet readOnlyPort = 10255"), rule.out());
  }

  @Test
  void ruleWithAnExemptionShowsItAndTheRemediation() throws Exception {
    Run t = explain("--node", AKS_LEGACY, "--rule", "cis-kubernetes-1.12/4.2.4");
    assertEquals(ExitCodes.OK, t.code(), t.err());
    assertTrue(t.out().contains("state:       EXEMPT"), t.out());
    assertTrue(t.out().contains("exemption:   EX-TEST-7 applies, until 2027-01-31"), t.out());
    assertTrue(t.out().contains("the node image is replaced in January"), t.out());
    assertTrue(
        t.out().contains("remediation: Set readOnlyPort: 0 in the kubelet config file"), t.out());
    assertTrue(t.out().contains("legacy command-line default (no --config): 10255"), t.out());
    JsonNode r = json(explain("--node", AKS_LEGACY, "--rule", "4.2.4", "--json")).get("rule");
    assertEquals("cis-kubernetes-1.12/4.2.4", r.get("ruleId").asText());
    assertEquals("EXEMPT", r.get("state").asText());
    assertEquals("10255", r.get("actual").asText());
    assertEquals("EX-TEST-7", r.at("/exemption/id").asText());
    assertTrue(r.at("/exemption/applies").asBoolean());
    assertTrue(r.get("definition").asText().contains("kubelet:readOnlyPort"));
  }

  @Test
  void explainRefusesUnknownNamesWithSuggestions() {
    Run node = explain("--node", "aks-userpool-54200605-vmss00000", "--setting", "readOnlyPort");
    assertEquals(ExitCodes.INPUT, node.code());
    assertTrue(node.err().contains("did you mean " + AKS_LEGACY), node.err());
    Run setting = explain("--node", AKS_LEGACY, "--setting", "readOnlyPorts");
    assertEquals(ExitCodes.USAGE, setting.code());
    assertTrue(setting.err().contains("kubelet:readOnlyPort"), setting.err());
    Run rule = explain("--node", AKS_LEGACY, "--rule", "cis-kubernetes-1.12/4.2.44");
    assertEquals(ExitCodes.USAGE, rule.code());
    assertTrue(
        rule.err().matches("(?s).*did you mean .*cis-kubernetes-1\\.12/4\\.2\\.4[ ,?].*"),
        rule.err());
    Run both = explain("--node", AKS_LEGACY, "--rule", "4.2.4", "--setting", "readOnlyPort");
    assertEquals(ExitCodes.USAGE, both.code());
    Run date =
        FleetscoreCommandTest.run(
            "explain",
            "--warehouse",
            wh.toString(),
            "--date",
            "2026-11-20",
            "--node",
            AKS_LEGACY,
            "--setting",
            "readOnlyPort");
    assertEquals(ExitCodes.INPUT, date.code());
    assertTrue(date.err().contains("scored snapshots: 2026-11-15, 2026-11-22"), date.err());
  }

  @Test
  void ciFilesOfScoreEqualTheExportAndCarryThePacksRemediation() throws Exception {
    assertTrue(rescore.out().contains("sarif: " + sarif), rescore.out());
    Path s2 = tmp.resolve("export.sarif");
    Run e =
        FleetscoreCommandTest.run(
            "export",
            "findings",
            "--warehouse",
            wh.toString(),
            "--date",
            DATE,
            "--format",
            "sarif",
            "--out",
            s2.toString());
    assertEquals(ExitCodes.OK, e.code(), e.err());
    assertEquals(Files.readString(sarif), Files.readString(s2), "score --sarif = export");
    JsonNode log = JSON.readTree(sarif.toFile());
    Map<String, String> packRemediation = new HashMap<>();
    for (RuleInfo i : RuleEngine.builtin().ruleSet().rules()) {
      packRemediation.put(i.id(), i.remediation());
    }
    int withRemediation = 0;
    for (JsonNode r : log.at("/runs/0/tool/driver/rules")) {
      String want = packRemediation.get(r.get("id").asText());
      String help = r.at("/help/text").asText();
      if (want == null) {
        assertTrue(help.contains("gives no remediation"), help);
      } else {
        assertEquals(want.strip(), help, "the remediation of the run's pack");
        withRemediation++;
      }
    }
    assertTrue(withRemediation > 0);
    for (JsonNode r : log.at("/runs/0/results")) {
      assertFalse(
          r.at("/properties/node").asText().equals(AKS_LEGACY)
              && r.get("ruleId").asText().equals("cis-kubernetes-1.12/4.2.4"),
          "an EXEMPT finding is not a result");
    }
    Path j2 = tmp.resolve("export.xml");
    Run ej =
        FleetscoreCommandTest.run(
            "export",
            "findings",
            "--warehouse",
            wh.toString(),
            "--date",
            DATE,
            "--format",
            "JUnit",
            "--out",
            j2.toString());
    assertEquals(ExitCodes.OK, ej.code(), ej.err());
    assertEquals(Files.readString(junit), Files.readString(j2));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(junit)));
    assertEquals("testsuites", d.getDocumentElement().getTagName());
    assertTrue(
        Files.readString(junit, StandardCharsets.UTF_8).contains("EXEMPT: Exempt under EX-TEST-7"),
        "the exemption is a skip with its reason");
  }

  @Test
  void exportAndReportFiltersAreCheckedAndApplied() throws Exception {
    Path out = tmp.resolve("f.jsonl");
    Run ok =
        FleetscoreCommandTest.run(
            "export",
            "findings",
            "--warehouse",
            wh.toString(),
            "--date",
            DATE,
            "--format",
            "jsonl",
            "--cluster",
            AKS,
            "--state",
            "fail,exempt",
            "--out",
            out.toString());
    assertEquals(ExitCodes.OK, ok.code(), ok.err());
    List<String> lines = Files.readAllLines(out);
    assertFalse(lines.isEmpty());
    for (String l : lines) {
      JsonNode n = JSON.readTree(l);
      assertEquals(AKS, n.get("cluster_id").asText());
      assertTrue(List.of("FAIL", "EXEMPT").contains(n.get("state").asText()));
    }

    Run sev = export("--format", "csv", "--severity", "urgent");
    assertEquals(ExitCodes.USAGE, sev.code());
    assertTrue(sev.err().contains("'urgent' is not a severity"), sev.err());
    Run state = export("--format", "csv", "--state", "FAILED");
    assertEquals(ExitCodes.USAGE, state.code());
    assertTrue(state.err().contains("did you mean FAIL"), state.err());
    Run noDate =
        FleetscoreCommandTest.run(
            "export", "findings", "--warehouse", wh.toString(), "--format", "sarif");
    assertEquals(ExitCodes.USAGE, noDate.code());
    assertTrue(noDate.err().contains("exactly one --date"), noDate.err());
    Run otherTable =
        FleetscoreCommandTest.run(
            "export",
            "node_scores",
            "--warehouse",
            wh.toString(),
            "--date",
            DATE,
            "--state",
            "FAIL");
    assertEquals(ExitCodes.USAGE, otherTable.code());
    assertTrue(otherTable.err().contains("node_scores cannot be filtered by --state"));
    Run unknown = export("--format", "sarif", "--cluster", "aks:nope");
    assertEquals(ExitCodes.INPUT, unknown.code());
    assertTrue(unknown.err().contains("names nothing"), unknown.err());

    Path rep = tmp.resolve("report-aks");
    Run r =
        FleetscoreCommandTest.run(
            "report",
            "--warehouse",
            wh.toString(),
            "--date",
            DATE,
            "--out",
            rep.toString(),
            "--csv",
            "all",
            "--cluster",
            AKS);
    assertEquals(ExitCodes.OK, r.code(), r.err());
    List<String> csv = Files.readAllLines(rep.resolve("csv/findings.csv"));
    assertTrue(csv.size() > 1);
    for (String l : csv.subList(1, csv.size())) {
      assertTrue(l.contains(AKS), l);
    }
    String html = Files.readString(rep.resolve("report.html"));
    assertTrue(html.contains("rg-portal-prod/portal"));
    assertFalse(html.contains("edge-stores-agent-1"), "other clusters' nodes are not rendered");
    Run badReport =
        FleetscoreCommandTest.run(
            "report",
            "--warehouse",
            wh.toString(),
            "--date",
            DATE,
            "--out",
            rep.toString(),
            "--state",
            "broken");
    assertEquals(ExitCodes.USAGE, badReport.code());
  }

  private static Run export(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "export",
                "findings",
                "--warehouse",
                wh.toString(),
                "--date",
                DATE,
                "--out",
                tmp.resolve("x").toString()));
    a.addAll(List.of(extra));
    return FleetscoreCommandTest.run(a.toArray(String[]::new));
  }
}
