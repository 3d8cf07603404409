package dev.fleetscore.demo;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What demo fleet to generate. The same spec always yields the same fleet, byte for byte: every
 * random choice derives from {@code seed}, and every date (certificate validity, collected_at,
 * cluster creation) is relative to {@code snapshotDate}, never to the wall clock.
 *
 * @param clusters clusters that have node dumps (an Autopilot cluster with no node access is added
 *     to the cloud exports on top of these)
 * @param nodesPerCluster node dumps per cluster
 * @param seed the seed of every random choice
 * @param snapshotDate the night the fleet is collected
 * @param defectRate share of nodes, beyond the scripted showcase positions, that get one random
 *     misconfiguration
 * @param brokenDumps whether to plant the broken dumps (truncated YAML, missing meta.env, binary
 *     junk in a PEM, a duplicate node)
 * @param cloudExports whether to write the GKE/EKS/kubectl exports
 * @param weekBefore whether the showcase follows the fault plan of the week before: some faults of
 *     the plan are not planted yet and some that were fixed since still are ({@code NodePlan}), so
 *     two snapshots a week apart show new failures, regressions and fixes
 */
public record FleetSpec(
    int clusters,
    int nodesPerCluster,
    long seed,
    LocalDate snapshotDate,
    double defectRate,
    boolean brokenDumps,
    boolean cloudExports,
    boolean weekBefore) {

  /** Six clusters of four nodes: every node kind and every broken dump at least once. */
  public static final int DEFAULT_CLUSTERS = 6;

  public static final int DEFAULT_NODES_PER_CLUSTER = 4;
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_DEFECT_RATE = 0.2;

  /** A fixed default date, so that runs without an explicit date stay reproducible. */
  public static final LocalDate DEFAULT_SNAPSHOT_DATE = LocalDate.of(2026, 3, 14);

  /** A spec of the snapshot's own fault plan. */
  public FleetSpec(
      int clusters,
      int nodesPerCluster,
      long seed,
      LocalDate snapshotDate,
      double defectRate,
      boolean brokenDumps,
      boolean cloudExports) {
    this(
        clusters,
        nodesPerCluster,
        seed,
        snapshotDate,
        defectRate,
        brokenDumps,
        cloudExports,
        false);
  }

  public FleetSpec {
    Objects.requireNonNull(snapshotDate, "snapshotDate");
    if (clusters < 1 || clusters > 100_000) {
      throw new IllegalArgumentException("clusters must be between 1 and 100000, got " + clusters);
    }
    if (nodesPerCluster < 1 || nodesPerCluster > 60_000) {
      throw new IllegalArgumentException(
          "nodesPerCluster must be between 1 and 60000, got " + nodesPerCluster);
    }
    if (!(defectRate >= 0 && defectRate <= 1)) {
      throw new IllegalArgumentException("defectRate must be between 0 and 1, got " + defectRate);
    }
  }

  public static FleetSpec of(int clusters, int nodesPerCluster, long seed, LocalDate snapshotDate) {
    return new FleetSpec(
        clusters, nodesPerCluster, seed, snapshotDate, DEFAULT_DEFECT_RATE, true, true);
  }

  public static FleetSpec defaults() {
    return of(DEFAULT_CLUSTERS, DEFAULT_NODES_PER_CLUSTER, DEFAULT_SEED, DEFAULT_SNAPSHOT_DATE);
  }

  public FleetSpec withDefectRate(double rate) {
    return new FleetSpec(
        clusters, nodesPerCluster, seed, snapshotDate, rate, brokenDumps, cloudExports, weekBefore);
  }

  public FleetSpec withBrokenDumps(boolean broken) {
    return new FleetSpec(
        clusters,
        nodesPerCluster,
        seed,
        snapshotDate,
        defectRate,
        broken,
        cloudExports,
        weekBefore);
  }

  public FleetSpec withCloudExports(boolean exports) {
    return new FleetSpec(
        clusters,
        nodesPerCluster,
        seed,
        snapshotDate,
        defectRate,
        brokenDumps,
        exports,
        weekBefore);
  }

  /** The fault plan of the week before this one (see {@code weekBefore}). */
  public FleetSpec withWeekBefore(boolean before) {
    return new FleetSpec(
        clusters,
        nodesPerCluster,
        seed,
        snapshotDate,
        defectRate,
        brokenDumps,
        cloudExports,
        before);
  }

  /** Node dumps the fleet holds, broken extras included. */
  public long dumpCount() {
    return (long) clusters * nodesPerCluster + (brokenDumps ? 2 : 0);
  }
}
