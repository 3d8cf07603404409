package dev.fleetscore.report;

import dev.fleetscore.report.ReportView.ChangeView;
import dev.fleetscore.report.ReportView.ControlAgg;
import dev.fleetscore.report.ReportView.PortView;
import dev.fleetscore.report.ReportView.Verdict;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.FleetSummaryRow;
import dev.fleetscore.schema.FleetscoreVersion;
import java.util.List;
import java.util.Map;

/**
 * A short Markdown summary of one snapshot for a ticket or a chat message: the fleet score, the
 * counts reconciliation, the top changes, the worst clusters and controls, and the read-only-port
 * pools that need action. Table values are escaped so a node name cannot inject Markdown or HTML.
 */
public final class MarkdownReport {

  private MarkdownReport() {}

  static final int TOP = 10;

  /** Escapes Markdown punctuation and angle brackets; newlines become spaces. */
  static String md(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\r', '\n' -> out.append(' ');
        case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~' -> out.append('\\').append(c);
        default -> out.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return out.toString();
  }

  public static String render(ReportData d) {
    ReportView v = new ReportView(d);
    StringBuilder sb = new StringBuilder();
    sb.append("## Fleet security report \u2013 ").append(d.date()).append("\n\n");
    FleetSummaryRow a = v.all;
    Double prev = v.previousScore.get("ALL");
    sb.append("**Fleet score ").append(Fmt.score(a == null ? null : a.getScore())).append("**");
    if (prev != null && a != null && a.getScore() != null) {
      sb.append(" (")
          .append(Fmt.delta(a.getScore() - prev))
          .append(" since ")
          .append(d.previousDate())
          .append(')');
    }
    sb.append(" \u00b7 ").append(Fmt.plural(v.byCluster.size(), "cluster", "clusters"));
    if (a != null) {
      sb.append(" \u00b7 ")
          .append(Fmt.plural(a.getNodesScored(), "node", "nodes"))
          .append(" scored \u00b7 ")
          .append(Fmt.num(a.getFailCount()))
          .append(" failing findings");
    }
    sb.append("\n\n");
    for (FleetSummaryRow r : d.fleet()) {
      if (!"ALL".equals(r.getFramework())) {
        sb.append("- ").append(md(r.getFramework())).append(": ").append(Fmt.score(r.getScore()));
        Double p = v.previousScore.get(r.getFramework());
        if (p != null && r.getScore() != null) {
          sb.append(" (").append(Fmt.delta(r.getScore() - p)).append(')');
        }
        sb.append('\n');
      }
    }
    sb.append('\n');
    if (a != null) {
      sb.append(v.reconciles() ? "Counts reconcile: " : "**Counts do NOT reconcile:** ")
          .append(Fmt.num(a.getDumpsIn()))
          .append(" dumps in = ")
          .append(Fmt.num(a.getNodesScored()))
          .append(" scored + ")
          .append(Fmt.num(a.getNodesQuarantined()))
          .append(" quarantined");
      if (v.coverageExpected > 0) {
        sb.append("; coverage ")
            .append(Fmt.pct(v.coverageScored / (double) v.coverageExpected))
            .append(" of the nodes clusters report");
      }
      sb.append(".\n\n");
    }

    sb.append("### Changes");
    if (d.previousDate() != null) {
      sb.append(" since ").append(d.previousDate());
    }
    sb.append("\n\n")
        .append(Fmt.num(v.changeCounts.getOrDefault("NEW_FAILURE", 0L)))
        .append(" new failures, ")
        .append(Fmt.num(v.changeCounts.getOrDefault("REGRESSED", 0L)))
        .append(" regressed, ")
        .append(Fmt.num(v.changeCounts.getOrDefault("FIXED", 0L)))
        .append(" fixed (cluster \u00d7 control).\n\n");
    List<ChangeView> changes = v.topChanges;
    for (ChangeView c : changes.subList(0, Math.min(TOP, changes.size()))) {
      sb.append("- **")
          .append(c.change().replace('_', ' '))
          .append("** ")
          .append(md(c.clusterId()))
          .append(" \u2013 ")
          .append(md(c.framework() + ":" + c.controlId()))
          .append(' ')
          .append(md(c.title()));
      if (c.severity() != null) {
        sb.append(" (").append(md(c.severity())).append(')');
      }
      if (c.currentFail() != null && c.currentFail() > 0) {
        sb.append(", ").append(Fmt.plural(c.currentFail(), "node", "nodes")).append(" failing");
      }
      sb.append('\n');
    }
    if (changes.size() > TOP) {
      sb.append("- \u2026 and ").append(Fmt.num(changes.size() - TOP)).append(" more\n");
    }

    sb.append("\n### Worst clusters\n\n| cluster | provider |");
    for (String fw : v.frameworks) {
      sb.append(' ').append(md(fw)).append(" |");
    }
    sb.append(" nodes |\n|---|---|");
    sb.append("---:|".repeat(v.frameworks.size()));
    sb.append("---:|\n");
    for (String c : v.clusterOrder.subList(0, Math.min(TOP, v.clusterOrder.size()))) {
      Map<String, ClusterComplianceRow> m = v.byCluster.get(c);
      sb.append("| ").append(md(c)).append(" | ").append(md(v.provider(c))).append(" |");
      for (String fw : v.frameworks) {
        ClusterComplianceRow r = m.get(fw);
        sb.append(' ').append(r == null ? "" : Fmt.score(r.getScore())).append(" |");
      }
      ClusterComplianceRow any = v.anyRow(c);
      sb.append(' ').append(any == null ? "" : Fmt.num(any.getNodesScored())).append(" |\n");
    }

    List<ControlAgg> controls = v.worstControls;
    if (!controls.isEmpty()) {
      sb.append("\n### Worst controls\n\n");
      for (ControlAgg c : controls.subList(0, Math.min(5, controls.size()))) {
        sb.append("- ")
            .append(md(c.framework() + ":" + c.controlId()))
            .append(' ')
            .append(md(c.title()))
            .append(" (")
            .append(md(c.severity()))
            .append("): ");
        if ("CLUSTER".equals(c.scope())) {
          sb.append("failing in ").append(Fmt.plural(c.clustersFailing(), "cluster", "clusters"));
        } else {
          sb.append(Fmt.plural(c.failNodes(), "node", "nodes"))
              .append(" failing in ")
              .append(Fmt.plural(c.clustersFailing(), "cluster", "clusters"));
        }
        sb.append('\n');
      }
    }

    long close = 0;
    long migrate = 0;
    long upgrade = 0;
    long check = 0;
    for (PortView p : v.ports) {
      if (p.verdict() == Verdict.CLOSE_NOW) {
        close++;
      } else if (p.verdict() == Verdict.MIGRATE_CLIENTS) {
        migrate++;
      } else if (p.verdict() == Verdict.UPGRADE_FIRST) {
        upgrade++;
      } else if (p.verdict() == Verdict.CHECK_FIRST) {
        check++;
      }
    }
    if (close + migrate + upgrade + check > 0) {
      sb.append("\n### Read-only port 10255\n\n")
          .append(Fmt.plural(close, "pool", "pools"))
          .append(" can close it now, ")
          .append(Fmt.num(migrate))
          .append(" must migrate clients first, ")
          .append(Fmt.num(upgrade))
          .append(" must upgrade first, ")
          .append(Fmt.num(check))
          .append(" lack metrics.\n");
      int k = 0;
      for (PortView p : v.ports) {
        if (p.verdict() == Verdict.CLOSED || k++ >= TOP) {
          continue;
        }
        sb.append("- ")
            .append(md(p.pool().clusterId()))
            .append(" / ")
            .append(md(p.pool().pool()))
            .append(": **")
            .append(p.verdict().label)
            .append("** (")
            .append(Fmt.num(p.open()))
            .append(" of ")
            .append(Fmt.plural(p.pool().nodes(), "node", "nodes"))
            .append(" open)\n");
      }
      long ready = 0;
      long proxy = 0;
      for (KubeletAccess ka : d.details().kubeletAccess()) {
        if (ka.proxy()) {
          proxy++;
        } else if (ka.metrics()) {
          ready++;
        }
      }
      if (ready + proxy > 0) {
        sb.append("\nKubelet readers on 10250 (RBAC): ")
            .append(Fmt.plural(ready, "identity holds", "identities hold"))
            .append(" nodes/metrics, ")
            .append(Fmt.plural(proxy, "holds", "hold"))
            .append(" nodes/proxy (over-granted: use nodes/metrics and nodes/stats).\n");
      }
    }
    sb.append("\n_fleetscore ")
        .append(md(FleetscoreVersion.VERSION))
        .append(", snapshot ")
        .append(md(String.join(", ", d.snapshotIds())))
        .append("; full report in report.html, every row in csv/._\n");
    return sb.toString();
  }
}
