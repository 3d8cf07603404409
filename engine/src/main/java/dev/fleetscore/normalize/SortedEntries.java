package dev.fleetscore.normalize;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * A read-only SortedMap view over entries already in key order, so that {@code new TreeMap<>(it)}
 * builds the tree in linear time without comparing keys (the normalizer's hottest step was
 * inserting ~160 settings per node one by one). Only iteration and size are supported.
 */
final class SortedEntries<V> extends AbstractMap<String, V> implements SortedMap<String, V> {

  private final List<Map.Entry<String, V>> entries;

  /** {@code entries} must be sorted by key, without duplicates. */
  SortedEntries(List<Map.Entry<String, V>> entries) {
    this.entries = entries;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return entries.iterator();
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public SortedMap<String, V> subMap(String fromKey, String toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<String, V> headMap(String toKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedMap<String, V> tailMap(String fromKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String firstKey() {
    return entries.get(0).getKey();
  }

  @Override
  public String lastKey() {
    return entries.get(entries.size() - 1).getKey();
  }
}
