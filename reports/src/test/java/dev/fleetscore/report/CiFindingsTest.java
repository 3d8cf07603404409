package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.fleetscore.common.UserError;
import dev.fleetscore.report.fixture.FleetFixture;
import dev.fleetscore.schema.States;
import dev.fleetscore.schema.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The CI formats on the fixture fleet: SARIF validated against the official SARIF 2.1.0 schema
 * (test resource {@code sarif/sarif-schema-2.1.0.json}, see {@code sarif/PROVENANCE.md}), JUnit XML
 * read back with the JDK's DOM parser, JSON Lines one object per line; the filters one by one and
 * combined, bad values refused; the same input giving the same bytes.
 */
class CiFindingsTest {

  static final LocalDate D = FleetFixture.LAST;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PAYMENTS = "gke:acme-prod/europe-west1/payments";
  static final String LAB = "kubeadm:lab";

  @TempDir static Path tmp;
  static Path wh;

  @BeforeAll
  static void fleet() {
    wh = tmp.resolve("wh");
    FleetFixture.write(wh, FleetFixture.Spec.realistic());
  }

  static String write(CiFindings.Format f, FindingFilter filter, Map<String, CiFindings.Rule> r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CiFindings.write(wh, D, filter, f, r, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static FindingFilter filter(
      List<String> c, List<String> fw, List<String> sev, List<String> st, List<String> rules) {
    return new FindingFilter(c, fw, sev, st, rules);
  }

  /** Every finding of the snapshot, as JSON objects (the JSONL export). */
  static List<JsonNode> all(FindingFilter f) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : write(CiFindings.Format.JSONL, f, Map.of()).split("\n")) {
      if (!line.isEmpty()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  @Test
  void sarifValidatesAgainstTheOfficialSchema() throws Exception {
    Map<String, CiFindings.Rule> rules = new TreeMap<>();
    rules.put(
        "cis-kubernetes-1.12/4.2.4",
        new CiFindings.Rule(
            "cis-kubernetes-1.12/4.2.4",
            "Verify that the --read-only-port argument is set to 0",
            "HIGH",
            "readOnlyPort is 0",
            "set readOnlyPort: 0 in the kubelet config file",
            "cis-kubernetes"));
    String sarif = write(CiFindings.Format.SARIF, FindingFilter.NONE, rules);
    JsonNode log = JSON.readTree(sarif);
    Schema schema;
    try (InputStream s = getClass().getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(s);
    }
    List<Error> errors = schema.validate(log);
    assertTrue(errors.isEmpty(), errors.subList(0, Math.min(5, errors.size())).toString());

    // The schema accepts a lot; what CI systems need is checked here.
    JsonNode run = log.get("runs").get(0);
    JsonNode results = run.get("results");
    long failing =
        all(FindingFilter.NONE).stream()
            .filter(f -> Set.of("FAIL", "WARN").contains(f.get("state").asText()))
            .count();
    assertTrue(failing > 0);
    assertEquals(failing, results.size(), "one result per FAIL or WARN finding, nothing else");
    Set<String> ruleIds = new HashSet<>();
    run.at("/tool/driver/rules").forEach(r -> ruleIds.add(r.get("id").asText()));
    Set<String> fingerprints = new HashSet<>();
    for (JsonNode r : results) {
      assertTrue(ruleIds.contains(r.get("ruleId").asText()));
      assertEquals(
          r.get("ruleId").asText(),
          run.at("/tool/driver/rules/" + r.get("ruleIndex").asInt() + "/id").asText());
      String uri = r.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
      assertTrue(uri.startsWith("fleetscore/") && !uri.contains("//"), uri);
      assertTrue(fingerprints.add(r.at("/partialFingerprints/fleetscore~1v1").asText()));
      assertFalse(r.at("/partialFingerprints/primaryLocationLineHash").asText().isEmpty());
      assertEquals("resource", r.at("/locations/0/logicalLocations/0/kind").asText());
      String level = r.get("level").asText();
      assertTrue(Set.of("error", "warning", "note").contains(level));
      if (r.at("/properties/state").asText().equals("WARN")) {
        assertEquals("note", level);
      }
    }
    for (JsonNode rule : run.at("/tool/driver/rules")) {
      assertFalse(rule.at("/help/text").asText().isBlank());
      assertFalse(rule.at("/shortDescription/text").asText().isBlank());
      assertTrue(rule.at("/properties/security-severity").isTextual());
    }
    assertEquals("fleetscore/", run.at("/automationDetails/id").asText());
    // Remediation from the rules given, else a sentence naming the pack.
    for (JsonNode rule : run.at("/tool/driver/rules")) {
      if (rule.get("id").asText().equals("cis-kubernetes-1.12/4.2.4")) {
        assertEquals(
            "set readOnlyPort: 0 in the kubelet config file", rule.at("/help/text").asText());
      } else {
        assertTrue(rule.at("/help/text").asText().contains("gives no remediation"));
      }
    }
    assertEquals(
        sarif, write(CiFindings.Format.SARIF, FindingFilter.NONE, rules), "deterministic bytes");
    assertFalse(sarif.contains(tmp.toString()), "no path of this machine");
  }

  @Test
  void sarifFingerprintsAndLevelsAreStable() {
    CiFindings.Finding f =
        new CiFindings.Finding(
            "gke:p/l/c",
            "n1",
            "NODE",
            null,
            "r/1",
            "p",
            "t",
            "kubelet",
            "FAIL",
            "HIGH",
            "10255",
            "0",
            "why",
            "readOnlyPort",
            "FLAG",
            "argv[3]",
            "d",
            List.of(),
            null,
            null);
    assertEquals(64, SarifFindings.fingerprint(f).length());
    assertEquals(SarifFindings.fingerprint(f), SarifFindings.fingerprint(f));
    assertEquals("fleetscore/gke%3Ap%2Fl%2Fc/n1", SarifFindings.uri(f));
    assertEquals("error", SarifFindings.level("FAIL", "CRITICAL"));
    assertEquals("error", SarifFindings.level("FAIL", "HIGH"));
    assertEquals("warning", SarifFindings.level("FAIL", "MEDIUM"));
    assertEquals("note", SarifFindings.level("FAIL", "LOW"));
    assertEquals("note", SarifFindings.level("WARN", "CRITICAL"));
  }

  @Test
  void junitParsesAndFollowsWhatCiSystemsRead() throws Exception {
    String xml = write(CiFindings.Format.JUNIT, FindingFilter.NONE, Map.of());
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc =
        dbf.newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    List<JsonNode> findings = all(FindingFilter.NONE);
    NodeList cases = doc.getElementsByTagName("testcase");
    assertEquals(findings.size(), cases.getLength(), "a test case per rule and node");
    assertEquals(Integer.toString(findings.size()), root.getAttribute("tests"));
    long fails = findings.stream().filter(f -> f.get("state").asText().equals("FAIL")).count();
    long passes = findings.stream().filter(f -> f.get("state").asText().equals("PASS")).count();
    assertEquals(fails, doc.getElementsByTagName("failure").getLength());
    assertEquals(findings.size() - fails - passes, doc.getElementsByTagName("skipped").getLength());
    assertEquals(Long.toString(fails), root.getAttribute("failures"));
    Set<String> names = new HashSet<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      assertFalse(c.getAttribute("classname").isEmpty(), "classname always set");
      assertTrue(
          names.add(c.getAttribute("classname") + "|" + c.getAttribute("name")),
          "unique names: " + c.getAttribute("name"));
      NodeList skipped = c.getElementsByTagName("skipped");
      if (skipped.getLength() > 0) {
        String m = ((Element) skipped.item(0)).getAttribute("message");
        assertTrue(
            m.matches("(WARN|MANUAL|NOT_APPLICABLE|NO_EVIDENCE|EXEMPT): .+"),
            "skip says why: " + m);
      }
      NodeList failure = c.getElementsByTagName("failure");
      if (failure.getLength() > 0) {
        Element f = (Element) failure.item(0);
        assertFalse(f.getAttribute("message").isEmpty());
        assertTrue(States.SEVERITIES.contains(f.getAttribute("type")));
        assertTrue(f.getTextContent().contains("remediation: "));
      }
    }
    assertTrue(xml.contains("EXEMPT: "), "the fixture's exemptions are skipped with the reason");
    assertEquals(xml, write(CiFindings.Format.JUNIT, FindingFilter.NONE, Map.of()));
  }

  @Test
  void junitReplacesWhatXmlCannotHold() {
    assertEquals("a\uFFFDb\tc", JunitFindings.clean("a\u0001b\tc"));
    assertEquals("x\uFFFD", JunitFindings.clean("x\uD800"));
  }

  @Test
  void jsonLinesIsOneObjectPerLine() throws Exception {
    String jsonl = write(CiFindings.Format.JSONL, FindingFilter.NONE, Map.of());
    assertTrue(jsonl.endsWith("\n"));
    String[] lines = jsonl.split("\n");
    assertTrue(lines.length > 10);
    for (String line : lines) {
      JsonNode n = JSON.readTree(line);
      assertTrue(n.isObject(), line);
      assertTrue(n.has("rule_id") && n.has("state"));
    }
  }

  @Test
  void eachFilterAndTheirCombination() throws Exception {
    List<JsonNode> every = all(FindingFilter.NONE);
    List<JsonNode> payments =
        all(filter(List.of(PAYMENTS), List.of(), List.of(), List.of(), List.of()));
    assertFalse(payments.isEmpty());
    assertTrue(payments.size() < every.size());
    payments.forEach(f -> assertEquals(PAYMENTS, f.get("cluster_id").asText()));

    List<JsonNode> both =
        all(filter(List.of(PAYMENTS + "," + LAB), List.of(), List.of(), List.of(), List.of()));
    assertEquals(
        every.stream()
            .filter(f -> Set.of(PAYMENTS, LAB).contains(f.get("cluster_id").asText()))
            .count(),
        both.size(),
        "a comma list is OR");

    List<JsonNode> high = all(filter(List.of(), List.of(), List.of("high"), List.of(), List.of()));
    assertFalse(high.isEmpty());
    high.forEach(f -> assertEquals("HIGH", f.get("severity").asText()));

    List<JsonNode> fail = all(filter(List.of(), List.of(), List.of(), List.of("Fail"), List.of()));
    assertEquals(
        every.stream().filter(f -> f.get("state").asText().equals("FAIL")).count(), fail.size());

    List<JsonNode> rule = all(filter(List.of(), List.of(), List.of(), List.of(), List.of("4.2.4")));
    assertFalse(rule.isEmpty());
    rule.forEach(f -> assertTrue(f.get("rule_id").asText().endsWith("/4.2.4")));

    List<JsonNode> fw =
        all(filter(List.of(), List.of("CIS-Kubernetes-1.12"), List.of(), List.of(), List.of()));
    assertFalse(fw.isEmpty());
    for (JsonNode f : fw) {
      boolean in = false;
      for (JsonNode id : f.get("framework_ids")) {
        in |= id.asText().startsWith("cis-kubernetes-1.12:");
      }
      assertTrue(in, f.toString());
    }

    List<JsonNode> combined =
        all(filter(List.of(PAYMENTS), List.of(), List.of(), List.of("FAIL", "EXEMPT"), List.of()));
    assertEquals(
        every.stream()
            .filter(f -> f.get("cluster_id").asText().equals(PAYMENTS))
            .filter(f -> Set.of("FAIL", "EXEMPT").contains(f.get("state").asText()))
            .count(),
        combined.size(),
        "different options are AND");
    assertTrue(combined.stream().anyMatch(f -> f.get("state").asText().equals("EXEMPT")));

    // The SARIF of one cluster is categorised by it.
    String sarif =
        write(
            CiFindings.Format.SARIF,
            filter(List.of(PAYMENTS), List.of(), List.of(), List.of(), List.of()),
            Map.of());
    assertEquals(
        "fleetscore/" + PAYMENTS + "/",
        JSON.readTree(sarif).at("/runs/0/automationDetails/id").asText());
  }

  @Test
  void invalidFilterValuesAreRefusedWithASuggestion() {
    IllegalArgumentException sev =
        assertThrows(
            IllegalArgumentException.class,
            () -> filter(List.of(), List.of(), List.of("HIGHH"), List.of(), List.of()));
    assertTrue(sev.getMessage().contains("did you mean HIGH"), sev.getMessage());
    IllegalArgumentException st =
        assertThrows(
            IllegalArgumentException.class,
            () -> filter(List.of(), List.of(), List.of(), List.of("FAILED"), List.of()));
    assertTrue(st.getMessage().contains("FAIL"), st.getMessage());

    UserError cluster =
        assertThrows(
            UserError.class,
            () ->
                write(
                    CiFindings.Format.SARIF,
                    filter(List.of("kubeadm:labb"), List.of(), List.of(), List.of(), List.of()),
                    Map.of()));
    assertTrue(cluster.getMessage().contains("did you mean " + LAB), cluster.getMessage());
    UserError rule =
        assertThrows(
            UserError.class,
            () ->
                write(
                    CiFindings.Format.JUNIT,
                    filter(List.of(), List.of(), List.of(), List.of(), List.of("9.9.9")),
                    Map.of()));
    assertTrue(rule.getMessage().contains("--rule 9.9.9 names nothing"), rule.getMessage());
    UserError fw =
        assertThrows(
            UserError.class,
            () ->
                write(
                    CiFindings.Format.JSONL,
                    filter(List.of(), List.of("cis-kubernetes"), List.of(), List.of(), List.of()),
                    Map.of()));
    assertTrue(fw.getMessage().contains("cis-kubernetes-1.12"), fw.getMessage());

    UserError table =
        assertThrows(
            UserError.class,
            () ->
                filter(List.of(), List.of(), List.of(), List.of("FAIL"), List.of())
                    .require(Table.NODE_SCORES));
    assertEquals(UserError.USAGE, table.exitCode());
    assertTrue(table.getMessage().contains("--state"), table.getMessage());

    UserError never =
        assertThrows(
            UserError.class,
            () ->
                CiFindings.write(
                    wh,
                    LocalDate.of(2020, 1, 1),
                    FindingFilter.NONE,
                    CiFindings.Format.SARIF,
                    Map.of(),
                    new ByteArrayOutputStream()));
    assertTrue(never.getMessage().contains("scored snapshots: "), never.getMessage());
  }
}
