package dev.fleetscore.cli;

import dev.fleetscore.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes the report of one scored snapshot: a self-contained HTML file (inline SVG charts, no
 * network), a Markdown summary and CSV files, from the output tables only.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the HTML report, Markdown summary and CSV files of a scored snapshot.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore report --warehouse wh --date 2026-11-22",
      "  fleetscore report --warehouse wh --date 2026-11-22 --out report/ --csv all",
      "  fleetscore report --warehouse wh --date 2026-11-22 --nodes-per-control 20",
      "  fleetscore report --warehouse wh --date 2026-11-22 --cluster eks:1111/eu-west-1/prod",
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Option(
      names = "--out",
      defaultValue = "report",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Mixin ReportLayoutOptions layout;

  @Mixin FilterOptions filters;

  @Override
  public Integer call() {
    ReportWriter.Written w =
        WarehouseAccess.read(
            snapshot.objectStore,
            snapshot.warehouse,
            WarehouseAccess.snapshot(snapshot.date()),
            wh ->
                ReportWriter.write(
                    wh,
                    snapshot.date(),
                    out,
                    layout.reportOptions(),
                    layout.csv,
                    filters.filter()));
    PrintWriter o = spec.commandLine().getOut();
    o.println("report:   " + w.html());
    if (!w.committed()) {
      o.println(
          "not committed: every run of "
              + snapshot.date()
              + " was refused by the data-quality gate; the report says why");
    } else if (!w.refused().isEmpty()) {
      o.println(
          "note:     a later run of "
              + snapshot.date()
              + " was refused by the data-quality gate; the report shows the committed snapshot");
    }
    o.println("summary:  " + w.markdown());
    if (!w.csv().isEmpty()) {
      o.println("csv:      " + w.csv().get(0).getParent() + " (" + w.csv().size() + " files)");
    }
    o.flush();
    return ExitCodes.OK;
  }
}
