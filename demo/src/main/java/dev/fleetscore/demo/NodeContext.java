package dev.fleetscore.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;

/**
 * Everything one node's generation needs: its plan, its cluster's PKI, its own random stream, the
 * dump being built and the planted items found so far. Pids, boot time and certificate dates all
 * derive from here, so that the node comes out the same whatever else is generated around it.
 */
final class NodeContext {

  final FleetSpec spec;
  final ClusterPlan cluster;
  final NodePlan node;
  final ClusterPki pki;
  final Random r;
  final Instant snapshot;
  final Instant boot;
  final DumpBuilder dump = new DumpBuilder();
  final List<PlantedItem> planted = new ArrayList<>();
  private int nextPid;

  /** When this copy of the node was collected (an earlier duplicate differs from the plan). */
  final Instant collectedAt;

  NodeContext(
      FleetSpec spec, ClusterPlan cluster, NodePlan node, ClusterPki pki, Instant collectedAt) {
    this.spec = spec;
    this.cluster = cluster;
    this.node = node;
    this.pki = pki;
    this.collectedAt = collectedAt;
    this.r = Seeds.random(cluster.seed, "node-content", cluster.index, node.index);
    this.snapshot = cluster.snapshot;
    this.boot =
        node.collectedAt.minus(2 + r.nextInt(40), ChronoUnit.DAYS).minusSeconds(r.nextInt(86400));
    this.nextPid = 280 + r.nextInt(60);
  }

  boolean has(Twist t) {
    return node.has(t);
  }

  /** The next pid, leaving a realistic gap after the previous one. */
  int pid(int gap) {
    nextPid += 1 + r.nextInt(Math.max(1, gap));
    return nextPid;
  }

  /** The node's own P-256 key (kubelet TLS bootstrap and k3s keys are P-256). */
  AsymmetricCipherKeyPair nodeEcKey() {
    return KeyPool.ec(
        cluster.seed,
        (int)
            Math.floorMod(
                Seeds.derive(cluster.seed, "node-key", cluster.index, node.index),
                (long) KeyPool.EC_SLOTS));
  }

  /** Validity of a node certificate: one year, issued 30 to 300 days ago, unless a twist says. */
  Instant[] leafValidity(Twist expired, Twist expiring) {
    Instant notAfter;
    if (expired != null && has(expired)) {
      notAfter = snapshot.minus(12, ChronoUnit.DAYS).plusSeconds(r.nextInt(3600));
    } else if (expiring != null && has(expiring)) {
      notAfter = snapshot.plus(9, ChronoUnit.DAYS).plusSeconds(r.nextInt(3600));
    } else {
      notAfter = snapshot.plus(65 + r.nextInt(270), ChronoUnit.DAYS).plusSeconds(r.nextInt(86400));
    }
    return new Instant[] {notAfter.minus(365, ChronoUnit.DAYS), notAfter};
  }

  void plant(PlantedItem item) {
    planted.add(item);
  }

  /** Adds a process that is not a Kubernetes component. */
  void proc(int gap, String user, String... argv) {
    dump.process(
        new DumpBuilder.Proc(pid(gap), 1, user, List.of(argv), false, 2000 + r.nextInt(30000)));
  }

  /** Adds a Kubernetes process (its /proc/<pid>/cmdline goes into the dump). */
  int kubeProc(int gap, List<String> argv) {
    int p = pid(gap);
    dump.process(
        new DumpBuilder.Proc(p, 1, "root", List.copyOf(argv), true, 60000 + r.nextInt(90000)));
    return p;
  }
}
