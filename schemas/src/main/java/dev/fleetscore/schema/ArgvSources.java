package dev.fleetscore.schema;

import java.util.Comparator;

/**
 * Which processes row of a component holds its arguments most exactly, for the collector and the
 * normalizer alike. Order: the most exact argv source ({@code /proc/<pid>/cmdline}, then the k3s
 * journal, then {@code ps -eo args}, {@code ps -ef}, {@code ps aux}, anything else, and a static
 * pod manifest last); among k3s journal lines the latest (the process that runs now); then the
 * lowest pid (rows without one after), then the source path, then the line number.
 */
public final class ArgvSources {

  public static final String CMDLINE = "CMDLINE";
  public static final String K3S_JOURNAL = "K3S_JOURNAL";
  public static final String STATIC_POD_MANIFEST = "STATIC_POD_MANIFEST";

  /** The most exact row first; see the class comment. */
  public static final Comparator<ProcessRow> MOST_EXACT_FIRST = ArgvSources::compare;

  private ArgvSources() {}

  /**
   * The component whose arguments a row carries: k3s's journal lines "Running kubelet ..." are the
   * kubelet's arguments.
   */
  public static String component(ProcessRow r) {
    return "k3s".equals(r.getComponent()) && K3S_JOURNAL.equals(r.getArgvSource())
        ? "kubelet"
        : r.getComponent();
  }

  static int rank(String argvSource) {
    return switch (argvSource) {
      case CMDLINE -> 0;
      case K3S_JOURNAL -> 1;
      case "PS_EO_ARGS" -> 2;
      case "PS_EF" -> 3;
      case "PS_AUX" -> 4;
      case STATIC_POD_MANIFEST -> 9;
      default -> 5;
    };
  }

  private static int compare(ProcessRow a, ProcessRow b) {
    int c = Integer.compare(rank(a.getArgvSource()), rank(b.getArgvSource()));
    if (c != 0) {
      return c;
    }
    if (K3S_JOURNAL.equals(a.getArgvSource())) {
      c = Integer.compare(lineOr(b, -1), lineOr(a, -1));
      if (c != 0) {
        return c;
      }
    }
    c =
        Integer.compare(
            a.getPid() == null ? Integer.MAX_VALUE : a.getPid(),
            b.getPid() == null ? Integer.MAX_VALUE : b.getPid());
    if (c != 0) {
      return c;
    }
    c = a.getSourcePath().compareTo(b.getSourcePath());
    return c != 0 ? c : Integer.compare(lineOr(a, 0), lineOr(b, 0));
  }

  private static int lineOr(ProcessRow r, int missing) {
    return r.getLineNumber() == null ? missing : r.getLineNumber();
  }
}
