package dev.fleetscore.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.ClusterComplianceRow;
import dev.fleetscore.schema.ControlSummaryRow;
import dev.fleetscore.schema.FleetSummaryRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a quarter (any date range) of scored snapshots shows, computed from the report data of each
 * snapshot in the range: score per cluster and framework over the range, the controls failing
 * longest, time to fix per severity, exemptions granted, used and expired, coverage over time and
 * the gaps in the series against an expected cadence. Every list is sorted, so rendering is
 * deterministic ({@link QuarterHtml}, {@link QuarterMarkdown}).
 *
 * <p>A control is judged per cluster and rule ({@code control_summary} rows of every framework the
 * rule implements taken together): it is <em>open</em> on a date when some node (or the cluster)
 * fails it or is exempt from it, <em>fixed</em> on the first later snapshot where the cluster has
 * the rule and nothing fails or is exempt. A snapshot without the cluster judges nothing. An exempt
 * finding is an accepted risk, not a fix, so it keeps the control open.
 *
 * @param from first date of the range
 * @param to last date of the range
 * @param cadence the expected snapshot cadence (what counts as a gap)
 * @param dates the scored snapshot dates in the range, ascending
 * @param fleet one row per framework: the fleet score on every date
 * @param scores one row per cluster and framework: the score on every date
 * @param failingLongest the longest open spells, longest first
 * @param timeToFix one row per severity, most severe first
 * @param exemptions one row per exemption id
 * @param coverage one row per snapshot date
 * @param gaps missing snapshots (runs of missing dates or windows), in date order
 */
