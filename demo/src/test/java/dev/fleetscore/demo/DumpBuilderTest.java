package dev.fleetscore.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * ps output in the three formats, laid out column for column like real captures (the ps aux line is
 * from shared/samples/ps-gke-cos-kubelet.ps-aux-real.txt), cmdline/ NUL-separated, stat.txt in
 * {@code stat -c '%a %U %G %s %n'} form, and keys only ever as stat lines.
 */
class DumpBuilderTest {

  private static final Instant NOW = Instant.parse("2026-03-14T02:38:00Z");
  private static final Instant BOOT = Instant.parse("2026-03-14T02:09:00Z");

  /** From the real ps aux capture in shared/samples. */
  private static final String AUX_HEADER =
      "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND";

  private static final String AUX_LINE =
      "root         982  0.0  0.0   9560  3112 ?        Ss   02:09   0:00 bash"
          + " /home/kubernetes/bin/health-monitor.sh kubelet";

  private static final DumpBuilder.Proc HEALTH =
      new DumpBuilder.Proc(
          982,
          1,
          "root",
          List.of("bash", "/home/kubernetes/bin/health-monitor.sh", "kubelet"),
          false,
          3112);

  @Test
  void psAuxHasTheColumnsOfARealCapture() {
    String[] lines =
        DumpBuilder.ps(List.of(HEALTH), DumpBuilder.PsFormat.AUX, NOW, BOOT).split("\n");
    assertEquals(AUX_HEADER, lines[0]);
    String ours = lines[1];
    for (String column : List.of("982", " Ss ", "02:09", " 0:0", "bash /home")) {
      assertEquals(
          AUX_LINE.indexOf(column) + column.length(),
          ours.indexOf(column) + column.length(),
          column);
    }
    assertTrue(ours.endsWith("health-monitor.sh kubelet"));
  }

  @Test
  void psEoArgsAndPsEfUseTheProcpsHeaders() {
    String eo = DumpBuilder.ps(List.of(HEALTH), DumpBuilder.PsFormat.EO_ARGS, NOW, BOOT);
    assertEquals(
        "    PID COMMAND\n    982 bash /home/kubernetes/bin/health-monitor.sh kubelet\n", eo);
    String[] ef = DumpBuilder.ps(List.of(HEALTH), DumpBuilder.PsFormat.EF, NOW, BOOT).split("\n");
    assertEquals("UID          PID    PPID  C STIME TTY          TIME CMD", ef[0]);
    assertTrue(
        ef[1].matches(
            "root {9}982 {7}1  0 02:09 \\? {8}00:00:0\\d bash /home/kubernetes/bin/health-monitor.sh kubelet"),
        ef[1]);
    String earlier =
        DumpBuilder.ps(
            List.of(HEALTH), DumpBuilder.PsFormat.EF, NOW, Instant.parse("2026-03-10T04:00:00Z"));
    assertTrue(earlier.contains(" Mar10 "), "STIME of an earlier day is MonDD");
  }

  @Test
  void cmdlineKeepsEmptyAndSpacedArgumentsThatPsLoses() {
    List<String> argv = List.of("/usr/bin/kubelet", "--register-with-taints", "", "--x=a b");
    assertArrayEquals(
        "/usr/bin/kubelet\0--register-with-taints\0\0--x=a b\0".getBytes(StandardCharsets.UTF_8),
        DumpBuilder.cmdline(argv));
    String ps =
        DumpBuilder.ps(
            List.of(new DumpBuilder.Proc(7, 1, "root", argv, true, 1)),
            DumpBuilder.PsFormat.EO_ARGS,
            NOW,
            BOOT);
    assertTrue(ps.contains("--register-with-taints  --x=a b\n"));
  }

  @Test
  void filesGetStatLinesAndKeysOnlyStatLines() {
    DumpBuilder b = new DumpBuilder();
    b.file("/etc/kubernetes/kubelet.conf", "apiVersion: v1\n", "600");
    b.statOnly("/etc/kubernetes/pki/ca.key", "600", "root", "root", 1679);
    b.dir("/var/lib/etcd", "700", "etcd", "etcd");
    b.process(new DumpBuilder.Proc(42, 1, "root", List.of("/usr/bin/kubelet", "--v=2"), true, 1));
    SortedMap<String, byte[]> out =
        b.finish("cluster=c\nnode=n\n", DumpBuilder.PsFormat.EO_ARGS, true, NOW, BOOT);
    assertEquals(
        List.of("cmdline/42", "fs/etc/kubernetes/kubelet.conf", "meta.env", "ps.txt", "stat.txt"),
        List.copyOf(out.keySet()));
    assertEquals(
        "600 root root 15 /etc/kubernetes/kubelet.conf\n"
            + "600 root root 1679 /etc/kubernetes/pki/ca.key\n"
            + "700 etcd etcd 4096 /var/lib/etcd\n",
        new String(out.get("stat.txt"), StandardCharsets.UTF_8));
    assertFalse(out.containsKey("fs/etc/kubernetes/pki/ca.key"));
  }

  @Test
  void pathsMustBeCleanAndAbsolute() {
    DumpBuilder b = new DumpBuilder();
    assertThrows(IllegalArgumentException.class, () -> b.file("etc/x", "", "644"));
    assertThrows(IllegalArgumentException.class, () -> b.file("/etc/../x", "", "644"));
    assertThrows(IllegalStateException.class, () -> b.chmod("/nope", "600"));
  }
}
