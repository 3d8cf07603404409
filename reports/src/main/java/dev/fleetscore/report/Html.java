package dev.fleetscore.report;

/**
 * HTML escaping and a small append-only writer. Every value that comes from a table goes through
 * {@link #esc}: node names, cluster ids and finding text are written by whoever controls a node
 * dump, so they are untrusted. The same escaping is valid inside SVG text and attributes.
 */
final class Html {

  private final StringBuilder sb;

  Html(int capacity) {
    sb = new StringBuilder(capacity);
  }

  /** Escapes {@code & < > " '}; null becomes the empty string. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      String rep =
          switch (ch) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (rep == null && Character.isISOControl(ch) && ch != '\n' && ch != '\t') {
        // Control characters are not allowed in HTML text; show them visibly instead.
        rep = "\uFFFD";
      }
      if (rep != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(rep);
      } else if (out != null) {
        out.append(ch);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Appends trusted markup (templates written here, never table values). */
  Html raw(String markup) {
    sb.append(markup);
    return this;
  }

  /** Appends an untrusted value, escaped. */
  Html text(String value) {
    sb.append(esc(value));
    return this;
  }

  Html text(long n) {
    sb.append(Fmt.num(n));
    return this;
  }

  /**
   * {@code <tag name="value" ...>}: attributes as name, value pairs, values escaped; an attribute
   * whose value is null is left out.
   */
  Html open(String tag, String... attrs) {
    sb.append('<').append(tag);
    for (int i = 0; i < attrs.length; i += 2) {
      if (attrs[i + 1] != null) {
        sb.append(' ').append(attrs[i]).append("=\"").append(esc(attrs[i + 1])).append('"');
      }
    }
    sb.append('>');
    return this;
  }

  Html close(String tag) {
    sb.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag class="cls">escaped text</tag>}; no class attribute when cls is null. */
  Html el(String tag, String cls, String value) {
    return open(tag, "class", cls).text(value).close(tag);
  }

  /** {@link #el} as a string, for fragments that are placed inside other markup. */
  static String fragment(String tag, String cls, String value) {
    return new Html(64).el(tag, cls, value).toString();
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
