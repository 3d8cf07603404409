package dev.fleetscore.cli;

import dev.fleetscore.rules.RuleEngine;
import dev.fleetscore.rules.RuleInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists the loaded rules, one per line (id, scope, severity, framework controls, title), or with
 * {@code --settings} the component:setting names the rules read and the value type each comparison
 * expects: the names the normalizer must produce.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the loaded rules, or the settings they read.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore rules list",
      "  fleetscore rules list --framework cis-kubernetes-1.12",
      "  fleetscore rules list --settings --rules site-rules/",
    })
final class RulesListCommand implements Callable<Integer> {

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "A directory of rule packs to add or override (repeatable, in order).")
  List<Path> ruleDirs = new ArrayList<>();

  @Option(
      names = "--framework",
      paramLabel = "ID",
      description = "Only rules implementing a control of this framework.")
  String framework;

  @Option(names = "--settings", description = "List the settings the rules read instead.")
  boolean settings;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RuleEngine engine = RuleEngine.load(ruleDirs, null);
    PrintWriter out = spec.commandLine().getOut();
    if (settings) {
      for (Map.Entry<String, String> e : engine.ruleSet().settingsRead().entrySet()) {
        out.printf("%-70s %s%n", e.getKey(), e.getValue());
      }
    } else {
      java.util.TreeSet<String> known = new java.util.TreeSet<>();
      for (RuleInfo r : engine.ruleSet().rules()) {
        r.frameworkIds()
            .forEach(f -> known.add(f.contains(":") ? f.substring(0, f.indexOf(':')) : f));
      }
      if (framework != null && !known.contains(framework)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--framework: '"
                + framework
                + "' is no framework of the loaded packs; expected one of "
                + String.join(", ", known));
      }
      for (RuleInfo r : engine.ruleSet().rules()) {
        if (framework != null
            && r.frameworkIds().stream().noneMatch(f -> f.startsWith(framework + ":"))) {
          continue;
        }
        out.printf(
            "%-48s %-7s %-8s %-7s %s  %s%n",
            r.id(),
            r.scope(),
            r.severity(),
            r.manual() ? "manual" : "check",
            String.join(",", r.frameworkIds()),
            r.title());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
