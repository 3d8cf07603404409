package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which process's flags name the files a dump's rows say are referenced. */
class DumpReaderArgvTest {

  @TempDir Path tmp;

  /**
   * Two exact kubelet processes, pids 99 and 100: pid 99's flags name the files, as the normalizer
   * reads pid 99's arguments. The reader used to take cmdline/100, the first path.
   */
  @Test
  void lowestPidNamesTheFiles() throws IOException {
    Map<String, String> files =
        Map.of(
            "meta.env",
            "cluster=kubeadm:lab\nnode=n1\ncollected_at=2026-03-14T03:00:00Z\nprovider=kubeadm\n",
            "cmdline/99",
            "/usr/bin/kubelet\0--kubeconfig=/etc/kubernetes/a.conf\0",
            "cmdline/100",
            "/usr/bin/kubelet\0--kubeconfig=/etc/kubernetes/b.conf\0",
            "fs/etc/kubernetes/a.conf",
            "apiVersion: v1\nkind: Config\n",
            "fs/etc/kubernetes/b.conf",
            "apiVersion: v1\nkind: Config\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = tmp.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    NodeEvidence ev =
        new DumpReader(new DumpReader.Snapshot("s", LocalDate.of(2026, 3, 14)), 1 << 20)
            .read(tmp, "n1");
    Map<String, List<String>> by = new java.util.TreeMap<>();
    for (ConfigFileRow c : ev.getConfigFiles()) {
      by.put(c.getPath(), c.getReferencedBy());
    }
    assertEquals(List.of("kubelet --kubeconfig"), by.get("/etc/kubernetes/a.conf"), by.toString());
    assertEquals(List.of(), by.getOrDefault("/etc/kubernetes/b.conf", List.of()), by.toString());
  }
}
