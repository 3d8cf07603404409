package dev.fleetscore.report;

import java.util.function.Consumer;

/**
 * A table written into an {@link Html}: header cells, then body rows, inside a {@code div.tw} that
 * scrolls sideways, so a wide table scrolls inside its card and never widens the page. Text cells
 * are escaped; markup cells take fragments built by the report's own helpers ({@link Badges},
 * links, SVG). A row is closed by the next {@link #row()} or by {@link #end()}.
 */
final class HtmlTable {

  private final Html h;
  private boolean inRow;

  private HtmlTable(Html h) {
    this.h = h;
  }

  /** {@code <table><thead><tr>}; add the header cells, then call {@link #body()}. */
  static HtmlTable head(Html h) {
    return head(h, null, null);
  }

  /**
   * {@code <table class="cls">}, then the prelude (a caption or a colgroup), then {@code
   * <thead><tr>}.
   */
  static HtmlTable head(Html h, String cls, Consumer<Html> prelude) {
    h.raw("<div class=\"tw\">").open("table", "class", cls);
    if (prelude != null) {
      prelude.accept(h);
    }
    h.raw("<thead><tr>");
    return new HtmlTable(h);
  }

  /** A table without a header row. */
  static HtmlTable headless(Html h) {
    h.raw("<div class=\"tw\"><table><tbody>");
    return new HtmlTable(h);
  }

  /** Header cells, one per label. */
  HtmlTable th(String... labels) {
    for (String label : labels) {
      h.el("th", null, label);
    }
    return this;
  }

  /** Header cells of numeric (right-aligned) columns. */
  HtmlTable thn(String... labels) {
    for (String label : labels) {
      h.el("th", "n", label);
    }
    return this;
  }

  HtmlTable thHtml(String cls, String markup) {
    h.open("th", "class", cls).raw(markup).close("th");
    return this;
  }

  HtmlTable body() {
    h.raw("</tr></thead><tbody>");
    return this;
  }

  HtmlTable row() {
    return row(null);
  }

  HtmlTable row(String cls) {
    closeRow();
    h.open("tr", "class", cls);
    inRow = true;
    return this;
  }

  HtmlTable td(String text) {
    return td(null, text);
  }

  HtmlTable td(String cls, String text) {
    h.el("td", cls, text);
    return this;
  }

  /** A cell whose content is written by {@code content}: text and markup mixed. */
  HtmlTable td(String cls, Consumer<Html> content) {
    return tdWith(content, "class", cls);
  }

  /** A cell with attributes beyond a class (colspan, style), as name, value pairs. */
  HtmlTable tdWith(Consumer<Html> content, String... attrs) {
    h.open("td", attrs);
    content.accept(h);
    h.close("td");
    return this;
  }

  HtmlTable tdHtml(String markup) {
    return tdHtml(null, markup);
  }

  HtmlTable tdHtml(String cls, String markup) {
    h.open("td", "class", cls).raw(markup).close("td");
    return this;
  }

  /** A right-aligned count. */
  HtmlTable num(long n) {
    h.open("td", "class", "n").text(n).close("td");
    return this;
  }

  /** Right-aligned text (a formatted number, a range, a dash). */
  HtmlTable num(String text) {
    return td("n", text);
  }

  void end() {
    closeRow();
    h.raw("</tbody></table></div>");
  }

  private void closeRow() {
    if (inRow) {
      h.close("tr");
      inRow = false;
    }
  }
}
