package dev.fleetscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collect node command's wiring and exit codes. What it collects is tested in the collectors
 * module (LiveNodeTest, against node-dump.sh on the same fake root).
 */
class CollectNodeCommandTest {

  @TempDir Path tmp;

  @Test
  void collectsAMountedRootIntoTheWarehouse() throws IOException {
    Path root = tmp.resolve("node7");
    write(
        root.resolve("proc/812/cmdline"),
        "/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0");
    write(
        root.resolve("var/lib/kubelet/config.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n");
    Path wh = tmp.resolve("wh");
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "collect",
            "node",
            "--root",
            root.toString(),
            "--cluster",
            "kubeadm:lab",
            "--node",
            "node7",
            "--warehouse",
            wh.toString(),
            "--date",
            "2026-11-22");
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("1 accepted"), r.out());
    Path part = wh.resolve("processes/snapshot_date=2026-11-22");
    try (Stream<Path> s = Files.list(part)) {
      assertTrue(
          s.anyMatch(
              p -> p.getFileName().toString().matches("part-00000-of-00001-node\\.node7\\..*")),
          "one labelled file per node");
    }
  }

  @Test
  void aMountedRootNeedsTheNodeName() throws IOException {
    Files.createDirectories(tmp.resolve("img"));
    FleetscoreCommandTest.Run r =
        FleetscoreCommandTest.run(
            "collect",
            "node",
            "--root",
            tmp.resolve("img").toString(),
            "--cluster",
            "c",
            "--warehouse",
            tmp.resolve("wh").toString(),
            "--date",
            "2026-11-22");
    assertEquals(ExitCodes.INPUT, r.code());
    assertTrue(r.err().contains("--node is required"), r.err());
  }

  @Test
  void theClusterIsRequiredAndHelpHasExamples() {
    assertEquals(
        ExitCodes.USAGE,
        FleetscoreCommandTest.run("collect", "node", "--warehouse", "wh", "--date", "2026-11-22")
            .code());
    FleetscoreCommandTest.Run help = FleetscoreCommandTest.run("collect", "node", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Examples:") && help.out().contains("--root"), help.out());
  }

  private static void write(Path p, String s) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }
}
