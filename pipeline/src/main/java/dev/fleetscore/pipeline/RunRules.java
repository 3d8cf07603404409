package dev.fleetscore.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.common.UserError;
import dev.fleetscore.rules.PackSource;
import dev.fleetscore.rules.RuleEngine;
import dev.fleetscore.rules.RuleInfo;
import dev.fleetscore.schema.io.RunLineage;
import dev.fleetscore.schema.io.RunScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * The rule packs and exemptions that judged a snapshot, read back from its run lineage ({@link
 * Lineage} writes every pack file and the exemptions file in full): the rules {@code explain} runs
 * again and the rule metadata (remediation) the CI formats print. So both describe the run as it
 * was, not whatever packs are installed now.
 *
 * @param engine the packs and exemptions compiled again
 * @param packs the packs as the lineage holds them, in load order
 * @param exemptionsFile the exemptions file's name, or null when the run used none
 * @param exemptions the exemptions file's bytes, or null
 * @param snapshotId the run's snapshot id
 */
public record RunRules(
    RuleEngine engine,
    List<PackSource> packs,
    String exemptionsFile,
    byte[] exemptions,
    String snapshotId) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The rules of the committed score run of {@code date}; a date with no lineage (scored by a
   * version that kept none) is an error telling what to do.
   */
  public static RunRules read(Path warehouse, LocalDate date) {
    Path file = Path.of(RunLineage.path(warehouse.toString(), RunScope.score(date)));
    if (!Files.isRegularFile(file)) {
      throw new UserError(
          "the snapshot of "
              + date
              + " has no run lineage ("
              + file
              + "), so the rule packs that judged it are unknown; score it again");
    }
    JsonNode l;
    try {
      l = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UserError("cannot read the run lineage " + file + ": " + e.getMessage(), e);
    }
    if (l == null || l.path("format").asInt() != RunLineage.FORMAT) {
      throw new UserError("not a fleetscore run lineage (format 1): " + file);
    }
    List<PackSource> packs = new ArrayList<>();
    for (JsonNode p : l.path("rule_packs")) {
      TreeMap<String, byte[]> files = new TreeMap<>();
      for (JsonNode f : p.path("files")) {
        files.put(f.path("path").asText(), content(f));
      }
      // The origin the engine reports; the pack's name is what the lineage keeps of it.
      String origin =
          ("builtin".equals(p.path("source").asText()) ? "classpath:rules/" : "lineage:")
              + p.path("name").asText();
      packs.add(new PackSource(origin, files));
    }
    JsonNode e = l.path("exemptions");
    String exName = e.isObject() ? e.path("file").asText() : null;
    byte[] exBytes = e.isObject() ? content(e) : null;
    return new RunRules(
        RuleEngine.of(packs, exName, exBytes),
        List.copyOf(packs),
        exName,
        exBytes,
        l.path("snapshot_id").asText(date.toString()));
  }

  /** Every rule the run loaded, node-scoped then cluster-scoped. */
  public List<RuleInfo> rules() {
    return engine.ruleSet().rules();
  }

  private static byte[] content(JsonNode f) {
    return f.has("text")
        ? f.get("text").asText().getBytes(StandardCharsets.UTF_8)
        : Base64.getDecoder().decode(f.path("base64").asText());
  }
}
