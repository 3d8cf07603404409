package dev.fleetscore.cli;

import dev.fleetscore.collect.node.ImportRun;
import dev.fleetscore.collect.node.LiveNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Collects this node (or a node image mounted under --root) live, as node-dump.sh would, and writes
 * its raw node tables (node_dumps, processes, config_files, certificates, file_stats,
 * collection_errors) for one snapshot date, through the same reader as {@code collect import}. Each
 * node writes its own labelled files, so many nodes can collect into one date.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Collect this node (or a mounted node image) live into the raw tables.",
      "Reads what node-dump.sh reads: the kube processes' /proc/<pid>/cmdline, the files their",
      "flags name, the conventional folders (/etc/kubernetes, /var/lib/kubelet, systemd units,",
      "...) and stat lines for all of them; private keys are never read, secrets are REDACTED."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sudo fleetscore collect node --cluster eks:prod --warehouse /mnt/wh --date 2026-11-22",
      "  fleetscore collect node --root /mnt/node7 --cluster kubeadm:lab --node node7 \\",
      "      --provider kubeadm --warehouse wh --date 2026-11-22",
    })
final class CollectNodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SnapshotOptions snapshot;

  @Option(
      names = "--root",
      defaultValue = "/",
      description =
          "The node's root folder (default ${DEFAULT-VALUE}); another folder reads a mounted node"
              + " image, without the read-only port and the k3s journal.")
  Path root;

  @Option(
      names = "--cluster",
      required = true,
      converter = OptionValues.NonBlank.class,
      description = "Cluster id, as in meta.env.")
  String cluster;

  @Option(
      names = "--node",
      converter = OptionValues.NonBlank.class,
      description = "Node name (default: this host's name; required with --root other than /).")
  String node;

  @Option(names = "--provider", description = "gke, eks, aks, kubeadm, k3s, ...")
  String provider;

  @Option(names = "--node-pool", description = "Node pool or node group.")
  String nodePool;

  @Option(names = "--zone", description = "Zone of the node.")
  String zone;

  @Option(
      names = "--label",
      converter = OptionValues.Label.class,
      description =
          "File label (default: one per node, node.<name>.<hash>, so a rerun replaces its own"
              + " files and other nodes' are kept).")
  String label;

  @Option(
      names = "--max-file-mb",
      converter = NumericRange.FileMb.class,
      defaultValue = "8",
      description = "Files larger than this keep only their stat line (default ${DEFAULT-VALUE}).")
  long maxFileMb;

  @Option(
      names = {"-q", "--quiet"},
      description = "No summary (for cron); errors still print.")
  boolean quiet;

  @Override
  public Integer call() {
    ImportRun.Result r =
        WarehouseAccess.write(
            snapshot.objectStore,
            snapshot.warehouse,
            snapshot.date(),
            wh ->
                LiveNode.run(
                    new LiveNode.Request(
                        root,
                        cluster,
                        node,
                        provider,
                        nodePool,
                        zone,
                        wh,
                        snapshot.date(),
                        snapshot.snapshotId,
                        label,
                        maxFileMb * 1024 * 1024)));
    if (!quiet) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(r.summary());
      out.flush();
    }
    return ExitCodes.OK;
  }
}
