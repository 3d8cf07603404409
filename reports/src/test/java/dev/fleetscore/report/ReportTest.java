package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.common.UserError;
import dev.fleetscore.report.ReadonlyPort.NodeState;
import dev.fleetscore.report.ReportData.ClusterDetail;
import dev.fleetscore.report.ReportData.Exemption;
import dev.fleetscore.report.ReportData.FailGroup;
import dev.fleetscore.report.ReportView.PortView;
import dev.fleetscore.report.ReportView.Verdict;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of the realistic fixture fleet: the numbers, the views, and their guarantees. */
class ReportTest {

  static final String PAYMENTS = "gke:acme-prod/europe-west1/payments";
  static final String WEB = "gke:acme-prod/us-central1/web";
  static final String EKS = "eks:111122223333/eu-west-1/payments";

  static Path warehouse;
  static ReportData data;
  static ReportView view;
  static String html;
  static String md;

  @BeforeAll
  static void report() {
    warehouse = Fixtures.realistic().warehouse();
    data =
        ReportLoader.load(
            SnapshotFiles.open(warehouse, FleetFixture.LAST), ReportOptions.defaults());
    view = new ReportView(data);
    html = HtmlReport.render(data);
    md = MarkdownReport.render(data);
  }

  @Test
  void notAssessedCountsEveryNoEvidenceFindingOnceByCause() {
    Map<String, Map<String, Long>> expected = new TreeMap<>();
    for (dev.fleetscore.schema.FindingRow f :
        LocalTables.readAll(
            warehouse, Table.FINDINGS, FleetFixture.LAST, dev.fleetscore.schema.FindingRow.class)) {
      if ("NO_EVIDENCE".equals(f.getState())) {
        expected
            .computeIfAbsent(f.getClusterId(), k -> new TreeMap<>())
            .merge(NoEvidenceCauses.of(f.getNoEvidenceCause(), f.getReason()), 1L, Long::sum);
      }
    }
    assertFalse(expected.isEmpty(), "the fixture has NO_EVIDENCE findings");
    Map<String, Map<String, Long>> reported = new TreeMap<>();
    data.details()
        .clusters()
        .forEach(
            (c, cd) ->
                cd.notAssessed()
                    .forEach(
                        a ->
                            reported
                                .computeIfAbsent(c, k -> new TreeMap<>())
                                .put(a.cause(), a.findings())));
    assertEquals(expected, reported);
    for (ClusterDetail cd : data.details().clusters().values()) {
      for (ReportData.NotAssessed a : cd.notAssessed()) {
        assertFalse(a.rules().isEmpty(), a.toString());
        assertNotNull(a.example(), a.toString());
      }
    }
    assertTrue(html.contains("Not assessed (no evidence)"));
  }

  @Test
  void noControlIsListedTwiceAndNoRowRepeatsInATable() {
    Matcher table = Pattern.compile("<table.*?</table>", Pattern.DOTALL).matcher(html);
    int tables = 0;
    while (table.find()) {
      tables++;
      Matcher tr = Pattern.compile("<tr[ >].*?</tr>").matcher(table.group());
      java.util.Set<String> rows = new java.util.HashSet<>();
      while (tr.find()) {
        assertTrue(rows.add(tr.group()), "repeated row " + tr.group());
      }
    }
    assertTrue(tables > 10, tables + " tables");
    // Each quarantine record is listed once (under its reason), never twice.
    String q = html.substring(html.indexOf("<section id=\"quarantine\""));
    q = q.substring(0, q.indexOf("</section>"));
    for (dev.fleetscore.schema.QuarantineRow r : data.quarantine()) {
      String key = ">" + Html.esc(r.getRecordKey()) + "<";
      int n = 0;
      for (int i = q.indexOf(key); i >= 0; i = q.indexOf(key, i + 1)) {
        n++;
      }
      assertTrue(n <= 1, r.getRecordKey() + " listed " + n + " times");
    }
  }

  @Test
  void controlsFailingAndNotAssessedAreApart() {
    int checked = 0;
    int detailed = Math.min(view.clusterOrder.size(), data.options().detailedClusters());
    for (int i = 0; i < detailed; i++) {
      String cluster = view.clusterOrder.get(i);
      String article =
          html.substring(html.indexOf("<article class=\"cluster\" id=\"c" + (i + 1) + "\""));
      article = article.substring(0, article.indexOf("</article>"));
      int f = article.indexOf("<span class=\"bt\">Failing controls</span>");
      String failing = f < 0 ? "" : article.substring(f, article.indexOf("</details>", f));
      for (dev.fleetscore.schema.ControlSummaryRow r : data.controls()) {
        if (!r.getClusterId().equals(cluster)) {
          continue;
        }
        String cell = ">" + Html.esc(r.getFramework() + ":" + r.getControlId()) + "<";
        boolean fails =
            r.getFailCount() + r.getWarnCount() + r.getExemptCount() > 0
                || "FAIL".equals(r.getState())
                || "WARN".equals(r.getState());
        if (fails) {
          assertTrue(failing.contains(cell), cluster + " lists failing control " + cell);
        } else if (r.getNoEvidenceCount() > 0) {
          checked++;
          assertFalse(failing.contains(cell), cluster + " lists not-assessed control " + cell);
        }
      }
    }
    assertTrue(checked > 0, "the fixture has controls that only lack evidence");
  }

