package dev.fleetscore.normalize;

import java.util.Locale;

/**
 * Keeps secrets that a command line may carry out of effective_settings: the value of a flag whose
 * name says it holds a secret (password, secret, token, but not a path to one), and the password in
 * a URL's user info ({@code https://user:pass@host}). The importer redacts files; argv reaches the
 * normalizer as found.
 */
final class Redaction {

  static final String REDACTED = "REDACTED";

  private Redaction() {}

  /** The value to keep for {@code flag}; {@link #REDACTED} or a masked URL when it is secret. */
  static String flagValue(String flag, String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    String f = flag.toLowerCase(Locale.ROOT);
    boolean pathLike =
        f.endsWith("-file") || f.endsWith("-dir") || f.endsWith("-path") || f.endsWith("-config");
    if (!pathLike && (f.contains("password") || f.contains("secret") || f.endsWith("token"))) {
      return REDACTED;
    }
    return maskUrlPasswords(value);
  }

  /** {@code scheme://user:password@host} becomes {@code scheme://user:REDACTED@host}. */
  static String maskUrlPasswords(String value) {
    int scheme = value.indexOf("://");
    if (scheme < 0) {
      return value;
    }
    StringBuilder out = null;
    int from = 0;
    while (scheme >= 0) {
      int start = scheme + 3;
      int end = start;
      while (end < value.length() && "/,? ".indexOf(value.charAt(end)) < 0) {
        end++;
      }
      int at = value.lastIndexOf('@', end - 1);
      if (at >= start) {
        int colon = value.indexOf(':', start);
        if (colon >= 0 && colon < at) {
          if (out == null) {
            out = new StringBuilder(value.length());
          }
          out.append(value, from, colon + 1).append(REDACTED);
          from = at;
        }
      }
      scheme = value.indexOf("://", end);
    }
    if (out == null) {
      return value;
    }
    out.append(value, from, value.length());
    return out.toString();
  }
}
