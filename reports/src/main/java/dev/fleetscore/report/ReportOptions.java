package dev.fleetscore.report;

/**
 * The limits that keep a report small whatever the fleet size; the full detail is in the CSV files
 * and {@code fleetscore export}.
 *
 * @param nodesPerControl failing nodes listed per failing control of a cluster
 * @param detailedClusters clusters that get a full section (the worst first)
 * @param heatmapClusters rows of the heat map
 * @param heatmapControls columns of the heat map
 * @param topControls worst controls listed fleet-wide
 * @param topChanges changes listed
 * @param trendSnapshots snapshots shown in trends (the latest ones)
 */
public record ReportOptions(
    int nodesPerControl,
    int detailedClusters,
    int heatmapClusters,
    int heatmapControls,
    int topControls,
    int topChanges,
    int trendSnapshots) {

  public static ReportOptions defaults() {
    return new ReportOptions(5, 25, 40, 40, 15, 25, 60);
  }

  public ReportOptions {
    if (nodesPerControl < 0
        || detailedClusters < 0
        || heatmapClusters < 1
        || heatmapControls < 1
        || topControls < 1
        || topChanges < 1
        || trendSnapshots < 1) {
      throw new IllegalArgumentException("report limits must be positive");
    }
  }

  public ReportOptions withNodesPerControl(int n) {
    return new ReportOptions(
        n,
        detailedClusters,
        heatmapClusters,
        heatmapControls,
        topControls,
        topChanges,
        trendSnapshots);
  }

  public ReportOptions withDetailedClusters(int n) {
    return new ReportOptions(
        nodesPerControl,
        n,
        heatmapClusters,
        heatmapControls,
        topControls,
        topChanges,
        trendSnapshots);
  }
}
