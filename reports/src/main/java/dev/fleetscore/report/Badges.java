package dev.fleetscore.report;

/** The small inline marks the report's tables share: score, state/severity/change and source. */
final class Badges {

  private Badges() {}

  /** A score on its colour band, or an en dash on grey when there is none. */
  static String score(Double s) {
    return new Html(96)
        .open("span", "class", "score", "style", "background:" + Svg.scoreColor(s))
        .text(Fmt.score(s))
        .close("span")
        .toString();
  }

  /**
   * A vocabulary value (state, severity, change, provider) as a badge styled by {@code cssPrefix}
   * plus the value; empty when there is no value.
   */
  static String badge(String cssPrefix, String value) {
    if (value == null) {
      return "";
    }
    return Html.fragment(
        "span", "badge " + cssPrefix + value.replaceAll("[^A-Za-z_]", ""), value.replace('_', ' '));
  }

  /** Where an effective value came from, in words, with the table's code as the tooltip. */
  static String source(String source) {
    if (source == null) {
      return "<span class=\"muted\">\u2013</span>";
    }
    String label =
        switch (source) {
          case "FLAG" -> "flag";
          case "CONFIG_FILE" -> "config file";
          case "DROP_IN" -> "drop-in";
          case "DEFAULT" -> "default";
          case "LEGACY_DEFAULT" -> "legacy default";
          case "STATIC_POD_MANIFEST" -> "static pod";
          case "CLOUD_API" -> "cloud API";
          case "UNSET" -> "unset";
          default -> source;
        };
    return new Html(96)
        .open("span", "class", "badge src", "title", source)
        .text(label)
        .close("span")
        .toString();
  }
}
