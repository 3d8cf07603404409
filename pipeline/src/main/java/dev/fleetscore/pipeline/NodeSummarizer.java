package dev.fleetscore.pipeline;

import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import java.io.Serializable;

/**
 * Picks the facts of a scored node that cluster-scoped rules read. The rule engine knows which keys
 * its cluster rules use, so it supplies this (e.g. {@code RuleEngine::summarize}).
 */
@FunctionalInterface
public interface NodeSummarizer extends Serializable {
  NodeSummary summarize(NodeFacts facts);
}
