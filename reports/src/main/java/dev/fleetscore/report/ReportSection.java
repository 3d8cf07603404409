package dev.fleetscore.report;

/**
 * One section of the HTML report. Sections read the page's data and view, write one {@code
 * <section>} element, and are linked from the table of contents by their id.
 */
abstract class ReportSection {

  final ReportPage p;
  final ReportData d;
  final ReportView v;
  private final String id;
  private final String navLabel;

  ReportSection(ReportPage p, String id, String navLabel) {
    this.p = p;
    this.d = p.d;
    this.v = p.v;
    this.id = id;
    this.navLabel = navLabel;
  }

  /** The section element's id. */
  final String id() {
    return id;
  }

  /** The section's name in the table of contents. */
  final String navLabel() {
    return navLabel;
  }

  /** Appends the whole {@code <section>} element. */
  abstract void write(Html h);

  /** {@code <section id="…"><h2>title</h2>} */
  final Html open(Html h, String title) {
    return h.open("section", "id", id).el("h2", null, title);
  }
}
