package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The element and table helpers every report section writes through: markup and escaping. */
class HtmlTableTest {

  @Test
  void cellsAndHeadersEscapeTextAndKeepMarkup() {
    Html h = new Html(256);
    HtmlTable.head(h).th("Node", "<b>").thn("Count").body();
    HtmlTable.head(h).body().row().td("mono", "<script>").tdHtml("<b>x</b>").num(12345).end();
    assertEquals(
        "<div class=\"tw\"><table><thead><tr><th>Node</th><th>&lt;b&gt;</th>"
            + "<th class=\"n\">Count</th></tr></thead><tbody>"
            + "<div class=\"tw\"><table><thead><tr></tr></thead><tbody>"
            + "<tr><td class=\"mono\">&lt;script&gt;</td><td><b>x</b></td>"
            + "<td class=\"n\">12,345</td></tr></tbody></table></div>",
        h.toString());
  }

  @Test
  void rowsCloseThemselvesAndAttributesAreEscapedOrLeftOut() {
    Html h = new Html(256);
    HtmlTable.headless(h)
        .row("group")
        .tdWith(c -> c.text("a&b"), "class", null, "colspan", "2")
        .row()
        .td(null, c -> c.open("a", "href", "#\"x\"").text("'q'").close("a"))
        .end();
    assertEquals(
        "<div class=\"tw\"><table><tbody><tr class=\"group\"><td colspan=\"2\">a&amp;b</td>"
            + "</tr><tr><td><a href=\"#&quot;x&quot;\">&#39;q&#39;</a></td></tr></tbody></table>"
            + "</div>",
        h.toString());
  }

  @Test
  void badgesEscapeTableValues() {
    assertEquals(
        "<span class=\"badge st-NO_EVIDENCE\">NO EVIDENCE</span>",
        Badges.badge("st-", "NO_EVIDENCE"));
    assertEquals(
        "<span class=\"badge sev-scriptalertscript\">&lt;script&gt;alert(1)&lt;/script&gt;</span>",
        Badges.badge("sev-", "<script>alert(1)</script>"));
    assertEquals(
        "<span class=\"badge src\" title=\"&lt;x&gt;\">&lt;x&gt;</span>", Badges.source("<x>"));
    assertEquals("", Badges.badge("st-", null));
  }
}
