package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fleetscore.common.Parsers;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.CollectionErrorRow;
import dev.fleetscore.schema.FleetscoreVersion;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.RbacBindingRow;
import dev.fleetscore.schema.RbacRoleRow;
import dev.fleetscore.schema.RbacServiceAccountRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows one cloud collection produces, before they are written: clusters, node pools, identity
 * mappings, inventory and the problems met. Readers of exports and of the live APIs add to it; it
 * then merges records read twice (a cluster in both {@code clusters list} and {@code describe}, a
 * pool in both the describe and {@code node-pools list}), keeping the preferred copy and recording
 * a WARNING when two copies of one record differ, and sorts every table in a stable order.
 */
public final class CloudBatch {

  static final String PRODUCER = FleetscoreVersion.producer("collectors");
  private static final ObjectMapper CANONICAL =
      Parsers.json().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Snapshot identity and collection time written to every row. */
  public record Stamp(String snapshotId, LocalDate date, Instant collectedAt) {}

  final Stamp stamp;
  private final List<Ranked<CloudClusterRow>> clusters = new ArrayList<>();
  private final List<Ranked<CloudNodePoolRow>> pools = new ArrayList<>();
  final List<AuthMappingRow> mappings = new ArrayList<>();
  final List<InventoryRow> inventory = new ArrayList<>();
  final List<CollectionErrorRow> errors = new ArrayList<>();
  final List<RbacRoleRow> rbacRoles = new ArrayList<>();
  final List<RbacBindingRow> rbacBindings = new ArrayList<>();
  final List<RbacServiceAccountRow> rbacServiceAccounts = new ArrayList<>();
  private int merged;

  /** A record with how much its source is preferred (lower wins) when read twice. */
  private record Ranked<T>(T row, int rank, String key, String raw) {}

  public CloudBatch(Stamp stamp) {
    this.stamp = Objects.requireNonNull(stamp);
  }

  void cluster(CloudClusterRow r, int rank) {
    clusters.add(new Ranked<>(r, rank, r.getClusterId(), r.getRawJson()));
  }

  void pool(CloudNodePoolRow r, int rank) {
    pools.add(new Ranked<>(r, rank, r.getClusterId() + "\u0000" + r.getPoolName(), r.getRawJson()));
  }

  void error(
      String clusterId, String source, String path, String stage, String code, String message) {
    problem(clusterId, source, path, stage, code, message, "ERROR");
  }

  void warning(
      String clusterId, String source, String path, String stage, String code, String message) {
    problem(clusterId, source, path, stage, code, message, "WARNING");
  }

  private void problem(
      String clusterId,
      String source,
      String path,
      String stage,
      String code,
      String message,
      String severity) {
    errors.add(
        CollectionErrorRow.newBuilder()
            .setSnapshotId(stamp.snapshotId())
            .setSnapshotDate(stamp.date())
            .setClusterId(clusterId)
            .setNodeName(null)
            .setCollectedAt(stamp.collectedAt())
            .setProducerVersion(PRODUCER)
            .setDumpId(null)
            .setSource(source)
            .setPath(path)
            .setStage(stage)
            .setErrorCode(code)
            .setMessage(message)
            .setSeverity(severity)
            .build());
  }

  /** The final tables, deduplicated and sorted. */
  public record Tables(
      List<CloudClusterRow> clusters,
      List<CloudNodePoolRow> pools,
      List<AuthMappingRow> mappings,
      List<InventoryRow> inventory,
      List<CollectionErrorRow> errors,
      List<RbacRoleRow> rbacRoles,
      List<RbacBindingRow> rbacBindings,
      List<RbacServiceAccountRow> rbacServiceAccounts,
      int mergedDuplicates) {

    public String summary() {
      return clusters.size()
          + " clusters, "
          + pools.size()
          + " node pools, "
          + mappings.size()
          + " identity mappings, "
          + inventory.size()
          + " inventory nodes, "
          + (rbacRoles.isEmpty() && rbacBindings.isEmpty() && rbacServiceAccounts.isEmpty()
              ? ""
              : rbacRoles.size()
                  + " roles, "
                  + rbacBindings.size()
                  + " binding subjects, "
                  + rbacServiceAccounts.size()
                  + " service accounts, ")
          + errors.size()
          + " collection errors"
          + (mergedDuplicates == 0 ? "" : ", " + mergedDuplicates + " records read twice merged");
    }
  }

