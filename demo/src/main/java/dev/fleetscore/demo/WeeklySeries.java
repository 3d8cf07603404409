package dev.fleetscore.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan of a demo series of weekly snapshots with movement, for the quarter evidence bundle
 * ({@code fleetscore demo --weeks N}). Each week is the same fleet ({@link FleetSpec}, same seed)
 * on its own date with:
 *
 * <ul>
 *   <li>a defect rate that falls from 0.6 to 0.05 over the series, bumped up by 0.3 every fifth
 *       week (weeks 3, 8, 13, ...): the random faults of the nodes past the scripted showcase
 *       positions are fixed as the rate falls and come back in the bump weeks (each node draws its
 *       fault from its own seed, so a node fails whenever the rate is above its draw);
 *   <li>one missed week ({@link #missedWeek}: nothing collected, a gap in the series);
 *   <li>one week ({@link #partialWeek}) where the last node dump of one cluster is not collected,
 *       so coverage drops below 100% for that snapshot;
 *   <li>an exemptions file that changes: {@code EX-DEMO-001} (the kubelet controls of the EKS
 *       clusters) is granted in week 1 and expires three days after week 6, so it is used, then
 *       expires inside the series; {@code EX-DEMO-002} (the read-only-port migration rule, every
 *       cluster) is granted in week 4 and runs past the series.
 * </ul>
 *
 * <p>Weeks are numbered from 0; week 0 is {@code first}. Everything is a pure function of the
 * arguments, so the same series is generated every time.
 */
public final class WeeklySeries {

  /** The fewest weeks a series has: a missed week and movement need room. */
  public static final int MIN_WEEKS = 8;

  public static final int MAX_WEEKS = 60;

  /** The first week of the series when none is given: so 14 weeks span 2026-07-01..09-30. */
  public static final LocalDate DEFAULT_FIRST = LocalDate.of(2026, 7, 1);

  /**
   * One week of the series.
   *
   * @param index week number from 0
   * @param date snapshot date
   * @param defectRate the defect rate of the fleet that week
   * @param missed nothing is collected or scored this week
   * @param dropOneDump the last node dump of one cluster is not collected this week
   * @param exemptionsYaml the exemptions file the week is scored with, or null for none
   */
  public record Week(
      int index,
      LocalDate date,
      double defectRate,
      boolean missed,
      boolean dropOneDump,
      String exemptionsYaml) {

    public FleetSpec spec(int clusters, int nodesPerCluster, long seed) {
      return FleetSpec.of(clusters, nodesPerCluster, seed, date).withDefectRate(defectRate);
    }
  }

  private WeeklySeries() {}

  /** The week that is missed: two thirds into the series. */
  public static int missedWeek(int weeks) {
    return (weeks * 2) / 3;
  }

  /** The week with one node dump missing: a third into the series. */
  public static int partialWeek(int weeks) {
    return weeks / 3;
  }

  public static List<Week> plan(LocalDate first, int weeks) {
    if (weeks < MIN_WEEKS || weeks > MAX_WEEKS) {
      throw new IllegalArgumentException(
          "a weekly series has " + MIN_WEEKS + " to " + MAX_WEEKS + " weeks, not " + weeks);
    }
    List<Week> out = new ArrayList<>(weeks);
    LocalDate ex1Expires = first.plusWeeks(6).plusDays(3);
    for (int i = 0; i < weeks; i++) {
      double rate = 0.6 - 0.55 * i / (weeks - 1);
      if (i % 5 == 3) {
        rate += 0.3;
      }
      rate = Math.round(Math.min(1.0, Math.max(0.0, rate)) * 1000) / 1000.0;
      out.add(
          new Week(
              i,
              first.plusWeeks(i),
              rate,
              i == missedWeek(weeks),
              i == partialWeek(weeks),
              exemptions(i, ex1Expires)));
    }
    return List.copyOf(out);
  }

  static String exemptions(int week, LocalDate ex1Expires) {
    if (week < 1) {
      return null;
    }
    StringBuilder sb = new StringBuilder("exemptions:\n");
    sb.append("  - id: EX-DEMO-001\n")
        .append("    controls: [\"cis-kubernetes-1.12:4.2.*\", \"cis-eks-1.8.0:3.2.*\"]\n")
        .append("    clusters: [\"eks:*\"]\n")
        .append(
            "    justification: node group rebuild with the hardened launch template (OPS-2211)\n")
        .append("    approver: risk.owner@example.com\n")
        .append("    expires: ")
        .append(ex1Expires)
        .append('\n');
    if (week >= 4) {
      sb.append("  - id: EX-DEMO-002\n")
          .append("    rules: [\"fleetscore-1/readonly-port-migration\"]\n")
          .append("    clusters: [\"*\"]\n")
          .append("    justification: metrics agent still scrapes 10255 until OPS-2304 ships\n")
          .append("    approver: platform.lead@example.com\n")
          .append("    expires: 2027-06-30\n");
    }
    return sb.toString();
  }

  /** "week 3 (2026-07-22)". */
  public static String label(Week w) {
    return String.format(Locale.ROOT, "week %d (%s)", w.index(), w.date());
  }
}
