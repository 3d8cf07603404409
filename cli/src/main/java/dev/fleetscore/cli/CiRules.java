package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import dev.fleetscore.pipeline.RunRules;
import dev.fleetscore.report.CiFindings;
import dev.fleetscore.rules.RuleInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rule metadata the CI formats print (title, severity, expected, remediation), from the rule
 * packs the run of that date loaded ({@link RunRules}, its lineage). A snapshot without a lineage
 * (scored by a version that kept none) still exports, from the findings' own columns, with a
 * warning that remediation is missing.
 */
final class CiRules {

  private CiRules() {}

  static Map<String, CiFindings.Rule> of(Path warehouse, LocalDate date, PrintWriter err) {
    Map<String, CiFindings.Rule> out = new TreeMap<>();
    RunRules run;
    try {
      run = RunRules.read(warehouse, date);
    } catch (UserError e) {
      err.println("fleetscore: warning: " + e.getMessage() + "; remediation is left out");
      err.flush();
      return out;
    }
    for (RuleInfo r : run.rules()) {
      out.put(
          r.id(),
          new CiFindings.Rule(
              r.id(), r.title(), r.severity(), r.expected(), r.remediation(), r.pack()));
    }
    return out;
  }
}
