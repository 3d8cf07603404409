package dev.fleetscore.rules;

import dev.fleetscore.rules.YamlTree.MapNode;
import dev.fleetscore.rules.YamlTree.Node;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Accepted risks, read strictly from a YAML file: each exemption names rules (by id) and/or
 * framework controls (a rule matching either is covered), the clusters and optionally the nodes it
 * covers (globs, or {@code {regex: ...}}), a justification, an approver and an expiry date. A FAIL,
 * WARN or NO_EVIDENCE finding it covers becomes EXEMPT while the exemption runs (through its expiry
 * date, inclusive, judged against the snapshot date); after that the finding keeps its state and
 * says the exemption expired. An exemption that no finding needed is reported as unused.
 */
public final class Exemptions {

  /** One accepted risk. */
  record Exemption(
      String id,
      List<Pattern> rules,
      List<Pattern> controls,
      List<Pattern> clusters,
      List<Pattern> nodes,
      String justification,
      String approver,
      LocalDate expires,
      YamlTree.Pos pos) {

    /**
     * A rule is covered when one rule selector matches its id or one control selector one of its
     * controls.
     */
    boolean coversRule(CompiledRule r) {
      for (Pattern p : rules) {
        if (p.matcher(r.id).matches()) {
          return true;
        }
      }
      for (String fid : r.frameworkIds) {
        for (Pattern p : controls) {
          if (p.matcher(fid).matches()) {
            return true;
          }
        }
      }
      return false;
    }

    boolean coversTarget(String clusterId, String nodeName) {
      if (clusterId == null || clusters.stream().noneMatch(p -> p.matcher(clusterId).matches())) {
        return false;
      }
      if (nodes.isEmpty()) {
        return true;
      }
      return nodeName != null && nodes.stream().anyMatch(p -> p.matcher(nodeName).matches());
    }
  }

  /**
   * An exemption that covers a finding.
   *
   * @param id the exemption id
   * @param expires its expiry date
   * @param active false when it expired before the snapshot date
   * @param justification why the risk is accepted
   * @param approver who accepted it
   */
  record Match(
      String id, LocalDate expires, boolean active, String justification, String approver) {}

  private static final List<String> KEYS =
      List.of(
          "id", "rules", "controls", "clusters", "nodes", "justification", "approver", "expires");

  private final List<Exemption> all;
  private final Map<String, List<Exemption>> byRule;
  private final Set<String> used = ConcurrentHashMap.newKeySet();

  private Exemptions(List<Exemption> all, Map<String, List<Exemption>> byRule) {
    this.all = all;
    this.byRule = byRule;
  }

  static Exemptions none() {
    return new Exemptions(List.of(), Map.of());
  }

  /** Parses and validates an exemptions file against the loaded rules. */
  static Exemptions parse(String file, byte[] content, RuleSet rules) {
    MapNode root = YamlTree.parse(file, content).asMap("an exemptions file");
    root.allowOnly("an exemptions file", List.of("exemptions"));
    List<Exemption> all = new ArrayList<>();
    Map<String, YamlTree.Pos> ids = new HashMap<>();
    for (Node n : root.require("exemptions", "an exemptions file").asList("'exemptions'").items()) {
      MapNode m = n.asMap("an exemption");
      m.allowOnly("an exemption", KEYS);
      String id = m.require("id", "an exemption").asNonEmptyString("'id'");
      YamlTree.Pos prev = ids.putIfAbsent(id, m.pos());
      if (prev != null) {
        throw m.get("id").error("duplicate exemption id '" + id + "' (first at " + prev + ")");
      }
      String what = "exemption " + id;
      List<Pattern> ruleSel = selectors(m, "rules");
      List<Pattern> controlSel = selectors(m, "controls");
      if (ruleSel.isEmpty() && controlSel.isEmpty()) {
        throw m.error(what + " needs 'rules' or 'controls' (or both) to say what it exempts");
      }
      List<Pattern> clusters = selectors(m, "clusters");
      if (clusters.isEmpty()) {
        throw m.error(what + " needs 'clusters' (use \"*\" to mean every cluster)");
      }
      List<Pattern> nodes = selectors(m, "nodes");
      String justification = m.require("justification", what).asNonEmptyString("'justification'");
      String approver = m.require("approver", what).asNonEmptyString("'approver'");
      Node expNode = m.require("expires", what);
      LocalDate expires;
      try {
        expires = LocalDate.parse(expNode.asNonEmptyString("'expires'"));
      } catch (DateTimeParseException e) {
        throw expNode.error(
            "'expires' must be a date such as 2026-12-31, not '"
                + expNode.asScalar("'expires'").text()
                + "'");
      }
      Exemption ex =
          new Exemption(
              id, ruleSel, controlSel, clusters, nodes, justification, approver, expires, m.pos());
      if (!rules.anyRule(ex::coversRule)) {
        throw m.error(what + ": its rules/controls selectors match no loaded rule");
      }
      all.add(ex);
    }
    all.sort(Comparator.comparing(Exemption::id));
    Map<String, List<Exemption>> byRule = new HashMap<>();
    for (List<CompiledRule> list : List.of(rules.nodeRules, rules.clusterRules)) {
      for (CompiledRule r : list) {
        List<Exemption> hits = new ArrayList<>();
        for (Exemption e : all) {
          if (e.coversRule(r)) {
            hits.add(e);
          }
        }
        if (!hits.isEmpty()) {
          byRule.put(r.id, List.copyOf(hits));
        }
      }
    }
    return new Exemptions(List.copyOf(all), byRule);
  }

