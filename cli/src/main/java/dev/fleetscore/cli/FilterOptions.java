package dev.fleetscore.cli;

import dev.fleetscore.report.FindingFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The row filters {@code export} and {@code report} share (see {@link FindingFilter} for what each
 * matches). Every option is repeatable and takes comma lists; values of one option are OR-ed,
 * options are AND-ed. A severity or state that is not one of the valid ones is a usage error (exit
 * 2) while the command line is parsed.
 */
final class FilterOptions {

  @Option(
      names = "--cluster",
      split = ",",
      paramLabel = "ID",
      description = "Only this cluster id (repeatable, comma lists; exact).")
  List<String> clusters = new ArrayList<>();

  @Option(
      names = "--framework",
      split = ",",
      paramLabel = "FW",
      description = "Only this framework, e.g. cis-kubernetes-1.12 (repeatable; any case).")
  List<String> frameworks = new ArrayList<>();

  @Option(
      names = "--severity",
      split = ",",
      paramLabel = "SEV",
      converter = OptionValues.Severity.class,
      description = "Only this severity: CRITICAL, HIGH, MEDIUM, LOW, INFO (repeatable; any case).")
  List<String> severities = new ArrayList<>();

  @Option(
      names = "--state",
      split = ",",
      paramLabel = "STATE",
      converter = OptionValues.State.class,
      description =
          "Only this state: PASS, FAIL, WARN, MANUAL, NOT_APPLICABLE, NO_EVIDENCE, EXEMPT"
              + " (repeatable; any case).")
  List<String> states = new ArrayList<>();

  @Option(
      names = "--rule",
      split = ",",
      paramLabel = "RULE",
      description =
          "Only this rule id, e.g. cis-kubernetes-1.12/4.2.4, or its control 4.2.4 (repeatable).")
  List<String> rules = new ArrayList<>();

  FindingFilter filter() {
    return new FindingFilter(clusters, frameworks, severities, states, rules);
  }
}
