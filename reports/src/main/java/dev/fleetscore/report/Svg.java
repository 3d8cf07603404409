package dev.fleetscore.report;

import static dev.fleetscore.report.Fmt.c;
import static dev.fleetscore.report.Html.esc;

import dev.fleetscore.schema.States;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Inline SVG charts drawn from numbers, with no script and no external resource, so a report opens
 * offline and prints. Every chart has a {@code role="img"}, a title and a description for screen
 * readers, and each mark a {@code <title>} tooltip with its exact value.
 */
final class Svg {

  private Svg() {}

  static final String[] SERIES = {
    "#1f5fa8", "#12867a", "#8a3ab9", "#c77800", "#5d6b79", "#b0306a", "#2f7d32", "#6d4c41"
  };

  static String seriesColor(int i) {
    return SERIES[i % SERIES.length];
  }

  /** Fill for a finding or control state. */
  static String stateColor(String state) {
    return switch (state == null ? "" : state) {
      case States.FAIL -> "#c62828";
      case States.WARN -> "#ef8f00";
      case States.NO_EVIDENCE -> "#7b7f86";
      case States.EXEMPT -> "#7e57c2";
      case States.MANUAL -> "#90a4ae";
      case States.NOT_APPLICABLE -> "#e3e6ea";
      case States.PASS -> "#2e7d32";
      default -> "#eef0f2";
    };
  }

  /** Fill for a score: red below 60, orange below 80, amber below 90, green above. */
  static String scoreColor(Double s) {
    if (s == null) {
      return "#9aa1a9";
    }
    if (s < 60) {
      return "#c62828";
    }
    if (s < 80) {
      return "#e65100";
    }
    if (s < 90) {
      return "#c99a00";
    }
    return "#2e7d32";
  }

