package dev.fleetscore.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.rules.PackSource;
import dev.fleetscore.rules.RuleLoader;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.ParquetRows;
import dev.fleetscore.schema.io.RunLineage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.ReleaseInfo;

/**
 * Builds the lineage of a score run ({@link RunLineage}): everything an auditor needs to know what
 * the run read, with what rules and settings, and what it wrote. Paths are relative to the
 * warehouse root (inputs and outputs) or to the rule pack (rule files); no absolute path of the
 * machine is recorded. Only {@code started} and {@code ended} depend on the clock.
 */
final class Lineage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Lineage() {}

  static byte[] build(
      ScoreRun.Request req,
      RunInfo run,
      ScoringSpec spec,
      List<String> packVersions,
      SnapshotPlan plan,
      FleetSummaryRow totals,
      Instant started,
      Instant ended) {
    String root = run.warehouse().endsWith("/") ? run.warehouse() : run.warehouse() + "/";
    ObjectNode o = JSON.createObjectNode();
    o.put("format", RunLineage.FORMAT);
    o.put("kind", run.scope().kind());
    o.put("snapshot_date", run.snapshotDate().toString());
    o.put("snapshot_id", run.snapshotId());
    o.put("run_id", run.runId());
    o.put("runner", run.runner());
    ObjectNode v = o.putObject("versions");
    v.put("fleetscore", FleetscoreVersion.VERSION);
    v.put("producer", RunInfo.PRODUCER);
    v.put("beam", ReleaseInfo.getReleaseInfo().getSdkVersion());
    v.put("java", Runtime.version().toString());
    v.put("java_vendor", System.getProperty("java.vendor"));
    o.put("started", started.toString());
    o.put("ended", ended.toString());
    ObjectNode gate = o.putObject("gate");
    gate.put("max_quarantine_ratio", req.maxQuarantineRatio());
    gate.put("fail_on", req.failOn());
    ObjectNode scoring = o.putObject("scoring");
    scoring.put("provider", provider(spec));
    ArrayNode pv = scoring.putArray("pack_versions");
    packVersions.stream().sorted().forEach(pv::add);
    try {
      rulePacks(o.putArray("rule_packs"), spec);
      if (spec.exemptionsFile() == null) {
        o.putNull("exemptions");
      } else {
        Path f = Path.of(spec.exemptionsFile());
        ObjectNode e = o.putObject("exemptions");
        e.put("file", f.getFileName().toString());
        text(e, Files.readAllBytes(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rule packs for the lineage", e);
    }
    List<String> inputs = new ArrayList<>();
    for (BucketFiles b : plan.buckets()) {
      b.files().values().forEach(inputs::addAll);
    }
    plan.perSourceFiles().values().forEach(inputs::addAll);
    inputs.addAll(plan.previousControlSummary());
    inputs.sort(null);
    ArrayNode in = o.putArray("inputs");
    for (String f : inputs) {
      file(in.addObject(), f, root);
    }
    ArrayNode mis = o.putArray("misplaced_inputs");
    plan.misplacedFiles().stream().sorted().forEach(f -> mis.add(relative(f, root)));
    ArrayNode out = o.putArray("outputs");
    for (Table t : Staging.COMMIT_ORDER) {
      String partition = ScoreRun.partition(run, t);
      for (String staged : Staging.staged(run, t)) {
        ObjectNode e = out.addObject();
        file(e, staged, root);
        e.put(
            "path",
            relative(
                partition + "/" + Staging.committedName(BeamFiles.fileName(staged), run.runId()),
                root));
      }
    }
    ObjectNode rec = o.putObject("reconciliation");
    rec.put("dumps_in", totals.getDumpsIn());
    rec.put("nodes_scored", totals.getNodesScored());
    rec.put("nodes_quarantined", totals.getNodesQuarantined());
    rec.put("records_quarantined", totals.getRecordsQuarantined());
    rec.put(
        "reconciles",
        totals.getDumpsIn() == totals.getNodesScored() + totals.getNodesQuarantined());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Path (relative to the warehouse), table, SHA-256, bytes and Parquet row count of a file. */
  private static void file(ObjectNode e, String path, String root) {
    String rel = relative(path, root);
    e.put("path", rel);
    int slash = rel.indexOf('/');
    e.put("table", slash < 0 ? null : rel.substring(0, slash));
    try {
      MessageDigest md = sha256();
      long bytes = 0;
      try (InputStream s =
          new DigestInputStream(
              Channels.newInputStream(FileSystems.open(BeamFiles.resource(path))), md)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = s.read(buf)) > 0; ) {
          bytes += n;
        }
      }
      e.put("sha256", HexFormat.of().formatHex(md.digest()));
      e.put("bytes", bytes);
      if (path.endsWith(".parquet")) {
        e.put("rows", ParquetRows.rowCount(BeamFiles.input(path)));
      } else {
        e.putNull("rows");
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot hash " + path + " for the lineage", ex);
    }
  }

  /**
   * Every file of every pack the rule engine loads, in load order: the built-in packs (only with
   * the production scoring; a test double loads none) and those of each rules folder, read the way
   * the engine reads them ({@link RuleLoader}). Each is named by its folder, with where it came
   * from ({@code builtin} or {@code --rules}, never the folder's absolute path).
   */
  private static void rulePacks(ArrayNode out, ScoringSpec spec) {
    List<PackSource> sources = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    if (provider(spec).equals(RulePackScoring.class.getName())) {
      for (PackSource s : RuleLoader.builtinSources()) {
        sources.add(s);
        kinds.add("builtin");
      }
    }
    for (String dir : spec.rulesDirs()) {
      for (PackSource s : RuleLoader.directorySources(Path.of(dir))) {
        sources.add(s);
        kinds.add("--rules");
      }
    }
    for (int i = 0; i < sources.size(); i++) {
      PackSource src = sources.get(i);
      ObjectNode pack = out.addObject();
      String origin = src.origin().replace('\\', '/');
      pack.put("name", origin.substring(origin.lastIndexOf('/') + 1));
      pack.put("source", kinds.get(i));
      ArrayNode files = pack.putArray("files");
      src.files()
          .forEach(
              (name, bytes) -> {
                ObjectNode e = files.addObject();
                e.put("path", name);
                text(e, bytes);
              });
    }
  }

  /** SHA-256, size and content: {@code text} when UTF-8, else {@code base64}. */
  private static void text(ObjectNode e, byte[] content) {
    e.put("sha256", HexFormat.of().formatHex(sha256().digest(content)));
    e.put("bytes", content.length);
    try {
      e.put(
          "text",
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString());
    } catch (CharacterCodingException notText) {
      e.put("base64", Base64.getEncoder().encodeToString(content));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String provider(ScoringSpec spec) {
    return spec.providerClass() == null ? RulePackScoring.class.getName() : spec.providerClass();
  }

  private static String relative(String path, String root) {
    return path.startsWith(root) ? path.substring(root.length()) : path;
  }
}
