package dev.fleetscore.report;

import dev.fleetscore.report.ReadonlyPort.NodeState;
import dev.fleetscore.report.ReportData.InUseNode;
import dev.fleetscore.report.ReportData.PoolPort;
import dev.fleetscore.report.ReportView.PortView;
import dev.fleetscore.report.ReportView.Verdict;
import dev.fleetscore.schema.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * "Read-only port migration": per pool, whether kubelet port 10255 can be closed now, what to do
 * first otherwise, the nodes whose clients still call it, the identities that can read the kubelet
 * on 10250 instead (nodes/metrics, or an over-granted nodes/proxy), and the commands that close it.
 */
final class ReadonlyPortSection extends ReportSection {

  /** Pools that need action listed, most urgent first; the rest are counted. */
  static final int POOLS = 25;

  /** Nodes still serving requests listed, and "close now" commands printed. */
  static final int LINES = 25;

  ReadonlyPortSection(ReportPage p) {
    super(p, "readonly", "Read-only port");
  }

  @Override
  void write(Html h) {
    open(h, "Read-only port migration (kubelet port 10255)")
        .raw(
            "<p class=\"lead\">Port 10255 serves pod and node data with no authentication. Following"
                + " GKE\u2019s guidance, a pool is closed once no client uses the port: clients move to"
                + " the authenticated port 10250 with a ClusterRole on <code>nodes/metrics</code> (never"
                + " <code>nodes/proxy</code>); GKE can turn the port off from 1.26.4-gke.500, and"
                + " existing pools are not updated when the cluster default changes. Per pool: the"
                + " node\u2019s own <code>readOnlyPort</code> (effective_settings), what the cloud API"
                + " says (<code>cloud</code> settings), and whether clients still call it (the"
                + " migration finding\u2019s <code>readonly_requests</code>, from"
                + " <code>kubelet_http_requests_total{server_type=\"readonly\"}</code>).</p>");
    List<PortView> ports = v.ports;
    if (ports.isEmpty()) {
      h.raw(
          "<p class=\"muted\">No node has a readOnlyPort value or a cloud read-only-port"
              + " setting.</p></section>\n");
      return;
    }
    verdictChips(h, ports);
    List<PortView> action = new ArrayList<>();
    long closedPools = 0;
    long closedNodes = 0;
    for (PortView pv : ports) {
      if (pv.verdict() == Verdict.CLOSED) {
        closedPools++;
        closedNodes += pv.pool().nodes();
      } else {
        action.add(pv);
      }
    }
    if (!action.isEmpty()) {
      actionTable(h, action);
    }
    h.raw("<p class=\"small\">")
        .text(Fmt.plural(closedPools, "pool", "pools"))
        .raw(" (")
        .text(Fmt.plural(closedNodes, "node", "nodes"))
        .raw(") already have the port closed everywhere.</p>");
    inUse(h, action);
    kubeletReaders(h, action);
    closeNow(h, action);
    h.raw("</section>\n");
  }

