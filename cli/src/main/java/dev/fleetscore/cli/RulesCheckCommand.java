package dev.fleetscore.cli;

import dev.fleetscore.rules.RuleEngine;
import dev.fleetscore.rules.RuleInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads the built-in rule packs, the packs of each {@code --rules} directory and the exemptions
 * file exactly as {@code score} does, and prints each pack's version (name@version+hash) with its
 * rule count. A file that does not load stops it with {@code file:line:column: reason} and exit
 * code 3, and so does a rule the lint refuses (one without {@code remediation}): every such rule is
 * listed, one line each.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Load the rule packs and exemptions as score would; report the first error, then every"
            + " rule without a remediation.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore rules check",
      "  fleetscore rules check --rules site-rules/ --exemptions exemptions.yaml",
    })
final class RulesCheckCommand implements Callable<Integer> {

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "A directory of rule packs to add or override (repeatable, in order).")
  List<Path> ruleDirs = new ArrayList<>();

  @Option(names = "--exemptions", paramLabel = "FILE", description = "Accepted risks (YAML).")
  Path exemptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RuleEngine engine = RuleEngine.load(ruleDirs, exemptions);
    PrintWriter out = spec.commandLine().getOut();
    List<String> problems = engine.ruleSet().lint();
    if (!problems.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      for (String p : problems) {
        err.println("fleetscore: " + p);
      }
      err.flush();
      return ExitCodes.INPUT;
    }
    List<RuleInfo> rules = engine.ruleSet().rules();
    for (String version : engine.packVersions()) {
      String pack = version.substring(0, version.indexOf('@'));
      long n = rules.stream().filter(r -> r.pack().equals(pack)).count();
      out.printf("%s  %d rules%n", version, n);
    }
    out.printf(
        "%d rules, %d frameworks (%s)%s%n",
        rules.size(),
        engine.frameworks().size(),
        String.join(", ", engine.frameworks()),
        exemptions == null ? "" : ", exemptions " + exemptions + " loaded");
    out.flush();
    return ExitCodes.OK;
  }
}