  /** Globs (* and ?) or {regex: ...}, matched against the whole text. */
  private static List<Pattern> selectors(MapNode m, String key) {
    if (!m.has(key)) {
      return List.of();
    }
    Node n = m.get(key);
    List<Node> items = n instanceof YamlTree.ListNode l ? l.items() : List.of(n);
    if (items.isEmpty()) {
      throw n.error("'" + key + "' must not be empty");
    }
    List<Pattern> out = new ArrayList<>();
    for (Node item : items) {
      if (item instanceof MapNode rm) {
        rm.allowOnly("a selector", List.of("regex"));
        String re = rm.require("regex", "a selector").asNonEmptyString("'regex'");
        try {
          out.add(Pattern.compile(re));
        } catch (PatternSyntaxException e) {
          throw rm.get("regex")
              .error(
                  "bad regex '" + re + "': " + e.getDescription() + " near index " + e.getIndex());
        }
      } else {
        out.add(glob(item.asNonEmptyString("a " + key + " selector")));
      }
    }
    return List.copyOf(out);
  }

  static Pattern glob(String g) {
    StringBuilder sb = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (char c : g.toCharArray()) {
      if (c == '*' || c == '?') {
        if (lit.length() > 0) {
          sb.append(Pattern.quote(lit.toString()));
          lit.setLength(0);
        }
        sb.append(c == '*' ? ".*" : ".");
      } else {
        lit.append(c);
      }
    }
    if (lit.length() > 0) {
      sb.append(Pattern.quote(lit.toString()));
    }
    return Pattern.compile(sb.toString(), Pattern.DOTALL);
  }

  /**
   * The exemption covering a finding of {@code rule} on this cluster/node, or null: the active one
   * with the smallest id, else the expired one with the smallest id. Records it as used.
   */
  Match find(CompiledRule rule, String clusterId, String nodeName, LocalDate snapshotDate) {
    List<Exemption> candidates = byRule.get(rule.id);
    if (candidates == null) {
      return null;
    }
    Exemption expired = null;
    for (Exemption e : candidates) {
      if (!e.coversTarget(clusterId, nodeName)) {
        continue;
      }
      if (!snapshotDate.isAfter(e.expires())) {
        used.add(e.id());
        return new Match(e.id(), e.expires(), true, e.justification(), e.approver());
      }
      if (expired == null) {
        expired = e;
      }
    }
    if (expired == null) {
      return null;
    }
    used.add(expired.id());
    return new Match(
        expired.id(), expired.expires(), false, expired.justification(), expired.approver());
  }

  /** Ids of exemptions this instance applied to no finding, sorted. */
  List<String> unused() {
    return unused(used);
  }

  /**
   * Ids of exemptions not in {@code usedIds}, sorted: for runners where findings are evaluated in
   * several processes, pass the distinct exemption_id values of the snapshot's findings.
   */
  List<String> unused(Collection<String> usedIds) {
    Set<String> u = new HashSet<>(usedIds);
    List<String> out = new ArrayList<>();
    for (Exemption e : all) {
      if (!u.contains(e.id())) {
        out.add(e.id());
      }
    }
    return out;
  }

  List<String> ids() {
    return all.stream().map(Exemption::id).toList();
  }
}
