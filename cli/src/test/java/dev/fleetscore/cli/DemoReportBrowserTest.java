package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.report.Chromium;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  }
}
