package dev.fleetscore.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The first {@code limit} items in a total order, and how many were offered. Memory stays at {@code
 * limit} however many rows stream by, and the result does not depend on the order they came in, so
 * reports stay byte-identical whatever the file order.
 */
final class TopN<T> {

  private final int limit;
  private final Comparator<? super T> order;
  private final TreeSet<T> items;
  private long total;

  TopN(int limit, Comparator<? super T> order) {
    this.limit = limit;
    this.order = order;
    this.items = new TreeSet<>(order);
  }

  void add(T item) {
    total++;
    if (limit <= 0) {
      return;
    }
    if (items.size() < limit) {
      items.add(item);
    } else if (order.compare(item, items.last()) < 0) {
      items.add(item);
      if (items.size() > limit) {
        items.pollLast();
      }
    }
  }

  /** Items offered, including those not kept. */
  long total() {
    return total;
  }

  List<T> items() {
    return new ArrayList<>(items);
  }
}
