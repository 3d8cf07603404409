package dev.fleetscore.pipeline;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What {@code fleetscore explain} prints: for one node, how a setting got its effective value
 * (every layer, in the order the component applies them, which one won and why) or how a rule
 * judged it (the rule's definition, the values it compared and their chains, the state, the
 * exemption, the remediation). Rendered as plain text ({@link #text}) or JSON ({@link #json}); both
 * deterministic.
 *
 * @param snapshotDate the snapshot
 * @param clusterId the node's cluster
 * @param nodeName the node
 * @param dumpId the dump judged (the newest of the node)
 * @param provider the node's provider, if known
 * @param nodePool the node's pool, if known
 * @param kubeletVersion what is known of the kubelet version
 * @param rejected why the normalizer refused the node, or null when it was scored
 * @param chains the settings explained
 * @param rule the rule explained, or null
 */
public record Explanation(
    String snapshotDate,
    String clusterId,
    String nodeName,
    String dumpId,
    String provider,
    String nodePool,
    String kubeletVersion,
    String rejected,
    List<Chain> chains,
    RuleVerdict rule) {

  /**
   * How one setting got its value.
   *
   * @param component kubelet, kube-apiserver, ..., or cloud (the node pool as the API states it)
   * @param setting its name
   * @param evidence how the component was seen (CMDLINE, PS_EF, STATIC_POD_MANIFEST, CLOUD_API:gke)
   * @param layers every layer that gave a value, in the order applied; the last one won
   * @param notSetBy layers that were read and do not set it
   * @param value the effective value, null when unset
   * @param source the winning layer's source
   * @param origin the winning layer's file, argv index or API field
   * @param why why that value is the one in force
   */
  public record Chain(
      String component,
      String setting,
      String evidence,
      List<Layer> layers,
      List<String> notSetBy,
      String value,
      String source,
      String origin,
      String why) {}

  /**
   * One layer that gave a value.
   *
   * @param layer what it is, e.g. "v1beta1 default", "--config file", "drop-in", "flag"
   * @param source the Source name
   * @param origin file, argv index or API field; null for defaults
   * @param value the value it gave (as written for a zero value that defaulting replaced)
   * @param won whether this layer's value is the effective one
   */
  public record Layer(String layer, String source, String origin, String value, boolean won) {}

  /**
   * How the rule judged the node.
   *
   * @param ruleId the rule
   * @param title its title
   * @param pack its pack and version
   * @param severity its severity
   * @param definition the rule's check as written in its pack (JSON)
   * @param expected what passes
   * @param actual the value judged
   * @param state the finding's state
   * @param reason why
   * @param setting the setting read, if any
   * @param source where the judged value came from
   * @param origin its file, argv index or API field
   * @param exemption the exemption that applies or expired, or null
   * @param remediation how to fix it, or null when the pack gives none
   * @param frameworkIds the controls it implements
   */
  public record RuleVerdict(
      String ruleId,
      String title,
      String pack,
      String severity,
      String definition,
      String expected,
      String actual,
      String state,
      String reason,
      String setting,
      String source,
      String origin,
      Exemption exemption,
      String remediation,
      List<String> frameworkIds) {}

  /**
   * An exemption of the finding.
   *
   * @param id its id
   * @param expires its expiry date
   * @param applies whether it made the finding EXEMPT (false: it expired)
   * @param definition its entry in the exemptions file (JSON), or null when not found there
   */
  public record Exemption(String id, String expires, boolean applies, String definition) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** Pretty JSON, two-space indent, LF line ends. */
  public String json() {
    DefaultPrettyPrinter p =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(p).writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Plain text for a terminal. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("node ")
        .append(nodeName)
        .append(" of ")
        .append(clusterId)
        .append(", snapshot ")
        .append(snapshotDate)
        .append('\n');
    b.append("  dump ").append(dumpId);
    if (provider != null) {
      b.append(", provider ").append(provider);
    }
    if (nodePool != null) {
      b.append(", pool ").append(nodePool);
    }
    if (kubeletVersion != null) {
      b.append(", kubelet ").append(kubeletVersion);
    }
    b.append('\n');
    if (rejected != null) {
      b.append("  not scored: ").append(rejected).append('\n');
    }
    if (rule != null) {
      RuleVerdict r = rule;
      b.append('\n')
          .append("rule ")
          .append(r.ruleId())
          .append(" (")
          .append(r.severity())
          .append(", ")
          .append(r.pack())
          .append(")\n");
      b.append("  ").append(r.title()).append('\n');
      if (!r.frameworkIds().isEmpty()) {
        b.append("  controls:    ").append(String.join(", ", r.frameworkIds())).append('\n');
      }
      b.append("  definition:  ").append(r.definition()).append('\n');
      b.append("  expected:    ").append(r.expected()).append('\n');
      b.append("  actual:      ")
          .append(r.actual() == null ? "(none)" : r.actual())
          .append(r.source() == null ? "" : "  from " + r.source())
          .append(r.origin() == null ? "" : " " + r.origin())
          .append('\n');
      b.append("  state:       ").append(r.state()).append('\n');
      b.append("  reason:      ").append(r.reason()).append('\n');
      if (r.exemption() != null) {
        Exemption e = r.exemption();
        b.append("  exemption:   ")
            .append(e.id())
            .append(e.applies() ? " applies" : " expired")
            .append(e.expires() == null ? "" : ", until " + e.expires())
            .append('\n');
        if (e.definition() != null) {
          b.append("               ").append(e.definition()).append('\n');
        }
      } else {
        b.append("  exemption:   none\n");
      }
      b.append("  remediation: ")
          .append(r.remediation() == null ? "(the pack gives none)" : r.remediation())
          .append('\n');
    }
    for (Chain c : chains) {
      b.append('\n')
          .append(c.component())
          .append(' ')
          .append(c.setting())
          .append(" = ")
          .append(c.value() == null ? "(unset)" : c.value())
          .append("  [")
          .append(c.source())
          .append(c.origin() == null ? "" : " " + c.origin())
          .append("]\n");
      if (c.evidence() != null) {
        b.append("  evidence: ").append(c.evidence()).append('\n');
      }
      b.append("  layers, in the order applied (the last that sets a value wins):\n");
      int i = 1;
      for (Layer l : c.layers()) {
        b.append(String.format(java.util.Locale.ROOT, "  %2d. ", i++))
            .append(l.layer())
            .append(l.origin() == null ? "" : " " + l.origin())
            .append(": ")
            .append(l.value())
            .append(l.won() ? "   <- in force" : "")
            .append('\n');
      }
      for (String n : c.notSetBy()) {
        b.append("      not set by ").append(n).append('\n');
      }
      b.append("  why: ").append(c.why()).append('\n');
    }
    return b.toString();
  }
}
