package dev.fleetscore.cli;

import dev.fleetscore.pipeline.ScoreRun;
import dev.fleetscore.report.TableExport;
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
                + "' is not a severity; expected one of "
                + String.join(", ", States.SEVERITIES));
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

  /** An export format: csv, json (one array) or jsonl (one object per line), any case. */
  static final class ExportFormat implements ITypeConverter<TableExport.Format> {
    @Override
    public TableExport.Format convert(String value) {
      try {
        return TableExport.Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an export format; expected one of csv, json, jsonl");
      }
    }
  }
}
