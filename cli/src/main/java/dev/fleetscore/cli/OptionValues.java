package dev.fleetscore.cli;

import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.report.FindingFilter;
import dev.fleetscore.schema.States;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
      String s = value.strip().toUpperCase(Locale.ROOT);
      if (States.severityIndex(s) < 0) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a severity"
                + FindingFilter.closest(s, States.SEVERITIES)
                + " (expected one of "
                + String.join(", ", States.SEVERITIES)
                + ")");
      }
      return s;
    }
  }

  /** A finding state, any case; the field keeps the upper-case name. */
  static final class State implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String s = value.strip().toUpperCase(Locale.ROOT);
      if (States.stateIndex(s) < 0) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a finding state"
                + FindingFilter.closest(s, States.STATES)
                + " (expected one of "
                + String.join(", ", States.STATES)
                + ")");
      }
      return s;
    }
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
}