  @Test
  void readsEveryTableOfTheSnapshot() {
    Map<Table, Long> rows = data.details().rowsRead();
    assertEquals(
        LocalTables.readAll(
                warehouse,
                Table.FINDINGS,
                FleetFixture.LAST,
                dev.fleetscore.schema.FindingRow.class)
            .size(),
        rows.get(Table.FINDINGS));
    assertTrue(rows.get(Table.EFFECTIVE_SETTINGS) > 0);
    assertTrue(rows.get(Table.NODE_SCORES) > 0);
    assertEquals(
        List.of(
            LocalDate.of(2026, 11, 19),
            LocalDate.of(2026, 11, 20),
            LocalDate.of(2026, 11, 21),
            FleetFixture.LAST),
        List.copyOf(data.fleetTrend().keySet()));
    assertEquals(LocalDate.of(2026, 11, 21), data.previousDate());
    assertEquals(7, data.details().clusters().size());
    assertEquals(
        30, data.details().clusters().values().stream().mapToLong(ClusterDetail::nodes).sum());
    assertTrue(view.reconciles());
    assertEquals(32, view.all.getDumpsIn());
    // Coverage over clusters with inventory: the EKS cluster reports 2 nodes nobody dumped.
    assertEquals(30, view.coverageScored);
    assertEquals(32, view.coverageExpected);
    // The new cluster that failed from its first snapshot is the worst.
    assertEquals("k3s:edge-2", view.clusterOrder.get(0));
  }

  @Test
  void readOnlyPortMigrationViewPerPool() {
    Map<String, PortView> byPool = new TreeMap<>();
    for (PortView p : view.ports) {
      byPool.put(p.pool().clusterId() + "/" + p.pool().pool(), p);
    }
    PortView metrics = byPool.get(PAYMENTS + "/metrics-pool");
    assertEquals(Verdict.MIGRATE_CLIENTS, metrics.verdict());
    assertEquals(2, metrics.pool().count(NodeState.OPEN_IN_USE));
    assertEquals(1, metrics.pool().count(NodeState.OPEN_UNUSED));
    assertEquals(2600L, metrics.pool().inUse().get(0).requests(), "most requests first");
    assertEquals("CONFIG_FILE", metrics.pool().inUse().get(0).portSource());
    assertEquals("true", metrics.pool().apiEnabled());
    assertEquals("POOL", metrics.pool().apiSource());

    PortView old = byPool.get(PAYMENTS + "/default-pool");
    assertEquals(Verdict.UPGRADE_FIRST, old.verdict());
    assertEquals("false", old.pool().canDisable());
    assertTrue(old.pool().versions().contains("1.25.10-gke.1200"));

    PortView hardened = byPool.get(PAYMENTS + "/hardened");
    assertEquals(Verdict.CLOSE_NOW, hardened.verdict());
    assertEquals(1, hardened.pool().drift(), "the node with --read-only-port=10255 disagrees");
    assertEquals(Map.of("FLAG", 1L), hardened.pool().portSources());

    PortView web = byPool.get(WEB + "/default-pool");
    assertEquals(Verdict.CLOSE_NOW, web.verdict());
    assertEquals(4, web.open());
    assertTrue(web.command().contains("node-pools update default-pool --cluster=web"));

    assertEquals(Verdict.CHECK_FIRST, byPool.get(WEB + "/batch").verdict());
    assertEquals(2, byPool.get(WEB + "/batch").pool().count(NodeState.OPEN_UNKNOWN));

    PortView edge = byPool.get("k3s:edge-2/agent");
    assertEquals(Verdict.CLOSE_NOW, edge.verdict());
    assertEquals(null, edge.command(), "no gcloud command outside GKE");
    assertTrue(edge.why().contains("readOnlyPort: 0"));

    assertEquals(Verdict.CLOSED, byPool.get(EKS + "/ng-general").verdict());
  }

