package dev.fleetscore.report;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every local link of a written HTML page, checked: a {@code #fragment} must name an element id of
 * the page, and a relative {@code href} or {@code src} must name a regular file written beside it.
 * Links with a scheme (none in a report) are reported as broken too: the page loads nothing. Shared
 * with other modules' tests through this module's test jar.
 */
public final class LocalLinks {

  private static final Pattern LINK = Pattern.compile("\\s(?:href|src)=\"([^\"]*)\"");
  private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]*)\"");

  private LocalLinks() {}

  /** The links of {@code html} that do not resolve, each with why; empty when all do. */
  public static List<String> broken(Path html) throws IOException {
    String page = Files.readString(html, StandardCharsets.UTF_8);
    Set<String> ids = new HashSet<>();
    Matcher m = ID.matcher(page);
    while (m.find()) {
      ids.add(unescape(m.group(1)));
    }
    List<String> broken = new ArrayList<>();
    Matcher l = LINK.matcher(page);
    while (l.find()) {
      String href = unescape(l.group(1));
      if (href.startsWith("#")) {
        if (!ids.contains(href.substring(1))) {
          broken.add(href + ": no element has that id");
        }
        continue;
      }
      URI uri;
      try {
        uri = new URI(href);
      } catch (URISyntaxException e) {
        broken.add(href + ": not a URI");
        continue;
      }
      if (uri.getScheme() != null || uri.getAuthority() != null) {
        broken.add(href + ": not a local link");
        continue;
      }
      Path target = html.getParent().resolve(uri.getPath()).normalize();
      if (!Files.isRegularFile(target)) {
        broken.add(href + ": " + target + " was not written");
      }
    }
    return broken;
  }

  /** How many links {@code html} has (so a test can tell that it checked some). */
  public static int count(Path html) throws IOException {
    Matcher l = LINK.matcher(Files.readString(html, StandardCharsets.UTF_8));
    int n = 0;
    while (l.find()) {
      n++;
    }
    return n;
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
