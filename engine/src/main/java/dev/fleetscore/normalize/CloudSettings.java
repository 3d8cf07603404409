package dev.fleetscore.normalize;

import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.CloudNodePoolRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The node pool's kubelet settings as the cloud API states them (GKE NodeKubeletConfig, EKS node
 * group), as CLOUD settings with source CLOUD_API and the API field as origin, named by the API's
 * JSON field names. Rules compare them with what the node itself runs.
 */
final class CloudSettings {

  private CloudSettings() {}

  static Optional<ComponentSettings> of(String poolName, ClusterFacts cluster) {
    Optional<CloudNodePoolRow> pool = cluster == null ? Optional.empty() : cluster.pool(poolName);
    if (pool.isEmpty()) {
      return Optional.empty();
    }
    CloudNodePoolRow p = pool.get();
    String base =
        p.getSource()
            + " nodePools["
            + p.getPoolName()
            + "]"
            + ("gke".equals(p.getProvider()) ? ".config.kubeletConfig." : ".");
    Map<String, Setting> s = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    bool(
        s,
        base,
        "insecureKubeletReadonlyPortEnabled",
        p.getInsecureKubeletReadonlyPortEnabled(),
        p.getInsecureKubeletReadonlyPortEnabled() == null ? null : "set on the pool itself");
    if (p.getReadonlyPortEnabled() != null) {
      put(
          s,
          "readonlyPortEnabled",
          new TypedValue.Bool(p.getReadonlyPortEnabled()),
          "cloud_node_pools.readonly_port_enabled (" + p.getSource() + ")",
          "resolved by the cloud collector from " + p.getReadonlyPortSource());
    }
    put(
        s,
        "readonlyPortSource",
        new TypedValue.Str(p.getReadonlyPortSource()),
        "cloud_node_pools.readonly_port_source (" + p.getSource() + ")",
        null);
    bool(
        s,
        base,
        "canDisableReadonlyPort",
        p.getCanDisableReadonlyPort(),
        "GKE 1.26.4-gke.500 or later can turn the read-only port off");
    str(s, base, "cpuManagerPolicy", p.getCpuManagerPolicy());
    bool(s, base, "cpuCfsQuota", p.getCpuCfsQuota(), null);
    str(s, base, "cpuCfsQuotaPeriod", p.getCpuCfsQuotaPeriod());
    if (p.getPodPidsLimit() != null) {
      put(s, "podPidsLimit", new TypedValue.Int(p.getPodPidsLimit()), base + "podPidsLimit", null);
    }
    str(s, base, "containerLogMaxSize", p.getContainerLogMaxSize());
    integer(s, base, "containerLogMaxFiles", p.getContainerLogMaxFiles());
    integer(s, base, "imageGcLowThresholdPercent", p.getImageGcLowThresholdPercent());
    integer(s, base, "imageGcHighThresholdPercent", p.getImageGcHighThresholdPercent());
    str(s, base, "imageMinimumGcAge", p.getImageMinimumGcAge());
    str(s, base, "imageMaximumGcAge", p.getImageMaximumGcAge());
    str(s, base, "topologyManager.policy", p.getTopologyManagerPolicy());
    str(s, base, "topologyManager.scope", p.getTopologyManagerScope());
    str(s, base, "memoryManager.policy", p.getMemoryManagerPolicy());
    if (!p.getAllowedUnsafeSysctls().isEmpty()) {
      put(
          s,
          "allowedUnsafeSysctls",
          new TypedValue.ListValue(p.getAllowedUnsafeSysctls()),
          base + "allowedUnsafeSysctls",
          null);
    }
    map(s, base, "evictionSoft", p.getEvictionSoft());
    map(s, base, "evictionSoftGracePeriod", p.getEvictionSoftGracePeriod());
    map(s, base, "evictionMinimumReclaim", p.getEvictionMinimumReclaim());
    integer(s, base, "evictionMaxPodGracePeriodSeconds", p.getEvictionMaxPodGracePeriodSeconds());
    integer(s, base, "maxParallelImagePulls", p.getMaxParallelImagePulls());
    bool(s, base, "singleProcessOomKill", p.getSingleProcessOomKill(), null);
    integer(s, base, "shutdownGracePeriodSeconds", p.getShutdownGracePeriodSeconds());
    integer(
        s,
        base,
        "shutdownGracePeriodCriticalPodsSeconds",
        p.getShutdownGracePeriodCriticalPodsSeconds());
    str(
        s,
        base,
        "crashLoopBackOff.maxContainerRestartPeriod",
        p.getCrashLoopBackOffMaxRestartPeriod());
    String poolBase = p.getSource() + " nodePools[" + p.getPoolName() + "].";
    str(s, poolBase, "version", p.getVersion());
    str(s, poolBase, "imageType", p.getImageType());
    str(s, poolBase, "releaseVersion", p.getReleaseVersion());
    return Optional.of(
        new ComponentSettings(
            Component.CLOUD,
            "CLOUD_API:" + p.getProvider(),
            new TreeMap<>(s),
            List.of(),
            List.of(),
            warnings));
  }

  private static void put(
      Map<String, Setting> s, String name, TypedValue v, String origin, String note) {
    s.put(
        name,
        new Setting(
            Component.CLOUD,
            name,
            v,
            Source.CLOUD_API,
            origin,
            null,
            v.canonical(),
            List.of(),
            note));
  }

  private static void str(Map<String, Setting> s, String base, String name, String v) {
    if (v != null) {
      put(s, name, new TypedValue.Str(v), base + name, null);
    }
  }

  private static void bool(
      Map<String, Setting> s, String base, String name, Boolean v, String note) {
    if (v != null) {
      put(s, name, new TypedValue.Bool(v), base + name, note);
    }
  }

  private static void integer(Map<String, Setting> s, String base, String name, Integer v) {
    if (v != null) {
      put(s, name, new TypedValue.Int(v), base + name, null);
    }
  }

  private static void map(Map<String, Setting> s, String base, String name, Map<String, String> v) {
    if (v != null && !v.isEmpty()) {
      put(
          s,
          name,
          new TypedValue.MapValue(new TreeMap<>(v)),
          base + name,
          "keyed by the kubelet's signal names");
    }
  }
}
