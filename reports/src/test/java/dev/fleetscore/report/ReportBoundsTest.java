package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.report.ReportData.ClusterDetail;
import dev.fleetscore.report.ReportData.FailGroup;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report grows with the number of clusters, not of nodes: the same fleet shape with four
 * times the nodes per cluster gives a page of about the same size, each failing control lists at
 * most {@code nodesPerControl} nodes and says how many more are in findings.csv, and only the worst
 * {@code detailedClusters} clusters get a detail section.
 */
class ReportBoundsTest {

  static final int CLUSTERS = 30;
  static final int PER_CONTROL = 3;
  static final int DETAILED = 8;
  static final ReportOptions OPTIONS =
      ReportOptions.defaults().withNodesPerControl(PER_CONTROL).withDetailedClusters(DETAILED);

  static ReportData small;
  static ReportData large;
  static String smallHtml;
  static String largeHtml;

  @BeforeAll
  static void render() {
    small = load(new FleetFixture.Spec(7, 1, CLUSTERS, 20, false));
    large = load(new FleetFixture.Spec(7, 1, CLUSTERS, 80, false));
    smallHtml = HtmlReport.render(small);
    largeHtml = HtmlReport.render(large);
  }

  static ReportData load(FleetFixture.Spec spec) {
    Path wh = Fixtures.of(spec).warehouse();
    return ReportLoader.load(SnapshotFiles.open(wh, FleetFixture.LAST), OPTIONS);
  }

  static long nodes(ReportData d) {
    return d.details().clusters().values().stream().mapToLong(ClusterDetail::nodes).sum();
  }

  @Test
  void pageSizeFollowsClustersNotNodes() {
    assertTrue(nodes(large) > 3 * nodes(small), nodes(small) + " vs " + nodes(large) + " nodes");
    double ratio = (double) largeHtml.length() / smallHtml.length();
    assertTrue(
        ratio < 1.10,
        "4x the nodes gave "
            + smallHtml.length()
            + " -> "
            + largeHtml.length()
            + " characters of HTML");
  }

  @Test
  void failingNodesAreCappedPerControlWithACountOfTheRest() {
    long groups = 0;
    long capped = 0;
    long hidden = 0;
    for (ClusterDetail cd : large.details().clusters().values()) {
      for (FailGroup g : cd.failing()) {
        groups++;
        assertTrue(g.nodes().size() <= PER_CONTROL, g.ruleId() + ": " + g.nodes().size());
        if (g.failCount() > g.nodes().size()) {
          capped++;
          hidden += g.failCount() - g.nodes().size();
        }
      }
    }
    assertTrue(capped > 0, "the large fleet has controls failing on more than " + PER_CONTROL);
    assertTrue(groups > capped);

    // The detailed clusters' groups each say how many of their failing nodes are left out.
    long cappedShown = 0;
    long hiddenShown = 0;
    for (String c : new ReportView(large).clusterOrder.subList(0, DETAILED)) {
      for (FailGroup g : large.details().clusters().get(c).failing()) {
        if (g.failCount() > g.nodes().size()) {
          cappedShown++;
          hiddenShown += g.failCount() - g.nodes().size();
        }
      }
    }
    Matcher more = Pattern.compile("([0-9,]+) more failing nodes: ").matcher(largeHtml);
    long said = 0;
    int lines = 0;
    while (more.find()) {
      lines++;
      said += Long.parseLong(more.group(1).replace(",", ""));
    }
    assertTrue(cappedShown > 0, "a detailed cluster has a capped control");
    assertEquals(cappedShown, lines);
    assertEquals(hiddenShown, said);
    // Failing-node rows: at most PER_CONTROL per group on the page.
    int fgs = count(largeHtml, "<div class=\"fg\">");
    int rows = 0;
    for (String fg : largeHtml.split("<div class=\"fg\">")) {
      int end = fg.indexOf("</tbody>");
      if (end > 0 && fg.startsWith("<div class=\"fgh\">")) {
        int r = count(fg.substring(0, end), "<tr><td class=\"mono\">");
        assertTrue(r <= PER_CONTROL, r + " rows in a failing-node table");
        rows += r;
      }
    }
    assertTrue(fgs > 0 && rows >= fgs, fgs + " groups, " + rows + " rows");
  }

  @Test
  void onlyTheWorstClustersAreDetailed() {
    assertTrue(large.details().clusters().size() > DETAILED);
    assertEquals(DETAILED, count(largeHtml, "<article class=\"cluster\""));
    assertTrue(largeHtml.contains(" clusters score higher; their controls: "));
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
