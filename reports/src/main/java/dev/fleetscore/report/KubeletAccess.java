package dev.fleetscore.report;

import dev.fleetscore.schema.RbacAccessRow;
import dev.fleetscore.schema.io.ParquetRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The other half of the read-only-port migration: per cluster, the identities that can read the
 * kubelet on the authenticated port 10250, from {@code rbac_access} ({@code capabilities} holding
 * {@code get nodes/metrics}, {@code get nodes/stats} or {@code access nodes/proxy}, built-in grants
 * left out). A client that holds nodes/metrics is ready to move off 10255; one that holds only
 * nodes/proxy is over-granted (proxy also execs in every container of the node). Rows are streamed,
 * so a large rbac_access table is never held in memory.
 *
 * @param clusterId cluster id
 * @param subject the identity (rbac_access {@code subject_kind} and {@code subject})
 * @param metrics holds get nodes/metrics
 * @param stats holds get nodes/stats
 * @param proxy holds nodes/proxy (any verb)
 * @param through the bindings that give it, {@code ClusterRoleBinding/x -> ClusterRole/y}
 */
record KubeletAccess(
    String clusterId,
    String subject,
    boolean metrics,
    boolean stats,
    boolean proxy,
    SortedSet<String> through) {

  static final String METRICS = "get nodes/metrics";
  static final String STATS = "get nodes/stats";
  static final String PROXY = "access nodes/proxy";

  /** What the identity needs changed, or null when it is ready. */
  String change() {
    if (proxy && metrics) {
      return "drop nodes/proxy from its role: nodes/metrics"
          + (stats ? " and nodes/stats" : "")
          + " already serve monitoring";
    }
    if (proxy) {
      return "replace nodes/proxy with nodes/metrics and nodes/stats (get)";
    }
    return null;
  }

  /** READY, OVER_GRANTED (proxy besides metrics) or PROXY_ONLY. */
  String verdict() {
    return proxy ? (metrics ? "OVER_GRANTED" : "PROXY_ONLY") : "READY";
  }

  /** Every non-system identity that can read the kubelet, by cluster then subject. */
  static List<KubeletAccess> read(List<Path> files) {
    Map<String, boolean[]> flags = new TreeMap<>();
    Map<String, SortedSet<String>> through = new TreeMap<>();
    for (Path f : files) {
      try (ParquetRows.Reader<RbacAccessRow> r =
          ParquetRows.reader(ParquetRows.local(f), RbacAccessRow.class)) {
        while (r.hasNext()) {
          RbacAccessRow a = r.next();
          List<String> caps = a.getCapabilities();
          boolean m = caps.contains(METRICS);
          boolean s = caps.contains(STATS);
          boolean p = caps.contains(PROXY);
          if (a.getSystem() || !(m || s || p)) {
            continue;
          }
          String key = a.getClusterId() + "\u0000" + a.getSubjectKind() + " " + a.getSubject();
          boolean[] fl = flags.computeIfAbsent(key, k -> new boolean[3]);
          fl[0] |= m;
          fl[1] |= s;
          fl[2] |= p;
          through
              .computeIfAbsent(key, k -> new TreeSet<>())
              .add(
                  a.getBindingKind()
                      + (a.getBindingNamespace() == null
                          ? "/"
                          : " " + a.getBindingNamespace() + "/")
                      + a.getBindingName()
                      + " -> "
                      + a.getRoleKind()
                      + "/"
                      + a.getRoleName());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    List<KubeletAccess> out = new ArrayList<>();
    flags.forEach(
        (k, fl) -> {
          int z = k.indexOf('\u0000');
          out.add(
              new KubeletAccess(
                  k.substring(0, z), k.substring(z + 1), fl[0], fl[1], fl[2], through.get(k)));
        });
    return out;
  }
}
