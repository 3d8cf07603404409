package dev.fleetscore.report;

import dev.fleetscore.common.Suggestions;
import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.States;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The row filters of {@code export} and {@code report}: {@code --cluster}, {@code --framework},
 * {@code --severity}, {@code --state}, {@code --rule}. Each option is repeatable and takes comma
 * lists; the values of one option are alternatives (OR), different options must all hold (AND); an
 * option not given filters nothing. Matching:
 *
 * <ul>
 *   <li>cluster: {@code cluster_id}, exact (ids are case-sensitive);
 *   <li>framework: the {@code framework} column, or for findings the framework part of each {@code
 *       framework_ids} entry ({@code cis-kubernetes-1.12} of {@code cis-kubernetes-1.12:4.2.4}) or
 *       the pack when a rule names no framework, as node_scores counts them; any case;
 *   <li>severity and state: the column, any case (values checked against {@link States});
 *   <li>rule: {@code rule_id} exactly, or its part after the last {@code /} ({@code 4.2.4} matches
 *       every pack's 4.2.4).
 * </ul>
 *
 * A table without the column an option reads is not filtered by it ({@link #test}); {@link
 * #require} refuses that for a table export. Values that name nothing in the snapshot are refused
 * by {@link #checkKnown}, so a typo never turns into an empty, "clean" CI file.
 */
public record FindingFilter(
    SortedSet<String> clusters,
    SortedSet<String> frameworks,
    SortedSet<String> severities,
    SortedSet<String> states,
    SortedSet<String> rules) {

  /** No filter. */
  public static final FindingFilter NONE =
      new FindingFilter(List.of(), List.of(), List.of(), List.of(), List.of());

  public FindingFilter {
    clusters = unmodifiable(clusters);
    frameworks = unmodifiable(frameworks);
    severities = unmodifiable(severities);
    states = unmodifiable(states);
    rules = unmodifiable(rules);
  }

  /**
   * A filter from option values as typed: comma lists split, blanks dropped, severities and states
   * upper-cased and checked, frameworks lower-cased; an invalid severity or state is an {@link
   * IllegalArgumentException} naming the valid ones.
   */
  public FindingFilter(
      List<String> clusters,
      List<String> frameworks,
      List<String> severities,
      List<String> states,
      List<String> rules) {
    this(
        split(clusters, false),
        split(frameworks, true),
        checked(split(severities, false), States.SEVERITIES, "severity"),
        checked(split(states, false), States.STATES, "state"),
        split(rules, false));
  }

  public boolean isEmpty() {
    return clusters.isEmpty()
        && frameworks.isEmpty()
        && severities.isEmpty()
        && states.isEmpty()
        && rules.isEmpty();
  }

  /** Whether {@code r} passes every filter whose column its table has. */
  public boolean test(IndexedRecord r) {
    Schema s = r.getSchema();
    if (!clusters.isEmpty() && has(s, "cluster_id") && !in(clusters, str(r, "cluster_id"))) {
      return false;
    }
    if (!severities.isEmpty() && has(s, "severity") && !in(severities, str(r, "severity"))) {
      return false;
    }
    if (!states.isEmpty() && has(s, "state") && !in(states, str(r, "state"))) {
      return false;
    }
    if (!rules.isEmpty() && has(s, "rule_id") && !ruleMatches(str(r, "rule_id"))) {
      return false;
    }
    if (!frameworks.isEmpty()) {
      if (has(s, "framework")) {
        String f = str(r, "framework");
        return f != null && frameworks.contains(f.toLowerCase(Locale.ROOT));
      }
      if (has(s, "framework_ids")) {
        for (String f : frameworksOf(r)) {
          if (frameworks.contains(f.toLowerCase(Locale.ROOT))) {
            return true;
          }
        }
        return false;
      }
    }
    return true;
  }

  /** Whether {@code ruleId} is one of the rules asked for. */
  public boolean ruleMatches(String ruleId) {
    if (rules.isEmpty()) {
      return true;
    }
    if (ruleId == null) {
      return false;
    }
    return rules.contains(ruleId) || rules.contains(ruleId.substring(ruleId.lastIndexOf('/') + 1));
  }

  /**
   * The frameworks a finding counts under: the part before {@code :} of each framework id, or its
   * pack when it names none (as {@code dev.fleetscore.rules.Frameworks} groups node_scores).
   */
  static List<String> frameworksOf(IndexedRecord r) {
    List<String> out = new ArrayList<>();
    Object ids = r.get(r.getSchema().getField("framework_ids").pos());
    if (ids instanceof Collection<?> c) {
      for (Object o : c) {
        String id = o.toString();
        int i = id.indexOf(':');
        out.add(i < 0 ? id : id.substring(0, i));
      }
    }
    if (out.isEmpty() && has(r.getSchema(), "pack")) {
      String pack = str(r, "pack");
      if (pack != null) {
        out.add(pack);
      }
    }
    return out;
  }

  /**
   * Refuses a filter on a column {@code table} does not have (an export of that table could not
   * apply it), naming the filters the table takes.
   */
  public void require(Table table) {
    Schema s = table.schema();
    List<String> missing = new ArrayList<>();
    List<String> takes = new ArrayList<>();
    check(s, !clusters.isEmpty(), "--cluster", has(s, "cluster_id"), missing, takes);
    check(
        s,
        !frameworks.isEmpty(),
        "--framework",
        has(s, "framework") || has(s, "framework_ids"),
        missing,
        takes);
    check(s, !severities.isEmpty(), "--severity", has(s, "severity"), missing, takes);
    check(s, !states.isEmpty(), "--state", has(s, "state"), missing, takes);
    check(s, !rules.isEmpty(), "--rule", has(s, "rule_id"), missing, takes);
    if (!missing.isEmpty()) {
      throw new UserError(
          UserError.USAGE,
          table.tableName()
              + " cannot be filtered by "
              + String.join(", ", missing)
              + (takes.isEmpty()
                  ? " (it takes no filter)"
                  : " (its filters: " + String.join(", ", takes) + ")"),
          null);
    }
  }

  private static void check(
      Schema s, boolean given, String option, boolean has, List<String> missing, List<String> t) {
    if (has) {
      t.add(option);
    } else if (given) {
      missing.add(option);
    }
  }

  /**
   * Refuses cluster, framework and rule values that name nothing in the snapshot {@code date} of
   * {@code warehouse} (read from its small tables cluster_compliance and control_summary), with the
   * closest names there are.
   */
  public void checkKnown(Path warehouse, LocalDate date) {
    if (clusters.isEmpty() && frameworks.isEmpty() && rules.isEmpty()) {
      return;
    }
    SortedSet<String> knownClusters = new TreeSet<>();
    SortedSet<String> knownFrameworks = new TreeSet<>();
    SortedSet<String> knownRules = new TreeSet<>();
    for (Table t : List.of(Table.CLUSTER_COMPLIANCE, Table.CONTROL_SUMMARY)) {
      for (Path f : LocalTables.files(warehouse, t, date)) {
        try (TableReader r = TableReader.open(f, t.schema())) {
          while (r.hasNext()) {
            var row = r.next();
            knownClusters.add(Rows.str(row, "cluster_id"));
            knownFrameworks.add(Rows.str(row, "framework").toLowerCase(Locale.ROOT));
            if (t == Table.CONTROL_SUMMARY) {
              String id = Rows.str(row, "rule_id");
              knownRules.add(id);
              knownRules.add(id.substring(id.lastIndexOf('/') + 1));
            }
          }
        }
      }
    }
    unknown("--cluster", clusters, knownClusters, date);
    unknown("--framework", frameworks, knownFrameworks, date);
    unknown("--rule", rules, knownRules, date);
  }

  private static void unknown(
      String option, Set<String> given, SortedSet<String> known, LocalDate date) {
    for (String v : given) {
      if (!known.contains(v)) {
        throw new UserError(
            option
                + " "
                + v
                + " names nothing in the snapshot of "
                + date
                + closest(v, known)
                + " ("
                + known.size()
                + " known)");
      }
    }
  }

  /** "; did you mean ...?" (see {@link Suggestions}). */
  public static String closest(String v, Collection<String> names) {
    return Suggestions.closest(v, names);
  }

  /** A null column value (a quarantined dump without a cluster) matches no filter value. */
  private static boolean in(SortedSet<String> values, String v) {
    return v != null && values.contains(v);
  }

  private static boolean has(Schema s, String field) {
    return s.getField(field) != null;
  }

  private static String str(IndexedRecord r, String field) {
    Object v = r.get(r.getSchema().getField(field).pos());
    return v == null ? null : v.toString();
  }

  private static SortedSet<String> split(List<String> values, boolean lower) {
    SortedSet<String> out = new TreeSet<>();
    for (String v : values) {
      for (String part : v.split(",", -1)) {
        String p = part.strip();
        if (!p.isEmpty()) {
          out.add(lower ? p.toLowerCase(Locale.ROOT) : p);
        }
      }
    }
    return out;
  }

  private static SortedSet<String> checked(
      SortedSet<String> values, List<String> valid, String what) {
    SortedSet<String> out = new TreeSet<>();
    for (String v : values) {
      String u = v.toUpperCase(Locale.ROOT);
      if (!valid.contains(u)) {
        throw new IllegalArgumentException(
            "'"
                + v
                + "' is not a "
                + what
                + closest(u, valid)
                + " (valid: "
                + String.join(", ", valid)
                + ")");
      }
      out.add(u);
    }
    return out;
  }

  private static SortedSet<String> unmodifiable(SortedSet<String> s) {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(s));
  }
}
