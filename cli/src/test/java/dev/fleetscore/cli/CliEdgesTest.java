package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.report.fixture.Fixtures;
import dev.fleetscore.report.fixture.FleetFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's rough edges: usage errors, option values, help text, completion. */
class CliEdgesTest {

  @TempDir Path tmp;

  @Test
  void anUnknownOptionIsOneLineSuggestingTheClosest() {
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run("score", "--warehose", "wh", "--date", "2026-11-22");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("'--warehose'"), r.err());
    assertTrue(r.err().contains("did you mean --warehouse?"), r.err());
    assertTrue(r.err().startsWith("fleetscore score: "), r.err());
  }

  @Test
  void anUnknownSubcommandSuggestsTheClosest() {
    FleetscoreCommandTest.Run r = FleetscoreCommandTest.run("scroe", "--warehouse", "wh");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("did you mean score?"), r.err());
  }

  @Test
  void fixedFormValuesAreRefusedWhileParsingNamingTheValidValues() {
    Path wh = tmp.resolve("wh");
    String w = wh.toString();
    String[][] cases = {
      {"--fail-on", "critcal", "CRITICAL, HIGH, MEDIUM, LOW, INFO"},
      {"--runner", "flnk", "direct, flink, reference"},
    };
    for (String[] c : cases) {
      FleetscoreCommandTest.Run r =
          FleetscoreCommandTest.run("score", "--warehouse", w, "--date", "2026-11-22", c[0], c[1]);
      assertEquals(ExitCodes.USAGE, r.code(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains(c[0]) && r.err().contains("'" + c[1] + "'"), r.err());
      assertTrue(r.err().contains(c[2]), r.err());
      assertFalse(Files.exists(wh), "work started for " + c[0]);
    }
    // any case is accepted, as before
    assertEquals(
        "HIGH", new OptionValues.Severity().convert("high"), "severity is kept in upper case");
  }

  @Test
  void helpExamplesAreNeverWrapped() {
    List<CommandLine> all = new ArrayList<>();
    collect(FleetscoreCommand.newCommandLine(), all);
    List<String> wrapped = new ArrayList<>();
    for (CommandLine c : all) {
      int width = c.getUsageHelpWidth();
      for (String line : c.getCommandSpec().usageMessage().footer()) {
        if (line.length() > width) {
          wrapped.add(c.getCommandSpec().qualifiedName() + " (" + line.length() + "): " + line);
        }
      }
    }
    assertEquals(List.of(), wrapped, "--help examples wider than the help, so wrapped mid-token");
  }

  @Test
  void completionPrintsTheBashScriptOfEveryCommand() {
    FleetscoreCommandTest.Run r = FleetscoreCommandTest.run("completion");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
    assertTrue(r.out().contains("complete -F _complete_fleetscore"), r.out());
    for (String word : List.of("score", "export", "--max-quarantine-ratio", "--warehouse")) {
      assertTrue(r.out().contains(word), word);
    }
  }

  @Test
  void exportingADateThatWasNeverScoredIsAnErrorListingTheDates() throws Exception {
    Path wh = Files.createDirectories(tmp.resolve("wh"));
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "export", "findings", "--warehouse", wh.toString(), "--date", "2026-11-22");
    assertEquals(ExitCodes.INPUT, r.code(), r.err());
    assertTrue(r.err().contains("findings has no snapshot 2026-11-22"), r.err());
    assertTrue(r.err().contains("its dates: none"), r.err());
    assertEquals("", r.out());
  }

  private static void collect(CommandLine c, List<CommandLine> into) {
    into.add(c);
    c.getSubcommands().values().stream().distinct().forEach(s -> collect(s, into));
  }

  /**
   * {@code --format jsonl} writes JSON Lines (the help's {@code .jsonl} example used to write one
   * JSON array), {@code json} one array of the same rows; an unknown format is a usage error before
   * any file is written.
   */
  @Test
  void exportFormatsAreJsonLinesOrOneArrayAndAnUnknownOneIsUsage() throws Exception {
    String wh = Fixtures.realistic().warehouse().toString();
    String date = FleetFixture.LAST.toString();
    Path lines = tmp.resolve("f.jsonl");
    Path array = tmp.resolve("f.json");
    FleetscoreCommandTest.Run l =
        FleetscoreCommandTest.run(
            "export",
            "findings",
            "--warehouse",
            wh,
            "--date",
            date,
            "--format",
            "JSONL",
            "--out",
            lines.toString());
    assertEquals(ExitCodes.OK, l.code(), l.err());
    FleetscoreCommandTest.Run a =
        FleetscoreCommandTest.run(
            "export",
            "findings",
            "--warehouse",
            wh,
            "--date",
            date,
            "--format",
            "json",
            "--out",
            array.toString());
    assertEquals(ExitCodes.OK, a.code(), a.err());
    ObjectMapper json = new ObjectMapper();
    List<String> rows = Files.readAllLines(lines, StandardCharsets.UTF_8);
    assertTrue(rows.size() > 1, "some findings");
    JsonNode all = json.readTree(array.toFile());
    assertTrue(all.isArray(), "json is one array");
    assertEquals(all.size(), rows.size(), "one line per row");
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = json.readTree(rows.get(i));
      assertTrue(row.isObject(), rows.get(i));
      assertEquals(all.get(i), row, "row " + i);
    }

    Path bad = tmp.resolve("f.yaml");
    FleetscoreCommandTest.Run y =
        FleetscoreCommandTest.run(
            "export", "findings", "--warehouse", wh, "--format", "yaml", "--out", bad.toString());
    assertEquals(ExitCodes.USAGE, y.code(), y.err());
    assertTrue(y.err().contains("'yaml'") && y.err().contains("csv, json, jsonl"), y.err());
    assertFalse(Files.exists(bad), "nothing written for a bad format");
  }
}
