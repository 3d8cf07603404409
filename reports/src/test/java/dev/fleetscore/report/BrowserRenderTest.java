package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the fixture report in headless Chromium: the screenshot must show a rendered page, the DOM
 * the browser built must hold every section, and the browser must log nothing to the console. The
 * report has no script and loads nothing, so any console line (an uncaught error, a resource that
 * failed to load) is a defect. Skipped when Chromium is not installed, except on CI ({@code
 * CI=true}, which {@code .ci/run} sets after installing it), where that is a failure. The
 * screenshot is kept in {@code target/browser-check/report.png}.
 */
class BrowserRenderTest {

  @BeforeAll
  static void findChromium() {
    Chromium.require();
  }

  @Test
  void reportRendersWithoutConsoleErrors(@TempDir Path profile) throws Exception {
    Path out = Path.of("target", "browser-check").toAbsolutePath();
    ReportWriter.Written w =
        ReportWriter.write(
            Fixtures.realistic().warehouse(),
            FleetFixture.LAST,
            out,
            ReportOptions.defaults(),
            ReportWriter.CsvMode.NONE);
    Path png = out.resolve("report.png");
    Files.deleteIfExists(png);

    Chromium.Run shot =
        Chromium.run(
            profile.resolve("shot"),
            out,
            "--screenshot=" + png,
            "--window-size=1400,4000",
            "--hide-scrollbars",
            w.html().toUri().toString());
    assertEquals(
        List.of(), Chromium.consoleMessages(shot.stderr()), "console while taking the screenshot");
    assertTrue(Files.isRegularFile(png), "no screenshot; chromium said:\n" + shot.stderr());
    assertTrue(Files.size(png) > 20_000, "screenshot too small: " + Files.size(png) + " bytes");
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1400, img.getWidth());
    assertEquals(4000, img.getHeight());
    assertTrue(Chromium.distinctColours(img) > 50, "the page rendered more than a blank colour");

    Chromium.Run dom =
        Chromium.run(profile.resolve("dom"), out, "--dump-dom", w.html().toUri().toString());
    assertEquals(
        List.of(), Chromium.consoleMessages(dom.stderr()), "console while loading the page");
    String html = dom.stdout();
    for (String heading : Chromium.REPORT_HEADINGS) {
      assertTrue(html.contains(">" + heading + "</h2>"), "the DOM has the heading " + heading);
    }
    assertTrue(html.contains("<svg"), "the inline SVG charts are in the DOM");
  }

  /**
   * At a laptop's 1,280 pixels the page body never scrolls sideways (every block opened: wide
   * tables scroll inside their card), and every local link of the page, in each CSV mode, names a
   * file written beside it or an id of the page.
   */
  @Test
  void atLaptopWidthNothingOverflowsAndEveryLinkResolves(@TempDir Path tmp) throws Exception {
    for (ReportWriter.CsvMode mode : ReportWriter.CsvMode.values()) {
      Path out = tmp.resolve(mode.name());
      ReportWriter.Written w =
          ReportWriter.write(
              Fixtures.realistic().warehouse(),
              FleetFixture.LAST,
              out,
              ReportOptions.defaults(),
              mode);
      assertEquals(List.of(), LocalLinks.broken(w.html()), "broken links with --csv " + mode);
      assertTrue(LocalLinks.count(w.html()) > 10, "the page has links to check");
    }
    Path html = tmp.resolve("SUMMARY").resolve(ReportWriter.HTML);
    assertTrue(Files.readString(html).contains("href=\"csv/control_summary.csv\""));
    assertFalse(
        Files.readString(html).contains("href=\"csv/findings.csv\""),
        "--csv SUMMARY writes no findings.csv, so the page does not link it");
    Chromium.Layout l = Chromium.layout(html, tmp.resolve("profile"), 1280);
    assertEquals(1280, l.clientWidth());
    assertFalse(
        l.overflows(),
        "the page is " + l.scrollWidth() + " px wide at 1280; overflowing: " + l.overflowing());
    assertTrue(l.scrollHeight() > 1000, "a laid-out page, " + l.scrollHeight() + " px tall");
  }

  @Test
  void theLayoutProbeSeesAPageThatOverflows(@TempDir Path tmp) throws Exception {
    Path page = tmp.resolve("wide.html");
    Files.writeString(
        page,
        "<!doctype html><html><body><table><tr><td style=\"white-space:nowrap\">"
            + "x".repeat(400)
            + "</td></tr></table><div class=\"tw\" style=\"overflow-x:auto\"><p"
            + " style=\"width:3000px\">inside a scroller</p></div></body></html>",
        StandardCharsets.UTF_8);
    Chromium.Layout l = Chromium.layout(page, tmp.resolve("profile"), 1280);
    assertTrue(l.overflows(), l.toString());
    assertTrue(l.scrollWidth() > 1280, l.toString());
    assertFalse(l.overflowing().stream().anyMatch(e -> e.startsWith("p.")), l.toString());
  }

  @Test
  void aPageWithAScriptErrorIsCaught(@TempDir Path tmp) throws Exception {
    Path page = tmp.resolve("broken.html");
    Files.writeString(
        page,
        "<!doctype html><html><body><h2>broken</h2><script>notDefined();</script></body></html>",
        StandardCharsets.UTF_8);
    Chromium.Run r =
        Chromium.run(tmp.resolve("profile"), tmp, "--dump-dom", page.toUri().toString());
    List<String> console = Chromium.consoleMessages(r.stderr());
    assertEquals(1, console.size(), r.stderr());
    assertTrue(console.get(0).contains("Uncaught ReferenceError"), console.get(0));
    assertTrue(r.stdout().contains("<h2>broken</h2>"));
  }
}
