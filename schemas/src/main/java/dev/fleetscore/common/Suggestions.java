package dev.fleetscore.common;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The "did you mean" of user errors about names (a cluster, node, setting, rule, state): the known
 * names closest to what was typed, by case-insensitive edit distance, ties in name order.
 */
public final class Suggestions {

  private Suggestions() {}

  /** "; did you mean a, b or c?" for up to three names closest to {@code typed}, or "". */
  public static String closest(String typed, Collection<String> names) {
    List<String> best =
        names.stream()
            .filter(Objects::nonNull)
            .distinct()
            .sorted(
                Comparator.comparingInt((String n) -> distance(typed, n))
                    .thenComparing(Comparator.naturalOrder()))
            .limit(3)
            .toList();
    if (best.isEmpty()) {
      return "";
    }
    return "; did you mean "
        + (best.size() == 1
            ? best.get(0)
            : String.join(", ", best.subList(0, best.size() - 1))
                + " or "
                + best.get(best.size() - 1))
        + "?";
  }

  /** Levenshtein distance, case-insensitive. */
  public static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] prev = new int[y.length() + 1];
    int[] cur = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int sub = prev[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length()];
  }
}
