package dev.fleetscore.demo;

import java.util.Random;

/**
 * Derives independent, reproducible random streams from the fleet seed and a path of names and
 * numbers (cluster index, node index, purpose), so any node can be generated alone, in any order,
 * on any thread, and still come out byte for byte the same. {@link Random} is used for choices
 * because its algorithm is fixed by its specification, unlike {@code SplittableRandom}'s bounded
 * methods.
 */
final class Seeds {

  private Seeds() {}

  /** SplitMix64 finaliser: a bijective 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long derive(long seed, String purpose, long... parts) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (int i = 0; i < purpose.length(); i++) {
      h = mix(h ^ purpose.charAt(i));
    }
    for (long p : parts) {
      h = mix(h ^ p ^ 0x632BE59BD9B4E019L);
    }
    return h;
  }

  static Random random(long seed, String purpose, long... parts) {
    return new Random(derive(seed, purpose, parts));
  }

  /** Lowercase hex of {@code digits} random nibbles. */
  static String hex(Random r, int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** Random lowercase letters and digits, as cloud providers use in instance names. */
  static String alnum(Random r, int length) {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(chars.charAt(r.nextInt(chars.length())));
    }
    return sb.toString();
  }

  static <T> T pick(Random r, java.util.List<T> items) {
    return items.get(r.nextInt(items.size()));
  }
}
