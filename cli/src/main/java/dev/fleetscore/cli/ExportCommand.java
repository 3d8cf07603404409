package dev.fleetscore.cli;

import dev.fleetscore.common.UserError;
import dev.fleetscore.report.TableExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes any table of the warehouse as CSV or JSON lines, for one date, several, or all. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a table as CSV, a JSON array or JSON Lines (to stdout or --out).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore export cluster_compliance --warehouse wh --date 2026-11-22",
      "  fleetscore export findings --warehouse wh --date 2026-11-22 --format jsonl --out f.jsonl",
      "  fleetscore export fleet_summary --warehouse wh            # every snapshot",
    })
final class ExportCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "TABLE",
      description = "Table name, e.g. findings or cluster_compliance.")
  String table;

  @Option(names = "--warehouse", required = true, description = "Warehouse root folder.")
  Path warehouse;

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
          "csv, json (one JSON array) or jsonl (JSON Lines: one object per line)"
              + " (default ${DEFAULT-VALUE}).")
  TableExport.Format format;

  @Option(names = "--out", description = "Output file (default: stdout).")
  Path out;

  @Override
  public Integer call() throws IOException {
    TableExport.Format f = format;
    if (!Files.isDirectory(warehouse)) {
      throw new UserError("no warehouse at " + warehouse + " (not a directory)");
    }
    List<LocalDate> days = new ArrayList<>();
    for (String d : dates) {
      days.add(SnapshotOptions.parseDate(d));
    }
    if (out == null) {
      OutputStream o = new BufferedOutputStream(System.out);
      TableExport.export(warehouse, TableExport.table(table), days, f, o);
      o.flush();
    } else {
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
        TableExport.export(warehouse, TableExport.table(table), days, f, o);
      }
    }
    return ExitCodes.OK;
  }
}