  public Tables tables() {
    List<CloudClusterRow> c =
        dedupe(clusters, "cluster", r -> r.getClusterId(), CloudClusterRow::getSource);
    List<CloudNodePoolRow> p =
        dedupe(pools, "node pool", CloudNodePoolRow::getClusterId, CloudNodePoolRow::getSource);
    c.sort(Comparator.comparing(CloudClusterRow::getClusterId));
    p.sort(
        Comparator.comparing(CloudNodePoolRow::getClusterId)
            .thenComparing(CloudNodePoolRow::getPoolName));
    List<AuthMappingRow> m = new ArrayList<>(mappings);
    m.sort(
        Comparator.comparing(AuthMappingRow::getClusterId)
            .thenComparing(AuthMappingRow::getSourceKind)
            .thenComparingInt(AuthMappingRow::getEntryIndex)
            .thenComparing(AuthMappingRow::getSource));
    List<InventoryRow> inv = new ArrayList<>(inventory);
    inv.sort(
        Comparator.comparing(InventoryRow::getClusterId)
            .thenComparing(InventoryRow::getNodeName)
            .thenComparing(InventoryRow::getSource));
    List<RbacRoleRow> roles =
        dedupeRbac(
            rbacRoles,
            r -> r.getClusterId() + "/" + r.getKind() + "/" + r.getNamespace() + "/" + r.getName(),
            RbacRoleRow::getClusterId,
            RbacRoleRow::getSource);
    List<RbacBindingRow> bindings =
        dedupeRbac(
            rbacBindings,
            r ->
                r.getClusterId()
                    + "/"
                    + r.getKind()
                    + "/"
                    + r.getNamespace()
                    + "/"
                    + r.getName()
                    + "#"
                    + r.getSubjectIndex(),
            RbacBindingRow::getClusterId,
            RbacBindingRow::getSource);
    List<RbacServiceAccountRow> sas =
        dedupeRbac(
            rbacServiceAccounts,
            r -> r.getClusterId() + "/" + r.getNamespace() + "/" + r.getName(),
            RbacServiceAccountRow::getClusterId,
            RbacServiceAccountRow::getSource);
    partialRbac(roles, bindings, sas);
    List<CollectionErrorRow> e = new ArrayList<>(errors);
    e.sort(
        Comparator.comparing(CollectionErrorRow::getSource)
            .thenComparing(r -> r.getPath() == null ? "" : r.getPath())
            .thenComparing(CollectionErrorRow::getErrorCode)
            .thenComparing(CollectionErrorRow::getMessage));
    return new Tables(c, p, m, inv, e, roles, bindings, sas, merged);
  }

  private <T> List<T> dedupe(
      List<Ranked<T>> in,
      String what,
      java.util.function.Function<T, String> clusterOf,
      java.util.function.Function<T, String> sourceOf) {
    Map<String, Ranked<T>> best = new LinkedHashMap<>();
    List<Ranked<T>> sorted = new ArrayList<>(in);
    sorted.sort(
        Comparator.<Ranked<T>, String>comparing(Ranked::key)
            .thenComparingInt(Ranked::rank)
            .thenComparing(r -> sourceOf.apply(r.row())));
    for (Ranked<T> r : sorted) {
      Ranked<T> kept = best.get(r.key());
      if (kept == null) {
        best.put(r.key(), r);
        continue;
      }
      merged++;
      if (!Objects.equals(kept.raw(), r.raw())) {
        warning(
            clusterOf.apply(r.row()),
            sourceOf.apply(r.row()),
            null,
            stageOf(clusterOf.apply(r.row())),
            "DUPLICATE_CLOUD_RECORD",
            "the "
                + what
                + " "
                + r.key().replace('\u0000', '/')
                + " is also in "
                + sourceOf.apply(kept.row())
                + " with different content; the copy from "
                + sourceOf.apply(kept.row())
                + " is kept");
      }
    }
    List<T> out = new ArrayList<>();
    best.values().forEach(r -> out.add(r.row()));
    return out;
  }