  @Test
  void perClusterDetail() {
    ClusterDetail lab = data.details().clusters().get("kubeadm:lab");
    Map<String, Exemption> ex = new TreeMap<>();
    lab.exemptions().forEach(e -> ex.put(e.id(), e));
    Exemption expired = ex.get("EX-2025-090");
    assertEquals(LocalDate.of(2026, 11, 20), expired.expires());
    assertEquals(0, expired.active());
    assertEquals(3, expired.expired());
    FailGroup iptables =
        lab.failing().stream().filter(g -> g.ruleId().endsWith("/4.2.6")).findFirst().orElseThrow();
    assertEquals(3, iptables.failCount());
    assertEquals("FLAG", iptables.nodes().get(0).source());
    assertEquals("argv[9]", iptables.nodes().get(0).origin());
    assertEquals("false", iptables.nodes().get(0).actual());
    assertEquals("kubelet makeIPTablesUtilChains is true.", iptables.expected());
    // The expired API server certificate.
    assertEquals(-2L, lab.certificates().get(0).minDays());
    assertEquals("FAIL", lab.certificates().get(0).state());

    ClusterDetail payments = data.details().clusters().get(PAYMENTS);
    Exemption active = payments.exemptions().get(0);
    assertEquals("EX-2026-014", active.id());
    assertEquals(3, active.active());
    assertEquals("jane.doe@example.com", active.approver());
    assertEquals("the metrics agent scrapes 10255 until OPS-1234 ships", active.justification());

    ClusterDetail eks = data.details().clusters().get(EKS);
    assertEquals(
        11L,
        eks.certificates().get(0).minDays(),
        "notAfter is 12 days after the last date, judged at its end");
    FailGroup authz =
        eks.failing().stream().filter(g -> g.ruleId().endsWith("/3.2.2")).findFirst().orElseThrow();
    assertEquals("DROP_IN", authz.nodes().get(0).source());
    assertEquals(
        "/etc/kubernetes/kubelet/config.json.d/40-debug.conf", authz.nodes().get(0).origin());
    assertEquals(Map.of("ng-general", 4L), eks.nodesByPool());
  }

  @Test
  void changesSinceThePreviousSnapshot() {
    assertEquals(
        5L, view.changeCounts.get("FIXED"), "the lab workers got a --config on the last date");
    assertEquals(1L, view.changeCounts.get("REGRESSED"));
    assertEquals(5L, view.changeCounts.get("NEW_FAILURE"));
    assertEquals("REGRESSED", view.topChanges.get(0).change());
    assertEquals(EKS, view.topChanges.get(0).clusterId());
    assertEquals("HIGH", view.topChanges.get(0).severity());
  }

  @Test
  void htmlShowsEveryViewWithRealNumbers() {
    for (String heading : Chromium.REPORT_HEADINGS) {
      assertTrue(html.contains(">" + heading + "</h2>"), heading);
    }
    assertTrue(html.contains("32</span>") || html.contains(">32<") || html.contains(" 32 "));
    assertTrue(
        html.contains("32 node dumps in = 30 nodes scored + 2 quarantined"), "reconciliation");
    assertTrue(html.contains("Snapshot <b>2026-11-22</b>"));
    assertTrue(html.contains("fleetscore@1.0.0+"), "rule pack versions");
    assertTrue(html.contains("Report by <b>fleetscore 0.1.0</b>"));
    assertTrue(html.contains("Migrate clients first"));
    assertTrue(html.contains("--no-enable-insecure-kubelet-readonly-port"));
    assertTrue(html.contains("EX-2026-014"));
    assertTrue(html.contains("expired 2 days ago"));
    assertTrue(html.contains("/etc/kubernetes/kubelet/config.json.d/40-debug.conf"));
    assertTrue(html.contains("certificate /etc/kubernetes/pki/apiserver.crt days_until_expiry=-2"));
    assertTrue(html.contains("<svg"), "charts are inline SVG");
    assertTrue(html.contains("REJECTED_DUMP"));
    assertTrue(html.length() < 400_000, "small enough to open: " + html.length());
  }

  @Test
  void htmlIsSelfContained() {
    String lower = html.toLowerCase(java.util.Locale.ROOT);
    assertFalse(lower.contains("<script"));
    assertFalse(lower.contains("<link"));
    assertFalse(lower.contains("<img"));
    assertFalse(lower.contains("@import"));
    assertFalse(lower.contains("url("));
    assertFalse(lower.contains("src="));
    // The only URL is the SVG namespace name, which no browser fetches.
    String stripped = html.replace("http://www.w3.org/2000/svg", "");
    assertFalse(
        stripped.contains("http://") || stripped.contains("https://"), "no network reference");
    assertTrue(html.contains("@media print"), "printable");
    assertTrue(html.contains("<html lang=\"en\">"));
  }

  @Test
  void markdownSummary() {
    assertTrue(md.startsWith("## Fleet security report \u2013 2026-11-22\n"));
    assertTrue(md.contains("Counts reconcile: 32 dumps in = 30 scored + 2 quarantined"));
    assertTrue(md.contains("5 new failures, 1 regressed, 5 fixed"));
    assertTrue(md.contains("- **REGRESSED** eks:111122223333/eu-west-1/payments"));
    assertTrue(md.contains("| k3s:edge-2 | k3s |"));
    assertTrue(md.contains("**Migrate clients first**"));
  }

