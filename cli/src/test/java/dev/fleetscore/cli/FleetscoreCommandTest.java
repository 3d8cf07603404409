package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FleetscoreCommandTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = FleetscoreCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEverySubcommandAndTheExitCodes() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String sub :
        new String[] {"demo", "collect", "score", "report", "export", "evidence", "bench"}) {
      assertTrue(r.out().contains(sub), "help lacks " + sub);
    }
    assertTrue(r.out().contains("Exit codes:"));
    assertTrue(r.out().contains("Examples:"));
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run r = run("score", "--no-such-option");
    assertEquals(ExitCodes.USAGE, r.code());
  }

  @Test
  void missingSubcommandIsAUsageError() {
    assertEquals(ExitCodes.USAGE, run().code());
    assertEquals(ExitCodes.USAGE, run("collect").code());
  }

  @Test
  void enumValuesAreCaseInsensitiveAsTheExamplesWriteThem() {
    CommandLine.ParseResult p =
        FleetscoreCommand.newCommandLine()
            .parseArgs("report", "--warehouse", "wh", "--date", "2026-11-22", "--csv", "all");
    assertEquals(
        "ALL", p.subcommand().matchedOptionValue("--csv", null).toString(), "report --csv all");
    CommandLine.ParseResult b =
        FleetscoreCommand.newCommandLine()
            .parseArgs("bench", "report", "--nodes", "10", "--csv", "none");
    assertEquals("NONE", b.subcommand().subcommand().matchedOptionValue("--csv", null).toString());
    assertTrue(run("bench", "report", "--help").out().contains("--nodes-per-control"));
  }
}