  /**
   * The migration's other half: who can read the kubelet on 10250 in each cluster (from
   * rbac_access), beside how many of its nodes still serve 10255 requests, and what to change.
   */
  private void kubeletReaders(Html h, List<PortView> action) {
    List<KubeletAccess> all = d.details().kubeletAccess();
    Map<String, Long> inUseByCluster = new TreeMap<>();
    for (PortView pv : action) {
      inUseByCluster.merge(
          pv.pool().clusterId(), pv.pool().count(NodeState.OPEN_IN_USE), Long::sum);
    }
    h.raw("<h4>Who can read the kubelet on 10250 (RBAC)</h4>")
        .raw(
            "<p class=\"small\">Clients leaving 10255 need <code>get nodes/metrics</code> (and"
                + " <code>nodes/stats</code> for <code>/stats/summary</code>) on the authenticated"
                + " port. <code>nodes/proxy</code> also works but reaches the whole kubelet API,"
                + " exec in every container included; built-in grants are left out.</p>");
    if (all.isEmpty()) {
      h.raw(
          "<p class=\"muted small\">No non-built-in identity holds nodes/metrics, nodes/stats or"
              + " nodes/proxy in the collected RBAC evidence (collect it with fleetscore collect"
              + " rbac).</p>");
      return;
    }
    HtmlTable t =
        HtmlTable.head(h)
            .th("Cluster", "Identity", "Holds", "Status")
            .thn("Nodes still using 10255")
            .th("Through", "What to change")
            .body();
    int shown = 0;
    for (KubeletAccess a : all) {
      if (shown++ == 200) {
        break;
      }
      List<String> holds = new ArrayList<>();
      if (a.metrics()) {
        holds.add("nodes/metrics");
      }
      if (a.stats()) {
        holds.add("nodes/stats");
      }
      if (a.proxy()) {
        holds.add("nodes/proxy");
      }
      String status =
          switch (a.verdict()) {
            case "READY" -> "ready for 10250";
            case "OVER_GRANTED" -> "over-granted";
            default -> "only nodes/proxy: over-granted";
          };
      t.row()
          .tdHtml(p.clusterLink(a.clusterId()))
          .td("mono", a.subject())
          .td("mono small", String.join(", ", holds))
          .td(null, c -> c.el("span", "badge b-" + (a.proxy() ? "fail" : "pass"), status))
          .num(inUseByCluster.getOrDefault(a.clusterId(), 0L))
          .td("mono small", String.join("; ", a.through()))
          .td("small", a.change() == null ? "nothing" : a.change());
    }
    t.end();
    if (all.size() > 200) {
      h.raw("<p class=\"muted small\">")
          .text(Fmt.num(all.size() - 200))
          .raw(" more identities are in the rbac_access table.</p>");
    }
  }

  private static void verdict(Html h, Verdict verdict) {
    h.el("span", "badge b-" + verdict.css, verdict.label);
  }

  private static void verdictChips(Html h, List<PortView> ports) {
    Map<Verdict, long[]> byVerdict = new TreeMap<>();
    for (PortView pv : ports) {
      long[] c = byVerdict.computeIfAbsent(pv.verdict(), k -> new long[3]);
      c[0]++;
      c[1] += pv.pool().nodes();
      c[2] += pv.open();
    }
    h.raw("<div class=\"chips\">");
    for (Map.Entry<Verdict, long[]> e : byVerdict.entrySet()) {
      h.raw("<span class=\"chip\">");
      verdict(h, e.getKey());
      h.raw(" <b>")
          .text(Fmt.plural(e.getValue()[0], "pool", "pools"))
          .raw("</b>, ")
          .text(Fmt.plural(e.getValue()[1], "node", "nodes"))
          .raw(", ")
          .text(Fmt.num(e.getValue()[2]))
          .raw(" open</span>");
    }
    h.raw("</div>");
  }

