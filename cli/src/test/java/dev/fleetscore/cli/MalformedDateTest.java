package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes a snapshot {@code --date} reads it the same way: anything but YYYY-MM-DD
 * is a usage error (exit 2) with one line naming the option and the value, before any work starts.
 */
class MalformedDateTest {

  @TempDir Path tmp;

  @Test
  void everyCommandRefusesAMalformedDateAlike() throws IOException {
    Path wh = Files.createDirectories(tmp.resolve("wh"));
    Path from = Files.createDirectories(tmp.resolve("exports"));
    String w = wh.toString();
    String bad = "22/11/2026";
    List<String[]> commands = new ArrayList<>();
    commands.add(new String[] {"score", "--warehouse", w, "--date", bad});
    commands.add(new String[] {"report", "--warehouse", w, "--date", bad});
    commands.add(new String[] {"export", "findings", "--warehouse", w, "--date", bad});
    commands.add(
        new String[] {
          "evidence", "--warehouse", w, "--date", bad, "--key", "k.pem", "--cert", "c.pem"
        });
    commands.add(
        new String[] {"collect", "import", from.toString(), "--warehouse", w, "--date", bad});
    commands.add(
        new String[] {
          "collect", "inventory", "--from", from.toString(), "--warehouse", w, "--date", bad
        });
    for (String[] args : commands) {
      FleetscoreCommandTest.Run r = FleetscoreCommandTest.run(args);
      String name = String.join(" ", args);
      assertEquals(ExitCodes.USAGE, r.code(), name + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), name + ": " + r.err());
      assertTrue(
          r.err().contains("--date") && r.err().contains("expected YYYY-MM-DD, not '" + bad + "'"),
          name + ": " + r.err());
    }
  }
}
