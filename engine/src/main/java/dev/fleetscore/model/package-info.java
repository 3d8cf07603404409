/**
 * The shared model between the normalizer ({@code dev.fleetscore.normalize}), the rule engine
 * ({@code dev.fleetscore.rules}) and the pipeline: typed effective values with their provenance,
 * and the facts about a node and its cluster that rules judge. Plain Java, no Beam.
 */
package dev.fleetscore.model;
