package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.CloudBatch;
import dev.fleetscore.collect.cloud.CloudRun;
import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.common.UserError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the cloud collectors that read exports. */
final class CloudExportOptions {

  @Option(
      names = "--from",
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "Export files, or folders searched recursively for .json/.yaml/.yml files.")
  List<Path> from = new ArrayList<>();

  @Option(
      names = "--cluster-id",
      converter = OptionValues.NonBlank.class,
      description =
          "Cluster id for files that do not name their cluster (aws-auth, node lists), e.g."
              + " eks:111122223333/eu-west-1/prod. Default: an index.json above the file, or the"
              + " cluster described in the same folder.")
  String clusterId;

  @Option(
      names = "--label",
      converter = OptionValues.Label.class,
      description =
          "File label; a later run with the same label and date replaces this one (default: none).")
  String label;

  @Option(
      names = "--collected-at",
      converter = OptionValues.Rfc3339.class,
      description =
          "When the exports were taken (RFC 3339, e.g. 2026-11-22T02:00:00Z), written as"
              + " collected_at. Default: none, so the same files always give the same tables.")
  String collectedAt;

  @Option(
      names = "--max-file-mb",
      converter = NumericRange.FileMb.class,
      defaultValue = "64",
      description = "Files larger than this are not read (default ${DEFAULT-VALUE}).")
  long maxFileMb;

  /** Live calls: the given time, else now (the time of the API calls). */
  Instant collectedAtOrNow() {
    Instant t = collectedAt();
    return t != null ? t : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  Instant collectedAt() {
    if (collectedAt == null) {
      return null;
    }
    try {
      return Instant.parse(collectedAt);
    } catch (DateTimeParseException e) {
      throw new UserError("--collected-at must be an RFC 3339 time such as 2026-11-22T02:00:00Z");
    }
  }

  /** Reads the exports of one scope and writes the tables; prints the summary. */
  int run(
      SnapshotOptions snapshot,
      ExportReader.Scope scope,
      String gcpProject,
      PrintWriter out,
      PrintWriter err) {
    CloudRun.Imported r =
        WarehouseAccess.write(
            snapshot.objectStore,
            snapshot.warehouse,
            null,
            wh ->
                CloudRun.importExports(
                    from,
                    new ExportReader.Options(scope, clusterId, gcpProject, maxFileMb * 1024 * 1024),
                    CloudRun.stamp(snapshot.snapshotId, snapshot.date(), collectedAt()),
                    wh,
                    label));
    return print(r.written(), r.counts(), out, err);
  }

  /** An empty batch for a live collection, stamped with the time of the run. */
  CloudBatch liveBatch(SnapshotOptions snapshot) {
    return new CloudBatch(CloudRun.stamp(snapshot.snapshotId, snapshot.date(), collectedAtOrNow()));
  }

  /** Writes a live collection's rows under the scope's source name; prints the summary. */
  int finishLive(
      CloudBatch batch,
      SnapshotOptions snapshot,
      ExportReader.Scope scope,
      PrintWriter out,
      PrintWriter err) {
    return print(
        WarehouseAccess.write(
            snapshot.objectStore,
            snapshot.warehouse,
            null,
            wh -> CloudRun.write(batch, wh, snapshot.date(), scope.source(), label)),
        null,
        out,
        err);
  }

  private static int print(
      CloudRun.Written w, ExportReader.Counts c, PrintWriter out, PrintWriter err) {
    if (c != null) {
      out.printf(
          "read %d of %d export files (%d belong to another collector, %d could not be read)%n",
          c.read(), c.files(), c.skippedOtherScope(), c.failed());
    }
    out.println("wrote " + w.tables().summary());
    int shown = 0;
    for (var e : w.tables().errors()) {
      if (shown++ == 20) {
        err.println("  ... see the collection_errors table for the rest");
        break;
      }
      err.println(
          "  "
              + e.getSeverity()
              + " "
              + e.getErrorCode()
              + " "
              + e.getSource()
              + (e.getPath() == null ? "" : " " + e.getPath())
              + ": "
              + e.getMessage());
    }
    out.flush();
    err.flush();
    return ExitCodes.OK;
  }
}
