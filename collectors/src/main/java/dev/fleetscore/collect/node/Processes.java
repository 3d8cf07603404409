package dev.fleetscore.collect.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Kubernetes processes in a node's evidence: {@code /proc/<pid>/cmdline} (exact), {@code
 * ps} output in the three shapes people capture ({@code ps -eo pid,args}, {@code ps -ef}, {@code ps
 * aux}, told apart by the header) and the k3s journal's "Running kubelet ..." lines. A process is
 * recognised by the base name of its executable only, so the {@code grep kubelet} or {@code ssh
 * node ps | grep} noise of a capture is never taken for a kubelet.
 */
final class Processes {

  /** One process found: component, pid (or null), executable, the arguments after it. */
  record Found(
      String component,
      Integer pid,
      String executable,
      List<String> argv,
      String argvSource,
      boolean lossy,
      String sourcePath,
      Integer lineNumber) {}

  /** A line of a process list that could not be read. */
  record BadLine(int lineNumber, String message) {}

  static final Set<String> COMPONENTS =
      Set.of(
          "kubelet",
          "kube-apiserver",
          "etcd",
          "kube-controller-manager",
          "kube-scheduler",
          "kube-proxy",
          "k3s",
          "rke2");

  private static final Pattern JOURNAL =
      Pattern.compile(
          "msg=\"Running (kubelet|kube-apiserver|kube-controller-manager|kube-scheduler|kube-proxy|etcd)"
              + " ?((?:[^\"\\\\]++|\\\\.)*+)\"");

  private Processes() {}

  /** The component an executable is, by its base name, or empty. */
  static Optional<String> componentOf(String executable) {
    String base = executable.substring(executable.lastIndexOf('/') + 1);
    return COMPONENTS.contains(base) ? Optional.of(base) : Optional.empty();
  }

  /** Reads one /proc/<pid>/cmdline file: NUL-separated, a trailing NUL or not. */
  static Optional<Found> fromCmdline(String sourcePath, Integer pid, byte[] content) {
    String s = new String(content, StandardCharsets.UTF_8);
    if (s.endsWith("\0")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    List<String> all = new ArrayList<>(Arrays.asList(s.split("\0", -1)));
    String exe = all.remove(0);
    // k3s and rke2 overwrite their argv with setproctitle: one field "<argv0> server" (or agent)
    // padded with NULs; split it back so the server/agent word is an argument again
    int space = exe.indexOf(' ');
    if (space > 0
        && all.stream().allMatch(String::isEmpty)
        && Set.of("k3s", "rke2").contains(exe.substring(exe.lastIndexOf('/', space) + 1, space))) {
      all = new ArrayList<>(Arrays.asList(exe.substring(space + 1).trim().split("\\s+")));
      exe = exe.substring(0, space);
    }
    final String executable = exe;
    final List<String> args = all;
    return componentOf(executable)
        .map(
            c ->
                new Found(
                    c, pid, executable, List.copyOf(args), "CMDLINE", false, sourcePath, null));
  }

  /** The shape of a ps capture, from its header line. */
  enum PsShape {
    PS_EO_ARGS(1),
    PS_EF(7),
    PS_AUX(10);

    final int leadingColumns;

    PsShape(int leadingColumns) {
      this.leadingColumns = leadingColumns;
    }

    static Optional<PsShape> ofHeader(String header) {
      List<String> h = Arrays.asList(header.trim().toUpperCase(Locale.ROOT).split("\\s+"));
      if (h.size() == 2
          && h.get(0).equals("PID")
          && Set.of("COMMAND", "ARGS", "CMD").contains(h.get(1))) {
        return Optional.of(PS_EO_ARGS);
      }
      if (h.size() == 8
          && h.get(0).equals("UID")
          && h.get(1).equals("PID")
          && h.get(7).equals("CMD")) {
        return Optional.of(PS_EF);
      }
      if (h.size() == 11
          && h.get(0).equals("USER")
          && h.get(1).equals("PID")
          && h.get(10).equals("COMMAND")) {
        return Optional.of(PS_AUX);
      }
      return Optional.empty();
    }
  }

  /**
   * Reads a ps capture. Lines of other processes are skipped; an unknown header is one bad line and
   * nothing is read (guessing columns would invent arguments).
   */
  static List<Found> fromPs(String sourcePath, String text, List<BadLine> bad) {
    List<Found> out = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    int i = 0;
    while (i < lines.length && lines[i].isBlank()) {
      i++;
    }
    if (i == lines.length) {
      return out;
    }
    Optional<PsShape> shape = PsShape.ofHeader(lines[i]);
    if (shape.isEmpty()) {
      bad.add(
          new BadLine(
              i + 1,
              "unknown ps header '"
                  + abbreviate(lines[i])
                  + "' (expected ps -eo pid,args, ps -ef or ps aux)"));
      return out;
    }
    PsShape sh = shape.get();
    for (int n = i + 1; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cols = line.split("\\s+", sh.leadingColumns + 1);
      if (cols.length <= sh.leadingColumns) {
        continue;
      }
      String pidCol = sh == PsShape.PS_EO_ARGS ? cols[0] : cols[1];
      Integer pid;
      try {
        pid = Integer.valueOf(pidCol);
      } catch (NumberFormatException e) {
        bad.add(new BadLine(n + 1, "no pid in ps line"));
        continue;
      }
      List<String> words = new ArrayList<>(Arrays.asList(cols[sh.leadingColumns].split("\\s+")));
      String exe = words.remove(0);
      int line1 = n + 1;
      componentOf(exe)
          .ifPresent(
              c ->
                  out.add(
                      new Found(
                          c, pid, exe, List.copyOf(words), sh.name(), true, sourcePath, line1)));
    }
    return out;
  }

  /**
   * Reads the k3s journal: every "Running kubelet ..." line is the kubelet's arguments as k3s
   * starts it (component k3s, as the normalizer expects); the other embedded components keep their
   * own name. All lines are kept: the last one is the kubelet that runs now.
   */
  static List<Found> fromK3sJournal(String sourcePath, String text) {
    List<Found> out = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int n = 0; n < lines.length; n++) {
      Matcher m = JOURNAL.matcher(lines[n]);
      if (!m.find()) {
        continue;
      }
      String comp = m.group(1);
      String args = m.group(2).replace("\\\"", "\"").strip();
      List<String> argv = args.isEmpty() ? List.of() : List.of(args.split("\\s+"));
      out.add(
          new Found(
              comp.equals("kubelet") ? "k3s" : comp,
              null,
              comp,
              argv,
              "K3S_JOURNAL",
              true,
              sourcePath,
              n + 1));
    }
    return out;
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
