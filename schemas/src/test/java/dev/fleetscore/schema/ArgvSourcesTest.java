package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgvSourcesTest {

  static ProcessRow row(String component, String source, Integer pid, String path, Integer line) {
    return ProcessRow.newBuilder()
        .setSnapshotId("s")
        .setSnapshotDate(LocalDate.of(2026, 11, 21))
        .setClusterId("c")
        .setNodeName("n")
        .setProducerVersion("test")
        .setDumpId("d")
        .setComponent(component)
        .setPid(pid)
        .setExecutable(component)
        .setArgv(List.of())
        .setArgvSource(source)
        .setLossy(!source.equals("CMDLINE"))
        .setSourcePath(path)
        .setLineNumber(line)
        .build();
  }

  /** The first of {@code rows} is the one that must win, whatever order they come in. */
  static void assertBest(ProcessRow... rows) {
    for (int i = 0; i < rows.length; i++) {
      List<ProcessRow> shuffled = new ArrayList<>(List.of(rows));
      shuffled.add(0, shuffled.remove(i));
      java.util.Collections.reverse(shuffled);
      assertEquals(rows[0], shuffled.stream().min(ArgvSources.MOST_EXACT_FIRST).orElseThrow());
    }
  }

  @Test
  void moreExactSourceWins() {
    assertBest(
        row("kubelet", "CMDLINE", 900, "cmdline/900", null),
        row("kubelet", "K3S_JOURNAL", null, "journal/k3s.txt", 40),
        row("kubelet", "PS_EO_ARGS", null, "ps.txt", 1),
        row("kubelet", "PS_EF", 2, "ps.txt", 2),
        row("kubelet", "PS_AUX", 1, "ps.txt", 3),
        row("kubelet", "SOMETHING_NEW", 1, "x", null),
        row("kubelet", "STATIC_POD_MANIFEST", null, "fs/etc/kubernetes/manifests/k.yaml", null));
  }

  /**
   * Two exact processes of one component (pids 99 and 100): the lower pid wins. Before the three
   * rankings became this one, ControlPlaneResolver and DumpReader took cmdline/100 here (first by
   * source path, first in file order), while KubeletResolver took pid 99.
   */
  @Test
  void lowestPidWinsNotFirstPath() {
    assertBest(
        row("kube-apiserver", "CMDLINE", 99, "cmdline/99", null),
        row("kube-apiserver", "CMDLINE", 100, "cmdline/100", null));
    assertBest(
        row("kube-apiserver", "PS_EF", 7, "ps.txt", 9),
        row("kube-apiserver", "PS_EF", 80, "ps.txt", 2));
  }

  /**
   * k3s logs one "Running kube-apiserver" line per start: the latest is what runs now. Before,
   * ControlPlaneResolver took the earliest line (the same source path, so the first row).
   */
  @Test
  void latestJournalLineWins() {
    assertBest(
        row("kube-apiserver", "K3S_JOURNAL", null, "journal/k3s.txt", 70),
        row("kube-apiserver", "K3S_JOURNAL", null, "journal/k3s.txt", 3));
  }

  @Test
  void withoutPidThenPathThenLine() {
    assertBest(
        row("kubelet", "PS_EO_ARGS", null, "ps.txt", 4),
        row("kubelet", "PS_EO_ARGS", null, "ps.txt", 5),
        row("kubelet", "PS_EO_ARGS", null, "ps2.txt", 1));
  }

  @Test
  void k3sJournalKubeletLinesAreTheKubelet() {
    assertEquals(
        "kubelet", ArgvSources.component(row("k3s", "K3S_JOURNAL", null, "journal/k3s.txt", 1)));
    assertEquals("k3s", ArgvSources.component(row("k3s", "CMDLINE", 1, "cmdline/1", null)));
    assertEquals(
        "kube-apiserver",
        ArgvSources.component(row("kube-apiserver", "K3S_JOURNAL", null, "journal/k3s.txt", 2)));
  }
}
