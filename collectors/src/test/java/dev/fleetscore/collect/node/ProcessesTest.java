package dev.fleetscore.collect.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ps shapes, /proc cmdline and the k3s journal, on literal captures of real nodes. */
class ProcessesTest {

  @Test
  void psEoArgsSkipsGrepNoiseAndKeepsFlagsInOrder() {
    String ps =
        """
            PID COMMAND
              1 /sbin/init
           1131 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --node-ip 10.0.0.4 --feature-gates=A=true,B=false --v=2 --v=4
           2979 grep --color=auto kubelet
           2980 sudo ps -eo pid,args
        """;
    List<Processes.BadLine> bad = new ArrayList<>();
    List<Processes.Found> f = Processes.fromPs("ps.txt", ps, bad);
    assertEquals(1, f.size());
    Processes.Found k = f.get(0);
    assertEquals("kubelet", k.component());
    assertEquals(1131, k.pid());
    assertEquals("PS_EO_ARGS", k.argvSource());
    assertTrue(k.lossy());
    assertEquals(
        List.of(
            "--config=/var/lib/kubelet/config.yaml",
            "--node-ip",
            "10.0.0.4",
            "--feature-gates=A=true,B=false",
            "--v=2",
            "--v=4"),
        k.argv());
    Map<String, String> flags = DumpReader.flagMap(k.argv());
    assertEquals("10.0.0.4", flags.get("node-ip"), "--flag value with a space");
    assertEquals("4", flags.get("v"), "a repeated flag: the last wins");
    assertEquals("A=true,B=false", flags.get("feature-gates"));
    assertTrue(bad.isEmpty());
  }

  @Test
  void psEfAndPsAuxColumns() {
    String ef =
        """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root         907     850  3 Mar14 ?        01:02:03 kube-apiserver --authorization-mode=Node,RBAC --anonymous-auth
        """;
    List<Processes.Found> f = Processes.fromPs("ps.txt", ef, new ArrayList<>());
    assertEquals("kube-apiserver", f.get(0).component());
    assertEquals(907, f.get(0).pid());
    assertEquals("PS_EF", f.get(0).argvSource());
    assertEquals("true", DumpReader.flagMap(f.get(0).argv()).get("anonymous-auth"), "bare boolean");
    String aux =
        """
        USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
        root        1131  2.1  1.3 1990000 110000 ?      Ssl  Mar14  20:11 /usr/local/bin/kubelet --kubeconfig=/var/lib/kubelet/kubeconfig --read-only-port=10255
        """;
    f = Processes.fromPs("ps.txt", aux, new ArrayList<>());
    assertEquals("PS_AUX", f.get(0).argvSource());
    assertEquals(
        List.of("--kubeconfig=/var/lib/kubelet/kubeconfig", "--read-only-port=10255"),
        f.get(0).argv());
  }

  @Test
  void unknownHeaderIsReportedNotGuessed() {
    List<Processes.BadLine> bad = new ArrayList<>();
    assertTrue(Processes.fromPs("ps.txt", "NAME STATE\nkubelet running\n", bad).isEmpty());
    assertEquals(1, bad.size());
  }

  @Test
  void cmdlineKeepsEmptyAndSpacedArguments() {
    byte[] raw =
        "/usr/bin/kubelet\0--node-labels=\0--tls-cipher-suites=A,B\0--pod-infra-container-image\0my image\0"
            .getBytes(StandardCharsets.UTF_8);
    Processes.Found f = Processes.fromCmdline("cmdline/42", 42, raw).orElseThrow();
    assertEquals("CMDLINE", f.argvSource());
    assertEquals(
        List.of(
            "--node-labels=", "--tls-cipher-suites=A,B", "--pod-infra-container-image", "my image"),
        f.argv());
    assertTrue(
        Processes.fromCmdline(
                "cmdline/1", 1, "/bin/bash\0-c\0kubelet".getBytes(StandardCharsets.UTF_8))
            .isEmpty());
  }

  /** k3s's setproctitle leaves one field, "<argv0> server", padded with NULs. */
  @Test
  void cmdlineOfK3sAfterSetproctitle() {
    byte[] raw = "/usr/local/bin/k3s server\0\0\0\0".getBytes(StandardCharsets.UTF_8);
    Processes.Found f = Processes.fromCmdline("cmdline/7", 7, raw).orElseThrow();
    assertEquals("k3s", f.component());
    assertEquals("/usr/local/bin/k3s", f.executable());
    assertEquals(List.of("server"), f.argv());
    assertTrue(
        Processes.fromCmdline("cmdline/8", 8, "/usr/bin/my app\0".getBytes(StandardCharsets.UTF_8))
            .isEmpty());
  }

  @Test
  void k3sJournalRunningKubeletLines() {
    String j =
        """
        Feb 14 18:38:02 n1 k3s[571]: time="2026-02-14T18:38:02Z" level=info msg="Starting k3s v1.33.4+k3s1 (61db1eb6)"
        Feb 14 18:38:04 n1 k3s[571]: time="2026-02-14T18:38:04Z" level=info msg="Running kubelet --anonymous-auth=false --node-labels= --read-only-port=0"
        Feb 14 18:38:05 n1 k3s[571]: time="2026-02-14T18:38:05Z" level=info msg="Running kube-proxy --proxy-mode=iptables"
        Feb 15 09:00:00 n1 k3s[611]: time="2026-02-15T09:00:00Z" level=info msg="Running kubelet --anonymous-auth=true"
        """;
    List<Processes.Found> f = Processes.fromK3sJournal("journal/k3s.txt", j);
    assertEquals(3, f.size());
    assertEquals(
        "k3s", f.get(0).component(), "the normalizer reads k3s journal lines as the kubelet");
    assertEquals(
        List.of("--anonymous-auth=false", "--node-labels=", "--read-only-port=0"), f.get(0).argv());
    assertEquals("kube-proxy", f.get(1).component());
    assertEquals(4, f.get(2).lineNumber());
  }

  /** A k3s server's apiserver line runs to thousands of characters; reading it must not recurse. */
  @Test
  void longK3sJournalLineIsReadWithoutDeepRecursion() {
    StringBuilder args = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      args.append(" --flag-").append(i).append("=/var/lib/rancher/k3s/server/tls/file-").append(i);
    }
    String line =
        "Feb 14 18:38:04 n1 k3s[571]: time=\"2026-02-14T18:38:04Z\" level=info msg=\"Running"
            + " kube-apiserver"
            + args
            + "\"\n";
    List<Processes.Found> f = Processes.fromK3sJournal("journal/k3s.txt", line);
    assertEquals(1, f.size());
    assertEquals(400, f.get(0).argv().size());
    assertEquals("kube-apiserver", f.get(0).component());
  }
}
