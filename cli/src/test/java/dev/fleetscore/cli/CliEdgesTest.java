package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
