package dev.fleetscore.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.common.UserError;
import dev.fleetscore.report.QuarterHtml;
import dev.fleetscore.report.QuarterMarkdown;
import dev.fleetscore.report.QuarterSummary;
import dev.fleetscore.report.TableExport;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import dev.fleetscore.schema.io.SnapshotCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the evidence bundle of a date range (a quarter): every scored snapshot of the range in its
 * own folder {@code snapshots/<date>/}, each exactly what the single-date bundle ({@link
 * EvidenceBundle}) holds for it (report, output tables, optionally raw tables, rule packs,
 * exemptions, run lineage and record, after every warehouse file its lineage lists was checked),
 * and at the top the quarter summary ({@code quarter-summary.html}, {@code quarter-summary.md},
 * {@code quarter-scores.csv}, see {@link QuarterSummary}), the signer's certificate, {@code
 * README.txt}, {@code manifest.json}, {@code SHA256SUMS} and their signatures, verified the same
 * way as a single-date bundle.
 *
 * <p>A date of the range with no scored snapshot is a gap named in the summary (with "imported but
 * not scored" when raw tables are there); a torn date is refused as the single-date bundle refuses
 * it; a range without any scored snapshot is an error (exit 3). Deterministic as the single-date
 * bundle: the archive entries are dated on the range's last date.
 */
public final class QuarterBundle {

  /**
   * Inputs of a quarter build.
   *
   * @param warehouse the warehouse
   * @param from first date of the range
   * @param to last date of the range (inclusive)
   * @param cadence the expected cadence (what counts as a gap)
   * @param ruleDirs rule folders every snapshot of the range was scored with (only for snapshots
   *     without a run lineage); empty to take each snapshot's packs from its lineage
   * @param exemptions the exemptions file (with {@code ruleDirs}), or null
   * @param identity signing key and certificate
   * @param outDir where the folder and archive go
   * @param tsaUrl RFC 3161 timestamp authority, or null
   * @param includeRaw also copy each snapshot's raw tables
   */
  public record Request(
      Path warehouse,
      LocalDate from,
      LocalDate to,
      QuarterSummary.Cadence cadence,
      List<Path> ruleDirs,
      Path exemptions,
      SigningIdentity identity,
      Path outDir,
      String tsaUrl,
      boolean includeRaw) {

    public Request {
      if (from.isAfter(to)) {
        throw new IllegalArgumentException("from " + from + " is after to " + to);
      }
    }

    EvidenceBundle.Request single(LocalDate date) {
      return new EvidenceBundle.Request(
          warehouse, date, ruleDirs, exemptions, identity, outDir, tsaUrl, includeRaw);
    }
  }

  /** Top-level files of the summary. */
  public static final String SUMMARY_HTML = "quarter-summary.html";

  public static final String SUMMARY_MD = "quarter-summary.md";
  public static final String SCORES_CSV = "quarter-scores.csv";

  /** The folder of each snapshot: {@code snapshots/<date>/}. */
  public static final String SNAPSHOTS = "snapshots/";

  private QuarterBundle() {}

  public static String name(LocalDate from, LocalDate to) {
    return "fleetscore-evidence-" + from + "_" + to;
  }

  /**
   * The scored snapshot dates of the range ({@code fleet_summary} partitions), and the dates of the
   * range with some other partition but no scored snapshot.
   */
  record Dates(SortedSet<LocalDate> scored, SortedSet<LocalDate> unscored) {}

  static Dates dates(Path warehouse, LocalDate from, LocalDate to) {
    if (!Files.isDirectory(warehouse)) {
      throw new UserError("no warehouse at " + warehouse + " (not a directory)");
    }
    SortedSet<LocalDate> scored = new TreeSet<>();
    SortedSet<LocalDate> any = new TreeSet<>();
    for (Table t : Table.values()) {
      for (LocalDate d : LocalTables.dates(warehouse, t)) {
        if (!d.isBefore(from) && !d.isAfter(to)) {
          any.add(d);
          if (t == Table.FLEET_SUMMARY) {
            scored.add(d);
          }
        }
      }
    }
    any.removeAll(scored);
    return new Dates(scored, any);
  }

  public static EvidenceBundle.Result build(Request req) {
    Dates dates = dates(req.warehouse(), req.from(), req.to());
    if (dates.scored().isEmpty()) {
      List<LocalDate> all = LocalTables.dates(req.warehouse(), Table.FLEET_SUMMARY);
      throw new UserError(
          "the warehouse "
              + req.warehouse()
              + " has no scored snapshot from "
              + req.from()
              + " to "
              + req.to()
              + (dates.unscored().isEmpty()
                  ? ""
                  : " (imported but not scored: "
                      + dates.unscored().stream()
                          .map(LocalDate::toString)
                          .collect(Collectors.joining(", "))
                      + ")")
              + (all.isEmpty()
                  ? "; it has no scored snapshot at all: run fleetscore score first"
                  : "; scored snapshots: " + range(all)));
    }
    // Refuse a torn date, unscored ones included, before anything is written.
    for (LocalDate d : dates.unscored()) {
      SnapshotCheck.requireComplete(req.warehouse(), d, List.of(Table.values()));
    }
    Map<LocalDate, JsonNode> lineages = new TreeMap<>();
    for (LocalDate d : dates.scored()) {
      lineages.put(d, EvidenceBundle.lineageOf(req.single(d)));
    }

    String name = name(req.from(), req.to());
    Path stage = req.outDir().resolve("." + name + ".partial");
    List<String> warnings = new ArrayList<>();
    try {
      Files.createDirectories(req.outDir());
      EvidenceBundle.deleteTree(stage);
      Files.createDirectories(stage);

      Map<String, Table> tableOf = new TreeMap<>();
      Map<LocalDate, EvidenceBundle.Staged> staged = new TreeMap<>();
      List<QuarterSummary.Snapshot> snaps = new ArrayList<>();
      for (LocalDate d : dates.scored()) {
        List<String> w = new ArrayList<>();
        EvidenceBundle.Staged st =
            EvidenceBundle.stageSnapshot(
                req.single(d), lineages.get(d), stage, SNAPSHOTS + d + "/", w);
        w.forEach(x -> warnings.add(d + ": " + x));
        tableOf.putAll(st.tableOf());
        staged.put(d, st);
        snaps.add(new QuarterSummary.Snapshot(d, st.data(), exemptionsText(req, st.lineage())));
      }
      QuarterSummary summary =
          QuarterSummary.compute(req.from(), req.to(), req.cadence(), snaps, dates.unscored());
      EvidenceBundle.write(stage.resolve(SUMMARY_HTML), QuarterHtml.render(summary));
      EvidenceBundle.write(stage.resolve(SUMMARY_MD), QuarterMarkdown.render(summary));
      EvidenceBundle.write(stage.resolve(SCORES_CSV), scoresCsv(summary));

      Files.write(stage.resolve("signer.pem"), SigningIdentity.pem(req.identity().certificate()));
      EvidenceBundle.write(stage.resolve("README.txt"), readme(req, summary));

      ObjectNode manifest = manifest(req, summary, staged, stage, tableOf, warnings);
      byte[] manifestBytes = Manifest.bytes(manifest);
      return EvidenceBundle.finish(
          req.outDir(),
          name,
          req.to(),
          stage,
          manifestBytes,
          req.identity(),
          req.tsaUrl(),
          manifest.get("files").size(),
          warnings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the evidence bundle in " + req.outDir(), e);
    } finally {
      try {
        EvidenceBundle.deleteTree(stage);
      } catch (IOException e) {
        // The staging folder is hidden; a leftover is harmless and replaced on the next run.
      }
    }
  }

  private static String range(List<LocalDate> all) {
    if (all.size() <= 6) {
      return all.stream().map(LocalDate::toString).collect(Collectors.joining(", "));
    }
    return all.size() + " from " + all.get(0) + " to " + all.get(all.size() - 1);
  }

  /** The text of the exemptions file the run used: from its lineage, or the one given. */
  private static String exemptionsText(Request req, JsonNode lineage) throws IOException {
    if (lineage != null) {
      JsonNode e = lineage.path("exemptions");
      return e.isObject() && e.path("text").isTextual() ? e.get("text").asText() : null;
    }
    return req.exemptions() == null
        ? null
        : new String(Files.readAllBytes(req.exemptions()), StandardCharsets.UTF_8);
  }

  /** cluster_id, framework, snapshot_date, score: one line per scored point ("" = the fleet). */
  static String scoresCsv(QuarterSummary q) {
    StringBuilder sb = new StringBuilder("cluster_id,framework,snapshot_date,score\r\n");
    for (List<QuarterSummary.Series> list : List.of(q.fleet(), q.scores())) {
      for (QuarterSummary.Series s : list) {
        for (int i = 0; i < q.dates().size(); i++) {
          Double v = s.values().get(i);
          if (v != null) {
            sb.append(TableExport.csvCell(s.cluster()))
                .append(',')
                .append(TableExport.csvCell(s.framework()))
                .append(',')
                .append(q.dates().get(i))
                .append(',')
                .append(v)
                .append("\r\n");
          }
        }
      }
    }
    return sb.toString();
  }

  private static ObjectNode manifest(
      Request req,
      QuarterSummary q,
      Map<LocalDate, EvidenceBundle.Staged> staged,
      Path stage,
      Map<String, Table> tableOf,
      List<String> warnings) {
    ObjectNode m = EvidenceBundle.header();
    ObjectNode r = m.putObject("range");
    r.put("from", req.from().toString());
    r.put("to", req.to().toString());
    r.put("cadence", q.cadence().label());
    r.put("expected_snapshots", q.expected());
    r.put("missing", q.missingTotal());
    ArrayNode ds = r.putArray("snapshot_dates");
    q.dates().forEach(d -> ds.add(d.toString()));
    ArrayNode gaps = r.putArray("gaps");
    for (QuarterSummary.Gap g : q.gaps()) {
      ObjectNode o = gaps.addObject();
      o.put("first", g.first().toString());
      o.put("last", g.last().toString());
      o.put("missing", g.missing());
      ArrayNode imp = o.putArray("imported_not_scored");
      g.importedNotScored().forEach(d -> imp.add(d.toString()));
    }
    ObjectNode summary = r.putObject("summary");
    summary.put("html", SUMMARY_HTML);
    summary.put("markdown", SUMMARY_MD);
    summary.put("scores_csv", SCORES_CSV);

    ArrayNode snaps = m.putArray("snapshots");
    for (Map.Entry<LocalDate, EvidenceBundle.Staged> e : staged.entrySet()) {
      EvidenceBundle.Staged st = e.getValue();
      ObjectNode s = snaps.addObject();
      s.put("folder", SNAPSHOTS + e.getKey() + "/");
      EvidenceBundle.snapshotInfo(s, e.getKey(), st.data());
      EvidenceBundle.reconciliation(s.putObject("reconciliation"), st.data());
      ObjectNode rules = s.putObject("rule_packs");
      ArrayNode cited = rules.putArray("cited");
      EvidenceBundle.citedPackVersions(st.data()).forEach(cited::add);
      rules.set("included", st.packs());
      s.set("exemptions", st.exemptions());
    }
    EvidenceBundle.signature(m, req.identity());

    ArrayNode inputs = m.putArray("inputs");
    ArrayNode tables = m.putArray("tables");
    for (EvidenceBundle.Staged st : staged.values()) {
      EvidenceBundle.rawInputs(req.warehouse(), st.snap(), inputs, tables);
    }
    EvidenceBundle.bundleFiles(stage, tableOf, m.putArray("files"), tables, QuarterBundle::role);
    ArrayNode w = m.putArray("warnings");
    warnings.forEach(w::add);
    return m;
  }

  private static String role(String rel, Table t) {
    if (rel.startsWith(SNAPSHOTS)) {
      int slash = rel.indexOf('/', SNAPSHOTS.length());
      return EvidenceBundle.role(rel.substring(slash + 1), t);
    }
    if (rel.equals(SUMMARY_HTML) || rel.equals(SUMMARY_MD) || rel.equals(SCORES_CSV)) {
      return "quarter-summary";
    }
    return EvidenceBundle.role(rel, t);
  }

  private static String readme(Request req, QuarterSummary q) {
    return "fleetscore evidence bundle for the snapshots from "
        + req.from()
        + " to "
        + req.to()
        + "\n\n"
        + "Layout: "
        + SUMMARY_HTML
        + " and "
        + SUMMARY_MD
        + " summarize the range (score per cluster\n"
        + "and framework, controls failing longest, time to fix per severity, exemptions,\n"
        + "coverage, and the gaps in the series against the "
        + q.cadence().label()
        + " cadence); "
        + SCORES_CSV
        + "\n"
        + "holds every score point. Each scored snapshot has its own folder "
        + SNAPSHOTS
        + "<date>/ with\n"
        + "its report, output tables, rule packs, exemptions and run lineage, as in the bundle\n"
        + "of a single date. "
        + q.dates().size()
        + " snapshots: "
        + q.dates().stream().map(LocalDate::toString).collect(Collectors.joining(" "))
        + "\n\n"
        + EvidenceBundle.readmeProcedure(req.tsaUrl() != null)
        + "snapshots/<date>/tables/ hold the output tables in the warehouse layout; DuckDB reads\n"
        + "the whole range at once:\n\n"
        + "  SELECT * FROM read_parquet('snapshots/*/tables/cluster_compliance/*/*.parquet',"
        + " hive_partitioning=true);\n";
  }
}