  @Test
  void hostileNamesAreEscapedEverywhere() {
    Path wh = Fixtures.of(new FleetFixture.Spec(42, 2, 0, 0, true)).warehouse();
    ReportData d =
        ReportLoader.load(
            SnapshotFiles.open(wh, FleetFixture.LAST),
            ReportOptions.defaults().withDetailedClusters(100).withNodesPerControl(50));
    String h = HtmlReport.render(d);
    assertFalse(h.contains("<script>alert(1)</script>"));
    assertFalse(h.contains("<img src=x"));
    assertFalse(h.contains("<b>bold</b>"));
    assertTrue(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the node is shown, escaped");
    assertTrue(
        h.contains("k3s:&lt;img src=x onerror=alert(3)&gt;"), "the cluster is shown, escaped");
    String m = MarkdownReport.render(d);
    assertFalse(m.contains("<img"));
    assertTrue(m.contains("k3s:&lt;img src=x onerror=alert(3)&gt;"));
  }

  @Test
  void sameTablesGiveTheSameBytes(@TempDir Path tmp) throws Exception {
    ReportWriter.Written a =
        ReportWriter.write(
            warehouse,
            FleetFixture.LAST,
            tmp.resolve("a"),
            ReportOptions.defaults(),
            ReportWriter.CsvMode.ALL);
    ReportWriter.Written b =
        ReportWriter.write(
            warehouse,
            FleetFixture.LAST,
            tmp.resolve("b"),
            ReportOptions.defaults(),
            ReportWriter.CsvMode.ALL);
    assertEquals(9, a.csv().size(), "every output table, rbac_access included");
    for (String f :
        List.of(
            "report.html",
            "summary.md",
            "csv/findings.csv",
            "csv/effective_settings.csv",
            "csv/changes.csv",
            "csv/rbac_access.csv")) {
      assertArrayEquals(
          Files.readAllBytes(tmp.resolve("a").resolve(f)),
          Files.readAllBytes(tmp.resolve("b").resolve(f)),
          f);
    }
    // The same rows laid out without buckets (one group, another file order) give the same page.
    Path copy = tmp.resolve("copy");
    try (Stream<Path> s = Files.walk(warehouse)) {
      for (Path p : s.toList()) {
        Path rel = warehouse.relativize(p);
        Path t = copy.resolve(rel.toString().replace("part-00000-of-00001", "zz-import"));
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    ReportData d2 =
        ReportLoader.load(SnapshotFiles.open(copy, FleetFixture.LAST), ReportOptions.defaults());
    assertEquals(html, HtmlReport.render(d2));
  }

  @Test
  void firstSnapshotHasNothingToCompare() {
    ReportData d =
        ReportLoader.load(
            SnapshotFiles.open(warehouse, LocalDate.of(2026, 11, 19)), ReportOptions.defaults());
    String h = HtmlReport.render(d);
    assertTrue(h.contains("first snapshot (nothing to compare with)"));
    assertTrue(h.contains("Only one snapshot so far"));
    assertNotNull(MarkdownReport.render(d));
  }

  @Test
  void missingSnapshotNamesTheDatesThereAre(@TempDir Path tmp) {
    UserError e =
        assertThrows(
            UserError.class, () -> SnapshotFiles.open(warehouse, LocalDate.of(2026, 1, 1)));
    assertTrue(
        e.getMessage().contains("2026-11-19, 2026-11-20, 2026-11-21, 2026-11-22"), e.getMessage());
    UserError none =
        assertThrows(
            UserError.class, () -> SnapshotFiles.open(tmp.resolve("nope"), FleetFixture.LAST));
    assertTrue(none.getMessage().startsWith("no warehouse at"), none.getMessage());
  }

  @Test
  void corruptTableFileIsAUserErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path copy = tmp.resolve("wh");
    try (Stream<Path> s = Files.walk(warehouse)) {
      for (Path p : s.toList()) {
        Path t = copy.resolve(warehouse.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    Path findings = LocalTables.files(copy, Table.FINDINGS, FleetFixture.LAST).get(0);
    Files.write(findings, "not parquet at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                ReportLoader.load(
                    SnapshotFiles.open(copy, FleetFixture.LAST), ReportOptions.defaults()));
    assertTrue(e.getMessage().contains(findings.toString()), e.getMessage());
  }

  @Test
  void worstControlsAreSevereFirst() {
    List<String> top =
        view.worstControls.stream().limit(3).map(a -> a.severity()).collect(Collectors.toList());
    assertEquals("CRITICAL", top.get(0));
    assertEquals("HIGH", top.get(1));
  }
}