  private void actionTable(Html h, List<PortView> action) {
    int limit = Math.min(action.size(), POOLS);
    HtmlTable t =
        HtmlTable.head(
                h,
                null,
                c ->
                    c.el(
                        "caption",
                        null,
                        "Pools that still need action, by cluster, most urgent first"))
            .th("Pool", "Next step")
            .thn("Nodes", "Open", "In use", "Unused", "No metrics")
            .th("API says", "Can disable", "Why")
            .body();
    List<PortView> shown = new ArrayList<>(action.subList(0, limit));
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < shown.size(); i++) {
      firstIndex.putIfAbsent(shown.get(i).pool().clusterId(), i);
    }
    shown.sort(
        Comparator.comparingInt((PortView pv) -> firstIndex.get(pv.pool().clusterId()))
            .thenComparingInt(pv -> pv.verdict().ordinal())
            .thenComparing(pv -> pv.pool().pool()));
    String current = null;
    for (PortView pv : shown) {
      PoolPort pp = pv.pool();
      if (!pp.clusterId().equals(current)) {
        current = pp.clusterId();
        String link = p.clusterLink(current);
        t.row("group")
            .tdWith(
                c -> c.raw(link).raw(" ").raw(Badges.badge("prov ", pp.provider())),
                "colspan",
                "10");
      }
      t.row()
          .td("mono cid", pp.pool().isEmpty() ? "(none)" : pp.pool())
          .td(null, c -> verdict(c, pv.verdict()))
          .num(pp.nodes())
          .num(pv.open())
          .num(pp.count(NodeState.OPEN_IN_USE))
          .num(pp.count(NodeState.OPEN_UNUSED))
          .num(pp.count(NodeState.OPEN_UNKNOWN) + pp.count(NodeState.UNKNOWN))
          .td("small", apiSays(pp))
          .td("small", canDisable(pp))
          .td("small", c -> why(c, pv));
    }
    t.end();
    if (limit < action.size()) {
      p.more(
          h,
          action.size() - limit,
          "pools need action (each pool\u2019s readOnlyPort is in effective_settings)",
          Table.EFFECTIVE_SETTINGS);
    }
  }

  private static String apiSays(PoolPort pp) {
    if (pp.apiEnabled() == null) {
      return "\u2013";
    }
    return "enabled="
        + pp.apiEnabled()
        + (pp.apiSource() == null ? "" : " (" + pp.apiSource() + ")");
  }

  private static String canDisable(PoolPort pp) {
    if (pp.canDisable() == null) {
      return "\u2013";
    }
    return pp.canDisable()
        + (pp.versions().isEmpty() ? "" : " (" + String.join(", ", pp.versions()) + ")");
  }

  private static void why(Html h, PortView pv) {
    PoolPort pp = pv.pool();
    h.text(pv.why());
    if (pp.drift() > 0) {
      h.raw(" <b>")
          .text(Fmt.plural(pp.drift(), "node disagrees", "nodes disagree"))
          .raw(
              " with the API</b> (configured outside GKE, or not recreated since the pool"
                  + " changed).");
    }
    if (!pp.portSources().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      pp.portSources()
          .forEach(
              (k, n) ->
                  sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" \u00d7").append(n));
      h.raw(" <span class=\"muted\">Open because of: ").text(sb.toString()).raw(".</span>");
    }
  }

  private void inUse(Html h, List<PortView> action) {
    List<String[]> rows = new ArrayList<>();
    for (PortView pv : action) {
      for (InUseNode n : pv.pool().inUse()) {
        rows.add(
            new String[] {
              pv.pool().clusterId(),
              pv.pool().pool(),
              n.nodeName(),
              n.requests() == null ? "yes (count not recorded)" : Fmt.num(n.requests()),
              n.portValue(),
              n.portSource()
            });
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    h.raw("<h4>Nodes that still receive requests on 10255</h4>");
    HtmlTable t =
        HtmlTable.head(h)
            .th("Cluster", "Pool", "Node")
            .thn("Requests served")
            .th("Port", "Port set by")
            .body();
    for (String[] r : rows.subList(0, Math.min(rows.size(), LINES))) {
      t.row()
          .tdHtml(p.clusterLink(r[0]))
          .td("mono", r[1])
          .td("mono", r[2])
          .num(r[3])
          .num(r[4])
          .tdHtml(Badges.source(r[5]));
    }
    t.end();
    if (rows.size() > LINES) {
      p.more(
          h,
          rows.size() - LINES,
          "nodes still receive requests (the migration findings)",
          Table.FINDINGS);
    }
  }

  private void closeNow(Html h, List<PortView> action) {
    List<String> commands = new ArrayList<>();
    TreeSet<String> clustersToDefault = new TreeSet<>();
    for (PortView pv : action) {
      if (pv.verdict() == Verdict.CLOSE_NOW && pv.command() != null) {
        commands.add(pv.command());
        if (pv.pool().clusterId().startsWith("gke:")) {
          clustersToDefault.add(pv.pool().clusterId());
        }
      }
    }
    if (commands.isEmpty()) {
      return;
    }
    h.raw("<h4>Close now</h4><p class=\"small\">For the pools above that no client uses. GKE")
        .raw(" recommends also setting the cluster default, so new pools start closed:</p>");
    StringBuilder sb = new StringBuilder();
    for (String c : clustersToDefault.stream().limit(LINES).toList()) {
      String cmd = ReadonlyPort.gcloudCloseClusterDefault(c);
      if (cmd != null) {
        sb.append(cmd).append('\n');
      }
    }
    for (String c : commands.subList(0, Math.min(commands.size(), LINES))) {
      sb.append(c).append('\n');
    }
    h.el("pre", "cmd", sb.toString().trim());
    if (commands.size() > LINES) {
      p.more(
          h,
          commands.size() - LINES,
          "pools can be closed now (listed above with their cluster)",
          Table.EFFECTIVE_SETTINGS);
    }
  }
}
