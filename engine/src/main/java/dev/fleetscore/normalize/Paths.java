package dev.fleetscore.normalize;

import java.util.ArrayDeque;
import java.util.Deque;

/** Path helpers with Go's {@code filepath.Clean} semantics for absolute POSIX paths. */
final class Paths {

  private Paths() {}

  /** Cleans an absolute path: no {@code //}, {@code .} or {@code ..}, no trailing slash. */
  static String clean(String p) {
    if (p == null || p.isEmpty() || isClean(p)) {
      return p;
    }
    boolean abs = p.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!abs) {
          parts.addLast("..");
        }
        continue;
      }
      parts.addLast(s);
    }
    String joined = String.join("/", parts);
    if (abs) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** Fast path: an absolute path without empty, "." or ".." segments and no trailing slash. */
  private static boolean isClean(String p) {
    if (p.charAt(0) != '/' || (p.length() > 1 && p.charAt(p.length() - 1) == '/')) {
      return false;
    }
    for (int i = 0; i < p.length() - 1; i++) {
      if (p.charAt(i) == '/') {
        char c = p.charAt(i + 1);
        if (c == '/') {
          return false;
        }
        if (c == '.') {
          int end = p.indexOf('/', i + 1);
          String seg = end < 0 ? p.substring(i + 1) : p.substring(i + 1, end);
          if (seg.equals(".") || seg.equals("..")) {
            return false;
          }
        }
      }
    }
    return true;
  }

  static String dir(String p) {
    int i = p.lastIndexOf('/');
    return i <= 0 ? "/" : p.substring(0, i);
  }

  static String join(String dir, String rel) {
    return clean(dir + "/" + rel);
  }

  /** True when {@code p} is inside directory {@code dir} (both cleaned). */
  static boolean under(String p, String dir) {
    return dir.equals("/") ? p.startsWith("/") && !p.equals("/") : p.startsWith(dir + "/");
  }

  /**
   * The order {@code filepath.WalkDir} visits files: depth-first, each directory's entries sorted
   * by name, so paths compare segment by segment.
   */
  static int walkOrder(String a, String b) {
    String[] x = a.split("/");
    String[] y = b.split("/");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
