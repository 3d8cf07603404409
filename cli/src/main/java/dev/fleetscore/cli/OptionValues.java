package dev.fleetscore.cli;

import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.report.FindingFilter;
import dev.fleetscore.schema.States;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters of the text options that have a fixed form, so a bad value is a usage error
 * (exit 2) naming the valid values while the command line is parsed, before any work starts.
 */
final class OptionValues {

  private OptionValues() {}

  /** A snapshot date, YYYY-MM-DD; the field keeps the text. */
  static final class Date implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return LocalDate.parse(value).toString();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("expected YYYY-MM-DD, not '" + value + "'");
      }
    }
  }

  /** A rule severity, any case; the field keeps the upper-case name. */
  static final class Severity implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return upperCaseOneOf(value, "a severity", States.SEVERITIES);
    }
  }

  /** A finding state, any case; the field keeps the upper-case name. */
  static final class State implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return upperCaseOneOf(value, "a finding state", States.STATES);
    }
  }

  /**
   * {@code value} upper-cased when it is one of {@code allowed}; otherwise the closest one named.
   */
  private static String upperCaseOneOf(String value, String what, List<String> allowed) {
    String s = value.strip().toUpperCase(Locale.ROOT);
    if (!allowed.contains(s)) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not "
              + what
              + FindingFilter.closest(s, allowed)
              + " (expected one of "
              + String.join(", ", allowed)
              + ")");
    }
    return s;
  }

  /** A scoring runner: direct, flink or reference. */
  static final class Runner implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        ScoreRun.Engine.parse(value);
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a runner; expected one of direct, flink, reference");
      }
      return value;
    }
  }

  /**
   * An export format, any case: csv, json (one array), jsonl (one object per line), and for the
   * findings table sarif and junit.
   */
  static final class ExportFormat implements ITypeConverter<ExportCommand.Format> {
    @Override
    public ExportCommand.Format convert(String value) {
      try {
        return ExportCommand.Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not an export format; expected one of csv, json, jsonl, sarif, junit");
      }
    }
  }

  /** A file label: lowercase letters, digits, '_' or '.', as the importers name files. */
  static final class Label implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.matches("[a-z0-9][a-z0-9_.]*")) {
        throw new TypeConversionException(
            "'" + value + "' is not a label; expected lowercase letters, digits, '_' or '.'");
      }
      return value;
    }
  }

  /** An RFC 3339 instant such as 2026-11-22T02:00:00Z; the field keeps the text. */
  static final class Rfc3339 implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        java.time.Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an RFC 3339 time; expected e.g. 2026-11-22T02:00:00Z");
      }
      return value;
    }
  }

  /** A signing key algorithm: rsa or ec. */
  static final class KeyAlgorithm implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String s = value.strip().toLowerCase(Locale.ROOT);
      if (!s.equals("rsa") && !s.equals("ec")) {
        throw new TypeConversionException(
            "'" + value + "' is not a key algorithm; expected one of rsa, ec");
      }
      return s;
    }
  }

  /** A Flink JobManager address, host:port (port 1 to 65535). */
  static final class HostPort implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      int colon = value.lastIndexOf(':');
      String host = colon <= 0 ? "" : value.substring(0, colon);
      int port = -1;
      try {
        port = colon < 0 ? -1 : Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+") || port < 1 || port > 65535) {
        throw new TypeConversionException(
            "'" + value + "' is not host:port; expected e.g. jobmanager:8081");
      }
      return value;
    }
  }

  /** An http or https URL with a host. */
  static final class HttpUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        java.net.URI u = new java.net.URI(value);
        if (("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
            && u.getHost() != null) {
          return value;
        }
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      throw new TypeConversionException(
          "'" + value + "' is not an http(s) URL; expected e.g. https://freetsa.org/tsr");
    }
  }

  /** Any text that is not blank (ids and names written to every row). */
  static final class NonBlank implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException("an empty value; expected a name or id");
      }
      return value;
    }
  }

  /** A kubeconfig context and the cluster id its rows carry: NAME=CLUSTER_ID. */
  static final class ContextMapping implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      int eq = value.indexOf('=');
      if (eq <= 0 || eq == value.length() - 1) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not NAME=CLUSTER_ID; expected e.g. prod=eks:111122223333/eu-west-1/prod");
      }
      return value;
    }
  }

  /** An X.500 distinguished name with at least one attribute, e.g. CN=Audit Signer. */
  static final class DistinguishedName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        if (!new javax.security.auth.x500.X500Principal(value).getName().isEmpty()) {
          return value;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw new TypeConversionException(
          "'" + value + "' is not a distinguished name; expected e.g. 'CN=Audit Signer,O=Example'");
    }
  }
}
