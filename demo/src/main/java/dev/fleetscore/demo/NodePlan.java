package dev.fleetscore.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One node of a cluster: name, address, pool, kind, when it was collected and which twists it gets.
 * The first four nodes of the first cluster of each distribution get a scripted set of twists (the
 * showcase the default demo relies on); every other node gets at most one random twist, with the
 * fleet's defect rate.
 */
final class NodePlan {

  private static final Map<ClusterPlan.Type, List<Set<Twist>>> SCRIPTED =
      Map.of(
          ClusterPlan.Type.GKE,
          List.of(
              EnumSet.of(Twist.READ_ONLY_TRAFFIC),
              EnumSet.noneOf(Twist.class),
              EnumSet.of(Twist.PS_AUX, Twist.NO_CMDLINE),
              EnumSet.of(Twist.GKE_PORT_MISMATCH, Twist.MODE_KUBELET_CONFIG)),
          ClusterPlan.Type.GKE_LEGACY,
          List.of(
              EnumSet.of(Twist.READ_ONLY_TRAFFIC),
              EnumSet.of(Twist.WEAK_CIPHERS_FLAG),
              EnumSet.of(Twist.PS_EF),
              EnumSet.noneOf(Twist.class)),
          ClusterPlan.Type.EKS,
          List.of(
              EnumSet.noneOf(Twist.class),
              EnumSet.of(Twist.READ_ONLY_PORT_REPEATED, Twist.READ_ONLY_TRAFFIC),
              EnumSet.noneOf(Twist.class),
              EnumSet.of(Twist.PERMISSIVE_DROP_IN)),
          ClusterPlan.Type.AKS,
          List.of(
              EnumSet.noneOf(Twist.class),
              EnumSet.of(Twist.OMIT_SECURE_FLAGS, Twist.READ_ONLY_TRAFFIC),
              EnumSet.of(
                  Twist.STREAMING_ZERO_FLAG, Twist.WEAK_CIPHERS_FLAG, Twist.SERVING_CERT_EXPIRING),
              EnumSet.of(Twist.PEM_JUNK)),
          ClusterPlan.Type.KUBEADM,
          List.of(
              EnumSet.of(Twist.CONTROL_PLANE_CERT_DEFECTS, Twist.MODE_PKI_KEY),
              EnumSet.of(Twist.SERVING_CERT_RSA_1024, Twist.ROTATION_GATE_OFF_FLAG),
              EnumSet.of(Twist.ANONYMOUS_FLAG, Twist.ALWAYS_ALLOW_FLAG, Twist.MODE_KUBECONFIG),
              EnumSet.of(Twist.TRUNCATED_CONFIG, Twist.SERVING_CERT_EXPIRED)),
          ClusterPlan.Type.K3S,
          List.of(
              EnumSet.noneOf(Twist.class),
              EnumSet.of(Twist.K3S_USER_DROP_IN),
              EnumSet.of(Twist.PS_EF),
              EnumSet.of(Twist.ANONYMOUS_FLAG)));

  /**
   * How the showcase differed the week before ({@link FleetSpec#weekBefore()}): per distribution
   * and position, the twists it had then on top of the plan (fixed since) and the twists of the
   * plan it did not have yet (introduced since). Read against the plan, a week later: the GKE
   * legacy cluster's clients stopped using the read-only port, so the open port now fails instead
   * of warning (a new failure: close it now); a kubeadm worker was switched to AlwaysAllow (a
   * regression of a passing control); a k3s agent's read-only port was closed (fixed).
   */
  private static final Map<ClusterPlan.Type, Map<Integer, Set<Twist>>> FIXED_SINCE =
      Map.of(
          ClusterPlan.Type.GKE_LEGACY,
          Map.of(
              1, EnumSet.of(Twist.READ_ONLY_TRAFFIC),
              2, EnumSet.of(Twist.READ_ONLY_TRAFFIC),
              3, EnumSet.of(Twist.READ_ONLY_TRAFFIC)),
          ClusterPlan.Type.K3S,
          Map.of(2, EnumSet.of(Twist.READ_ONLY_PORT_FLAG)));

  private static final Map<ClusterPlan.Type, Map<Integer, Set<Twist>>> INTRODUCED_SINCE =
      Map.of(ClusterPlan.Type.KUBEADM, Map.of(2, EnumSet.of(Twist.ALWAYS_ALLOW_FLAG)));

