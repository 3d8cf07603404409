package dev.fleetscore.evidence;

import dev.fleetscore.common.UserError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundle's {@code SHA256SUMS}: one line {@code <sha256> ./<path>} per file, in byte order of
 * the path, exactly as {@code find . ! -type d ... -print0 | LC_ALL=C sort -z | xargs -0 sha256sum}
 * prints it inside the bundle folder. So an auditor with only openssl and coreutils can check the
 * signed list and that no file was added or removed with one {@code diff} (see the bundle's
 * README.txt), and fleetscore checks the same file the same way.
 */
final class Checksums {

  private Checksums() {}

  static final String FILE = "SHA256SUMS";
  static final String SIGNATURE = "SHA256SUMS.p7s";

  private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  \\./(.+)");

  /** Byte order of the UTF-8 path, which is what {@code LC_ALL=C sort} uses. */
  private static int byteOrder(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** The file's bytes for {@code sha256ByPath} (relative paths, '/'-separated). */
  static byte[] render(Map<String, String> sha256ByPath) {
    TreeMap<String, String> sorted = new TreeMap<>(Checksums::byteOrder);
    sorted.putAll(sha256ByPath);
    StringBuilder sb = new StringBuilder();
    sorted.forEach((p, h) -> sb.append(h).append("  ./").append(p).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Refuses a bundle path that {@code sha256sum} would print escaped (a backslash or a line break
   * in the name), since the listing could then not be compared line by line.
   */
  static void checkName(String rel) {
    if (rel.indexOf('\\') >= 0 || rel.indexOf('\n') >= 0 || rel.indexOf('\r') >= 0) {
      throw new UserError(
          "cannot bundle a file whose name holds a backslash or a line break: "
              + rel.replace("\n", "\\n").replace("\r", "\\r"));
    }
  }

  /**
   * The paths and hashes a {@code SHA256SUMS} lists.
   *
   * @throws IllegalArgumentException naming the first line that is not {@code <sha256> ./<path>},
   *     or a path listed twice
   */
  static Map<String, String> parse(byte[] bytes) {
    Map<String, String> out = new TreeMap<>();
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the last line has no line end");
    }
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isEmpty() && text.isEmpty()) {
        break;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("line " + n + " is not '<sha256>  ./<path>'");
      }
      if (out.put(m.group(2), m.group(1)) != null) {
        throw new IllegalArgumentException("line " + n + " lists " + m.group(2) + " again");
      }
    }
    return out;
  }
}
