package dev.fleetscore.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.common.UserError;
import dev.fleetscore.report.ReportData;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The run lineage ({@link RunLineage}) as the evidence bundle uses it: read and tied to the run
 * record, every warehouse file it lists hashed and compared, and the rule packs and exemptions file
 * it holds written into the bundle.
 */
final class LineageCheck {

  /** Where the bundle keeps a copy of the lineage and of the run record. */
  static final String BUNDLE_LINEAGE = "run/lineage.json";

  static final String BUNDLE_RECORD = "run/score.json";

  private LineageCheck() {}

  /** The lineage, checked to be of the run whose record is {@code recordFile}. */
  static JsonNode read(Path lineageFile, Path recordFile) {
    try {
      JsonNode l = Manifest.JSON.readTree(Files.readAllBytes(lineageFile));
      if (l == null
          || l.path("format").asInt() != RunLineage.FORMAT
          || !l.path("run_id").isTextual()) {
        throw new UserError("not a fleetscore run lineage (format 1): " + lineageFile);
      }
      if (!Files.isRegularFile(recordFile)) {
        throw new UserError(
            "the run lineage " + lineageFile + " has no run record beside it (" + recordFile + ")");
      }
      RunRecord record = RunRecord.parse(Files.readAllBytes(recordFile), recordFile.toString());
      if (!record.runId().equals(l.get("run_id").asText())) {
        throw new UserError(
            "the run lineage "
                + lineageFile
                + " is of run "
                + l.get("run_id").asText()
                + ", the run record "
                + recordFile
                + " of run "
                + record.runId());
      }
      return l;
    } catch (IOException e) {
      throw new UserError("cannot read the run lineage " + lineageFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hashes every input and output file the lineage lists; a file missing or whose SHA-256 differs
   * is an error naming it (exit code {@link UserError#VERIFICATION}).
   */
  static void verify(Path warehouse, JsonNode lineage, Path lineageFile) {
    for (String list : List.of("inputs", "outputs")) {
      for (JsonNode f : lineage.path(list)) {
        String rel = f.path("path").asText();
        Path p = inside(warehouse, rel, lineageFile);
        if (!Files.isRegularFile(p)) {
          throw new UserError(
              UserError.VERIFICATION,
              "warehouse file "
                  + rel
                  + " is listed in the run lineage "
                  + lineageFile
                  + " but is missing",
              null);
        }
        String sha = Hashing.file(p);
        if (!sha.equals(f.path("sha256").asText())) {
          throw new UserError(
              UserError.VERIFICATION,
              "warehouse file "
                  + rel
                  + " differs from the run lineage "
                  + lineageFile
                  + ": sha256 "
                  + sha
                  + ", recorded "
                  + f.path("sha256").asText()
                  + " (changed since the run that scored it)",
              null);
        }
      }
    }
  }

  /**
   * Writes the lineage's rule packs to {@code rules/<name>/} of the stage; their manifest entries.
   */
  static ArrayNode writePacks(JsonNode lineage, Path stage, ReportData data, List<String> warnings)
      throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode pack : lineage.path("rule_packs")) {
      String name = pack.path("name").asText();
      Path dir = inside(stage.resolve("rules"), name, null);
      if (!names.add(name)) {
        throw new UserError("the run lineage lists the rule pack " + name + " twice");
      }
      for (JsonNode f : pack.path("files")) {
        Path target = inside(dir, f.path("path").asText(), null);
        Files.createDirectories(target.getParent());
        Files.write(target, content(f));
      }
    }
    if (names.isEmpty()) {
      warnings.add("the run lineage lists no rule pack: the run was scored without --rules");
    }
    return EvidenceBundle.matchPacks(names, stage, data, warnings);
  }

  /** Writes the lineage's exemptions file to {@code exemptions/}; its manifest entry. */
  static ObjectNode writeExemptions(JsonNode lineage, Path stage) throws IOException {
    ObjectNode o = Manifest.JSON.createObjectNode();
    JsonNode e = lineage.path("exemptions");
    if (!e.isObject()) {
      o.putNull("file");
      o.put("note", "the run used no exemptions file (its lineage records none)");
      return o;
    }
    String name = e.path("file").asText();
    Path target = inside(stage.resolve("exemptions"), name, null);
    Files.createDirectories(target.getParent());
    Files.write(target, content(e));
    o.put("file", "exemptions/" + name);
    o.put("sha256", e.path("sha256").asText());
    return o;
  }

  /** A file's bytes from the lineage, checked against the SHA-256 recorded beside them. */
  private static byte[] content(JsonNode f) {
    byte[] b =
        f.has("text")
            ? f.get("text").asText().getBytes(StandardCharsets.UTF_8)
            : Base64.getDecoder().decode(f.path("base64").asText());
    if (!Hashing.bytes(b).equals(f.path("sha256").asText())) {
      throw new UserError(
          UserError.VERIFICATION,
          "the run lineage's copy of "
              + f.path("path").asText(f.path("file").asText())
              + " does not match its recorded sha256",
          null);
    }
    return b;
  }

  /** {@code rel} under {@code dir}, refusing absolute paths and {@code ..}. */
  private static Path inside(Path dir, String rel, Path source) {
    Path p = dir.resolve(rel).normalize();
    if (rel.isEmpty() || Path.of(rel).isAbsolute() || !p.startsWith(dir.normalize())) {
      throw new UserError(
          "the run lineage"
              + (source == null ? "" : " " + source)
              + " names a path outside its folder: "
              + rel);
    }
    return p;
  }
}
