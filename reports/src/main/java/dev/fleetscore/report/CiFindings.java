package dev.fleetscore.report;

import dev.fleetscore.schema.States;
import dev.fleetscore.schema.Table;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * The findings of one scored snapshot in the formats CI systems read: SARIF 2.1.0 ({@link
 * SarifFindings}: GitHub code scanning, GitLab, Azure DevOps), JUnit XML ({@link JunitFindings}:
 * Jenkins, GitLab test reports, the JUnit actions of GitHub) and JSON Lines (the findings table's
 * rows, one object per line), after a {@link FindingFilter}. Rule metadata that the findings table
 * does not carry (the remediation) comes from {@code rules}, which the caller reads from the run's
 * lineage: the packs that judged the snapshot, not whatever packs are installed now.
 *
 * <p>Deterministic: rows in the export order (cluster, node, then rule id), no clock, no absolute
 * path of this machine; the same tables and packs give the same bytes.
 */
public final class CiFindings {

  /** The CI formats. */
  public enum Format {
    SARIF,
    JUNIT,
    JSONL
  }

  /**
   * What a CI file says about a rule beyond its findings.
   *
   * @param id rule id
   * @param title control title
   * @param severity CRITICAL..INFO
   * @param expected what passes, as a sentence
   * @param remediation how to fix a failure, or null when the pack gives none
   * @param pack the pack's name
   */
  public record Rule(
      String id, String title, String severity, String expected, String remediation, String pack) {}

  /**
   * One finding, copied out of its row.
   *
   * @param scope NODE or CLUSTER
   * @param node the node, null for a cluster finding
   */
  record Finding(
      String cluster,
      String node,
      String scope,
      String pool,
      String ruleId,
      String pack,
      String title,
      String component,
      String state,
      String severity,
      String actual,
      String expected,
      String reason,
      String setting,
      String source,
      String origin,
      String evidence,
      List<String> frameworkIds,
      String exemptionId,
      LocalDate exemptionExpires) {

    static Finding of(GenericRecord r) {
      return new Finding(
          Rows.str(r, "cluster_id"),
          Rows.str(r, "node_name"),
          Rows.str(r, "scope"),
          Rows.str(r, "node_pool"),
          Rows.str(r, "rule_id"),
          Rows.str(r, "pack"),
          Rows.str(r, "title"),
          Rows.str(r, "component"),
          Rows.str(r, "state"),
          Rows.str(r, "severity"),
          Rows.str(r, "actual"),
          Rows.str(r, "expected"),
          Rows.str(r, "reason"),
          Rows.str(r, "setting"),
          Rows.str(r, "source"),
          Rows.str(r, "origin"),
          Rows.str(r, "evidence"),
          List.copyOf(Rows.strings(r, "framework_ids")),
          Rows.str(r, "exemption_id"),
          Rows.date(r, "exemption_expires"));
    }

    /** The node, or "(cluster)" for a cluster finding: how the formats name where it is. */
    String where() {
      return node == null ? "(cluster)" : node;
    }

    boolean failing() {
      return States.FAIL.equals(state) || States.WARN.equals(state);
    }
  }

  private CiFindings() {}

  /**
   * Writes the findings of {@code date} that pass {@code filter} as {@code format} to {@code out}
   * (flushed, not closed). A date that was never scored is an error naming the scored dates; a
   * filter value that names nothing in the snapshot is an error with the closest names. Returns the
   * number of findings read after the filter.
   */
  public static long write(
      Path warehouse,
      LocalDate date,
      FindingFilter filter,
      Format format,
      Map<String, Rule> rules,
      OutputStream out) {
    SnapshotFiles.open(warehouse, date);
    filter.checkKnown(warehouse, date);
    if (format == Format.JSONL) {
      return TableExport.export(
          warehouse, Table.FINDINGS, List.of(date), TableExport.Format.JSONL, filter, out);
    }
    if (format == Format.SARIF) {
      // Only FAIL and WARN become results; the other states are counted, not kept.
      Map<String, Long> counts = new TreeMap<>();
      States.STATES.forEach(st -> counts.put(st, 0L));
      List<Finding> failing = new ArrayList<>();
      long n =
          TableExport.forEach(
              warehouse,
              Table.FINDINGS,
              date,
              filter,
              r -> {
                String st = Rows.str(r, "state");
                counts.merge(st, 1L, Long::sum);
                if (States.FAIL.equals(st) || States.WARN.equals(st)) {
                  failing.add(Finding.of(r));
                }
              });
      SarifFindings.write(date, filter, failing, counts, rules, out);
      return n;
    }
    // JUnit has a test case per finding; one snapshot's findings after the filter are held.
    List<Finding> rows = new ArrayList<>();
    long n =
        TableExport.forEach(warehouse, Table.FINDINGS, date, filter, r -> rows.add(Finding.of(r)));
    JunitFindings.write(date, rows, rules, out);
    return n;
  }

  /** The rule of {@code f} from the packs, or one made of the finding's own columns. */
  static Rule rule(Finding f, Map<String, Rule> rules) {
    Rule r = rules.get(f.ruleId());
    return r != null
        ? r
        : new Rule(f.ruleId(), f.title(), f.severity(), f.expected(), null, f.pack());
  }

  /** The remediation text of a rule, never empty (GitHub refuses empty help text). */
  static String remediation(Rule r) {
    return r.remediation() == null || r.remediation().isBlank()
        ? "The rule pack "
            + r.pack()
            + " gives no remediation for this rule; make it hold: "
            + r.expected()
        : r.remediation().strip();
  }
}
