package dev.fleetscore.cli;

import dev.fleetscore.collect.cloud.CloudBatch;
import dev.fleetscore.collect.cloud.ExportReader;
import dev.fleetscore.collect.cloud.KubeLive;
import dev.fleetscore.common.UserError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** A kubeconfig and the contexts to read, each with the cluster id its rows carry. */
final class KubeOptions {

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig for reading the Kubernetes API live (exec plugins work).")
  Path kubeconfig;

  @Option(
      names = "--context",
      arity = "1..*",
      converter = OptionValues.ContextMapping.class,
      paramLabel = "NAME=CLUSTER_ID",
      description =
          "A kubeconfig context and the cluster id its rows carry (the id node dumps use), e.g."
              + " prod=eks:111122223333/eu-west-1/prod. Repeatable.")
  List<String> contexts = new java.util.ArrayList<>();

  /**
   * The body of a command that reads either exports ({@code --from}) or the live API: runs the
   * exports when given, else reads {@code what} from every context and writes the batch.
   *
   * @param command the command's name, for the error when neither source is given
   * @param exportsAre what its {@code --from} files are, for the same error
   */
  int collect(
      SnapshotOptions snapshot,
      CloudExportOptions exports,
      ExportReader.Scope scope,
      KubeLive.What what,
      String command,
      String exportsAre,
      PrintWriter out,
      PrintWriter err) {
    if (!exports.from.isEmpty()) {
      return exports.run(snapshot, scope, null, out, err);
    }
    if (kubeconfig == null) {
      throw new UserError(
          command
              + " needs --from FILE|DIR ("
              + exportsAre
              + ") or --kubeconfig K --context NAME=CLUSTER_ID (live API)");
    }
    CloudBatch batch = exports.liveBatch(snapshot);
    KubeLive.collect(batch, kubeconfig, contexts(), what);
    return exports.finishLive(batch, snapshot, scope, out, err);
  }

  Map<String, String> contexts() {
    if (contexts.isEmpty()) {
      throw new UserError("--kubeconfig needs at least one --context NAME=CLUSTER_ID");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String c : contexts) {
      int eq = c.indexOf('=');
      if (eq <= 0 || eq == c.length() - 1) {
        throw new UserError("--context must be NAME=CLUSTER_ID, not '" + c + "'");
      }
      out.put(c.substring(0, eq), c.substring(eq + 1));
    }
    return out;
  }
}
