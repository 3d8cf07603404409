package dev.fleetscore.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Generates one node dump: plans the node, builds its kind's vendor-default kubelet inputs, applies
 * its twists, renders files and processes, works out the effective kubelet settings with {@link
 * KubeletOracle}, adds the kubelet metrics and meta.env, and lists everything planted.
 */
final class NodeGenerator {

  private NodeGenerator() {}

  static NodeDump generate(
      FleetSpec spec, ClusterPlan c, ClusterPki pki, int j, NodeDump.Variant v) {
    NodePlan p = NodePlan.of(spec, c, j);
    Instant collectedAt =
        v == NodeDump.Variant.EARLIER_DUPLICATE
            ? p.collectedAt.minus(47, ChronoUnit.MINUTES)
            : p.collectedAt;
    NodeContext n = new NodeContext(spec, c, p, pki, collectedAt);
    NodeRenderer renderer = NodeRenderer.of(p.kind);
    KubeletInputs k = renderer.kubelet(n);
    Twists.applyToInputs(n, k);
    renderer.render(n, k);
    Twists.applyToFiles(n, k, renderer);

    KubeletOracle.Result result = KubeletOracle.resolve(k);
    boolean knowable = !p.has(Twist.TRUNCATED_CONFIG);
    List<PlantedItem> planted = new ArrayList<>(n.planted);
    if (knowable) {
      planted.addAll(result.planted());
    }
    boolean portOpen =
        ((Number) result.settings().get(KubeletOracle.READ_ONLY_PORT).value()).intValue() != 0;
    boolean traffic = portOpen && p.has(Twist.READ_ONLY_TRAFFIC);
    String metrics = NodeBits.metrics(n, traffic);
    n.dump.extra("metrics/kubelet.txt", metrics);
    if (traffic) {
      planted.add(
          PlantedItem.of(
              Planted.READ_ONLY_PORT_IN_USE,
              "path",
              "metrics/kubelet.txt",
              "metric",
              "kubelet_http_requests_total{server_type=\"readonly\"}"));
    } else if (portOpen && knowable) {
      planted.add(PlantedItem.of(Planted.READ_ONLY_PORT_NO_TRAFFIC, "path", "metrics/kubelet.txt"));
    }
    DumpBuilder.PsFormat format =
        p.has(Twist.PS_AUX)
            ? DumpBuilder.PsFormat.AUX
            : p.has(Twist.PS_EF) ? DumpBuilder.PsFormat.EF : DumpBuilder.PsFormat.EO_ARGS;
    NodeBits.collector(n, format);
    boolean cmdlines = !p.has(Twist.NO_CMDLINE);
    if (!cmdlines) {
      planted.add(PlantedItem.of(Planted.NO_CMDLINE_PS_ONLY, "ps_format", format.command));
    }
    String meta = v == NodeDump.Variant.NO_META ? null : metaEnv(c, p, collectedAt);
    SortedMap<String, byte[]> entries = n.dump.finish(meta, format, cmdlines, collectedAt, n.boot);

    String name = "dumps/" + c.dirName() + "/" + p.name;
    Map<String, Map<String, Object>> expected = null;
    if (knowable) {
      expected = new LinkedHashMap<>();
      for (Map.Entry<String, KubeletOracle.Effective> e : result.settings().entrySet()) {
        expected.put(e.getKey(), e.getValue().toMap());
      }
    }
    switch (v) {
      case EARLIER_DUPLICATE -> {
        planted =
            List.of(
                PlantedItem.of(
                    Planted.DUPLICATE_NODE_DUMP,
                    "duplicate_of",
                    name,
                    "collected_at",
                    collectedAt.toString(),
                    "newest_collected_at",
                    p.collectedAt.toString()));
        name = name + ".earlier";
        expected = null;
      }
      case NO_META -> {
        planted = List.of(PlantedItem.of(Planted.MISSING_META_ENV, "copy_of", name));
        name =
            "dumps/_unsorted/upload-" + Seeds.hex(Seeds.random(c.seed, "upload", c.index, j), 12);
        expected = null;
      }
      default -> {}
    }
    return new NodeDump(
        name,
        c.id,
        p.name,
        p.kind,
        p.pool.name(),
        p.zone,
        p.pool.kubeletVersion(),
        collectedAt,
        v,
        entries,
        planted,
        expected);
  }

  static String osImage(NodePlan p) {
    return switch (p.kind) {
      case GKE_COS -> "Container-Optimized OS from Google";
      case EKS_AL2 -> "Amazon Linux 2";
      case EKS_AL2023 -> "Amazon Linux 2023.7.20250609";
      case EKS_BOTTLEROCKET -> "Bottlerocket OS 1.39.1 (aws-k8s-1." + p.pool.minor() + ")";
      case AKS_UBUNTU -> "Ubuntu 22.04.5 LTS";
      case KUBEADM_WORKER, KUBEADM_CONTROL_PLANE -> "Ubuntu 22.04.4 LTS";
      case K3S_CONFIG_DIR, K3S_FLAGS -> "Ubuntu 24.04.1 LTS";
    };
  }

  private static String metaEnv(ClusterPlan c, NodePlan p, Instant collectedAt) {
    StringBuilder sb = new StringBuilder();
    sb.append("cluster=").append(c.id).append('\n');
    sb.append("node=").append(p.name).append('\n');
    sb.append("collected_at=").append(collectedAt).append('\n');
    sb.append("provider=").append(p.kind.provider()).append('\n');
    sb.append("node_pool=").append(p.pool.name()).append('\n');
    if (p.zone != null) {
      sb.append("zone=").append(p.zone).append('\n');
    }
    sb.append("kubelet_version=").append(p.pool.kubeletVersion()).append('\n');
    sb.append("os_image=").append(osImage(p)).append('\n');
    sb.append("generated_by=fleetscore-demo\n");
    return sb.toString();
  }
}
