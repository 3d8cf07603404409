package dev.fleetscore.collect.node;

import dev.fleetscore.common.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code fleetscore collect node}: the collection node-dump.sh does, run in this JVM on the node
 * itself (root {@code /}) or on a mounted node image ({@code --root DIR}). It builds in memory the
 * dump the script would write, by the script's rules (the same processes, the same files, the same
 * stat lines, the same redaction on the node, private keys never read), and hands it to the same
 * {@link DumpReader} and {@link ImportRun} as {@code collect import}: a node gives the same rows
 * whichever way it was collected. Symlinks are followed as inside a chroot of the root, so nothing
 * outside it is read. The read-only port's metrics and the k3s journal are only taken on the live
 * node.
 */
public final class LiveNode {

  /**
   * What to collect and where to write it.
   *
   * @param root the node's root folder: {@code /} on the node, or a mounted image
   * @param node the node name (null: this host's name, only when root is {@code /})
   * @param label file label (null: one per node, so nodes collected one by one share a date and a
   *     rerun replaces its own files)
   */
  public record Request(
      Path root,
      String cluster,
      String node,
      String provider,
      String nodePool,
      String zone,
      Path warehouse,
      LocalDate date,
      String snapshotId,
      String label,
      long maxFileBytes) {}

  /** The kubelet's read-only port, asked on the live node only (as node-dump.sh does). */
  public static final URI READ_ONLY_METRICS = URI.create("http://127.0.0.1:10255/metrics");

  /** Folders and files node-dump.sh always takes, whatever the flags say. */
  static final List<String> CONVENTIONAL =
      List.of(
          "/etc/kubernetes",
          "/var/lib/kubelet",
          "/home/kubernetes",
          "/etc/rancher/k3s",
          "/var/lib/rancher/k3s/agent",
          "/var/lib/rancher/k3s/server/tls",
          "/etc/eks",
          "/etc/default/kubelet",
          "/etc/sysconfig/kubelet",
          "/etc/systemd/system/kubelet.service",
          "/etc/systemd/system/kubelet.service.d",
          "/usr/lib/systemd/system/kubelet.service",
          "/usr/lib/systemd/system/kubelet.service.d",
          "/etc/systemd/system/k3s.service",
          "/etc/systemd/system/k3s.service.env",
          "/etc/kubernetes/kubelet/config.json.d",
          "/var/lib/rancher/k3s/server/db/etcd/config",
          "/etc/rancher/rke2",
          "/var/lib/rancher/rke2/agent",
          "/var/lib/rancher/rke2/server/tls",
          "/var/lib/rancher/rke2/server/db/etcd/config",
          "/usr/local/lib/systemd/system/rke2-server.service",
          "/usr/local/lib/systemd/system/rke2-agent.service",
          "/usr/lib/systemd/system/rke2-server.service",
          "/usr/lib/systemd/system/rke2-agent.service",
          "/var/lib/rancher/k3s/server/cred/admin.kubeconfig",
          "/var/lib/rancher/k3s/server/cred/controller.kubeconfig",
          "/var/lib/rancher/k3s/server/cred/scheduler.kubeconfig",
          "/var/lib/rancher/rke2/server/cred/admin.kubeconfig",
          "/var/lib/rancher/rke2/server/cred/controller.kubeconfig",
          "/var/lib/rancher/rke2/server/cred/scheduler.kubeconfig");

  /** Big state under the folders of interest that node-dump.sh skips. */
  private static final List<String> SKIPPED =
      List.of(
          "/pods/",
          "/plugins/",
          "/device-plugins/",
          "/checkpoints/",
          "/containerd/",
          "/data/",
          "/agent/logs/");

  /**
   * A kubelet config or kubeconfig, by its kind line (YAML) or pair (JSON): node-dump.sh's grep.
   */
  private static final java.util.regex.Pattern CONFIG_KIND =
      java.util.regex.Pattern.compile(
          "(?m)^kind:[^\\S\\n]*(Config|KubeletConfiguration)[^\\S\\n]*$"
              + "|\"kind\"[^\\S\\n]*:[^\\S\\n]*\"(Config|KubeletConfiguration)\"");

