package dev.fleetscore.cli;

import dev.fleetscore.report.ReportOptions;
import dev.fleetscore.report.ReportWriter;
import picocli.CommandLine.Option;

/** What a report holds besides the HTML: the CSV files and how many failing nodes per control. */
final class ReportLayoutOptions {

  @Option(
      names = "--csv",
      defaultValue = "SUMMARY",
      description =
          "CSV files: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; ALL includes the node-level tables).")
  ReportWriter.CsvMode csv;

  @Option(
      names = "--nodes-per-control",
      converter = NumericRange.Limit.class,
      defaultValue = "5",
      description = "Failing nodes listed per control (default ${DEFAULT-VALUE}).")
  int nodesPerControl;

  ReportOptions reportOptions() {
    return ReportOptions.defaults().withNodesPerControl(nodesPerControl);
  }
}
