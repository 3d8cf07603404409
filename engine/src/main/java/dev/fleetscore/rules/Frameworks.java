package dev.fleetscore.rules;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads findings.framework_ids ({@code framework:control}, e.g. {@code cis-kubernetes-1.12:4.2.4}).
 * A rule that names no framework control is reported under its pack with the rule id as control, so
 * no finding falls out of the compliance tables.
 */
public final class Frameworks {

  private Frameworks() {}

  /** Distinct frameworks, sorted. */
  public static List<String> of(List<String> frameworkIds, String pack) {
    return List.copyOf(controls(frameworkIds, pack, "").keySet());
  }

  /** Framework to its controls (sorted) for one rule. */
  public static Map<String, TreeSet<String>> controls(
      List<String> frameworkIds, String pack, String ruleId) {
    TreeMap<String, TreeSet<String>> out = new TreeMap<>();
    for (String id : frameworkIds) {
      int i = id.indexOf(':');
      String fw = i < 0 ? id : id.substring(0, i);
      String control = i < 0 ? ruleId : id.substring(i + 1);
      out.computeIfAbsent(fw, k -> new TreeSet<>()).add(control);
    }
    if (out.isEmpty()) {
      out.computeIfAbsent(pack, k -> new TreeSet<>()).add(ruleId);
    }
    return out;
  }
}