public record QuarterSummary(
    LocalDate from,
    LocalDate to,
    Cadence cadence,
    List<LocalDate> dates,
    List<Series> fleet,
    List<Series> scores,
    List<Spell> failingLongest,
    List<SeverityFix> timeToFix,
    List<ExemptionRow> exemptions,
    List<CoveragePoint> coverage,
    List<Gap> gaps) {

  /** Longest open spells listed. */
  public static final int FAILING_LONGEST = 15;

  /** Gap entries listed before the rest is summed up in one line. */
  public static final int GAPS_LISTED = 12;

  /** What counts as a gap. */
  public enum Cadence {
    /** A snapshot every night: every date without one is missing. */
    DAILY(1),
    /**
     * A snapshot every week: the range is cut in 7-day windows from its first date, and a window
     * without a snapshot is missing (a last window shorter than 7 days is not over, so it is only
     * counted when it has a snapshot).
     */
    WEEKLY(7);

    private final int days;

    Cadence(int days) {
      this.days = days;
    }

    public int days() {
      return days;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** daily or weekly (case-insensitive); anything else is a {@link UserError}. */
    public static Cadence parse(String s) {
      for (Cadence c : values()) {
        if (c.label().equalsIgnoreCase(s)) {
          return c;
        }
      }
      throw new UserError("--cadence must be daily or weekly, not '" + s + "'");
    }
  }

  /**
   * One snapshot of the range.
   *
   * @param date its date
   * @param data its report data
   * @param exemptionsYaml the text of the exemptions file its run used (from the run lineage), or
   *     null when it used none or the lineage is unknown
   */
  public record Snapshot(LocalDate date, ReportData data, String exemptionsYaml) {}

  /**
   * A score over the range.
   *
   * @param cluster cluster id ("" for the fleet)
   * @param framework framework
   * @param values score per date of {@link #dates()} (null where there is none)
   */
  public record Series(String cluster, String framework, List<Double> values) {
    public Double first() {
      return values.stream().filter(v -> v != null).findFirst().orElse(null);
    }

    public Double last() {
      Double out = null;
      for (Double v : values) {
        if (v != null) {
          out = v;
        }
      }
      return out;
    }

    public Double min() {
      return values.stream().filter(v -> v != null).min(Double::compare).orElse(null);
    }

    public Double max() {
      return values.stream().filter(v -> v != null).max(Double::compare).orElse(null);
    }

    /** last - first, or null. */
    public Double change() {
      return first() == null || last() == null ? null : last() - first();
    }
  }

  /**
   * One spell of a control open in a cluster.
   *
   * @param cluster cluster id
   * @param ruleId rule id
   * @param title rule title
   * @param severity severity
   * @param firstSeen first snapshot of the spell
   * @param lastSeen last snapshot where it was open
   * @param fixedOn first snapshot where it was seen fixed, or null while still open
   * @param openAtStart open on the first snapshot of the range (so it may have started before)
   * @param maxFailing most nodes failing it in one snapshot of the spell
   */
  public record Spell(
      String cluster,
      String ruleId,
      String title,
      String severity,
      LocalDate firstSeen,
      LocalDate lastSeen,
      LocalDate fixedOn,
      boolean openAtStart,
      long maxFailing) {

    /** Days from first seen to first seen fixed, or to the last snapshot while still open. */
    public long days(LocalDate lastDate) {
      return ChronoUnit.DAYS.between(firstSeen, fixedOn != null ? fixedOn : lastDate);
    }
  }

  /**
   * Time to fix (first seen failing to first seen fixed) for one severity.
   *
   * @param severity severity
   * @param fixed spells fixed in the range
   * @param medianDays median days to fix, or null when none was fixed
   * @param maxDays longest days to fix, or null
   * @param fixedOpenAtStart fixed spells that were already open on the first snapshot (their time
   *     is a lower bound)
   * @param stillOpen spells open on the last snapshot
   * @param opened spells that started inside the range (not open on its first snapshot)
   */
  public record SeverityFix(
      String severity,
      int fixed,
      Long medianDays,
      Long maxDays,
      int fixedOpenAtStart,
      int stillOpen,
      int opened) {}

  /**
   * An exemption over the range.
   *
   * @param id exemption id
   * @param approver approver, or null
   * @param covers its rules and controls selectors as written
   * @param clusters its clusters selectors as written
   * @param expires expiry date, or null when unknown
   * @param firstListed first snapshot whose run used an exemptions file listing it, or null
   * @param lastListed last such snapshot, or null
   * @param granted "in the range" when it first appears after the range's first snapshot, "before
   *     the range" when it is already listed on the first, "unknown" when no run recorded its file
   * @param usedSnapshots snapshots where it made at least one finding EXEMPT
   * @param maxExempted most findings it made EXEMPT in one snapshot
   * @param expiredInRange its expiry date falls inside the range
   * @param findingsAfterExpiry findings citing it as expired on the last snapshot
   */
  public record ExemptionRow(
      String id,
      String approver,
      String covers,
      String clusters,
      LocalDate expires,
      LocalDate firstListed,
      LocalDate lastListed,
      String granted,
      int usedSnapshots,
      long maxExempted,
      boolean expiredInRange,
      long findingsAfterExpiry) {}

  /**
   * Coverage on one date.
   *
   * @param date snapshot date
   * @param clusters clusters scored
   * @param dumpsIn node dumps read
   * @param nodesScored nodes scored
   * @param nodesQuarantined nodes quarantined
   * @param nodesExpected nodes the inventories name (clusters that have one), or null
   * @param coverage nodes scored / nodes expected over clusters with an inventory, or null
   * @param clustersBelowFull clusters whose coverage is under 100%
   */
  public record CoveragePoint(
      LocalDate date,
      int clusters,
      long dumpsIn,
      long nodesScored,
      long nodesQuarantined,
      Long nodesExpected,
      Double coverage,
      int clustersBelowFull) {}

  /**
   * Missing snapshots: a run of missing dates (daily) or 7-day windows (weekly).
   *
   * @param first first date of the run
   * @param last last date of the run
   * @param missing dates (daily) or windows (weekly) it spans
   * @param importedNotScored dates inside it that have imported raw tables but no scored snapshot
   */
  public record Gap(
      LocalDate first, LocalDate last, int missing, List<LocalDate> importedNotScored) {

    public long days() {
      return ChronoUnit.DAYS.between(first, last) + 1;
    }

    /** "2026-08-26" or "2026-08-26..2026-09-01 (7 days)". */
    public String label() {
      return first.equals(last) ? first.toString() : first + ".." + last + " (" + days() + " days)";
    }
  }

  /**
   * Computes the summary.
   *
   * @param from first date of the range
   * @param to last date of the range
   * @param cadence expected cadence
   * @param snapshots the scored snapshots of the range, any order
   * @param importedNotScored dates of the range with imported raw tables but no scored snapshot
   */
  public static QuarterSummary compute(
      LocalDate from,
      LocalDate to,
      Cadence cadence,
      List<Snapshot> snapshots,
      SortedSet<LocalDate> importedNotScored) {
    List<Snapshot> snaps = new ArrayList<>(snapshots);
    snaps.sort(Comparator.comparing(Snapshot::date));
    List<LocalDate> dates = snaps.stream().map(Snapshot::date).toList();
    return new QuarterSummary(
        from,
        to,
        cadence,
        dates,
        fleetSeries(snaps),
        clusterSeries(snaps),
        longest(spells(snaps), dates),
        timeToFix(spells(snaps)),
        exemptions(snaps, from, to),
        coverage(snaps),
        gaps(from, to, cadence, new TreeSet<>(dates), importedNotScored));
  }

  private static List<Series> fleetSeries(List<Snapshot> snaps) {
    SortedMap<String, Double[]> by = new TreeMap<>();
    for (int i = 0; i < snaps.size(); i++) {
      for (FleetSummaryRow r : snaps.get(i).data().fleet()) {
        by.computeIfAbsent(r.getFramework(), k -> new Double[snaps.size()])[i] = r.getScore();
      }
    }
    List<Series> out = new ArrayList<>();
    by.forEach((fw, v) -> out.add(new Series("", fw, Collections.unmodifiableList(list(v)))));
    return out;
  }

  private static List<Series> clusterSeries(List<Snapshot> snaps) {
    SortedMap<String, Double[]> by = new TreeMap<>();
    for (int i = 0; i < snaps.size(); i++) {
      for (ClusterComplianceRow r : snaps.get(i).data().clusters()) {
        if (r.getScore() == null) {
          continue;
        }
        by.computeIfAbsent(
                    r.getClusterId() + "\u0000" + r.getFramework(), k -> new Double[snaps.size()])[
                i] =
            r.getScore();
      }
    }
    List<Series> out = new ArrayList<>();
    by.forEach(
        (k, v) -> {
          int z = k.indexOf('\u0000');
          out.add(new Series(k.substring(0, z), k.substring(z + 1), list(v)));
        });
    return out;
  }

  private static List<Double> list(Double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    Collections.addAll(out, v);
    return Collections.unmodifiableList(out);
  }

  /** State of one (cluster, rule) on one snapshot. */
  private record Seen(String title, String severity, long failing, boolean open) {}

  private static List<Spell> spells(List<Snapshot> snaps) {
    // cluster \0 rule -> date -> seen
    SortedMap<String, SortedMap<LocalDate, Seen>> by = new TreeMap<>();
    for (Snapshot s : snaps) {
      Map<String, long[]> counts = new TreeMap<>();
      Map<String, String[]> meta = new TreeMap<>();
      for (ControlSummaryRow r : s.data().controls()) {
        String key = r.getClusterId() + "\u0000" + r.getRuleId();
        long[] c = counts.computeIfAbsent(key, k -> new long[2]);
        c[0] = Math.max(c[0], r.getFailCount());
        c[1] = Math.max(c[1], r.getExemptCount());
        meta.putIfAbsent(key, new String[] {r.getTitle(), r.getSeverity()});
      }
      counts.forEach(
          (k, c) -> {
            String[] m = meta.get(k);
            by.computeIfAbsent(k, x -> new TreeMap<>())
                .put(s.date(), new Seen(m[0], m[1], c[0], c[0] + c[1] > 0));
          });
    }
    LocalDate first = snaps.isEmpty() ? null : snaps.get(0).date();
    List<Spell> out = new ArrayList<>();
    for (Map.Entry<String, SortedMap<LocalDate, Seen>> e : by.entrySet()) {
      int z = e.getKey().indexOf('\u0000');
      String cluster = e.getKey().substring(0, z);
      String rule = e.getKey().substring(z + 1);
      LocalDate start = null;
      LocalDate lastOpen = null;
      long max = 0;
      Seen meta = null;
      for (Map.Entry<LocalDate, Seen> d : e.getValue().entrySet()) {
        Seen seen = d.getValue();
        if (seen.open()) {
          if (start == null) {
            start = d.getKey();
            max = 0;
          }
          lastOpen = d.getKey();
          max = Math.max(max, seen.failing());
          meta = seen;
        } else if (start != null) {
          out.add(
              new Spell(
                  cluster,
                  rule,
                  meta.title(),
                  meta.severity(),
                  start,
                  lastOpen,
                  d.getKey(),
                  start.equals(first),
                  max));
          start = null;
        }
      }
      if (start != null) {
        out.add(
            new Spell(
                cluster,
                rule,
                meta.title(),
                meta.severity(),
                start,
                lastOpen,
                null,
                start.equals(first),
                max));
      }
    }
    return out;
  }

  private static List<Spell> longest(List<Spell> spells, List<LocalDate> dates) {
    if (dates.isEmpty()) {
      return List.of();
    }
    LocalDate last = dates.get(dates.size() - 1);
    return spells.stream()
        .sorted(
            Comparator.comparingLong((Spell s) -> -s.days(last))
                .thenComparing(s -> s.fixedOn() != null)
                .thenComparing(s -> Severity.rank(s.severity()))
                .thenComparing(Spell::cluster)
                .thenComparing(Spell::ruleId)
                .thenComparing(Spell::firstSeen))
        .limit(FAILING_LONGEST)
        .toList();
  }

  private static List<SeverityFix> timeToFix(List<Spell> spells) {
    SortedMap<String, List<Spell>> by =
        new TreeMap<>(Comparator.comparingInt(Severity::rank).thenComparing(s -> s));
    for (Spell s : spells) {
      by.computeIfAbsent(s.severity() == null ? "UNKNOWN" : s.severity(), k -> new ArrayList<>())
          .add(s);
    }
    List<SeverityFix> out = new ArrayList<>();
    by.forEach(
        (sev, list) -> {
          List<Long> days = new ArrayList<>();
          int atStart = 0;
          int open = 0;
          int opened = 0;
          for (Spell s : list) {
            if (s.fixedOn() != null) {
              days.add(ChronoUnit.DAYS.between(s.firstSeen(), s.fixedOn()));
              if (s.openAtStart()) {
                atStart++;
              }
            } else {
              open++;
            }
            if (!s.openAtStart()) {
              opened++;
            }
          }
          Collections.sort(days);
          Long median = days.isEmpty() ? null : days.get((days.size() - 1) / 2);
          Long max = days.isEmpty() ? null : days.get(days.size() - 1);
          out.add(new SeverityFix(sev, days.size(), median, max, atStart, open, opened));
        });
    return out;
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** What an exemptions file says of one exemption. */
  private record Listed(String approver, String covers, String clusters, LocalDate expires) {}

  private static List<ExemptionRow> exemptions(List<Snapshot> snaps, LocalDate from, LocalDate to) {
    SortedMap<String, Listed> listed = new TreeMap<>();
    SortedMap<String, LocalDate> firstListed = new TreeMap<>();
    SortedMap<String, LocalDate> lastListed = new TreeMap<>();
    SortedMap<String, Integer> used = new TreeMap<>();
    SortedMap<String, Long> maxExempted = new TreeMap<>();
    SortedMap<String, Long> expiredLast = new TreeMap<>();
    SortedMap<String, LocalDate> expiresSeen = new TreeMap<>();
    SortedMap<String, String> approverSeen = new TreeMap<>();
    SortedSet<String> ids = new TreeSet<>();
    boolean anyFileKnown = false;
    for (int i = 0; i < snaps.size(); i++) {
      Snapshot s = snaps.get(i);
      if (s.exemptionsYaml() != null) {
        anyFileKnown = true;
        for (Map.Entry<String, Listed> e : parse(s).entrySet()) {
          listed.put(e.getKey(), e.getValue());
          firstListed.putIfAbsent(e.getKey(), s.date());
          lastListed.put(e.getKey(), s.date());
          ids.add(e.getKey());
        }
      }
      SortedMap<String, long[]> counts = new TreeMap<>();
      for (ReportData.ClusterDetail c : s.data().details().clusters().values()) {
        for (ReportData.Exemption x : c.exemptions()) {
          long[] n = counts.computeIfAbsent(x.id(), k -> new long[2]);
          n[0] += x.active();
          n[1] += x.expired();
          if (x.expires() != null) {
            expiresSeen.put(x.id(), x.expires());
          }
          if (x.approver() != null) {
            approverSeen.putIfAbsent(x.id(), x.approver());
          }
        }
      }
      boolean last = i == snaps.size() - 1;
      counts.forEach(
          (id, n) -> {
            ids.add(id);
            if (n[0] > 0) {
              used.merge(id, 1, Integer::sum);
              maxExempted.merge(id, n[0], Math::max);
            }
            if (last) {
              expiredLast.put(id, n[1]);
            }
          });
    }
    LocalDate firstDate = snaps.isEmpty() ? null : snaps.get(0).date();
    List<ExemptionRow> out = new ArrayList<>();
    for (String id : ids) {
      Listed l = listed.get(id);
      LocalDate expires = l != null ? l.expires() : expiresSeen.get(id);
      LocalDate fl = firstListed.get(id);
      String granted =
          fl == null
              ? (anyFileKnown ? "not listed in any run's file" : "unknown")
              : fl.equals(firstDate) ? "before the range" : "in the range";
      out.add(
          new ExemptionRow(
              id,
              l != null ? l.approver() : approverSeen.get(id),
              l != null ? l.covers() : null,
              l != null ? l.clusters() : null,
              expires,
              fl,
              lastListed.get(id),
              granted,
              used.getOrDefault(id, 0),
              maxExempted.getOrDefault(id, 0L),
              expires != null && !expires.isBefore(from) && !expires.isAfter(to),
              expiredLast.getOrDefault(id, 0L)));
    }
    return out;
  }

  private static Map<String, Listed> parse(Snapshot s) {
    JsonNode root;
    try {
      root = YAML.readTree(s.exemptionsYaml().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserError(
          "the exemptions file of the run of " + s.date() + " is not YAML: " + e.getMessage(), e);
    }
    SortedMap<String, Listed> out = new TreeMap<>();
    for (JsonNode x : root == null ? YAML.createArrayNode() : root.path("exemptions")) {
      String id = x.path("id").asText(null);
      if (id == null) {
        continue;
      }
      List<String> covers = new ArrayList<>();
      covers.addAll(selectors(x.path("rules")));
      covers.addAll(selectors(x.path("controls")));
      LocalDate expires = null;
      try {
        expires = LocalDate.parse(x.path("expires").asText(""));
      } catch (java.time.format.DateTimeParseException e) {
        // The engine refuses such a file; a run that used it cannot exist. Leave it unknown.
      }
      out.put(
          id,
          new Listed(
              x.path("approver").asText(null),
              String.join(", ", covers),
              String.join(", ", selectors(x.path("clusters"))),
              expires));
    }
    return out;
  }

  private static List<String> selectors(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    for (JsonNode i : n.isArray() ? n : List.of(n)) {
      out.add(i.isObject() ? "regex " + i.path("regex").asText() : i.asText());
    }
    return out;
  }

  private static List<CoveragePoint> coverage(List<Snapshot> snaps) {
    List<CoveragePoint> out = new ArrayList<>();
    for (Snapshot s : snaps) {
      FleetSummaryRow all = null;
      for (FleetSummaryRow r : s.data().fleet()) {
        if ("ALL".equals(r.getFramework())) {
          all = r;
        }
      }
      // One row per cluster: the node counts are the same in every framework row of a cluster.
      SortedMap<String, ClusterComplianceRow> perCluster = new TreeMap<>();
      for (ClusterComplianceRow r : s.data().clusters()) {
        perCluster.putIfAbsent(r.getClusterId(), r);
      }
      long expected = 0;
      long scoredWithInventory = 0;
      boolean anyInventory = false;
      int below = 0;
      for (ClusterComplianceRow r : perCluster.values()) {
        if (r.getNodesExpected() != null) {
          anyInventory = true;
          expected += r.getNodesExpected();
          scoredWithInventory += Math.min(r.getNodesScored(), r.getNodesExpected());
        }
        if (r.getCoverage() != null && r.getCoverage() < 1.0) {
          below++;
        }
      }
      out.add(
          new CoveragePoint(
              s.date(),
              perCluster.size(),
              all == null ? 0 : all.getDumpsIn(),
              all == null ? 0 : all.getNodesScored(),
              all == null ? 0 : all.getNodesQuarantined(),
              anyInventory ? expected : null,
              anyInventory && expected > 0 ? (double) scoredWithInventory / expected : null,
              below));
    }
    return out;
  }

  static List<Gap> gaps(
      LocalDate from,
      LocalDate to,
      Cadence cadence,
      SortedSet<LocalDate> scored,
      SortedSet<LocalDate> importedNotScored) {
    List<Gap> out = new ArrayList<>();
    LocalDate runStart = null;
    LocalDate runEnd = null;
    int missing = 0;
    for (LocalDate w = from; !w.isAfter(to); w = w.plusDays(cadence.days())) {
      LocalDate end = w.plusDays(cadence.days() - 1L);
      if (end.isAfter(to)) {
        end = to;
      }
      boolean has = !scored.subSet(w, end.plusDays(1)).isEmpty();
      // A last window shorter than the cadence is not over: without a snapshot it is a gap only
      // when something was imported in it and not scored.
      boolean partial = w.plusDays(cadence.days() - 1L).isAfter(to);
      if (has || (partial && importedNotScored.subSet(w, end.plusDays(1)).isEmpty())) {
        if (runStart != null) {
          out.add(gap(runStart, runEnd, missing, importedNotScored));
          runStart = null;
        }
      } else {
        if (runStart == null) {
          runStart = w;
          missing = 0;
        }
        runEnd = end;
        missing++;
      }
    }
    if (runStart != null) {
      out.add(gap(runStart, runEnd, missing, importedNotScored));
    }
    return out;
  }

  private static Gap gap(LocalDate a, LocalDate b, int missing, SortedSet<LocalDate> imported) {
    return new Gap(a, b, missing, List.copyOf(imported.subSet(a, b.plusDays(1))));
  }

  /** Missing dates (daily) or windows (weekly) over all gaps. */
  public int missingTotal() {
    return gaps.stream().mapToInt(Gap::missing).sum();
  }

  /**
   * Expected snapshots in the range under the cadence: one per date or full 7-day window, and the
   * last, shorter window when it has a snapshot or is a gap (something imported, not scored).
   */
  public int expected() {
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    long full = days / cadence.days();
    LocalDate tail = from.plusDays(full * cadence.days());
    boolean tailHas =
        dates.stream().anyMatch(d -> !d.isBefore(tail) && !d.isAfter(to))
            || gaps.stream().anyMatch(g -> g.last().equals(to) && !g.last().isBefore(tail));
    return (int) full + (days % cadence.days() != 0 && tailHas ? 1 : 0);
  }

  public LocalDate lastDate() {
    return dates.isEmpty() ? null : dates.get(dates.size() - 1);
  }
}
