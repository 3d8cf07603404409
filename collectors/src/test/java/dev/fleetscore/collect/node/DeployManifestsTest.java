package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetscore.schema.NodeDumpRow;
import dev.fleetscore.schema.Table;
import dev.fleetscore.schema.io.LocalTables;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests under deploy/kubernetes, read with the Kubernetes Java client's model
 * classes: the pods are least-privilege (no service account token, hostPID but not privileged, no
 * privilege escalation, read-only root file system, every capability dropped but DAC_READ_SEARCH,
 * the host mounted read-only, CPU and memory limits), and the dump container runs {@code
 * node-dump.sh --root} on the mounted host root; that command line, with the host root replaced by
 * a fake node, runs and gives a dump the importer accepts. The image definitions copy the files
 * they name, and the remote-run scripts pass shellcheck.
 */
class DeployManifestsTest {

  static final Path DEPLOY = Path.of("../deploy");
  static final Set<String> ALLOWED_CAPABILITIES = Set.of("DAC_READ_SEARCH");

  @TempDir Path tmp;

  static String read(String rel) throws IOException {
    return Files.readString(DEPLOY.resolve(rel), StandardCharsets.UTF_8);
  }

  static V1DaemonSet daemonSet() throws IOException {
    return Yaml.loadAs(read("kubernetes/node-dump-daemonset.yaml"), V1DaemonSet.class);
  }

  static V1Job job(String node) throws IOException {
    return Yaml.loadAs(read("kubernetes/node-dump-job.yaml").replace("@NODE@", node), V1Job.class);
  }

  @Test
  void daemonSetIsLeastPrivilege() throws Exception {
    V1DaemonSet ds = daemonSet();
    assertEquals("DaemonSet", ds.getKind());
    V1PodSpec pod = ds.getSpec().getTemplate().getSpec();
    leastPrivilege(pod);
    dumpCommand(pod, pod.getInitContainers().get(0), "$(NODE_NAME)");
    assertEquals(
        "spec.nodeName",
        env(pod.getInitContainers().get(0), "NODE_NAME")
            .getValueFrom()
            .getFieldRef()
            .getFieldPath());
  }

  @Test
  void jobTemplateIsOnePodPinnedToItsNode() throws Exception {
    V1Job job = job("ip-10-0-1-17.eu-west-1.compute.internal");
    assertEquals(
        "fleetscore-node-dump-ip-10-0-1-17.eu-west-1.compute.internal",
        job.getMetadata().getName());
    V1PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertEquals("ip-10-0-1-17.eu-west-1.compute.internal", pod.getNodeName());
    assertEquals("Never", pod.getRestartPolicy());
    leastPrivilege(pod);
    dumpCommand(pod, pod.getContainers().get(0), "ip-10-0-1-17.eu-west-1.compute.internal");
  }

