package dev.fleetscore.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.common.UserError;
import dev.fleetscore.report.HtmlReport;
import dev.fleetscore.report.MarkdownReport;
import dev.fleetscore.report.ReportData;
import dev.fleetscore.report.ReportFiles;
import dev.fleetscore.report.ReportLoader;
import dev.fleetscore.report.ReportOptions;
import dev.fleetscore.report.ReportWriter;
import dev.fleetscore.report.SnapshotFiles;
import dev.fleetscore.report.TableExport;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.Warehouse;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunRecord;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds an auditor's evidence bundle for one snapshot: a folder {@code
 * fleetscore-evidence-<date>/} and the same folder as a reproducible {@code .tar.gz} beside it.
 *
 * <p>The folder holds the HTML and Markdown report and the small tables as CSV ({@code report/}),
 * every file of every output table of the snapshot byte for byte in the warehouse layout ({@code
 * tables/<table>/snapshot_date=D/}, so DuckDB reads the bundle as it reads the warehouse; with
 * {@code includeRaw} the raw tables too), the rule packs and exemptions the run used ({@code
 * rules/}, {@code exemptions/}, written from the run's lineage unless rule folders are given), the
 * lineage and run record ({@code run/}, after every warehouse file it lists was checked), the
 * signer's certificate, a {@code README.txt} saying how to verify, and {@code manifest.json}: the
 * tool version, the snapshot, the counts reconciliation, SHA-256, size and row count of every
 * raw-table input file (inputs are hashed, not copied) and of every file in the bundle, a digest
 * per table, and which copied rule pack matches which cited pack_version. {@code manifest.json.p7s}
 * is a detached CMS signature over the manifest; {@code SHA256SUMS} (every other file, sha256sum's
 * format) and its signature {@code SHA256SUMS.p7s} let an auditor check the bundle, and that no
 * file was added or removed, with openssl and coreutils alone (README.txt says how).
 *
 * <p>Deterministic: same tables, packs, exemptions and key give the same manifest, signature and
 * archive bytes (no wall-clock time anywhere; see {@link Crypto} and {@link BundleArchive}).
 */
public final class EvidenceBundle {

  /**
   * What was built.
   *
   * @param folder the bundle folder
   * @param archive the .tar.gz
   * @param manifestSha256 SHA-256 of manifest.json
   * @param files files listed in the manifest
   * @param warnings things an auditor should know (e.g. no rule packs included)
   */
  public record Result(
      Path folder, Path archive, String manifestSha256, int files, List<String> warnings) {}

  /**
   * Inputs of a build.
   *
   * @param warehouse the warehouse
   * @param date the snapshot date
   * @param ruleDirs rule pack directories (a pack, or a folder of packs); empty to take the packs
   *     and the exemptions file from the run's lineage ({@link RunLineage}), an error when the
   *     snapshot has none
   * @param exemptions the exemptions file (with {@code ruleDirs}), or null
   * @param identity the signing key and certificate
   * @param outDir where the folder and archive go
   * @param tsaUrl an RFC 3161 timestamp authority to timestamp SHA256SUMS.p7s with ({@link
   *     Timestamps#FILE}), or null for none
   * @param includeRaw also copy the snapshot's raw evidence tables into {@code tables/}
   */
  public record Request(
      Path warehouse,
      LocalDate date,
      List<Path> ruleDirs,
      Path exemptions,
      SigningIdentity identity,
      Path outDir,
      String tsaUrl,
      boolean includeRaw) {

    /** A request without a timestamp. */
    public Request(
        Path warehouse,
        LocalDate date,
        List<Path> ruleDirs,
        Path exemptions,
        SigningIdentity identity,
        Path outDir,
        String tsaUrl) {
      this(warehouse, date, ruleDirs, exemptions, identity, outDir, tsaUrl, false);
    }

    /** A request without a timestamp, with or without the raw tables. */
    public Request(
        Path warehouse,
        LocalDate date,
        List<Path> ruleDirs,
        Path exemptions,
        SigningIdentity identity,
        Path outDir,
        boolean includeRaw) {
      this(warehouse, date, ruleDirs, exemptions, identity, outDir, null, includeRaw);
    }

    /** A build without the raw tables or a timestamp. */
    public Request(
        Path warehouse,
        LocalDate date,
        List<Path> ruleDirs,
        Path exemptions,
        SigningIdentity identity,
        Path outDir) {
      this(warehouse, date, ruleDirs, exemptions, identity, outDir, null, false);
    }
  }

  private EvidenceBundle() {}

  public static String name(LocalDate date) {
    return "fleetscore-evidence-" + date;
  }

  public static Result build(Request req) {
    JsonNode lineage = lineageOf(req);
    String name = name(req.date());
    Path stage = req.outDir().resolve("." + name + ".partial");
    List<String> warnings = new ArrayList<>();
    try {
      Files.createDirectories(req.outDir());
      deleteTree(stage);
      Files.createDirectories(stage);

      Staged st = stageSnapshot(req, lineage, stage, "", warnings);

      Files.write(stage.resolve("signer.pem"), SigningIdentity.pem(req.identity().certificate()));
      write(stage.resolve("README.txt"), readme(req.date(), req.tsaUrl() != null));

      ObjectNode manifest =
          manifest(
              req,
              st.snap(),
              st.data(),
              stage,
              st.tableOf(),
              st.packs(),
              st.exemptions(),
              warnings);
      byte[] manifestBytes = Manifest.bytes(manifest);
      return finish(
          req.outDir(),
          name,
          req.date(),
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
        deleteTree(stage);
      } catch (IOException e) {
        // The staging folder is hidden; a leftover is harmless and replaced on the next run.
      }
    }
  }

  /**
   * Seals the staged folder (manifest, signatures, checksums, optional timestamp), moves it to
   * {@code outDir/name} and writes the reproducible archive beside it, its entries dated {@code
   * archiveDate}.
   */
  static Result finish(
      Path outDir,
      String name,
      LocalDate archiveDate,
      Path stage,
      byte[] manifestBytes,
      SigningIdentity identity,
      String tsaUrl,
      int files,
      List<String> warnings)
      throws IOException {
    Path finalDir = outDir.resolve(name);
    seal(stage, manifestBytes, identity);
    if (tsaUrl != null) {
      byte[] sig = Files.readAllBytes(stage.resolve(Checksums.SIGNATURE));
      Files.write(stage.resolve(Timestamps.FILE), Timestamps.request(tsaUrl, sig));
    }
    deleteTree(finalDir);
    move(stage, finalDir);
    Path archive = outDir.resolve(name + ".tar.gz");
    Path tmp = outDir.resolve("." + name + ".tar.gz.partial");
    long mtime = archiveDate.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    BundleArchive.write(finalDir, name, mtime, tmp);
    move(tmp, archive);
    return new Result(
        finalDir, archive, Hashing.bytes(manifestBytes), files, List.copyOf(warnings));
  }

  /**
   * The run lineage of the request's snapshot, its warehouse files checked against it; null when
   * the snapshot has none and rule folders are given. A torn or unscored date, a missing lineage
   * without {@code --rules}, or a changed file is an error.
   */
  static JsonNode lineageOf(Request req) {
    SnapshotFiles.open(req.warehouse(), req.date());
    Path lineageFile =
        Path.of(RunLineage.path(req.warehouse().toString(), RunScope.score(req.date())));
    Path recordFile =
        Path.of(RunRecord.path(req.warehouse().toString(), RunScope.score(req.date())));
    if (req.ruleDirs().isEmpty() && req.exemptions() != null) {
      throw new UserError(
          "--exemptions goes with --rules; without --rules the rule packs and the exemptions"
              + " file come from the run's lineage");
    }
    JsonNode lineage = null;
    if (Files.isRegularFile(lineageFile)) {
      lineage = LineageCheck.read(lineageFile, recordFile);
      LineageCheck.verify(req.warehouse(), lineage, lineageFile);
    } else if (req.ruleDirs().isEmpty()) {
      throw new UserError(
          "the snapshot of "
              + req.date()
              + " has no run lineage ("
              + RunRecord.DIR
              + "/"
              + Warehouse.PARTITION_KEY
              + "="
              + req.date()
              + "/"
              + RunLineage.DIR
              + "/score.json): it was scored by a fleetscore version that kept none, so the"
              + " rule packs that judged it are unknown; score it again, or pass --rules DIR"
              + " (and --exemptions FILE) with the packs it was scored with");
    }
    return lineage;
  }

  /**
   * What one snapshot put into the stage.
   *
   * @param snap the snapshot's files
   * @param data its report data
   * @param tableOf bundle path (from the stage root) of every table file copied -> its table
   * @param packs manifest entries of the rule packs (dirs from the stage root)
   * @param exemptions manifest entry of the exemptions file (path from the stage root)
   * @param lineage the run lineage, or null
   */
  record Staged(
      SnapshotFiles snap,
      ReportData data,
      Map<String, Table> tableOf,
      ArrayNode packs,
      ObjectNode exemptions,
      JsonNode lineage) {}

  /**
   * Writes one snapshot's report, output tables (raw ones with {@code includeRaw}), rule packs,
   * exemptions and run lineage under {@code prefix} of the stage ({@code ""} for the single-date
   * bundle, {@code snapshots/D/} in a quarter bundle).
   */
  static Staged stageSnapshot(
      Request req, JsonNode lineage, Path stageRoot, String prefix, List<String> warnings)
      throws IOException {
    SnapshotFiles snap = SnapshotFiles.open(req.warehouse(), req.date());
    Path stage = prefix.isEmpty() ? stageRoot : stageRoot.resolve(prefix);
    Files.createDirectories(stage);
    Path lineageFile =
        Path.of(RunLineage.path(req.warehouse().toString(), RunScope.score(req.date())));
    Path recordFile =
        Path.of(RunRecord.path(req.warehouse().toString(), RunScope.score(req.date())));

    ReportData data = ReportLoader.load(snap, ReportOptions.defaults());
    List<Table> csvTables = ReportWriter.csvTables(ReportWriter.CsvMode.SUMMARY);
    ReportFiles reportFiles = ReportFiles.csv(csvTables);
    write(stage.resolve("report/report.html"), HtmlReport.render(data, reportFiles));
    write(stage.resolve("report/summary.md"), MarkdownReport.render(data));
    for (Table t : Table.values()) {
      if (csvTables.contains(t)) {
        Path f = stage.resolve("report/" + reportFiles.href(t));
        Files.createDirectories(f.getParent());
        try (OutputStream out = Files.newOutputStream(f)) {
          TableExport.export(req.warehouse(), t, List.of(req.date()), TableExport.Format.CSV, out);
        }
      }
    }

    Map<String, Table> tableOf = new TreeMap<>();
    for (Table t : Table.values()) {
      if (t.kind() != Table.Kind.OUTPUT) {
        continue;
      }
      List<Path> files = snap.files(t);
      if (files.isEmpty()) {
        warnings.add("output table " + t.tableName() + " has no file for " + req.date());
      }
      for (Path f : files) {
        String rel =
            "tables/"
                + t.tableName()
                + "/"
                + Warehouse.PARTITION_KEY
                + "="
                + req.date()
                + "/"
                + f.getFileName();
        Path target = stage.resolve(rel);
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
        tableOf.put(prefix + rel, t);
      }
    }

    if (req.includeRaw()) {
      for (Table t : Table.values()) {
        if (t.kind() != Table.Kind.RAW) {
          continue;
        }
        for (Path f : snap.files(t)) {
          String rel = BundleArchive.relative(req.warehouse(), f);
          Path target = stage.resolve("tables/" + rel);
          Files.createDirectories(target.getParent());
          Files.copy(f, target);
          tableOf.put(prefix + "tables/" + rel, t);
        }
      }
    }

    ArrayNode packs;
    ObjectNode exemptions;
    if (req.ruleDirs().isEmpty()) {
      packs = LineageCheck.writePacks(lineage, stage, data, warnings);
      exemptions = LineageCheck.writeExemptions(lineage, stage);
    } else {
      packs = copyRulePacks(req, stage, data, warnings);
      exemptions = copyExemptions(req, stage, warnings);
    }
    if (!prefix.isEmpty()) {
      for (JsonNode p : packs) {
        ((ObjectNode) p).put("dir", prefix + p.path("dir").asText());
      }
      if (exemptions.path("file").isTextual()) {
        exemptions.put("file", prefix + exemptions.get("file").asText());
      }
    }
    if (lineage != null) {
      Path target = stage.resolve(LineageCheck.BUNDLE_LINEAGE);
      Files.createDirectories(target.getParent());
      Files.copy(lineageFile, target);
      Files.copy(recordFile, stage.resolve(LineageCheck.BUNDLE_RECORD));
    }
    return new Staged(snap, data, tableOf, packs, exemptions, lineage);
  }

  /**
   * Writes {@code manifest.json} and its signature, then {@code SHA256SUMS} over every other file
   * of {@code folder} (the manifest and its signature included) and its signature.
   */
  static void seal(Path folder, byte[] manifestBytes, SigningIdentity id) throws IOException {
    Files.write(folder.resolve(Manifest.FILE), manifestBytes);
    Files.write(folder.resolve(Manifest.SIGNATURE), Crypto.signDetached(manifestBytes, id));
    Map<String, String> sums = new TreeMap<>();
    for (String rel : BundleArchive.files(folder)) {
      if (!rel.equals(Checksums.FILE) && !rel.equals(Checksums.SIGNATURE)) {
        sums.put(rel, Hashing.file(folder.resolve(rel)));
      }
    }
    byte[] sumsBytes = Checksums.render(sums);
    Files.write(folder.resolve(Checksums.FILE), sumsBytes);
    Files.write(folder.resolve(Checksums.SIGNATURE), Crypto.signDetached(sumsBytes, id));
  }

  private static ObjectNode manifest(
      Request req,
      SnapshotFiles snap,
      ReportData data,
      Path stage,
      Map<String, Table> tableOf,
      ArrayNode packs,
      ObjectNode exemptions,
      List<String> warnings) {
    ObjectNode m = header();
    ObjectNode s = m.putObject("snapshot");
    snapshotInfo(s, req.date(), data);
    reconciliation(m.putObject("reconciliation"), data);
    signature(m, req.identity());

    ObjectNode rules = m.putObject("rule_packs");
    ArrayNode cited = rules.putArray("cited");
    citedPackVersions(data).forEach(cited::add);
    rules.set("included", packs);
    m.set("exemptions", exemptions);

    ArrayNode inputs = m.putArray("inputs");
    ArrayNode tables = m.putArray("tables");
    rawInputs(req.warehouse(), snap, inputs, tables);
    bundleFiles(stage, tableOf, m.putArray("files"), tables, EvidenceBundle::role);
    ArrayNode w = m.putArray("warnings");
    warnings.forEach(w::add);
    return m;
  }

  /** A manifest's first fields: format and tool. */
  static ObjectNode header() {
    ObjectNode m = Manifest.JSON.createObjectNode();
    m.put("format", Manifest.FORMAT);
    ObjectNode tool = m.putObject("tool");
    tool.put("name", "fleetscore");
    tool.put("version", FleetscoreVersion.VERSION);
    return m;
  }

  /** The snapshot's date, ids, previous date, producer versions and runner. */
  static void snapshotInfo(ObjectNode s, LocalDate date, ReportData data) {
    s.put("date", date.toString());
    ArrayNode ids = s.putArray("snapshot_ids");
    data.snapshotIds().forEach(ids::add);
    s.put("previous_date", data.previousDate() == null ? null : data.previousDate().toString());
    ArrayNode producers = s.putArray("producer_versions");
    data.details().producerVersions().forEach(producers::add);
    FleetSummaryRow all = allRow(data);
    s.put("runner", all == null ? null : all.getRunner());
  }

  private static FleetSummaryRow allRow(ReportData data) {
    FleetSummaryRow all = null;
    for (FleetSummaryRow r : data.fleet()) {
      if ("ALL".equals(r.getFramework())) {
        all = r;
      }
    }
    return all;
  }

  /** The counts reconciliation of fleet_summary's ALL row. */
  static void reconciliation(ObjectNode rec, ReportData data) {
    FleetSummaryRow all = allRow(data);
    if (all != null) {
      rec.put("dumps_in", all.getDumpsIn());
      rec.put("nodes_scored", all.getNodesScored());
      rec.put("nodes_quarantined", all.getNodesQuarantined());
      rec.put("records_quarantined", all.getRecordsQuarantined());
      rec.put("reconciles", all.getDumpsIn() == all.getNodesScored() + all.getNodesQuarantined());
    } else {
      rec.put("reconciles", false);
      rec.put("why", "fleet_summary has no ALL row");
    }
  }

  /** The signature section and the list of files that cannot list themselves. */
  static void signature(ObjectNode m, SigningIdentity identity) {
    ObjectNode sig = m.putObject("signature");
    sig.put("file", Manifest.SIGNATURE);
    sig.put("format", "CMS SignedData (PKCS#7), detached, DER, over the bytes of manifest.json");
    sig.put("signer_certificate", "signer.pem");
    sig.put("signer_subject", identity.certificate().getSubject().toString());
    sig.put("signer_sha256", identity.fingerprint());
    sig.put(
        "signing_time",
        "not included: the signature has no signing-time attribute, so the same manifest and key"
            + " give the same bytes");
    sig.put("checksums", Checksums.FILE);
    sig.put(
        "checksums_format",
        "one line '<sha256>  ./<path>' per file of the bundle except itself and its signature,"
            + " in byte order of the path, as sha256sum prints it");
    sig.put("checksums_signature", Checksums.SIGNATURE);
    ArrayNode unlisted = m.putArray("not_in_files");
    Manifest.UNLISTED.forEach(unlisted::add);
  }

  /** Every raw-table input file of the snapshot (hashed, not copied) and a digest per table. */
  static void rawInputs(Path warehouse, SnapshotFiles snap, ArrayNode inputs, ArrayNode tables) {
    for (Table t : Table.values()) {
      if (t.kind() != Table.Kind.RAW) {
        continue;
      }
      List<Path> files = snap.files(t);
      if (files.isEmpty()) {
        continue;
      }
      List<String[]> digest = new ArrayList<>();
      long rows = 0;
      long bytes = 0;
      for (Path f : files) {
        String sha = Hashing.file(f);
        long n = Hashing.parquetRows(f);
        long size = size(f);
        ObjectNode in = inputs.addObject();
        in.put("path", BundleArchive.relative(warehouse, f));
        in.put("table", t.tableName());
        in.put("rows", n);
        in.put("bytes", size);
        in.put("sha256", sha);
        digest.add(new String[] {f.getFileName().toString(), sha});
        rows += n;
        bytes += size;
      }
      tableEntry(tables, t, "raw (input, hashed, not copied)", files.size(), rows, bytes, digest);
    }
  }

  /**
   * One entry per file of the stage (but those that cannot list themselves) with its role, and a
   * digest per bundled table.
   */
  static void bundleFiles(
      Path stage,
      Map<String, Table> tableOf,
      ArrayNode files,
      ArrayNode tables,
      java.util.function.BiFunction<String, Table, String> roleOf) {
    Map<Table, List<String[]>> outDigest = new TreeMap<>();
    Map<Table, long[]> outTotals = new TreeMap<>();
    for (String rel : BundleArchive.files(stage)) {
      Checksums.checkName(rel);
      if (Manifest.UNLISTED.contains(rel)) {
        continue;
      }
      Path p = stage.resolve(rel);
      String sha = Hashing.file(p);
      long size = size(p);
      ObjectNode f = files.addObject();
      f.put("path", rel);
      Table t = tableOf.get(rel);
      f.put("role", roleOf.apply(rel, t));
      if (t != null) {
        long n = Hashing.parquetRows(p);
        f.put("table", t.tableName());
        f.put("rows", n);
        outDigest
            .computeIfAbsent(t, k -> new ArrayList<>())
            .add(new String[] {p.getFileName().toString(), sha});
        long[] tot = outTotals.computeIfAbsent(t, k -> new long[3]);
        tot[0]++;
        tot[1] += n;
        tot[2] += size;
      }
      f.put("bytes", size);
      f.put("sha256", sha);
    }
    for (Map.Entry<Table, List<String[]>> e : outDigest.entrySet()) {
      long[] tot = outTotals.get(e.getKey());
      tableEntry(
          tables,
          e.getKey(),
          e.getKey().kind() == Table.Kind.RAW
              ? "raw (copied into tables/ by --include-raw)"
              : "output (copied into tables/)",
          (int) tot[0],
          tot[1],
          tot[2],
          e.getValue());
    }
  }

  private static void tableEntry(
      ArrayNode tables,
      Table t,
      String kind,
      int files,
      long rows,
      long bytes,
      List<String[]> digest) {
    ObjectNode o = tables.addObject();
    o.put("table", t.tableName());
    o.put("kind", kind);
    o.put("files", files);
    o.put("rows", rows);
    o.put("bytes", bytes);
    o.put("sha256", Hashing.table(digest));
  }

  static String role(String rel, Table t) {
    if (t != null) {
      return t.kind() == Table.Kind.RAW ? "raw-table" : "output-table";
    }
    if (rel.equals(LineageCheck.BUNDLE_LINEAGE)) {
      return "run-lineage";
    }
    if (rel.equals(LineageCheck.BUNDLE_RECORD)) {
      return "run-record";
    }
    if (rel.startsWith("report/")) {
      return "report";
    }
    if (rel.startsWith("rules/")) {
      return "rule-pack";
    }
    if (rel.startsWith("exemptions/")) {
      return "exemptions";
    }
    return rel.equals("signer.pem") ? "signer-certificate" : "readme";
  }

  static SortedSet<String> citedPackVersions(ReportData data) {
    SortedSet<String> out = new TreeSet<>(data.details().packVersions());
    for (FleetSummaryRow r : data.fleet()) {
      out.addAll(r.getRulePacks());
    }
    return out;
  }

  private static ArrayNode copyRulePacks(
      Request req, Path stage, ReportData data, List<String> warnings) throws IOException {
    List<Path> dirs = new ArrayList<>(req.ruleDirs());
    TreeMap<String, Path> packs = new TreeMap<>();
    for (Path d : dirs) {
      if (!Files.isDirectory(d)) {
        throw new UserError("--rules " + d + ": not a directory");
      }
      List<Path> found = new ArrayList<>();
      if (Files.isRegularFile(d.resolve("pack.yaml"))) {
        found.add(d);
      } else {
        try (Stream<Path> s = Files.list(d)) {
          for (Path sub : s.sorted().toList()) {
            if (Files.isDirectory(sub) && Files.isRegularFile(sub.resolve("pack.yaml"))) {
              found.add(sub);
            }
          }
        }
      }
      if (found.isEmpty()) {
        throw new UserError("--rules " + d + ": no pack.yaml in it or in its subdirectories");
      }
      for (Path p : found) {
        String n = p.getFileName().toString();
        if (packs.put(n, p) != null) {
          throw new UserError("two rule pack directories are named " + n + "; give each pack once");
        }
      }
    }
    for (Map.Entry<String, Path> e : packs.entrySet()) {
      Path target = stage.resolve("rules/" + e.getKey());
      Files.createDirectories(target);
      try (Stream<Path> s = Files.list(e.getValue())) {
        for (Path f : s.sorted().toList()) {
          if (Files.isRegularFile(f)) {
            Files.copy(f, target.resolve(f.getFileName()));
          }
        }
      }
    }
    return matchPacks(packs.keySet(), stage, data, warnings);
  }

  /**
   * The manifest entries of the packs copied to {@code rules/<name>/} of the stage, each tied to
   * the cited pack_version its content hash matches (a warning when none does).
   */
  static ArrayNode matchPacks(
      Set<String> names, Path stage, ReportData data, List<String> warnings) {
    ArrayNode out = Manifest.JSON.createArrayNode();
    Set<String> cited = citedPackVersions(data);
    for (String name : new TreeSet<>(names)) {
      Map.Entry<String, Path> e = Map.entry(name, stage.resolve("rules/" + name));
      String hash = Hashing.rulePack(e.getValue());
      String match = null;
      for (String c : cited) {
        if (c.endsWith("+" + hash.substring(0, 16))) {
          match = c;
        }
      }
      ObjectNode o = out.addObject();
      o.put("dir", "rules/" + e.getKey());
      o.put("content_sha256", hash);
      o.put("matches_pack_version", match);
      if (match == null) {
        warnings.add(
            "rule pack rules/"
                + e.getKey()
                + " matches no pack_version cited by the findings: it is not the pack that"
                + " scored this snapshot, or it was edited since");
      }
    }
    return out;
  }

  private static ObjectNode copyExemptions(Request req, Path stage, List<String> warnings)
      throws IOException {
    Path file = req.exemptions();
    ObjectNode o = Manifest.JSON.createObjectNode();
    if (file == null) {
      o.putNull("file");
      o.put("note", "no exemptions file given (--exemptions FILE)");
      return o;
    }
    if (!Files.isRegularFile(file)) {
      throw new UserError("--exemptions " + file + ": no such file");
    }
    Path target = stage.resolve("exemptions/" + file.getFileName());
    Files.createDirectories(target.getParent());
    Files.copy(file, target);
    o.put("file", "exemptions/" + file.getFileName());
    return o;
  }

  /** The heading of the README.txt section whose indented lines are the verification commands. */
  static final String PROCEDURE = "Verify with openssl and coreutils only";

  /** The heading of the README.txt section whose indented lines check the timestamp. */
  static final String TIMESTAMP_PROCEDURE = "Check the trusted time with openssl";

  static String readme(LocalDate date, boolean timestamped) {
    return "fleetscore evidence bundle for the snapshot of "
        + date
        + "\n\n"
        + readmeProcedure(timestamped)
        + "tables/ holds the output tables in the warehouse layout; DuckDB reads them directly:\n\n"
        + "  SELECT * FROM read_parquet('tables/cluster_compliance/*/*.parquet',"
        + " hive_partitioning=true);\n";
  }

  /** What the files are and how to verify them: the part of README.txt every bundle shares. */
  static String readmeProcedure(boolean timestamped) {
    return "manifest.json lists every file of this bundle with its SHA-256, size and row count,\n"
        + "except those that cannot list themselves (manifest.json, manifest.json.p7s,\n"
        + "SHA256SUMS, SHA256SUMS.p7s, and SHA256SUMS.p7s.tsr when timestamped), and every\n"
        + "raw-table input file of the run (hashed, not copied). SHA256SUMS lists every file of\n"
        + "this bundle except itself, SHA256SUMS.p7s and SHA256SUMS.p7s.tsr, in sha256sum's\n"
        + "format. manifest.json.p7s and SHA256SUMS.p7s are detached CMS (PKCS#7)\n"
        + "signatures over manifest.json and SHA256SUMS by the same signer. signer.pem is a copy\n"
        + "of the signer's certificate for convenience, not a trust anchor.\n\n"
        + PROCEDURE
        + " (openssl, find, sort, xargs, sha256sum, diff).\n"
        + "Run these in this folder, with TRUSTED set to the signer certificate you were given\n"
        + "separately (not signer.pem from this folder); each must exit with status 0:\n\n"
        + "  openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS \\\n"
        + "      -nointern -certfile \"$TRUSTED\" -CAfile \"$TRUSTED\" -partial_chain \\\n"
        + "      -purpose any -out /dev/null\n"
        + "  find . ! -type d ! -path ./SHA256SUMS ! -path ./SHA256SUMS.p7s"
        + " ! -path ./SHA256SUMS.p7s.tsr -print0 \\\n"
        + "      | LC_ALL=C sort -z | xargs -0 sha256sum | diff SHA256SUMS -\n\n"
        + "The first checks that SHA256SUMS was signed by exactly that certificate (-nointern\n"
        + "-certfile: a certificate carried in the signature is not accepted in its place;\n"
        + "-partial_chain: it is trusted by itself, also when a CA issued it). The second hashes every file here and compares the listing with SHA256SUMS: diff prints\n"
        + "nothing when they agree; a line starting with < is a file missing or changed, one\n"
        + "starting with > a file added or changed.\n\n"
        + "fleetscore makes the same checks, plus that manifest.json, signer.pem and both\n"
        + "signatures name the same signer:\n\n"
        + "  fleetscore evidence verify . --trusted-cert \"$TRUSTED\""
        + (timestamped ? " --tsa-cert \"$TSA_CA\"" : "")
        + "\n\n"
        + (timestamped ? timestampSection() : "");
  }

  private static String timestampSection() {
    return TIMESTAMP_PROCEDURE
        + ": "
        + Timestamps.FILE
        + " is an RFC 3161 timestamp\n"
        + "response over SHA256SUMS.p7s: it proves the signature, and so every file SHA256SUMS\n"
        + "lists, existed at the time it states. With TSA_CA set to the timestamp authority's\n"
        + "certificate or its issuing CA, obtained separately, this must print Verification: OK:\n\n"
        + "  openssl ts -verify -data SHA256SUMS.p7s -in SHA256SUMS.p7s.tsr -CAfile \"$TSA_CA\"\n"
        + "  openssl ts -reply -in SHA256SUMS.p7s.tsr -text | grep 'Time stamp:'\n\n";
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
