package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
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

  static final long TIMEOUT_SECONDS = 60;
  static final List<String> HEADINGS =
      List.of(
          "At a glance",
          "Score per cluster",
          "Trend",
          "What changed",
          "Worst controls",
          "Heat map: clusters by controls",
          "Read-only port migration (kubelet port 10255)",
          "Cluster detail",
          "Quarantine",
          "About these numbers");

  static Path chromium;

  @BeforeAll
  static void findChromium() {
    Optional<Path> found = onPath("chromium", "chromium-browser");
    if (found.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but chromium is not installed (.ci/run installs it)");
      }
      Assumptions.abort("chromium is not installed; the browser check runs on CI");
    }
    chromium = found.get();
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

    Run shot =
        run(
            profile.resolve("shot"),
            out,
            "--screenshot=" + png,
            "--window-size=1400,4000",
            "--hide-scrollbars",
            w.html().toUri().toString());
    assertEquals(List.of(), consoleMessages(shot.stderr()), "console while taking the screenshot");
    assertTrue(Files.isRegularFile(png), "no screenshot; chromium said:\n" + shot.stderr());
    assertTrue(Files.size(png) > 20_000, "screenshot too small: " + Files.size(png) + " bytes");
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1400, img.getWidth());
    assertEquals(4000, img.getHeight());
    assertTrue(distinctColours(img) > 50, "the page rendered more than a blank colour");

    Run dom = run(profile.resolve("dom"), out, "--dump-dom", w.html().toUri().toString());
    assertEquals(List.of(), consoleMessages(dom.stderr()), "console while loading the page");
    String html = dom.stdout();
    for (String heading : HEADINGS) {
      assertTrue(html.contains(">" + heading + "</h2>"), "the DOM has the heading " + heading);
    }
    assertTrue(html.contains("<svg"), "the inline SVG charts are in the DOM");
  }

  @Test
  void aPageWithAScriptErrorIsCaught(@TempDir Path tmp) throws Exception {
    Path page = tmp.resolve("broken.html");
    Files.writeString(
        page,
        "<!doctype html><html><body><h2>broken</h2><script>notDefined();</script></body></html>",
        StandardCharsets.UTF_8);
    Run r = run(tmp.resolve("profile"), tmp, "--dump-dom", page.toUri().toString());
    List<String> console = consoleMessages(r.stderr());
    assertEquals(1, console.size(), r.stderr());
    assertTrue(console.get(0).contains("Uncaught ReferenceError"), console.get(0));
    assertTrue(r.stdout().contains("<h2>broken</h2>"));
  }

  /** What one browser run printed. */
  record Run(String stdout, String stderr) {}

  /**
   * Runs headless Chromium with a fresh profile (so concurrent runs do not share a lock), logging
   * to stderr; kills it and its children after {@link #TIMEOUT_SECONDS}.
   */
  static Run run(Path profile, Path workDir, String... args) throws IOException {
    Files.createDirectories(profile);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0"));
    cmd.addAll(List.of(args));
    Path stdout = Files.createTempFile(workDir, "chromium", ".out");
    Path stderr = Files.createTempFile(workDir, "chromium", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        kill(p);
        fail(
            "chromium did not finish in "
                + TIMEOUT_SECONDS
                + " s: "
                + String.join(" ", cmd)
                + "\n"
                + Files.readString(stderr));
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try {
      return new Run(Files.readString(stdout), Files.readString(stderr));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /**
   * Chromium's console lines in its log: it logs every console message, whatever its level, as
   * {@code [pid:tid:time:INFO:CONSOLE:line] "message", source: url (line)} (older builds: {@code
   * CONSOLE(line)}).
   */
  static List<String> consoleMessages(String log) {
    List<String> out = new ArrayList<>();
    for (String line : log.split("\n", -1)) {
      if (line.contains(":CONSOLE") || line.contains("Uncaught ")) {
        out.add(line);
      }
    }
    return out;
  }

  static int distinctColours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }

  static Optional<Path> onPath(String... names) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
