package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** The warehouse and snapshot date every collector writes into. */
final class SnapshotOptions {

  @Option(names = "--warehouse", required = true, description = "Warehouse root folder.")
  Path warehouse;

  @Option(names = "--date", required = true, description = "Snapshot date, YYYY-MM-DD.")
  String date;

  @Option(
      names = "--snapshot-id",
      description = "Snapshot id written to every row (default: the date).")
  String snapshotId;

  LocalDate date() {
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw new UserError("--date must be YYYY-MM-DD, not '" + date + "'");
    }
  }
}
