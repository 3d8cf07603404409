package dev.fleetscore.pipeline;

import dev.fleetscore.schema.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/**
 * Every cloud-table row of a snapshot, resolved per cluster ({@link CloudTables#resolve}), and the
 * counts and quarantine rows they contribute. Read as one unit: cloud tables are small next to the
 * node tables (the inventory, one row per node, is the largest), and one element keeps the side
 * input built from it cheap on every runner.
 */
public record CloudSnapshot(SortedMap<String, ClusterInputs> clusters, FleetAggregate aggregate) {

  /** Reads and resolves {@code files} (per-source files of the cloud tables, any order). */
  public static CloudSnapshot read(List<String> files, RunInfo run) {
    FleetAggregate agg = new FleetAggregate();
    TreeMap<String, List<ClusterInputs>> parts = new TreeMap<>();
    for (String path : files) {
      CloudTables.FileRows rows = CloudTables.read(path, run);
      rows.quarantine().forEach(agg::quarantine);
      rows.clusters().forEach((id, p) -> parts.computeIfAbsent(id, k -> new ArrayList<>()).add(p));
    }
    TreeMap<String, ClusterInputs> clusters = new TreeMap<>();
    for (Map.Entry<String, List<ClusterInputs>> e : parts.entrySet()) {
      CloudTables.Resolved r = CloudTables.resolve(e.getKey(), e.getValue(), run);
      agg.merge(CloudTables.aggregate(r));
      clusters.put(e.getKey(), SharedValues.inputs(r.inputs()));
    }
    return new CloudSnapshot(clusters, agg);
  }

  /** The plan's per-source files in a fixed order. */
  static List<String> files(SnapshotPlan plan) {
    List<String> out = new ArrayList<>();
    for (Table t : Table.RAW_PER_SOURCE) {
      out.addAll(plan.perSourceFiles().getOrDefault(t, List.of()));
    }
    return out;
  }

  /** Cluster rows with the Avro-based coder, the aggregate with Java serialization. */
  public static final class Coder extends CustomCoder<CloudSnapshot> {
    private static final long serialVersionUID = 1L;
    private static final MapCoder<String, ClusterInputs> CLUSTERS =
        MapCoder.of(StringUtf8Coder.of(), ClusterInputs.Coder.of());

    @Override
    public void encode(CloudSnapshot v, OutputStream out) throws IOException {
      CLUSTERS.encode(v.clusters(), out);
      PipelineCoders.aggregates().encode(v.aggregate(), out);
    }

    @Override
    public CloudSnapshot decode(InputStream in) throws IOException {
      return new CloudSnapshot(
          new TreeMap<>(CLUSTERS.decode(in)), PipelineCoders.aggregates().decode(in));
    }

    @Override
    public boolean equals(Object o) {
      return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
      return getClass().hashCode();
    }
  }
}
