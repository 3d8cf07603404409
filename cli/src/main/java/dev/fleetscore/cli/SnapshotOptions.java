package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The warehouse and snapshot date every collector writes into. */
final class SnapshotOptions {

  @Option(
      names = "--warehouse",
      required = true,
      description = "Warehouse root: a folder, or a URI of a Beam file system (s3://bucket/wh).")
  String warehouse;

  /** How to reach an s3:// warehouse. */
  @Mixin ObjectStoreOptions objectStore;

  @Option(
      names = "--date",
      required = true,
      converter = OptionValues.Date.class,
      description = "Snapshot date, YYYY-MM-DD.")
  String date;

  @Option(
      names = "--snapshot-id",
      converter = OptionValues.NonBlank.class,
      description = "Snapshot id written to every row (default: the date).")
  String snapshotId;

  LocalDate date() {
    return parseDate(date);
  }

  /**
   * A {@code --date} value as every command reads it. The {@code --date} options also check it
   * while picocli parses ({@link OptionValues.Date}), so a malformed date is a usage error (exit 2)
   * before any work starts; this is the same check for values that did not come from an option.
   */
  static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new UserError("--date must be YYYY-MM-DD, not '" + text + "'");
    }
  }
}