  private static String open(int w, int h, String title, String desc) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 "
        + w
        + " "
        + h
        + "\" width=\""
        + w
        + "\" height=\""
        + h
        + "\" aria-label=\""
        + esc(title)
        + "\" class=\"chart\"><title>"
        + esc(title)
        + "</title><desc>"
        + esc(desc)
        + "</desc>";
  }

  private static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  /** One cluster's scores per framework, for {@link #clusterScores}. */
  record ClusterScores(String clusterId, Map<String, Double> byFramework) {}

  /** Horizontal bars: one group per cluster, one bar per framework it has a score in. */
  static String clusterScores(List<ClusterScores> rows, List<String> frameworks) {
    int label = 300;
    int plot = 560;
    int right = 60;
    int barH = 9;
    int gap = 2;
    int groupGap = 10;
    int top = 46;
    int y = top;
    StringBuilder body = new StringBuilder();
    for (ClusterScores r : rows) {
      int n = Math.max(1, r.byFramework().size());
      int gh = n * (barH + gap) - gap;
      body.append("<text x=\"")
          .append(label - 8)
          .append("\" y=\"")
          .append(c(y + gh / 2.0 + 4))
          .append("\" text-anchor=\"end\" class=\"lbl\"><title>")
          .append(esc(r.clusterId()))
          .append("</title>")
          .append(esc(shorten(r.clusterId(), 44)))
          .append("</text>");
      int k = 0;
      for (String fw : frameworks) {
        if (!r.byFramework().containsKey(fw)) {
          continue;
        }
        Double s = r.byFramework().get(fw);
        double w = s == null ? 0 : plot * s / 100.0;
        int by = y + k * (barH + gap);
        body.append("<rect x=\"")
            .append(label)
            .append("\" y=\"")
            .append(by)
            .append("\" width=\"")
            .append(c(w))
            .append("\" height=\"")
            .append(barH)
            .append("\" rx=\"2\" fill=\"")
            .append(seriesColor(frameworks.indexOf(fw)))
            .append("\"><title>")
            .append(esc(r.clusterId() + " \u2013 " + fw + ": " + Fmt.score(s)))
            .append("</title></rect><text x=\"")
            .append(c(label + w + 4))
            .append("\" y=\"")
            .append(by + barH - 1)
            .append("\" class=\"val\">")
            .append(Fmt.score(s))
            .append("</text>");
        k++;
      }
      y += gh + groupGap;
    }
    int h = y + 8;
    StringBuilder sb = new StringBuilder();
    sb.append(
        open(
            label + plot + right,
            h,
            "Compliance score per cluster and framework",
            "Horizontal bars from 0 to 100, worst cluster first."));
    for (int t = 0; t <= 100; t += 25) {
      double x = label + plot * t / 100.0;
      sb.append("<line x1=\"")
          .append(c(x))
          .append("\" x2=\"")
          .append(c(x))
          .append("\" y1=\"")
          .append(top - 6)
          .append("\" y2=\"")
          .append(h - 8)
          .append("\" class=\"grid\"/><text x=\"")
          .append(c(x))
          .append("\" y=\"")
          .append(top - 10)
          .append("\" text-anchor=\"middle\" class=\"axis\">")
          .append(t)
          .append("</text>");
    }
    sb.append(legend(frameworks, label, 14));
    sb.append(body);
    sb.append("</svg>");
    return sb.toString();
  }

  private static String legend(List<String> names, int x0, int y) {
    StringBuilder sb = new StringBuilder();
    int x = x0;
    for (int i = 0; i < names.size(); i++) {
      sb.append("<rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y - 9)
          .append("\" width=\"10\" height=\"10\" rx=\"2\" fill=\"")
          .append(seriesColor(i))
          .append("\"/><text x=\"")
          .append(x + 14)
          .append("\" y=\"")
          .append(y)
          .append("\" class=\"lbl\">")
          .append(esc(names.get(i)))
          .append("</text>");
      x += 24 + 7 * names.get(i).length();
    }
    return sb.toString();
  }

  /**
   * Lines over snapshot dates, one per series, y from the lowest value (rounded down to 10) to 100.
   * Missing points break nothing: a series is drawn through the dates it has.
   */
  static String trend(List<String> dates, List<String> series, List<List<Double>> values) {
    int w = 920;
    int h = 260;
    int left = 48;
    int right = 24;
    int top = 36;
    int bottom = 40;
    double min = 100;
    for (List<Double> vs : values) {
      for (Double v : vs) {
        if (v != null) {
          min = Math.min(min, v);
        }
      }
    }
    double lo = Math.max(0, Math.floor((min - 5) / 10.0) * 10);
    double hi = 100;
    int pw = w - left - right;
    int ph = h - top - bottom;
    int n = dates.size();
    StringBuilder sb = new StringBuilder();
    sb.append(
        open(
            w,
            h,
            "Compliance score over the snapshots",
            "One line per framework; x is the snapshot date, y the score."));
    for (double t = lo; t <= hi + 0.01; t += (hi - lo) / 4) {
      double yy = top + ph * (1 - (t - lo) / (hi - lo));
      sb.append("<line x1=\"")
          .append(left)
          .append("\" x2=\"")
          .append(w - right)
          .append("\" y1=\"")
          .append(c(yy))
          .append("\" y2=\"")
          .append(c(yy))
          .append("\" class=\"grid\"/><text x=\"")
          .append(left - 6)
          .append("\" y=\"")
          .append(c(yy + 4))
          .append("\" text-anchor=\"end\" class=\"axis\">")
          .append(c(t))
          .append("</text>");
    }
    int every = Math.max(1, (n + 7) / 8);
    for (int i = 0; i < n; i++) {
      if (i % every != 0 && i != n - 1) {
        continue;
      }
      double xx = n == 1 ? left + pw / 2.0 : left + pw * i / (double) (n - 1);
      String anchor = n > 1 && i == 0 ? "start" : n > 1 && i == n - 1 ? "end" : "middle";
      sb.append("<text x=\"")
          .append(c(xx))
          .append("\" y=\"")
          .append(h - bottom + 18)
          .append("\" text-anchor=\"")
          .append(anchor)
          .append("\" class=\"axis\">")
          .append(esc(dates.get(i)))
          .append("</text>");
    }
    for (int s = 0; s < series.size(); s++) {
      List<Double> vs = values.get(s);
      StringBuilder pts = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (int i = 0; i < n; i++) {
        Double v = vs.get(i);
        if (v == null) {
          continue;
        }
        double xx = n == 1 ? left + pw / 2.0 : left + pw * i / (double) (n - 1);
        double yy = top + ph * (1 - (v - lo) / (hi - lo));
        pts.append(pts.length() == 0 ? "" : " ").append(c(xx)).append(',').append(c(yy));
        dots.append("<circle cx=\"")
            .append(c(xx))
            .append("\" cy=\"")
            .append(c(yy))
            .append("\" r=\"3.5\" fill=\"")
            .append(seriesColor(s))
            .append("\"><title>")
            .append(esc(series.get(s) + " on " + dates.get(i) + ": " + Fmt.score(v)))
            .append("</title></circle>");
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"2.2\" stroke=\"")
          .append(seriesColor(s))
          .append("\" points=\"")
          .append(pts)
          .append("\"/>")
          .append(dots);
    }
    sb.append(legend(series, left, 16));
    sb.append("</svg>");
    return sb.toString();
  }

  /** A 96x22 sparkline of scores, the last point marked; empty when fewer than two points. */
  static String sparkline(List<Double> values, String label) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != null) {
        pts.add(new double[] {i, values.get(i)});
      }
    }
    if (pts.size() < 2) {
      return "";
    }
    double lo = 100;
    double hi = 0;
    for (double[] p : pts) {
      lo = Math.min(lo, p[1]);
      hi = Math.max(hi, p[1]);
    }
    if (hi - lo < 5) {
      lo = Math.max(0, hi - 5);
    }
    int w = 96;
    int h = 22;
    double span = Math.max(1, values.size() - 1);
    StringBuilder line = new StringBuilder();
    double lx = 0;
    double ly = 0;
    for (double[] p : pts) {
      lx = 2 + (w - 6) * p[0] / span;
      ly = 2 + (h - 4) * (1 - (p[1] - lo) / Math.max(0.001, hi - lo));
      line.append(line.length() == 0 ? "" : " ").append(c(lx)).append(',').append(c(ly));
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"spark\" width=\""
        + w
        + "\" height=\""
        + h
        + "\" viewBox=\"0 0 "
        + w
        + " "
        + h
        + "\"><title>"
        + esc(label)
        + "</title><polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.6\" points=\""
        + line
        + "\"/><circle cx=\""
        + c(lx)
        + "\" cy=\""
        + c(ly)
        + "\" r=\"2.4\" fill=\"#1f5fa8\"/></svg>";
  }

  /** A 100% stacked bar of counts by state. */
  static String stateBar(List<String> states, List<Long> counts, int width) {
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        open(
            width, 22, "Findings by state", "A stacked bar: the share of findings in each state."));
    double x = 0;
    for (int i = 0; i < states.size(); i++) {
      long n = counts.get(i);
      if (n == 0 || total == 0) {
        continue;
      }
      double w = width * n / (double) total;
      sb.append("<rect x=\"")
          .append(c(x))
          .append("\" y=\"0\" height=\"22\" width=\"")
          .append(c(w))
          .append("\" fill=\"")
          .append(stateColor(states.get(i)))
          .append("\"><title>")
          .append(esc(states.get(i) + ": " + Fmt.num(n)))
          .append("</title></rect>");
      x += w;
    }
    sb.append("</svg>");
    return sb.toString();
  }

  /** A cell of the heat map. */
  record Cell(String state, String tooltip) {}

  /**
   * Clusters by controls: each cell is the control's state in that cluster (colour and a letter, so
   * it reads in grey print too), with its counts as a tooltip. A control the cluster was not
   * evaluated for (another platform's benchmark) is an empty outlined cell.
   */
  static String heatmap(
      List<String> rows, List<String> columns, List<String> columnTitles, Cell[][] cells) {
    int label = 300;
    int cell = 20;
    int colLabel = 150;
    int top = colLabel + 8;
    int w = Math.max(label + columns.size() * cell + 20, 860);
    // The pale cells last: NOT_APPLICABLE beside the empty cell of a control not evaluated.
    String[] legend = {
      States.FAIL,
      States.WARN,
      States.NO_EVIDENCE,
      States.EXEMPT,
      States.MANUAL,
      States.PASS,
      States.NOT_APPLICABLE,
      ""
    };
    int perLine = Math.max(1, (w - 20) / 150);
    int legendLines = (legend.length + perLine - 1) / perLine;
    int h = top + rows.size() * cell + 18 + legendLines * 22;
    StringBuilder sb = new StringBuilder();
    sb.append(
        open(
            w,
            h,
            "Heat map of clusters by controls",
            "Rows are clusters, columns are controls that do not pass everywhere; each cell shows"
                + " the control's state in that cluster."));
    for (int j = 0; j < columns.size(); j++) {
      double x = label + j * cell + cell / 2.0 + 4;
      sb.append("<text transform=\"translate(")
          .append(c(x))
          .append(',')
          .append(colLabel)
          .append(") rotate(-55)\" class=\"lbl small\"><title>")
          .append(esc(columnTitles.get(j)))
          .append("</title>")
          .append(esc(shorten(columns.get(j), 28)))
          .append("</text>");
    }
    for (int i = 0; i < rows.size(); i++) {
      int y = top + i * cell;
      sb.append("<text x=\"")
          .append(label - 8)
          .append("\" y=\"")
          .append(y + 14)
          .append("\" text-anchor=\"end\" class=\"lbl\"><title>")
          .append(esc(rows.get(i)))
          .append("</title>")
          .append(esc(shorten(rows.get(i), 44)))
          .append("</text>");
      for (int j = 0; j < columns.size(); j++) {
        sb.append(cellRect(label + j * cell, y, cell, cells[i][j], rows.get(i)));
      }
    }
    int ly = top + rows.size() * cell + 18;
    for (int k = 0; k < legend.length; k++) {
      int lx = 10 + (k % perLine) * 150;
      int yy = ly + (k / perLine) * 22;
      String s = legend[k];
      Cell sample = s.isEmpty() ? null : new Cell(s, s);
      sb.append(cellRect(lx, yy - 2, cell, sample, ""))
          .append("<text x=\"")
          .append(lx + cell + 6)
          .append("\" y=\"")
          .append(yy + 12)
          .append("\" class=\"lbl\">")
          .append(
              s.isEmpty()
                  ? "not evaluated"
                  : s.replace('_', ' ').toLowerCase(java.util.Locale.ROOT))
          .append("</text>");
    }
    sb.append("</svg>");
    return sb.toString();
  }

  private static String cellRect(int x, int y, int cell, Cell ce, String row) {
    StringBuilder sb = new StringBuilder();
    String state = ce == null ? null : ce.state();
    sb.append("<rect x=\"")
        .append(x + 1)
        .append("\" y=\"")
        .append(y + 1)
        .append("\" width=\"")
        .append(cell - 2)
        .append("\" height=\"")
        .append(cell - 2)
        .append("\" rx=\"2\" ")
        .append(
            ce == null
                ? "fill=\"#ffffff\" stroke=\"#d5dae0\""
                : "fill=\"" + stateColor(state) + "\"")
        .append("><title>")
        .append(esc(ce == null ? row + " \u2013 not evaluated" : ce.tooltip()))
        .append("</title></rect>");
    String letter = letter(state);
    if (!letter.isEmpty()) {
      sb.append("<text x=\"")
          .append(x + cell / 2)
          .append("\" y=\"")
          .append(y + 14)
          .append("\" text-anchor=\"middle\" class=\"cell\" aria-hidden=\"true\">")
          .append(letter)
          .append("</text>");
    }
    return sb.toString();
  }

  static String letter(String state) {
    return switch (state == null ? "" : state) {
      case States.FAIL -> "F";
      case States.WARN -> "W";
      case States.NO_EVIDENCE -> "?";
      case States.EXEMPT -> "E";
      case States.MANUAL -> "M";
      case States.PASS -> "\u2713";
      default -> "";
    };
  }
}
