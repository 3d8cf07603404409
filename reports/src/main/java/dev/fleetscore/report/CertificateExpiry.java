package dev.fleetscore.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which findings are about certificates that expire soon or have expired, keyed off documented
 * columns: a finding whose {@code framework_ids} name a control with {@code cert-expir} in its id
 * (the fleetscore pack's {@code cert-expiring} and {@code cert-expired}), or whose {@code setting}
 * or {@code actual} names the certificates field {@code days_until_expiry}. The days are read from
 * {@code actual} ({@code ... days_until_expiry=12}, or a bare integer).
 */
final class CertificateExpiry {

  private CertificateExpiry() {}

  static final String FIELD = "days_until_expiry";
  private static final Pattern DAYS = Pattern.compile("days_until_expiry\\s*[=:]\\s*(-?\\d+)");
  private static final Pattern BARE = Pattern.compile("\\s*(-?\\d+)\\s*");

  static boolean isCertExpiry(String setting, String actual, List<String> frameworkIds) {
    for (String f : frameworkIds) {
      if (f != null && f.contains("cert-expir")) {
        return true;
      }
    }
    return (setting != null && setting.contains(FIELD))
        || (actual != null && actual.contains(FIELD));
  }

  /** The smallest days-until-expiry named in {@code actual}, or null. */
  static Long minDays(String actual) {
    if (actual == null) {
      return null;
    }
    Long min = null;
    Matcher m = DAYS.matcher(actual);
    while (m.find()) {
      long d = Long.parseLong(m.group(1));
      min = min == null ? d : Math.min(min, d);
    }
    if (min == null) {
      Matcher b = BARE.matcher(actual);
      if (b.matches()) {
        min = Long.parseLong(b.group(1));
      }
    }
    return min;
  }
}
