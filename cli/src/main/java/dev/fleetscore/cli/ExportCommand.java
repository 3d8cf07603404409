package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import dev.fleetscore.report.CiFindings;
import dev.fleetscore.report.FindingFilter;
import dev.fleetscore.report.TableExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes any table of the warehouse as CSV or JSON lines, for one date, several, or all; and the
 * findings of one date as SARIF 2.1.0 or JUnit XML for CI systems ({@link CiFindings}). The filters
 * ({@link FilterOptions}) narrow the rows of any table that has their column.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Export a table as CSV, a JSON array or JSON Lines, or the findings as SARIF or JUnit XML.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore export cluster_compliance --warehouse wh --date 2026-11-22",
      "  fleetscore export findings --warehouse wh --date 2026-11-22 --format jsonl --out f.jsonl",
      "  fleetscore export findings --warehouse wh --date 2026-11-22 --format sarif --out f.sarif",
      "  fleetscore export findings --warehouse wh --date 2026-11-22 --format junit --state FAIL",
      "  fleetscore export findings --warehouse wh --date 2026-11-22 --severity critical,high",
      "  fleetscore export fleet_summary --warehouse wh            # every snapshot",
    })
final class ExportCommand implements Callable<Integer> {

  /** What {@code --format} takes. */
  enum Format {
    CSV,
    JSON,
    JSONL,
    SARIF,
    JUNIT
  }

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "Table name, e.g. findings or cluster_compliance.")
  String table;

  @Option(
      names = "--warehouse",
      required = true,
      description = "Warehouse root: a folder, or a URI of a Beam file system (s3://bucket/wh).")
  String warehouse;

  @Mixin ObjectStoreOptions objectStore;

  @Option(
      names = "--date",
      converter = OptionValues.Date.class,
      description = "Snapshot date YYYY-MM-DD (repeatable; default: every date).")
  List<String> dates = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "csv",
      converter = OptionValues.ExportFormat.class,
      description =
          "csv, json (one JSON array), jsonl (JSON Lines: one object per line); for findings of"
              + " one --date also sarif (SARIF 2.1.0) and junit (JUnit XML)"
              + " (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--out", description = "Output file (default: stdout).")
  Path out;

  @Mixin FilterOptions filters;

  @Override
  public Integer call() throws IOException {
    FindingFilter filter = filters.filter();
    boolean ci = format == Format.SARIF || format == Format.JUNIT;
    if (ci && !"findings".equals(table)) {
      throw new UserError(
          UserError.USAGE,
          "--format " + format.name().toLowerCase(java.util.Locale.ROOT) + " exports findings only",
          null);
    }
    if (ci && dates.size() != 1) {
      throw new UserError(
          UserError.USAGE,
          "--format "
              + format.name().toLowerCase(java.util.Locale.ROOT)
              + " needs exactly one --date (a CI file describes one snapshot)",
          null);
    }
    if (!WarehouseAccess.isRemote(warehouse) && !Files.isDirectory(Path.of(warehouse))) {
      throw new UserError("no warehouse at " + warehouse + " (not a directory)");
    }
    List<LocalDate> days = new ArrayList<>();
    for (String d : dates) {
      days.add(SnapshotOptions.parseDate(d));
    }
    if (!ci) {
      filter.require(TableExport.table(table));
    }
    WarehouseAccess.read(
        objectStore,
        warehouse,
        ci
            ? WarehouseAccess.snapshot(days.get(0))
            : WarehouseAccess.table(TableExport.table(table), days),
        wh -> {
          writeOut(wh, filter, days);
          return null;
        });
    return ExitCodes.OK;
  }

  private void writeOut(Path wh, FindingFilter filter, List<LocalDate> days) {
    try {
      if (out == null) {
        OutputStream o = new BufferedOutputStream(System.out);
        write(wh, filter, days, o);
        o.flush();
      } else {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
          write(wh, filter, days, o);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(Path warehouse, FindingFilter filter, List<LocalDate> days, OutputStream o) {
    switch (format) {
      case SARIF, JUNIT -> {
        LocalDate d = days.get(0);
        CiFindings.write(
            warehouse,
            d,
            filter,
            format == Format.SARIF ? CiFindings.Format.SARIF : CiFindings.Format.JUNIT,
            CiRules.of(warehouse, d, spec.commandLine().getErr()),
            o);
      }
      default ->
          TableExport.export(
              warehouse,
              TableExport.table(table),
              days,
              TableExport.Format.valueOf(format.name()),
              filter,
              o);
    }
  }
}
