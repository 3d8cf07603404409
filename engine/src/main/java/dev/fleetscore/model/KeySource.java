package dev.fleetscore.model;

/**
 * Where one key of a map setting (a feature gate, an eviction threshold, a reserved resource, a
 * node label) got its value: the kubelet merges these maps key by key across its layers, so keys of
 * one map can come from different layers.
 *
 * @param source the layer that set the key
 * @param origin file path or {@code argv[N]}; null for defaults
 */
public record KeySource(Source source, String origin) {}
