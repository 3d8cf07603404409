package dev.fleetscore.rules;

import dev.fleetscore.common.NaturalOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The compiled rules of every loaded pack, node-scoped and cluster-scoped apart, each sorted by
 * rule id so findings come out in a stable order; the frameworks they implement; the pack versions.
 */
public final class RuleSet {

  /**
   * A framework a pack implements.
   *
   * @param id e.g. cis-kubernetes-1.12
   * @param title e.g. CIS Kubernetes Benchmark v1.12.0
   * @param source where the control ids, titles and defaults were taken from
   * @param pack the pack that declares it
   */
  public record Framework(String id, String title, String source, String pack) {}

  final List<CompiledRule> nodeRules;
  final List<CompiledRule> clusterRules;
  final SortedMap<String, Framework> frameworks;
  final List<String> packVersions;
  final List<String> summaryKeys;
  final SortedMap<String, String> settingsRead;

  RuleSet(
      List<CompiledRule> rules,
      Map<String, Framework> frameworks,
      List<String> packVersions,
      java.util.Collection<String> summaryKeys,
      Map<String, String> settingsRead) {
    List<CompiledRule> node = new ArrayList<>();
    List<CompiledRule> cluster = new ArrayList<>();
    for (CompiledRule r : rules) {
      (r.clusterScope ? cluster : node).add(r);
    }
    Comparator<CompiledRule> byId = Comparator.comparing(r -> r.id, NaturalOrder.INSTANCE);
    node.sort(byId);
    cluster.sort(byId);
    this.nodeRules = List.copyOf(node);
    this.clusterRules = List.copyOf(cluster);
    this.frameworks = Collections.unmodifiableSortedMap(new TreeMap<>(frameworks));
    this.packVersions = List.copyOf(new TreeSet<>(packVersions));
    this.summaryKeys = List.copyOf(new TreeSet<>(summaryKeys));
    this.settingsRead = Collections.unmodifiableSortedMap(new TreeMap<>(settingsRead));
  }

  /**
   * Every component:setting the rules read, with the value type their comparisons expect (bool,
   * int, duration, quantity, string, list, map, or any): the names the normalizer must produce.
   */
  public SortedMap<String, String> settingsRead() {
    return settingsRead;
  }

  /** Every rule, node-scoped then cluster-scoped, each in id order. */
  public List<RuleInfo> rules() {
    List<RuleInfo> out = new ArrayList<>();
    for (CompiledRule r : nodeRules) {
      out.add(r.info());
    }
    for (CompiledRule r : clusterRules) {
      out.add(r.info());
    }
    return out;
  }

  public SortedMap<String, Framework> frameworks() {
    return frameworks;
  }

  public List<String> packVersions() {
    return packVersions;
  }

  /**
   * What a pack author must fix although the packs load: every rule needs a {@code remediation}
   * (the setting to change, the file or flag, and the provider command where one exists). One line
   * per problem, {@code file:line:column: reason}, in rule-id order; empty when the packs are
   * clean.
   */
  public List<String> lint() {
    List<String> out = new ArrayList<>();
    for (List<CompiledRule> rules : List.of(nodeRules, clusterRules)) {
      for (CompiledRule r : rules) {
        if (r.remediation == null || r.remediation.isBlank()) {
          out.add(
              r.pos
                  + ": rule "
                  + r.id
                  + " has no 'remediation': say what to change (the setting, the file or flag,"
                  + " and the provider command where one exists)");
        }
      }
    }
    return out;
  }

  /** The rules whose id or framework ids make {@code matcher} true (exemption validation). */
  boolean anyRule(java.util.function.Predicate<CompiledRule> matcher) {
    for (CompiledRule r : nodeRules) {
      if (matcher.test(r)) {
        return true;
      }
    }
    for (CompiledRule r : clusterRules) {
      if (matcher.test(r)) {
        return true;
      }
    }
    return false;
  }
}
