package dev.fleetscore.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects one node dump in the node-dump contract of shared/DESIGN.md: files copied under {@code
 * fs/<absolute path>}, one {@code stat.txt} line per file of interest (keys included, as {@code
 * stat -c '%a %U %G %s %n'} prints it), the process list as {@code ps.txt} in one of the three
 * formats the importer reads, and {@code cmdline/<pid>} for the Kubernetes processes. Private keys
 * are only ever given a stat line here: there is no method that copies one.
 */
final class DumpBuilder {

  /** The ps invocation whose output becomes ps.txt. */
  enum PsFormat {
    EO_ARGS("ps -eo pid,args"),
    EF("ps -ef"),
    AUX("ps aux");

    final String command;

    PsFormat(String command) {
      this.command = command;
    }
  }

  /** One process: argv[0] is {@code argv.get(0)}. */
  record Proc(int pid, int ppid, String user, List<String> argv, boolean kube, long rssKb) {}

  private record Stat(String mode, String owner, String group, long size) {}

  private final TreeMap<String, byte[]> files = new TreeMap<>();
  private final TreeMap<String, Stat> stats = new TreeMap<>();
  private final List<Proc> procs = new ArrayList<>();

  /** A file copied from the node, owned by root, stat size equal to its content. */
  void file(String path, String content, String mode) {
    file(path, content.getBytes(StandardCharsets.UTF_8), mode, "root", "root", -1);
  }

  /**
   * A file copied from the node. {@code statSize} is the size on the node when the copy differs
   * (secrets redacted on the node, a truncated copy); -1 means the copy's own size.
   */
  void file(String path, byte[] content, String mode, String owner, String group, long statSize) {
    requireAbsolute(path);
    files.put("fs" + path, content);
    stats.put(path, new Stat(mode, owner, group, statSize < 0 ? content.length : statSize));
  }

  /** A file that is only stat'ed (private keys, secrets): its content never enters the dump. */
  void statOnly(String path, String mode, String owner, String group, long size) {
    requireAbsolute(path);
    stats.put(path, new Stat(mode, owner, group, size));
  }

  void dir(String path, String mode, String owner, String group) {
    requireAbsolute(path);
    stats.put(path, new Stat(mode, owner, group, 4096));
  }

  boolean hasFile(String path) {
    return files.containsKey("fs" + path);
  }

  String mode(String path) {
    Stat s = stats.get(path);
    return s == null ? null : s.mode();
  }

  void chmod(String path, String mode) {
    Stat s = stats.get(path);
    if (s == null) {
      throw new IllegalStateException("no stat line for " + path);
    }
    stats.put(path, new Stat(mode, s.owner(), s.group(), s.size()));
  }

  /** Replace a copied file's content, keeping its stat line (a copy that went wrong). */
  void replaceCopy(String path, byte[] content) {
    if (!files.containsKey("fs" + path)) {
      throw new IllegalStateException("no copy of " + path);
    }
    files.put("fs" + path, content);
  }

  /** An entry outside fs/ (journal/, metrics/). */
  void extra(String dumpPath, String content) {
    files.put(dumpPath, content.getBytes(StandardCharsets.UTF_8));
  }

  void process(Proc p) {
    procs.add(p);
  }

  /** The finished dump's entries, sorted by path; meta.env omitted when {@code metaEnv} is null. */
  SortedMap<String, byte[]> finish(
      String metaEnv, PsFormat format, boolean cmdlines, Instant collectedAt, Instant boot) {
    TreeMap<String, byte[]> out = new TreeMap<>(files);
    if (metaEnv != null) {
      out.put("meta.env", metaEnv.getBytes(StandardCharsets.UTF_8));
    }
    List<Proc> sorted = new ArrayList<>(procs);
    sorted.sort(Comparator.comparingInt(Proc::pid));
    out.put("ps.txt", ps(sorted, format, collectedAt, boot).getBytes(StandardCharsets.UTF_8));
    if (cmdlines) {
      for (Proc p : sorted) {
        if (p.kube()) {
          out.put("cmdline/" + p.pid(), cmdline(p.argv()));
        }
      }
    }
    StringBuilder st = new StringBuilder();
    stats.forEach(
        (path, s) ->
            st.append(s.mode())
                .append(' ')
                .append(s.owner())
                .append(' ')
                .append(s.group())
                .append(' ')
                .append(s.size())
                .append(' ')
                .append(path)
                .append('\n'));
    out.put("stat.txt", st.toString().getBytes(StandardCharsets.UTF_8));
    return out;
  }

  static byte[] cmdline(List<String> argv) {
    StringBuilder sb = new StringBuilder();
    for (String a : argv) {
      sb.append(a).append('\0');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter MONDD =
      DateTimeFormatter.ofPattern("MMMdd", Locale.ENGLISH);

  static String ps(List<Proc> procs, PsFormat format, Instant now, Instant boot) {
    StringBuilder sb = new StringBuilder();
    LocalDateTime bootTime = LocalDateTime.ofInstant(boot, ZoneOffset.UTC);
    boolean sameDay =
        bootTime.toLocalDate().equals(LocalDateTime.ofInstant(now, ZoneOffset.UTC).toLocalDate());
    String start = sameDay ? HHMM.format(bootTime) : MONDD.format(bootTime);
    long uptimeMin = Math.max(1, (now.getEpochSecond() - boot.getEpochSecond()) / 60);
    switch (format) {
      case EO_ARGS -> {
        sb.append("    PID COMMAND\n");
        for (Proc p : procs) {
          sb.append(String.format(Locale.ROOT, "%7d %s\n", p.pid(), String.join(" ", p.argv())));
        }
      }
      case EF -> {
        sb.append("UID          PID    PPID  C STIME TTY          TIME CMD\n");
        for (Proc p : procs) {
          long cpu = p.kube() ? uptimeMin * 60 / 40 : p.pid() % 7;
          sb.append(
              String.format(
                  Locale.ROOT,
                  "%-8s %7d %7d %2d %5s %-8s %8s %s\n",
                  p.user(),
                  p.pid(),
                  p.ppid(),
                  p.kube() ? 2 : 0,
                  start,
                  "?",
                  String.format(Locale.ROOT, "%02d:%02d:%02d", cpu / 3600, cpu / 60 % 60, cpu % 60),
                  String.join(" ", p.argv())));
        }
      }
      case AUX -> {
        sb.append("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n");
        for (Proc p : procs) {
          long cpu = p.kube() ? uptimeMin * 60 / 40 : p.pid() % 7;
          boolean kthread = p.argv().get(0).startsWith("[");
          sb.append(
              String.format(
                  Locale.ROOT,
                  "%-8s %7d %4s %4s %6d %5d %-8s %-4s %5s %6s %s\n",
                  p.user(),
                  p.pid(),
                  p.kube() ? "2.8" : "0.0",
                  p.kube() ? "2.7" : "0.0",
                  kthread ? 0 : p.rssKb() * 8 + 4096,
                  kthread ? 0 : p.rssKb(),
                  "?",
                  kthread ? "I<" : p.kube() ? "Ssl" : "Ss",
                  start,
                  (cpu / 60) + ":" + String.format(Locale.ROOT, "%02d", cpu % 60),
                  String.join(" ", p.argv())));
        }
      }
      default -> throw new IllegalStateException(format.toString());
    }
    return sb.toString();
  }

  private static void requireAbsolute(String path) {
    if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/")) {
      throw new IllegalArgumentException("not a clean absolute path: " + path);
    }
  }
}
