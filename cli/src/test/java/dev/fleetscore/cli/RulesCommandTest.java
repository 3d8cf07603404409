package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The rules commands through the root command's error handling (registered here by the test). */
class RulesCommandTest {

  static FleetscoreCommandTest.Run run(String... args) {
    CommandLine cl = FleetscoreCommand.newCommandLine();
    if (!cl.getSubcommands().containsKey("rules")) {
      cl.addSubcommand("rules", new RulesCommand());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new FleetscoreCommandTest.Run(code, out.toString(), err.toString());
  }

  @Test
  void checkPrintsEveryPackVersion() {
    FleetscoreCommandTest.Run r = run("rules", "check");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("cis-kubernetes@1.12.0-fs.1+"), r.out());
    assertTrue(r.out().contains("fleetscore@1.0.0+"), r.out());
    assertTrue(r.out().contains("4 frameworks"), r.out());
  }

  @Test
  void aBrokenRuleFileIsOneLineAndExitCode3(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("pack.yaml"),
        "pack: site\nversion: 1.0.0\ntitle: t\nframeworks: {site-1: {title: t, source: s}}\nfiles: [r.yaml]\n");
    Files.writeString(
        dir.resolve("r.yaml"),
        "rules:\n  - id: site-1/x\n    title: t\n    controls: [\"site-1:x\"]\n    severity: LOW\n"
            + "    scope: node\n    check: {setting: \"kubelet:readOnlyPort\", op: equal, value: 0}\n");
    FleetscoreCommandTest.Run r = run("rules", "check", "--rules", dir.toString());
    assertEquals(ExitCodes.INPUT, r.code());
    assertTrue(r.err().startsWith("fleetscore: " + dir.resolve("r.yaml") + ":7:"), r.err());
    assertTrue(r.err().contains("unknown operator 'equal'"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void aRuleWithoutRemediationFailsTheLintWithExitCode3(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("pack.yaml"),
        "pack: site\nversion: 1.0.0\ntitle: t\nframeworks: {site-1: {title: t, source: s}}\nfiles: [r.yaml]\n");
    String rule =
        "  - id: site-1/%s\n    title: t\n    controls: [\"site-1:%s\"]\n    severity: LOW\n"
            + "    scope: node\n    check: {setting: \"kubelet:readOnlyPort\", op: eq, value: 0}\n";
    Files.writeString(
        dir.resolve("r.yaml"),
        "rules:\n"
            + rule.formatted("a", "a")
            + "    remediation: set readOnlyPort 0 in the kubelet config file\n"
            + rule.formatted("b", "b"));
    FleetscoreCommandTest.Run r = run("rules", "check", "--rules", dir.toString());
    assertEquals(ExitCodes.INPUT, r.code(), r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("fleetscore: " + dir.resolve("r.yaml") + ":9:"), r.err());
    assertTrue(r.err().contains("rule site-1/b has no 'remediation'"), r.err());
  }

  @Test
  void listFiltersByFrameworkAndListsSettings() {
    FleetscoreCommandTest.Run r = run("rules", "list", "--framework", "cis-eks-1.8.0");
    assertEquals(0, r.code(), r.err());
    assertEquals(13, r.out().lines().count(), r.out());
    assertTrue(r.out().contains("cis-eks-1.8.0/3.2.4"));
    FleetscoreCommandTest.Run s = run("rules", "list", "--settings");
    assertTrue(s.out().contains("kubelet:readOnlyPort"), s.out());
    assertTrue(
        s.out().lines().anyMatch(l -> l.startsWith("kubelet:readOnlyPort") && l.endsWith("int")),
        s.out());
  }
}
