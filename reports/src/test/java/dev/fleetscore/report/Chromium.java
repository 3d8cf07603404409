package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for tests: finds it (skips the test when it is missing, except on CI, where
 * that is a failure), runs it with a fresh profile and a timeout, and reads its console log. Shared
 * with other modules' tests through this module's test jar.
 */
public final class Chromium {

  public static final long TIMEOUT_SECONDS = 60;

  /** The h2 headings of every HTML report. */
  public static final List<String> REPORT_HEADINGS =
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

  public static Path chromium;

  private Chromium() {}

  /** Finds Chromium, or aborts (not on CI) / fails (on CI) the calling test. */
  public static Path require() {
    Optional<Path> found = onPath("chromium", "chromium-browser");
    if (found.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but chromium is not installed (.ci/run installs it)");
      }
      Assumptions.abort("chromium is not installed; the browser check runs on CI");
    }
    chromium = found.get();
    return chromium;
  }

  /** What one browser run printed. */
  public record Run(String stdout, String stderr) {}

  /**
   * Runs headless Chromium with a fresh profile (so concurrent runs do not share a lock), logging
   * to stderr; kills it and its children after {@link #TIMEOUT_SECONDS}.
   */
  public static Run run(Path profile, Path workDir, String... args) throws IOException {
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
  public static List<String> consoleMessages(String log) {
    List<String> out = new ArrayList<>();
    for (String line : log.split("\n", -1)) {
      if (line.contains(":CONSOLE") || line.contains("Uncaught ")) {
        out.add(line);
      }
    }
    return out;
  }

  /**
   * How the page lays out in a window {@code width} pixels wide.
   *
   * @param scrollWidth the document's width ({@code documentElement.scrollWidth})
   * @param clientWidth the window's width inside the scroll bar
   * @param scrollHeight the document's height as it opens (every {@code <details>} closed)
   * @param overflowing elements reaching past the window's right edge that are not inside a
   *     sideways-scrolling container, as {@code tag.class@right}, the first 10
   */
  public record Layout(
      int scrollWidth, int clientWidth, int scrollHeight, List<String> overflowing) {

    /** Whether the page body is wider than the window (a horizontal scroll bar). */
    public boolean overflows() {
      return scrollWidth > clientWidth || !overflowing.isEmpty();
    }
  }

  /**
   * Lays {@code html} out in headless Chromium at {@code width} x 900 and measures it: the height
   * as the page opens, then, with every {@code <details>} opened, the width. The report has no
   * script, so a copy of it beside the original gets one that writes the measurements into an
   * attribute, and {@code --dump-dom} reads them back; the copy is deleted.
   */
  public static Layout layout(Path html, Path profile, int width) throws IOException {
    String page = Files.readString(html);
    String probe =
        "<script>addEventListener('load',()=>{const e=document.documentElement;const o=[];"
            + "const h=e.scrollHeight;document.querySelectorAll('details').forEach(d=>d.open=true);"
            + "document.querySelectorAll('body *').forEach(x=>{const r=x.getBoundingClientRect();"
            + "if(r.width>0&&r.right>e.clientWidth+1&&!(x.parentElement&&x.parentElement"
            + ".closest('.tw,.scroll')))o.push(x.tagName.toLowerCase()+'.'+x.className+'@'"
            + "+Math.round(r.right))});document.body.setAttribute('data-layout',e.scrollWidth+'|'"
            + "+e.clientWidth+'|'+h+'|'+o.slice(0,10).join(' '))})</script>";
    int end = page.lastIndexOf("</body>");
    if (end < 0) {
      fail(html + " has no </body>");
    }
    Path copy = html.resolveSibling(".layout-" + html.getFileName());
    Files.writeString(copy, page.substring(0, end) + probe + page.substring(end));
    try {
      Run r =
          run(
              profile,
              html.getParent(),
              "--window-size=" + width + ",900",
              "--hide-scrollbars",
              "--dump-dom",
              copy.toUri().toString());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  "data-layout=\"([0-9]+)\\|([0-9]+)\\|([0-9]+)\\|([^\"]*)\"")
              .matcher(r.stdout());
      if (!m.find()) {
        fail("chromium did not lay out " + html + ":\n" + r.stderr());
      }
      return new Layout(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          m.group(4).isBlank() ? List.of() : List.of(m.group(4).split(" ")));
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  public static int distinctColours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }

  public static Optional<Path> onPath(String... names) {
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