  private static final Map<NodeKind, List<Twist>> RANDOM =
      Map.of(
          NodeKind.GKE_COS,
          List.of(
              Twist.READ_ONLY_PORT_FLAG,
              Twist.ANONYMOUS_FLAG,
              Twist.WEAK_CIPHERS_FLAG,
              Twist.STREAMING_ZERO_FLAG,
              Twist.ROTATION_GATE_OFF_FLAG,
              Twist.MODE_KUBELET_CONFIG,
              Twist.GKE_PORT_MISMATCH),
          NodeKind.EKS_AL2,
          List.of(
              Twist.READ_ONLY_PORT_REPEATED,
              Twist.ANONYMOUS_FLAG,
              Twist.ALWAYS_ALLOW_FLAG,
              Twist.STREAMING_ZERO_FLAG,
              Twist.WEAK_CIPHERS_FLAG,
              Twist.MODE_KUBECONFIG),
          NodeKind.EKS_AL2023,
          List.of(
              Twist.PERMISSIVE_DROP_IN,
              Twist.READ_ONLY_PORT_FLAG,
              Twist.ROTATION_GATE_OFF_FLAG,
              Twist.MODE_KUBELET_CONFIG),
          NodeKind.EKS_BOTTLEROCKET,
          List.of(Twist.MODE_KUBELET_CONFIG, Twist.MODE_KUBECONFIG),
          NodeKind.AKS_UBUNTU,
          List.of(
              Twist.OMIT_SECURE_FLAGS,
              Twist.STREAMING_ZERO_FLAG,
              Twist.WEAK_CIPHERS_FLAG,
              Twist.READ_ONLY_PORT_REPEATED,
              Twist.SERVING_CERT_EXPIRING,
              Twist.SERVING_CERT_EXPIRED),
          NodeKind.KUBEADM_WORKER,
          List.of(
              Twist.ANONYMOUS_FLAG,
              Twist.ALWAYS_ALLOW_FLAG,
              Twist.READ_ONLY_PORT_FLAG,
              Twist.STREAMING_ZERO_FLAG,
              Twist.ROTATION_GATE_OFF_FLAG,
              Twist.MODE_KUBELET_CONFIG,
              Twist.MODE_KUBECONFIG,
              Twist.SERVING_CERT_EXPIRED,
              Twist.SERVING_CERT_RSA_1024),
          NodeKind.KUBEADM_CONTROL_PLANE,
          List.of(Twist.MODE_PKI_KEY, Twist.CONTROL_PLANE_CERT_DEFECTS),
          NodeKind.K3S_CONFIG_DIR,
          List.of(Twist.K3S_USER_DROP_IN, Twist.ANONYMOUS_FLAG),
          NodeKind.K3S_FLAGS,
          List.of(Twist.ANONYMOUS_FLAG, Twist.STREAMING_ZERO_FLAG, Twist.READ_ONLY_PORT_FLAG));

  final ClusterPlan cluster;
  final int index;
  final Pool pool;
  final NodeKind kind;
  final String name;
  final String ip;
  final String zone;
  final Instant collectedAt;
  final Set<Twist> twists;

  private NodePlan(FleetSpec spec, ClusterPlan c, int j) {
    this.cluster = c;
    this.index = j;
    this.pool = c.poolFor(j);
    this.kind = pool.kind();
    this.ip = "10." + c.octet + "." + (j / 250) + "." + (4 + j % 250);
    Random r = Seeds.random(c.seed, "node", c.index, j);
    this.collectedAt = c.snapshot.plus(2, ChronoUnit.HOURS).plusSeconds(r.nextInt(90 * 60) + 1L);
    this.zone =
        switch (c.type) {
          case GKE -> c.region + "-" + "bcd".charAt(j % 3);
          case EKS -> c.region + "abc".charAt(j % 3);
          case GKE_LEGACY -> c.location;
          case AKS -> c.region + "-" + (1 + j % 3);
          default -> null;
        };
    this.name = nodeName(c, j);
    EnumSet<Twist> t = EnumSet.noneOf(Twist.class);
    if (c.ordinal == 0 && j < 4) {
      t.addAll(SCRIPTED.get(c.type).get(j));
      if (spec.weekBefore()) {
        t.removeAll(INTRODUCED_SINCE.getOrDefault(c.type, Map.of()).getOrDefault(j, Set.of()));
        t.addAll(FIXED_SINCE.getOrDefault(c.type, Map.of()).getOrDefault(j, Set.of()));
      }
    } else {
      if (r.nextDouble() < spec.defectRate()) {
        t.add(Seeds.pick(r, RANDOM.get(kind)));
      }
      if (r.nextBoolean()) {
        t.add(Twist.READ_ONLY_TRAFFIC);
      }
      int ps = r.nextInt(10);
      if (ps == 0) {
        t.add(Twist.PS_AUX);
      } else if (ps == 1) {
        t.add(Twist.PS_EF);
      }
      if (r.nextInt(10) == 0) {
        t.add(Twist.NO_CMDLINE);
      }
    }
    if (!spec.brokenDumps()) {
      t.remove(Twist.TRUNCATED_CONFIG);
      t.remove(Twist.PEM_JUNK);
    }
    this.twists = t;
  }

  static NodePlan of(FleetSpec spec, ClusterPlan c, int j) {
    return new NodePlan(spec, c, j);
  }

  boolean has(Twist t) {
    return twists.contains(t);
  }

  private String nodeName(ClusterPlan c, int j) {
    return switch (c.type) {
      case GKE, GKE_LEGACY ->
          "gke-" + c.name + "-" + pool.name() + "-" + pool.hash() + "-" + base36(j, pool.hash());
      case EKS ->
          "ip-10-"
              + c.octet
              + "-"
              + (j / 250)
              + "-"
              + (4 + j % 250)
              + "."
              + c.region
              + ".compute.internal";
      case AKS ->
          "aks-"
              + pool.name()
              + "-"
              + pool.hash()
              + "-vmss"
              + String.format(Locale.ROOT, "%6s", Integer.toString(j / 2, 36)).replace(' ', '0');
      case KUBEADM -> j == 0 ? c.name + "-cp-1" : c.name + "-worker-" + j;
      case K3S -> j == 0 ? c.name + "-server-1" : c.name + "-agent-" + j;
    };
  }

  /** Four base-36 characters, distinct for every j below 36^4 within one pool. */
  private static String base36(int j, String salt) {
    long space = 36L * 36 * 36 * 36;
    long v = Math.floorMod(j * 1_000_003L + Long.parseLong(salt, 16), space);
    String s = Long.toString(v, 36);
    return "0".repeat(4 - s.length()) + s;
  }

  /** The short hostname (EKS node names are FQDNs; the host is the first label). */
  String hostname() {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
