package dev.fleetscore.cli;

import dev.fleetscore.collect.node.ImportRun;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * Imports node dumps (folders or archives, found recursively) into the raw node tables of one
 * snapshot date: node_dumps, processes, config_files, certificates, file_stats and
 * collection_errors. Prints the counts; every input is one node_dumps row, accepted or rejected,
 * and every other file found under an input folder is an IGNORED row saying why.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import node dumps (folders or archives) into the raw node tables.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  fleetscore collect import dumps/ --warehouse wh --date 2026-11-22",
      "  fleetscore collect import node1.tar.gz node2/ --warehouse wh --date 2026-11-22 --quiet",
      "  fleetscore collect import /mnt/dumps --warehouse wh --date 2026-11-22 --threads 8 \\",
      "      --label eu-batch",
    })
final class CollectImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Parameters(
      arity = "1..*",
      paramLabel = "DUMP",
      description = "Dump folders, archives (.tar.gz, .tgz, .tar, .zip), or folders holding them.")
  List<Path> inputs = new ArrayList<>();

  @Option(
      names = "--threads",
      converter = NumericRange.Threads.class,
      defaultValue = "0",
      description = "Reader threads (default: the number of cores).")
  int threads;

  @Option(
      names = "--label",
      defaultValue = "import",
      converter = OptionValues.Label.class,
      description =
          "File label; a later import with the same label and date replaces this one (default ${DEFAULT-VALUE}).")
  String label;

  @Option(
      names = "--max-file-mb",
      converter = NumericRange.FileMb.class,
      defaultValue = "8",
      description = "Files larger than this are hashed but not read (default ${DEFAULT-VALUE}).")
  long maxFileMb;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress line and no summary (for cron); errors still print.")
  boolean quiet;

  @Override
  public Integer call() {
    boolean terminal = System.console() != null && !quiet;
    ImportRun.Result r =
        WarehouseAccess.write(
            snapshot.objectStore,
            snapshot.warehouse,
            snapshot.date(),
            wh ->
                ImportRun.run(
                    new ImportRun.Request(
                        inputs,
                        wh,
                        snapshot.date(),
                        snapshot.snapshotId,
                        threads,
                        label,
                        maxFileMb * 1024 * 1024,
                        terminal ? System.err : null)));
    if (!quiet) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(r.summary());
      out.flush();
    }
    return ExitCodes.OK;
  }
}