  /** YAML {@code key: /path} at a line's start, as the script's first grep -o. */
  private static final java.util.regex.Pattern YAML_PATH =
      java.util.regex.Pattern.compile(
          "(?m)^[^\\S\\n-]*(?:-[^\\S\\n-]*)*([A-Za-z-]*):[^\\S\\n]*[\"']?(/[^\"'\\s]*)");

  /** JSON {@code "key": "/path"}, as the script's second grep -o. */
  private static final java.util.regex.Pattern JSON_PATH =
      java.util.regex.Pattern.compile(
          "\"([A-Za-z-]*)\"[^\\S\\n]*:[^\\S\\n]*\"(/[^\"'\\n]*)[^\"\\n]*\"");

  private static final int FIND_DEPTH = 3;
  private static final int MAX_LINK_HOPS = 40;
  private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(2);

  private final Path root;
  private final long maxFileBytes;
  private final URI metrics;
  private final boolean journal;

  /** Whether the node's binaries may be run for their version: the live node only. */
  private final boolean exec;

  private final Map<String, byte[]> entries = new TreeMap<>();
  private final List<DumpFiles.Problem> problems = new ArrayList<>();

  /**
   * @param metrics the read-only port's metrics URL, or null to not ask
   * @param journal whether to read the k3s journal with journalctl
   */
  LiveNode(Path root, long maxFileBytes, URI metrics, boolean journal) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new UserError("--root " + root + " cannot be read: " + e.getMessage(), e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new UserError("--root " + root + " is not a folder");
    }
    this.maxFileBytes = maxFileBytes;
    this.metrics = metrics;
    this.journal = journal;
    this.exec = journal;
  }

  /** Collects the node and writes its rows; the counts are those of a one-dump import. */
  public static ImportRun.Result run(Request req) {
    boolean live = isHostRoot(req.root());
    String node = req.node();
    if (node == null || node.isBlank()) {
      if (!live) {
        throw new UserError("--node is required with --root other than /");
      }
      node = hostName();
    }
    Map<String, String> meta = meta(req, node, Instant.now());
    LiveNode collector =
        new LiveNode(req.root(), req.maxFileBytes(), live ? READ_ONLY_METRICS : null, live);
    DumpFiles files = collector.collect(meta);
    String label = req.label() != null ? req.label() : defaultLabel(req.cluster(), node);
    ImportRun.Request ir =
        new ImportRun.Request(
            List.of(),
            req.warehouse(),
            req.date(),
            req.snapshotId(),
            1,
            label,
            req.maxFileBytes(),
            null);
    return ImportRun.runOne(ir, "live:" + collector.root, files);
  }

  /** The meta.env keys node-dump.sh writes, in its order; empty optional values are left out. */
  static Map<String, String> meta(Request req, String node, Instant at) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cluster", req.cluster());
    m.put("node", node);
    m.put("collected_at", DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS)));
    m.put("provider", req.provider());
    m.put("node_pool", req.nodePool());
    m.put("zone", req.zone());
    m.values().removeIf(v -> v == null || v.isEmpty());
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
        throw new UserError("the " + e.getKey() + " value must be one line");
      }
    }
    if (!m.containsKey("cluster")) {
      throw new UserError("--cluster is required");
    }
    return m;
  }

  /** The dump node-dump.sh would write for this root, in memory. */
  DumpFiles collect(Map<String, String> meta) {
    StringBuilder env = new StringBuilder();
    meta.forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
    Map<String, String> versions = new TreeMap<>();
    Map<String, String> versionSources = new TreeMap<>();
    Set<String> wanted = new TreeSet<>();
    StringBuilder ps = new StringBuilder("    PID COMMAND\n");
    boolean k3s = false;
    for (long pid : pids()) {
      byte[] raw = readProc(pid, "cmdline");
      if (raw == null) {
        continue;
      }
      List<String> argv = splitNul(raw);
      String line =
          argv.isEmpty() ? "[" + comm(pid) + "]" : String.join(" ", argv).replace('\n', '?');
      ps.append(String.format(Locale.ROOT, "%7d ", pid))
          .append(Secrets.redactFlagsOnNode(line))
          .append('\n');
      k3s |= line.contains("k3s");
      // k3s and rke2 rewrite their argv to one field, "k3s server"
      String first = argv.isEmpty() ? "" : argv.get(0);
      String comp =
          Processes.componentOf(
                  first.indexOf(' ') < 0 ? first : first.substring(0, first.indexOf(' ')))
              .orElse(null);
      if (comp == null) {
        continue;
      }
      entries.put("cmdline/" + pid, redactCmdline(raw));
      if (exec && !versions.containsKey(comp)) {
        String v = binaryVersion(pid);
        if (v != null) {
          versions.put(comp, v);
          versionSources.put(comp, "/proc/" + pid + "/exe --version");
        }
      }
      for (String arg : argv) {
        if (arg.startsWith("--") && arg.contains("=/")) {
          want(wanted, arg.substring(arg.indexOf('=') + 1));
        } else {
          want(wanted, arg);
        }
      }
    }
    entries.put("ps.txt", ps.toString().getBytes(StandardCharsets.UTF_8));
    CONVENTIONAL.forEach(f -> want(wanted, f));
    Set<String> paths = new TreeSet<>();
    for (String f : wanted) {
      expand(f, paths);
    }
    paths.removeIf(p -> SKIPPED.stream().anyMatch(p::contains));
    StringBuilder stat = new StringBuilder();
    for (String f : paths) {
      copy(f, stat);
    }
    // Files the copied configs name, and what those name in turn (three rounds at most).
    for (int round = 0; round < 3; round++) {
      Set<String> named = new TreeSet<>();
      for (String f : named()) {
        want(named, f);
      }
      Set<String> more = new TreeSet<>();
      for (String f : named) {
        expand(f, more);
      }
      more.removeIf(p -> SKIPPED.stream().anyMatch(p::contains) || paths.contains(p));
      if (more.isEmpty()) {
        break;
      }
      paths.addAll(more);
      for (String f : more) {
        copy(f, stat);
      }
    }
    entries.put("stat.txt", stat.toString().getBytes(StandardCharsets.UTF_8));
    env.append(versionLines(versions, versionSources));
    entries.put(
        "meta.env", Secrets.redactFileOnNode(env.toString().getBytes(StandardCharsets.UTF_8)));
    if (metrics != null) {
      readMetrics();
    }
    if (journal && k3s) {
      readK3sJournal();
    }
    return DumpFiles.of(entries, problems);
  }

  // ---------------------------------------------------------------- processes

  private List<Long> pids() {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(root.resolve("proc"))) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (name.matches("[0-9]+") && name.length() < 12) {
          out.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      // No /proc (a mounted image): no processes, as the script finds none.
    }
    out.sort(null);
    return out;
  }

  private byte[] readProc(long pid, String file) {
    try {
      return Files.readAllBytes(root.resolve("proc").resolve(Long.toString(pid)).resolve(file));
    } catch (IOException e) {
      return null; // the process ended, or is not ours to read
    }
  }

  private String comm(long pid) {
    byte[] c = readProc(pid, "comm");
    return c == null ? "?" : new String(c, StandardCharsets.UTF_8).strip();
  }

  private static List<String> splitNul(byte[] raw) {
    String s = new String(raw, StandardCharsets.UTF_8);
    if (s.endsWith("\0")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.isEmpty() ? List.of() : List.of(s.split("\0", -1));
  }

  /** Each argument redacted as the script's sed does, NUL-separated as in /proc. */
  private static byte[] redactCmdline(byte[] raw) {
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    String[] args = Secrets.redactArgsOnNode(s.split("\0", -1));
    return String.join("\0", args).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** An absolute path worth a look; "/" itself would copy the whole root, so it is not. */
  private static void want(Set<String> wanted, String path) {
    if (!path.startsWith("/")) {
      return;
    }
    List<String> parts = new ArrayList<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(c);
    }
    if (!parts.isEmpty()) {
      wanted.add("/" + String.join("/", parts));
    }
  }

  // ---------------------------------------------------------------- files

  /** A folder's files and symlinks three levels down (find -maxdepth 3), or the file itself. */
  private void expand(String f, Set<String> paths) {
    Path real = resolve(f, true);
    if (real == null) {
      return;
    }
    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      Path last = resolve(f, false);
      if (last == null || Files.isSymbolicLink(last)) {
        return; // find does not enter a symlinked folder given to it
      }
      try {
        Files.walkFileTree(
            real,
            EnumSet.noneOf(FileVisitOption.class),
            FIND_DEPTH,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                  paths.add(f + "/" + real.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        problems.add(
            new DumpFiles.Problem(f, "UNREADABLE", "cannot list " + f + ": " + e.getMessage()));
      }
    } else if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
      paths.add(f);
    }
  }

  /**
   * One path of interest: its stat line (keys included), and a copy of its content unless it is a
   * key or over the limit; a PEM holding a key keeps only its certificates.
   */
  private void copy(String f, StringBuilder stat) {
    Path real = resolve(f, true);
    if (real == null || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    long size;
    try {
      PosixFileAttributes a =
          Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      size = a.size();
      stat.append(mode(real, a.permissions()))
          .append(' ')
          .append(a.owner().getName())
          .append(' ')
          .append(a.group().getName())
          .append(' ')
          .append(size)
          .append(' ')
          .append(f)
          .append('\n');
    } catch (IOException | UnsupportedOperationException e) {
      problems.add(new DumpFiles.Problem(f, "UNREADABLE", "cannot stat " + f + ": " + e));
      return;
    }
    if (isKeyName(f) || size > maxFileBytes) {
      return;
    }
    byte[] content;
    try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
      content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
    } catch (IOException e) {
      problems.add(
          new DumpFiles.Problem(f, "UNREADABLE", "cannot read " + f + ": " + e.getMessage()));
      return;
    }
    if (content.length > maxFileBytes) {
      return; // it grew past the limit while we looked
    }
    entries.put(
        "fs" + f,
        CertParser.containsPrivateKey(content)
            ? certificatesOnly(content)
            : Secrets.redactFileOnNode(content));
  }

  /** Names node-dump.sh never copies (keys, token files): its {@code case} patterns. */
  static boolean isKeyName(String f) {
    return f.endsWith(".key")
        || f.endsWith("-key.pem")
        || f.endsWith("_key.pem")
        || f.endsWith("/token")
        || f.endsWith(".csv") && f.substring(f.lastIndexOf('/') + 1).contains("token");
  }

  /** The mode as {@code stat -c %a} prints it: octal, with setuid, setgid and sticky bits. */
  private static String mode(Path real, Set<PosixFilePermission> perms) {
    try {
      Object m = Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return Integer.toOctalString(((Integer) m) & 07777);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      int bits = 0;
      for (PosixFilePermission p : perms) {
        bits |= 1 << (8 - p.ordinal());
      }
      return Integer.toOctalString(bits);
    }
  }

  /** The certificate blocks of a PEM, line by line, as the script's awk keeps them. */
  static byte[] certificatesOnly(byte[] content) {
    String s = new String(content, StandardCharsets.ISO_8859_1);
    String[] lines = s.split("\n", -1);
    int n = s.endsWith("\n") ? lines.length - 1 : lines.length;
    StringBuilder out = new StringBuilder();
    boolean in = false;
    for (int i = 0; i < n; i++) {
      if (lines[i].contains("-----BEGIN CERTIFICATE-----")) {
        in = true;
      }
      if (in) {
        out.append(lines[i]).append('\n');
      }
      if (lines[i].contains("-----END CERTIFICATE-----")) {
        in = false;
      }
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Where a node path is under the root, following symlinks as a chroot would: an absolute target
   * starts again at the root and ".." stops at it, so nothing outside the root is ever named. Null
   * when links loop.
   *
   * @param followLast whether a symlink as the last component is followed
   */
  Path resolve(String nodePath, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>(List.of(nodePath.split("/")));
    Path cur = root;
    int hops = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!cur.equals(root)) {
          cur = cur.getParent();
        }
        continue;
      }
      Path next = cur.resolve(c);
      if ((followLast || !todo.isEmpty()) && Files.isSymbolicLink(next)) {
        if (++hops > MAX_LINK_HOPS) {
          return null;
        }
        String target;
        try {
          target = Files.readSymbolicLink(next).toString();
        } catch (IOException e) {
          return null;
        }
        String[] parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
          todo.addFirst(parts[i]);
        }
        if (target.startsWith("/")) {
          cur = root;
        }
        continue;
      }
      cur = next;
    }
    return cur;
  }

  /**
   * The absolute paths that the copied kubelet configs, drop-ins and kubeconfigs name under a key
   * ending in File or Path, or certificate-authority, client-certificate, client-key; never one
   * naming a token, secret or password (node-dump.sh's {@code named}).
   */
  private Set<String> named() {
    Set<String> out = new TreeSet<>();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      if (!e.getKey().startsWith("fs/")) {
        continue;
      }
      String text = new String(e.getValue(), StandardCharsets.ISO_8859_1);
      if (!CONFIG_KIND.matcher(text).find()) {
        continue;
      }
      for (java.util.regex.Pattern p : List.of(YAML_PATH, JSON_PATH)) {
        java.util.regex.Matcher m = p.matcher(text);
        while (m.find()) {
          String key = m.group(1);
          String path = m.group(2);
          boolean named =
              key.endsWith("File")
                  || key.endsWith("file")
                  || key.endsWith("Path")
                  || key.equals("certificate-authority")
                  || key.equals("client-certificate")
                  || key.equals("client-key");
          String both = (key + " " + path).toLowerCase(Locale.ROOT);
          if (named
              && !both.contains("token")
              && !both.contains("secret")
              && !both.contains("password")) {
            out.add(path);
          }
        }
      }
    }
    return out;
  }

  /**
   * The meta.env lines of the OS image and the versions: the binaries' own answer on the live node,
   * else what a mounted image's files record (EKS's kubelet-version.txt, RKE2's data dir name).
   */
  private String versionLines(Map<String, String> versions, Map<String, String> sources) {
    StringBuilder b = new StringBuilder();
    byte[] os = readUnderRoot("/etc/os-release");
    if (os != null) {
      for (String line : new String(os, StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("PRETTY_NAME=")) {
          String v = line.substring("PRETTY_NAME=".length()).replace("\"", "").replace("'", "");
          if (!v.isEmpty()) {
            b.append("os_image=").append(v).append('\n');
          }
          break;
        }
      }
    }
    String kv = null;
    String ks = null;
    if (exec) {
      for (String c : List.of("kubelet", "k3s")) {
        if (kv == null && versions.containsKey(c)) {
          kv = versions.get(c);
          ks = sources.get(c);
        }
      }
    } else {
      byte[] eks = readUnderRoot("/etc/eks/kubelet-version.txt");
      if (eks != null) {
        kv = versionOf(new String(eks, StandardCharsets.UTF_8));
        ks = kv == null ? null : "/etc/eks/kubelet-version.txt";
      }
      if (kv == null) {
        kv = rke2DataDirVersion();
        ks = kv == null ? null : "/var/lib/rancher/rke2/data";
      }
    }
    if (kv != null) {
      b.append("kubelet_version=").append(kv).append('\n');
      b.append("kubelet_version_source=").append(ks).append('\n');
    }
    versions.forEach(
        (c, v) -> {
          if (!c.equals("kubelet")) {
            b.append(c.replace('-', '_')).append("_version=").append(v).append('\n');
          }
        });
    return b.toString();
  }

  /** The first word of the first line that looks like a version (v1.33.1+k3s1, 3.5.13). */
  static String versionOf(String output) {
    String line = output.split("\n", 2)[0];
    for (String w : line.trim().split("[ \t]+")) {
      if (w.matches("v?[0-9]+\\.[0-9]+.*")) {
        return w;
      }
    }
    return null;
  }

  /** RKE2's data dir is named by release ({@code v1.30.2-rke2r1-<hash>}): the newest one. */
  private String rke2DataDirVersion() {
    Path d = resolve("/var/lib/rancher/rke2/data", true);
    if (d == null || !Files.isDirectory(d)) {
      return null;
    }
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (Files.isDirectory(p) && n.startsWith("v") && n.contains("-rke2r")) {
          names.add(n);
        }
      }
    } catch (IOException e) {
      return null;
    }
    if (names.isEmpty()) {
      return null;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(v[0-9.]+)-(rke2r[0-9]*).*").matcher(names.last());
    return m.matches() ? m.group(1) + "+" + m.group(2) : null;
  }

  private byte[] readUnderRoot(String nodePath) {
    Path p = resolve(nodePath, true);
    if (p == null || !Files.isRegularFile(p)) {
      return null;
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      return null;
    }
  }

  /** What {@code /proc/PID/exe --version} prints, on the live node only. */
  private String binaryVersion(long pid) {
    Process p;
    try {
      p =
          new ProcessBuilder("/proc/" + pid + "/exe", "--version")
              .redirectErrorStream(false)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return null;
    }
    try (InputStream in = p.getInputStream()) {
      byte[] out = in.readNBytes(4096);
      if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return versionOf(new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return null;
    }
  }

  // ---------------------------------------------------------------- live node only

  /** The read-only port's kubelet_http_requests_total lines; nothing when it does not answer. */
  private void readMetrics() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(METRICS_TIMEOUT).build();
    HttpRequest get = HttpRequest.newBuilder(metrics).timeout(METRICS_TIMEOUT).GET().build();
    String body;
    try {
      body = client.send(get, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    } catch (IOException e) {
      return; // the port is closed, as it should be: nothing to record (node-dump.sh: the same)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    StringBuilder kept = new StringBuilder();
    for (String line : body.split("\n")) {
      if (line.startsWith("kubelet_http_requests_total")) {
        kept.append(line).append('\n');
      }
    }
    entries.put("metrics/kubelet.txt", kept.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** k3s runs the kubelet inside itself: its journal's "Running kube..." lines name the flags. */
  private void readK3sJournal() {
    Process p;
    try {
      p =
          new ProcessBuilder("journalctl", "-u", "k3s", "-u", "k3s-agent", "--no-pager")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return; // no journalctl: as the script, nothing
    }
    StringBuilder kept = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.contains("Running kube") && kept.length() < maxFileBytes) {
          kept.append(line).append('\n');
        }
      }
      p.waitFor();
    } catch (IOException e) {
      problems.add(
          new DumpFiles.Problem(
              "journal/k3s.txt", "UNREADABLE", "cannot read the k3s journal: " + e.getMessage()));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroy();
      return;
    }
    entries.put("journal/k3s.txt", kept.toString().getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- helpers

  static boolean isHostRoot(Path root) {
    return root.toAbsolutePath().normalize().equals(root.getFileSystem().getPath("/"));
  }

  private static String hostName() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException e) {
      // not Linux, or no /proc: the environment may still know
    }
    String h = System.getenv("HOSTNAME");
    return h == null || h.isBlank() ? "unknown" : h.strip();
  }

  /**
   * One label per node ({@code node.<name>.<8 hex of cluster and name>}), so nodes collected one by
   * one into the same date never replace each other's files, and a rerun replaces its own.
   */
  static String defaultLabel(String cluster, String node) {
    String name = node.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_");
    if (name.length() > 40) {
      name = name.substring(0, 40);
    }
    byte[] h = DumpFiles.sha256().digest((cluster + "\n" + node).getBytes(StandardCharsets.UTF_8));
    return "node." + name + "." + HexFormat.of().formatHex(h, 0, 4);
  }
}