  @Test
  void theVolumeTheyWriteIsDeclared() throws IOException {
    List<Object> all = Yaml.loadAll(read("kubernetes/dumps-pvc.yaml"));
    V1PersistentVolumeClaim pvc =
        all.stream()
            .filter(V1PersistentVolumeClaim.class::isInstance)
            .map(V1PersistentVolumeClaim.class::cast)
            .findFirst()
            .orElseThrow();
    assertTrue(pvc.getSpec().getAccessModes().contains("ReadWriteMany"));
    String claim =
        daemonSet().getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getPersistentVolumeClaim() != null)
            .findFirst()
            .orElseThrow()
            .getPersistentVolumeClaim()
            .getClaimName();
    assertEquals(pvc.getMetadata().getName(), claim);
  }

  /** The security properties every pod of the manifests must have. */
  static void leastPrivilege(V1PodSpec pod) {
    assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "no token automount");
    assertEquals(Boolean.TRUE, pod.getHostPID(), "hostPID: the host's processes are read");
    assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()), "no host network");
    assertFalse(Boolean.TRUE.equals(pod.getHostIPC()), "no host IPC");
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    List<V1Container> containers = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (V1Container c : containers) {
      V1SecurityContext sc = c.getSecurityContext();
      assertNotNull(sc, c.getName());
      assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), c.getName() + " privileged");
      assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), c.getName());
      assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), c.getName());
      assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), c.getName());
      List<String> added =
          sc.getCapabilities().getAdd() == null ? List.of() : sc.getCapabilities().getAdd();
      assertTrue(ALLOWED_CAPABILITIES.containsAll(added), c.getName() + " adds " + added);
      Map<String, ?> limits = c.getResources().getLimits();
      assertTrue(
          limits.containsKey("cpu") && limits.containsKey("memory"), c.getName() + " limits");
      for (V1VolumeMount m :
          c.getVolumeMounts() == null ? List.<V1VolumeMount>of() : c.getVolumeMounts()) {
        V1Volume v = volume(pod, m.getName());
        if (v.getHostPath() != null) {
          assertEquals(Boolean.TRUE, m.getReadOnly(), c.getName() + " mounts the host read-only");
        }
      }
    }
    for (V1Volume v : pod.getVolumes()) {
      if (v.getHostPath() != null) {
        assertEquals("/", v.getHostPath().getPath(), "the only host path is the root, read-only");
      }
    }
  }

  /**
   * The dump container runs node-dump.sh --root on the mount of the host's "/", writes to the dumps
   * volume, and its command line runs: the host root replaced by a fake node.
   */
  void dumpCommand(V1PodSpec pod, V1Container c, String node) throws Exception {
    List<String> cmd = c.getCommand();
    assertEquals("node-dump.sh", cmd.get(0));
    assertEquals("--root", cmd.get(1));
    V1VolumeMount hostMount =
        c.getVolumeMounts().stream()
            .filter(m -> volume(pod, m.getName()).getHostPath() != null)
            .findFirst()
            .orElseThrow();
    assertEquals(hostMount.getMountPath(), cmd.get(2), "--root is the mounted host root");
    assertEquals(Boolean.TRUE, hostMount.getReadOnly());
    String out = cmd.get(cmd.indexOf("--out") + 1);
    V1VolumeMount dumps =
        c.getVolumeMounts().stream()
            .filter(m -> volume(pod, m.getName()).getPersistentVolumeClaim() != null)
            .findFirst()
            .orElseThrow();
    assertTrue(out.startsWith(dumps.getMountPath() + "/"), out);
    assertTrue(
        c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
        "mktemp needs a writable /tmp");
    assertEquals(node, cmd.get(cmd.indexOf("--node") + 1));

    // The same argv on a fake node: $(VAR) expanded as the kubelet does, paths mapped.
    Path root = tmp.resolve("host");
    write(
        root.resolve("proc/4242/cmdline"),
        "/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0");
    write(
        root.resolve("var/lib/kubelet/config.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
    Path dumpDir = tmp.resolve("dumps");
    Files.createDirectories(dumpDir);
    List<String> argv = new ArrayList<>(List.of("sh", NodeDumpScriptTest.SCRIPT.toString()));
    for (String a : cmd.subList(1, cmd.size())) {
      String s =
          expand(a, Map.of("NODE_NAME", "n1", "CLUSTER_ID", "eks:111122223333/eu-west-1/prod"));
      s = s.equals(hostMount.getMountPath()) ? root.toString() : s;
      s =
          s.startsWith(dumps.getMountPath() + "/")
              ? dumpDir + s.substring(dumps.getMountPath().length())
              : s;
      argv.add(s);
    }
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), log);
    Path written;
    try (Stream<Path> s = Files.list(dumpDir)) {
      written = s.findFirst().orElseThrow();
    }
    LocalDate d = LocalDate.of(2026, 11, 22);
    Path wh = tmp.resolve("wh");
    ImportRun.run(ImportRun.Request.of(List.of(written), wh, d));
    NodeDumpRow row = LocalTables.readAll(wh, Table.NODE_DUMPS, d, NodeDumpRow.class).get(0);
    assertEquals("ACCEPTED", row.getStatus(), String.valueOf(row.getRejectReason()));
    assertEquals("eks:111122223333/eu-west-1/prod", row.getClusterId());
  }

  static String expand(String arg, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(arg);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(env.get(m.group(1))));
    }
    return m.appendTail(sb).toString();
  }

  static V1Volume volume(V1PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static V1EnvVar env(V1Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  /** Every COPY source exists; the node-dump image puts the script where the pods call it. */
  @Test
  void imagesCopyWhatTheyName() throws IOException {
    for (String f : List.of("images/node-dump/Containerfile", "images/cli/Containerfile")) {
      for (String line : read(f).lines().toList()) {
        if (line.startsWith("COPY ") && !line.contains("--from=")) {
          String[] w = line.trim().split("\\s+");
          for (int i = 1; i < w.length - 1; i++) {
            if (!w[i].equals(".")) {
              assertTrue(Files.exists(Path.of("..").resolve(w[i])), f + ": " + w[i]);
            }
          }
        }
      }
    }
    String nd = read("images/node-dump/Containerfile");
    assertTrue(nd.contains("COPY collectors/scripts/node-dump.sh /usr/local/bin/node-dump.sh"));
    assertTrue(nd.contains("procps"), "ps -eo pid,args needs procps, not BusyBox ps");
    String image =
        daemonSet().getSpec().getTemplate().getSpec().getInitContainers().get(0).getImage();
    assertTrue(image.contains("node-dump"), image);
    String cli = read("images/cli/Containerfile");
    assertTrue(cli.contains("ENTRYPOINT [\"/opt/fleetscore/bin/fleetscore\"]"));
    assertNotEquals(-1, cli.indexOf("USER 65532"), "the CLI image does not run as root");
  }

  @Test
  void remoteScriptsPassShellcheck() throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v shellcheck").start();
    assumeTrue(which.waitFor() == 0, "shellcheck is not installed (.ci/run installs it)");
    try (Stream<Path> s = Files.list(DEPLOY.resolve("remote"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".sh")).sorted().toList()) {
        Process p =
            new ProcessBuilder("shellcheck", "-s", "sh", f.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), f + ": " + out);
      }
    }
  }

  private static void write(Path p, String s) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, s);
  }
}