  /**
   * RBAC rows sorted by key (an object read twice is kept once: the copy from the first source in
   * name order; a WARNING names both sources when the copies differ).
   */
  private <T extends org.apache.avro.specific.SpecificRecord> List<T> dedupeRbac(
      List<T> rows,
      java.util.function.Function<T, String> key,
      java.util.function.Function<T, String> clusterOf,
      java.util.function.Function<T, String> sourceOf) {
    List<T> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(key).thenComparing(sourceOf));
    List<T> out = new ArrayList<>();
    Map<String, T> kept = new java.util.HashMap<>();
    java.util.Set<String> warned = new java.util.HashSet<>();
    for (T r : sorted) {
      String k = key.apply(r);
      T first = kept.putIfAbsent(k, r);
      if (first == null) {
        out.add(r);
        continue;
      }
      merged++;
      if (!sameContent(first, r) && warned.add(k + "\u0000" + sourceOf.apply(r))) {
        warning(
            clusterOf.apply(r),
            sourceOf.apply(r),
            null,
            "RBAC",
            "DUPLICATE_CLOUD_RECORD",
            "the RBAC object "
                + k.substring(k.indexOf('/') + 1).replace("/null/", "/")
                + " is also in "
                + sourceOf.apply(first)
                + " with different content; the copy from "
                + sourceOf.apply(first)
                + " is kept");
      }
    }
    return out;
  }

  /** Two rows equal but for their source. */
  private static boolean sameContent(
      org.apache.avro.specific.SpecificRecord a, org.apache.avro.specific.SpecificRecord b) {
    int src = a.getSchema().getField("source").pos();
    for (int i = 0; i < a.getSchema().getFields().size(); i++) {
      if (i != src && !Objects.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every cluster has built-in ClusterRoles, ClusterRoleBindings and a default ServiceAccount per
   * namespace: a cluster with RBAC rows but none of one kind was exported partially (kubectl prints
   * what it could list and exits non-zero when one type is forbidden).
   */
  private void partialRbac(
      List<RbacRoleRow> roles, List<RbacBindingRow> bindings, List<RbacServiceAccountRow> sas) {
    java.util.Set<String> clusters = new java.util.TreeSet<>();
    java.util.Map<String, java.util.Set<String>> kinds = new java.util.HashMap<>();
    roles.forEach(
        r ->
            kinds
                .computeIfAbsent(r.getClusterId(), k -> new java.util.HashSet<>())
                .add(r.getKind()));
    bindings.forEach(
        r ->
            kinds
                .computeIfAbsent(r.getClusterId(), k -> new java.util.HashSet<>())
                .add(r.getKind()));
    sas.forEach(
        r ->
            kinds
                .computeIfAbsent(r.getClusterId(), k -> new java.util.HashSet<>())
                .add("ServiceAccount"));
    clusters.addAll(kinds.keySet());
    for (String c : clusters) {
      List<String> absent = new ArrayList<>();
      for (String k : List.of("ClusterRole", "ClusterRoleBinding", "ServiceAccount")) {
        if (!kinds.get(c).contains(k)) {
          absent.add(k);
        }
      }
      if (!absent.isEmpty()) {
        warning(
            c,
            "rbac",
            null,
            "RBAC",
            "PARTIAL_EXPORT",
            "no "
                + String.join(", ", absent)
                + " object was collected for "
                + c
                + ", although every cluster has some: the RBAC evidence is partial (was a type"
                + " forbidden or left out of the export?), so effective access may be"
                + " under-reported");
      }
    }
  }

  static String stageOf(String clusterId) {
    return clusterId != null && clusterId.startsWith("eks:") ? "CLOUD_EKS" : "CLOUD_GKE";
  }

  /** A cluster row with the run's stamp, identity, unknown top-level fields and raw JSON set. */
  CloudClusterRow.Builder clusterRow(
      String clusterId,
      String provider,
      String source,
      JsonNode raw,
      java.util.Set<String> knownFields) {
    List<String> unknown = new ArrayList<>();
    raw.fieldNames()
        .forEachRemaining(
            f -> {
              if (!knownFields.contains(f)) {
                unknown.add(f);
              }
            });
    unknown.sort(null);
    return CloudClusterRow.newBuilder()
        .setSnapshotId(stamp.snapshotId())
        .setSnapshotDate(stamp.date())
        .setClusterId(clusterId)
        .setCollectedAt(stamp.collectedAt())
        .setProducerVersion(PRODUCER)
        .setProvider(provider)
        .setAutopilot(null)
        .setEndpointPublicAccess(null)
        .setAuthenticationMode(null)
        .setBootstrapCreatorAdmin(null)
        .setInitialVersion(null)
        .setDefaultReadonlyPortEnabled(null)
        .setAutopilotReadonlyPortEnabled(null)
        .setAutoprovisioningReadonlyPortEnabled(null)
        .setLegacyNodeConfigReadonlyPortEnabled(null)
        .setUnknownFields(unknown)
        .setSource(source)
        .setRawJson(canonical(raw));
  }

  /**
   * A node pool row with the run's stamp, identity and raw JSON set, and every NodeKubeletConfig
   * field empty (GKE fills them in; EKS node groups have none).
   */
  CloudNodePoolRow.Builder poolRow(
      String clusterId, String provider, String name, String source, JsonNode raw) {
    return CloudNodePoolRow.newBuilder()
        .setSnapshotId(stamp.snapshotId())
        .setSnapshotDate(stamp.date())
        .setClusterId(clusterId)
        .setCollectedAt(stamp.collectedAt())
        .setProducerVersion(PRODUCER)
        .setProvider(provider)
        .setPoolName(name)
        .setReleaseVersion(null)
        .setNodeRoleArn(null)
        .setAutoprovisioned(null)
        .setReadonlyPortEnabled(null)
        .setCanDisableReadonlyPort(null)
        .setKubeletConfigJson(null)
        .setInsecureKubeletReadonlyPortEnabled(null)
        .setCpuManagerPolicy(null)
        .setCpuCfsQuota(null)
        .setCpuCfsQuotaPeriod(null)
        .setPodPidsLimit(null)
        .setAllowedUnsafeSysctls(List.of())
        .setContainerLogMaxSize(null)
        .setContainerLogMaxFiles(null)
        .setImageGcLowThresholdPercent(null)
        .setImageGcHighThresholdPercent(null)
        .setImageMinimumGcAge(null)
        .setImageMaximumGcAge(null)
        .setTopologyManagerPolicy(null)
        .setTopologyManagerScope(null)
        .setMemoryManagerPolicy(null)
        .setEvictionSoft(Map.of())
        .setEvictionSoftGracePeriod(Map.of())
        .setEvictionMinimumReclaim(Map.of())
        .setEvictionMaxPodGracePeriodSeconds(null)
        .setMaxParallelImagePulls(null)
        .setSingleProcessOomKill(null)
        .setShutdownGracePeriodSeconds(null)
        .setShutdownGracePeriodCriticalPodsSeconds(null)
        .setCrashLoopBackOffMaxRestartPeriod(null)
        .setSource(source)
        .setRawJson(canonical(raw));
  }

  /** Canonical JSON: object keys sorted, compact; the same object always gives the same text. */
  static String canonical(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return null;
    }
    try {
      Object plain = CANONICAL.treeToValue(n, Object.class);
      return CANONICAL.writeValueAsString(plain);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
