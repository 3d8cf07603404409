package dev.fleetscore.common;

import java.util.Comparator;

/**
 * Orders control ids and rule ids the way people read them: runs of digits compare as numbers, so
 * 4.2.9 comes before 4.2.10. Ties are broken by plain string order, so the order is total. The
 * engine emits findings in this order and the reports list controls in it.
 */
public final class NaturalOrder implements Comparator<String> {

  public static final NaturalOrder INSTANCE = new NaturalOrder();

  private NaturalOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = stripZeros(a.substring(si, i));
        String nb = stripZeros(b.substring(sj, j));
        if (na.length() != nb.length()) {
          return na.length() - nb.length();
        }
        int c = na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return ca - cb;
        }
        i++;
        j++;
      }
    }
    int c = (a.length() - i) - (b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }

  private static String stripZeros(String digits) {
    int k = 0;
    while (k < digits.length() - 1 && digits.charAt(k) == '0') {
      k++;
    }
    return digits.substring(k);
  }
}
