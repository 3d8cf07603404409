package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.report.Chromium;
import dev.fleetscore.report.LocalLinks;
import dev.fleetscore.schema.Table;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end, seen by a real browser: {@code fleetscore demo} generates
 * a fleet and its cloud exports, imports both, scores on the DirectRunner and writes the report;
 * headless Chromium renders that report without a console message, and its DOM shows every view
 * with the demo's real numbers (cloud pools, coverage from the inventory, changes since the
 * previous snapshot). The screenshot is kept in {@code target/browser-check/demo-report.png}.
 */
class DemoReportBrowserTest {

  @TempDir Path tmp;

  @Test
  void theDemoReportRendersEveryViewWithRealNumbers() throws IOException {
    Chromium.require();
    Path dir = tmp.resolve("demo");
    FleetscoreCommandTest.Run demo = FleetscoreCommandTest.run("demo", "--dir", dir.toString());
    assertEquals(ExitCodes.OK, demo.code(), demo.err());
    assertTrue(
        demo.out()
            .contains(
                "kubectl exports: 0 clusters, 0 node pools, 0 identity"
                    + " mappings, 32 inventory nodes"),
        demo.out());
    Path html = dir.resolve("report/report.html");

    Path out = Path.of("target", "browser-check").toAbsolutePath();
    Files.createDirectories(out);
    Path png = out.resolve("demo-report.png");
    Files.deleteIfExists(png);
    Chromium.Run shot =
        Chromium.run(
            tmp.resolve("shot"),
            out,
            "--screenshot=" + png,
            "--window-size=1400,6000",
            "--hide-scrollbars",
            html.toUri().toString());
    assertEquals(List.of(), Chromium.consoleMessages(shot.stderr()));
    BufferedImage img = ImageIO.read(png.toFile());
    assertTrue(Chromium.distinctColours(img) > 50, "a rendered page, not a blank one");

    Chromium.Run dom = Chromium.run(tmp.resolve("dom"), out, "--dump-dom", html.toUri().toString());
    assertEquals(List.of(), Chromium.consoleMessages(dom.stderr()));
    String page = dom.stdout();
    for (String heading : Chromium.REPORT_HEADINGS) {
      assertTrue(page.contains(">" + heading + "</h2>"), heading);
    }
    // Views fed by the cloud collectors: the Autopilot cluster has no dumps, only inventory;
    // pools carry where the API's read-only-port setting came from.
    assertTrue(page.contains("autopilot-web"), "the Autopilot cluster is in the report");
    assertTrue(
        page.contains("GKE_VERSION_DEFAULT") || page.contains("POOL)"),
        "the read-only-port view shows the cloud API's setting and its source");
    assertTrue(page.contains("<svg"), "charts");

    // One screen per question: every local link resolves, the body never scrolls sideways at a
    // laptop's 1,280 px (every block opened), and the page opens compact (blocks collapsed).
    assertEquals(List.of(), LocalLinks.broken(html), "links of the demo report");
    Chromium.Layout l = Chromium.layout(html, tmp.resolve("layout"), 1280);
    assertFalse(
        l.overflows(),
        "the demo report is " + l.scrollWidth() + " px wide at 1280: " + l.overflowing());
    assertTrue(
        l.scrollHeight() < 15_000,
        "the demo report opens " + l.scrollHeight() + " px tall at 1280 (was 28,461 px)");
  }

  /**
   * A run the data-quality gate refuses, seen in the report: after the committed demo snapshot, a
   * banner names the later refused run; on a warehouse where the date was never committed, the page
   * says "not committed, because" with the gate and the reasons.
   */
  @Test
  void aRefusedRunIsReportedAsNotCommitted() throws IOException {
    Path dir = tmp.resolve("demo");
    assertEquals(ExitCodes.OK, FleetscoreCommandTest.run("demo", "--dir", dir.toString()).code());
    Path wh = dir.resolve("warehouse");
    String date = lastDate(wh);

    FleetscoreCommandTest.Run refused =
        FleetscoreCommandTest.run(
            "score",
            "--warehouse",
            wh.toString(),
            "--date",
            date,
            "--runner",
            "reference",
            "--max-quarantine-ratio",
            "0");
    assertEquals(ExitCodes.QUALITY_GATE, refused.code(), refused.err());
    FleetscoreCommandTest.Run report =
        FleetscoreCommandTest.run(
            "report",
            "--warehouse",
            wh.toString(),
            "--date",
            date,
            "--out",
            tmp.resolve("r1").toString());
    assertEquals(ExitCodes.OK, report.code(), report.err());
    assertTrue(report.out().contains("a later run of " + date + " was refused"), report.out());
    String page = Files.readString(tmp.resolve("r1/report.html"));
    assertTrue(page.contains("<div class=\"banner\" role=\"note\"><b>1 later run of " + date));
    assertTrue(page.contains("above --max-quarantine-ratio 0"), "the gate");

    // The same raw tables in a warehouse where the date was never committed.
    Path raw = tmp.resolve("raw");
    for (Table t : Table.values()) {
      if (t.kind() == Table.Kind.RAW) {
        copyTree(wh.resolve(t.tableName()), raw.resolve(t.tableName()));
      }
    }
    // The import runs' completion records, not the score run's.
    Path records = wh.resolve("_runs/snapshot_date=" + date);
    Files.createDirectories(raw.resolve("_runs/snapshot_date=" + date));
    try (Stream<Path> s = Files.list(records)) {
      for (Path f : s.filter(f -> Files.isRegularFile(f) && !f.endsWith("score.json")).toList()) {
        Files.copy(f, raw.resolve("_runs/snapshot_date=" + date).resolve(f.getFileName()));
      }
    }
    FleetscoreCommandTest.Run gate =
        FleetscoreCommandTest.run(
            "score",
            "--warehouse",
            raw.toString(),
            "--date",
            date,
            "--runner",
            "reference",
            "--max-quarantine-ratio",
            "0");
    assertEquals(ExitCodes.QUALITY_GATE, gate.code(), gate.err());
    FleetscoreCommandTest.Run notCommitted =
        FleetscoreCommandTest.run(
            "report",
            "--warehouse",
            raw.toString(),
            "--date",
            date,
            "--out",
            tmp.resolve("r2").toString());
    assertEquals(ExitCodes.OK, notCommitted.code(), notCommitted.err());
    assertTrue(notCommitted.out().contains("not committed"), notCommitted.out());
    Path html = tmp.resolve("r2/report.html");
    String why = Files.readString(html);
    assertTrue(why.contains("<h2>Not committed, because "), why);
    assertTrue(why.contains("Top reasons"), "the reasons with their counts");
    assertTrue(why.contains("Quarantined dumps"), "the quarantined dumps");
    assertEquals(List.of(), LocalLinks.broken(html));
  }

  private static String lastDate(Path wh) throws IOException {
    try (Stream<Path> s = Files.list(wh.resolve("fleet_summary"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("snapshot_date="))
          .map(n -> n.substring("snapshot_date=".length()))
          .max(String::compareTo)
          .orElseThrow();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.exists(from)) {
      return;
    }
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
