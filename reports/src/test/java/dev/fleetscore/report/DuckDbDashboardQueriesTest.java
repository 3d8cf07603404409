package dev.fleetscore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard queries of the docs, read from docs/tables.md and run by DuckDB on a fixture
 * warehouse of four snapshots: every number must equal what fleetscore's own Parquet readers get
 * from the same files, and the column list the docs give analysts must be what DuckDB sees.
 */
class DuckDbDashboardQueriesTest {

  static final String CONTROL = "cis-kubernetes-1.12:4.2.6";

  static Path warehouse;
  static List<LocalDate> dates;
  static String readme;
  static Map<String, String> queries;
  static Connection db;

  @BeforeAll
  static void open() throws Exception {
    warehouse = Fixtures.realistic().warehouse().toAbsolutePath();
    dates = LocalTables.dates(warehouse, Table.CLUSTER_COMPLIANCE);
    readme =
        Files.readString(repoRoot().resolve("docs").resolve("tables.md"), StandardCharsets.UTF_8);
    queries = dashboardQueries(readme);
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void close() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void readmeHasTheQueries() {
    assertEquals(
        List.of(
            "score-by-cluster-over-time",
            "top-failing-controls",
            "nodes-failing-a-control",
            "kubelet-readers"),
        List.copyOf(queries.keySet()));
    assertTrue(dates.size() >= 2, "the fixture has several snapshots: " + dates);
  }

  /** A cluster_compliance row as both readers see it. */
  record Score(
      LocalDate date,
      String cluster,
      String framework,
      Double score,
      long fail,
      int nodes,
      Double coverage) {}

  @Test
  void scoreByClusterOverTime() throws SQLException {
    List<Score> expected = new ArrayList<>();
    for (LocalDate d : dates) {
      for (ClusterComplianceRow r :
          LocalTables.readAll(warehouse, Table.CLUSTER_COMPLIANCE, d, ClusterComplianceRow.class)) {
        expected.add(
            new Score(
                r.getSnapshotDate(),
                r.getClusterId(),
                r.getFramework(),
                r.getScore(),
                r.getFailCount(),
                r.getNodesScored(),
                r.getCoverage()));
      }
    }
    expected.sort(
        Comparator.comparing(Score::cluster)
            .thenComparing(Score::framework)
            .thenComparing(Score::date));

    List<Score> actual = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql("score-by-cluster-over-time"))) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals("snapshot_date", md.getColumnName(1));
      assertEquals(Types.DATE, md.getColumnType(1), "snapshot_date is a DATE");
      assertEquals("DATE", md.getColumnTypeName(1));
      while (rs.next()) {
        actual.add(
            new Score(
                rs.getObject(1, LocalDate.class),
                rs.getString(2),
                rs.getString(3),
                (Double) rs.getObject(4),
                rs.getLong(5),
                rs.getInt(6),
                (Double) rs.getObject(7)));
      }
    }
    assertEquals(expected, actual);
    assertEquals(dates, actual.stream().map(Score::date).distinct().sorted().toList());
    assertTrue(actual.stream().anyMatch(s -> s.score() != null && s.score() < 100));
  }

  @Test
  void snapshotDateComesFromTheHivePartition() throws SQLException {
    // The folder name, not only the stored column: every row's date is its partition's.
    String q =
        "SELECT DISTINCT snapshot_date, typeof(snapshot_date), filename"
            + " FROM read_parquet('"
            + warehouse.resolve("cluster_compliance")
            + "/*/*.parquet', hive_partitioning = true, filename = true)";
    int files = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(q)) {
      while (rs.next()) {
        files++;
        LocalDate d = rs.getObject(1, LocalDate.class);
        assertEquals("DATE", rs.getString(2));
        assertTrue(
            rs.getString(3).contains("/snapshot_date=" + d + "/"), d + " in " + rs.getString(3));
      }
    }
    assertEquals(dates.size(), files);
  }

  /** One line of the top-failing-controls query. */
  record TopControl(
      String framework,
      String control,
      String rule,
      String title,
      String severity,
      long failingNodes,
      long failingClusters) {}

  @Test
  void topFailingControls() throws SQLException {
    LocalDate last = dates.get(dates.size() - 1);
    Map<List<String>, long[]> acc = new TreeMap<>(Comparator.comparing(Object::toString));
    for (ControlSummaryRow r :
        LocalTables.readAll(warehouse, Table.CONTROL_SUMMARY, last, ControlSummaryRow.class)) {
      long[] a =
          acc.computeIfAbsent(
              List.of(
                  r.getFramework(), r.getControlId(), r.getRuleId(), r.getTitle(), r.getSeverity()),
              k -> new long[2]);
      a[0] += r.getFailCount();
      a[1] += "FAIL".equals(r.getState()) ? 1 : 0;
    }
    List<TopControl> expected = new ArrayList<>();
    acc.forEach(
        (k, a) -> {
          if (a[0] > 0) {
            expected.add(
                new TopControl(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), a[0], a[1]));
          }
        });
    expected.sort(
        Comparator.comparingLong(TopControl::failingNodes)
            .reversed()
            .thenComparing(Comparator.comparingLong(TopControl::failingClusters).reversed())
            .thenComparing(TopControl::framework)
            .thenComparing(TopControl::control)
            .thenComparing(TopControl::rule));
    List<TopControl> top = expected.subList(0, Math.min(20, expected.size()));

    List<TopControl> actual = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql("top-failing-controls"))) {
      while (rs.next()) {
        actual.add(
            new TopControl(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7)));
      }
    }
    assertEquals(top, actual);
    assertTrue(expected.size() > 1, "the fixture fails several controls");
    assertTrue(actual.get(0).failingNodes() > actual.get(actual.size() - 1).failingNodes());
  }

  /** One line of the nodes-failing-a-control query. */
  record FailingNode(
      String cluster,
      String node,
      String pool,
      String rule,
      String actual,
      String source,
      String origin) {}

  @Test
  void nodesFailingAControl() throws SQLException {
    assertTrue(sql("nodes-failing-a-control").contains("'" + CONTROL + "'"));
    LocalDate last = dates.get(dates.size() - 1);
    List<FailingNode> expected = new ArrayList<>();
    for (FindingRow r : LocalTables.readAll(warehouse, Table.FINDINGS, last, FindingRow.class)) {
      if ("FAIL".equals(r.getState()) && r.getFrameworkIds().contains(CONTROL)) {
        expected.add(
            new FailingNode(
                r.getClusterId(),
                r.getNodeName(),
                r.getNodePool(),
                r.getRuleId(),
                r.getActual(),
                r.getSource(),
                r.getOrigin()));
      }
    }
    expected.sort(
        Comparator.comparing(FailingNode::cluster)
            .thenComparing(FailingNode::node, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(FailingNode::rule));

    List<FailingNode> actual = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql("nodes-failing-a-control"))) {
      while (rs.next()) {
        actual.add(
            new FailingNode(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7)));
      }
    }
    assertFalse(expected.isEmpty(), "the fixture fails " + CONTROL + " on some nodes");
    assertEquals(expected, actual);
  }

  @Test
  void kubeletReadersMatchTheReportsReading() throws SQLException {
    LocalDate last = dates.get(dates.size() - 1);
    List<String> expected = new ArrayList<>();
    for (KubeletAccess a :
        KubeletAccess.read(LocalTables.files(warehouse, Table.RBAC_ACCESS, last))) {
      if (a.metrics() || a.proxy()) {
        expected.add(a.clusterId() + " " + a.subject() + " " + a.metrics() + " " + a.proxy());
      }
    }
    List<String> actual = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql("kubelet-readers"))) {
      while (rs.next()) {
        actual.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + " "
                + rs.getBoolean(3)
                + " "
                + rs.getBoolean(4));
      }
    }
    assertFalse(expected.isEmpty(), "the fixture has monitoring grants in rbac_access");
    assertTrue(expected.stream().anyMatch(e -> e.endsWith("false true")), "one over-granted");
    assertEquals(expected, actual);
  }

  @Test
  void readmeColumnsAreWhatDuckDbSees() throws SQLException {
    Map<String, String> seen = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      if (t.kind() != Table.Kind.OUTPUT) {
        continue;
      }
      List<String> cols = new ArrayList<>();
      try (Statement st = db.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "DESCRIBE SELECT * FROM read_parquet('"
                      + warehouse.resolve(t.tableName())
                      + "/*/*.parquet', hive_partitioning = true)")) {
        while (rs.next()) {
          cols.add("`" + rs.getString("column_name") + " " + rs.getString("column_type") + "`");
        }
      }
      seen.put(t.tableName(), String.join(", ", cols));
    }
    StringBuilder want = new StringBuilder("| table | columns and DuckDB types |\n|---|---|\n");
    seen.forEach((t, c) -> want.append("| `").append(t).append("` | ").append(c).append(" |\n"));
    Matcher m =
        Pattern.compile("<!-- columns:begin -->\n(.*?)<!-- columns:end -->", Pattern.DOTALL)
            .matcher(readme);
    assertTrue(m.find(), "docs/tables.md has the columns block");
    assertEquals(
        want.toString(),
        m.group(1),
        "docs/tables.md's column table; paste this between the columns markers:\n" + want);
  }

  /** The query of the docs block whose first line is {@code -- query: name}, for this warehouse. */
  static String sql(String name) {
    String q = Objects.requireNonNull(queries.get(name), name);
    assertTrue(q.contains("'wh/"), "the documented query reads the warehouse 'wh'");
    return q.replace("'wh/", "'" + warehouse + "/");
  }

  static Map<String, String> dashboardQueries(String readme) {
    int start = readme.indexOf("\n## Dashboard queries\n");
    assertTrue(start >= 0, "docs/tables.md has a Dashboard queries section");
    int end = readme.indexOf("\n#", start + 5);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("```sql\n-- query: ([a-z-]+)\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (m.find()) {
      out.put(m.group(1), m.group(2).strip());
    }
    return out;
  }

  static Path repoRoot() throws IOException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("README.md"))) {
        return p;
      }
    }
    throw new IOException("no folder holding mvnw above " + Path.of("").toAbsolutePath());
  }
}
