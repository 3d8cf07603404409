package dev.fleetscore.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams fleet.json, the manifest of a written fleet: the spec, one entry per dump in generation
 * order (where it is, which node, what was planted, the kubelet's expected effective settings), one
 * entry per cluster (its exports and cloud-side planted items) and totals. Written in constant
 * memory, so a fleet of any size can be described.
 */
final class FleetManifest implements Closeable {

  static final String FORMAT = "fleetscore-demo-manifest/1";

  private final JsonGenerator g;
  private final Map<String, Long> byKind = new TreeMap<>();
  private final Map<String, Long> byCode = new TreeMap<>();
  private long dumps;
  private long bytes;

  FleetManifest(OutputStream out) throws IOException {
    g = new JsonFactory().createGenerator(out);
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
    DefaultIndenter in = new DefaultIndenter("  ", "\n");
    pp.indentObjectsWith(in);
    pp.indentArraysWith(in);
    g.setPrettyPrinter(pp);
  }

  void start(FleetSpec spec, String format) throws IOException {
    g.writeStartObject();
    g.writeStringField("format", FORMAT);
    g.writeStringField("generator", dev.fleetscore.schema.FleetscoreVersion.producer("collectors"));
    g.writeObjectFieldStart("spec");
    g.writeNumberField("clusters", spec.clusters());
    g.writeNumberField("nodes_per_cluster", spec.nodesPerCluster());
    g.writeNumberField("seed", spec.seed());
    g.writeStringField("snapshot_date", spec.snapshotDate().toString());
    g.writeNumberField("defect_rate", spec.defectRate());
    g.writeBooleanField("broken_dumps", spec.brokenDumps());
    g.writeBooleanField("cloud_exports", spec.cloudExports());
    g.writeBooleanField("week_before", spec.weekBefore());
    g.writeEndObject();
    g.writeObjectFieldStart("layout");
    g.writeStringField(
        "dumps", "dumps/<cluster id with ':' and '/' as '_'>/<node>" + suffix(format));
    g.writeStringField("dump_format", format);
    g.writeStringField("exports", "exports/ (see exports/index.json)");
    g.writeStringField("k3s_journal", K3sNode.JOURNAL);
    g.writeStringField("kubelet_metrics", "metrics/kubelet.txt");
    g.writeEndObject();
    g.writeArrayFieldStart("dumps");
  }

  private static String suffix(String format) {
    return format.equals("tar.gz") ? ".tar.gz" : "/";
  }

  void dump(NodeDump d, String path, long size) throws IOException {
    dumps++;
    bytes += size;
    byKind.merge(d.kind().name(), 1L, Long::sum);
    g.writeStartObject();
    g.writeStringField("path", path);
    g.writeStringField("variant", d.variant().name());
    if (d.variant() == NodeDump.Variant.NO_META) {
      g.writeNullField("cluster_id");
      g.writeNullField("node");
      g.writeStringField("true_cluster_id", d.clusterId());
      g.writeStringField("true_node", d.nodeName());
    } else {
      g.writeStringField("cluster_id", d.clusterId());
      g.writeStringField("node", d.nodeName());
    }
    g.writeStringField("kind", d.kind().name());
    g.writeStringField("provider", d.kind().provider());
    g.writeStringField("node_pool", d.nodePool());
    if (d.zone() != null) {
      g.writeStringField("zone", d.zone());
    }
    g.writeStringField("kubelet_version", d.kubeletVersion());
    g.writeStringField("collected_at", d.collectedAt().toString());
    g.writeNumberField("files", d.entries().size());
    g.writeNumberField("bytes", size);
    planted(d.planted());
    g.writeFieldName("expected_kubelet");
    if (d.expectedKubelet() == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      for (Map.Entry<String, Map<String, Object>> e : d.expectedKubelet().entrySet()) {
        g.writeObjectFieldStart(e.getKey());
        for (Map.Entry<String, Object> f : e.getValue().entrySet()) {
          g.writeFieldName(f.getKey());
          value(f.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  void startClusters() throws IOException {
    g.writeEndArray();
    g.writeArrayFieldStart("clusters");
  }

  void cluster(CloudExports.ClusterExports c) throws IOException {
    g.writeStartObject();
    g.writeStringField("cluster_id", c.clusterId());
    g.writeStringField("provider", c.provider());
    g.writeStringField("name", c.name());
    g.writeStringField("version", c.version());
    g.writeNumberField("dump_nodes", c.dumpNodes());
    g.writeNumberField("inventory_nodes", c.inventoryNodes());
    g.writeArrayFieldStart("exports");
    for (CloudExports.ExportFile f : c.files()) {
      g.writeString(f.path());
    }
    g.writeEndArray();
    planted(c.planted());
    g.writeEndObject();
  }

  void finish(long exportFiles) throws IOException {
    g.writeEndArray();
    g.writeObjectFieldStart("totals");
    g.writeNumberField("dumps", dumps);
    g.writeNumberField("dump_bytes", bytes);
    g.writeNumberField("export_files", exportFiles);
    g.writeObjectFieldStart("dumps_by_kind");
    for (Map.Entry<String, Long> e : byKind.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("planted_by_code");
    for (Map.Entry<String, Long> e : byCode.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
    g.flush();
  }

  Map<String, Long> plantedCounts() {
    return byCode;
  }

  private void planted(List<PlantedItem> items) throws IOException {
    g.writeArrayFieldStart("planted");
    for (PlantedItem p : items) {
      byCode.merge(p.code().name(), 1L, Long::sum);
      g.writeStartObject();
      g.writeStringField("code", p.code().name());
      g.writeStringField("category", p.code().category().name());
      for (Map.Entry<String, String> f : p.facts().entrySet()) {
        g.writeStringField(f.getKey(), f.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private void value(Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        g.writeString(String.valueOf(o));
      }
      g.writeEndArray();
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  @Override
  public void close() throws IOException {
    g.close();
  }
}
