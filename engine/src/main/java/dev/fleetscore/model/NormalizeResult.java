package dev.fleetscore.model;

import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.QuarantineRow;
import java.util.List;

/** The outcome of normalizing one node: facts to evaluate, or the reason it cannot be scored. */
public sealed interface NormalizeResult {

  /**
   * A scorable node.
   *
   * @param facts what the rules judge
   * @param settings the node's effective_settings rows
   * @param quarantined records of this node that were not usable (a broken certificate file, a
   *     drop-in that does not parse) while the node is still scored: record_kind FILE
   */
  record Scored(
      NodeFacts facts, List<EffectiveSettingRow> settings, List<QuarantineRow> quarantined)
      implements NormalizeResult {
    public Scored {
      settings = List.copyOf(settings);
      quarantined = List.copyOf(quarantined);
    }
  }

  /**
   * A node that cannot be scored.
   *
   * @param quarantine the NODE-kind quarantine row (stage NORMALIZE) with the reason
   */
  record Rejected(QuarantineRow quarantine) implements NormalizeResult {}
}
