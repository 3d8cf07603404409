package dev.fleetscore.pipeline;

import dev.fleetscore.schema.FindingRow;
import dev.fleetscore.schema.QuarantineRow;
import dev.fleetscore.schema.States;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/**
 * A compact binary coder for {@link FleetAggregate}: counts as variable-length longs (the count
 * matrices are mostly zeros), rows as Avro. The DirectRunner copies a combine's state with the
 * coder at every bundle and Flink encodes partial aggregates before its shuffle, so this is several
 * times cheaper than Java serialization there.
 */
final class FleetAggregateCoder extends CustomCoder<FleetAggregate> {

  private static final long serialVersionUID = 1L;
  static final FleetAggregateCoder INSTANCE = new FleetAggregateCoder();

  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final StringUtf8Coder STR = StringUtf8Coder.of();
  private static final NullableCoder<String> NSTR = NullableCoder.of(StringUtf8Coder.of());
  private static final ListCoder<String> STRS = ListCoder.of(StringUtf8Coder.of());
  private static final MapCoder<String, Long> COUNTS =
      MapCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
  private static final ListCoder<FindingRow> FINDINGS =
      ListCoder.of(AvroCoder.of(FindingRow.class));
  private static final ListCoder<dev.fleetscore.schema.RbacAccessRow> RBAC_ACCESS =
      ListCoder.of(AvroCoder.of(dev.fleetscore.schema.RbacAccessRow.class));
  private static final ListCoder<QuarantineRow> QUARANTINE =
      ListCoder.of(AvroCoder.of(QuarantineRow.class));

  @Override
  public void encode(FleetAggregate a, OutputStream out) throws IOException {
    LONG.encode(a.dumpsIn, out);
    LONG.encode(a.nodesScored, out);
    LONG.encode(a.nodesQuarantined, out);
    LONG.encode(a.recordsQuarantined, out);
    instant(a.maxCollectedAt, out);
    INT.encode(a.clusters.size(), out);
    for (Map.Entry<String, FleetAggregate.ClusterAgg> e : a.clusters.entrySet()) {
      FleetAggregate.ClusterAgg c = e.getValue();
      STR.encode(e.getKey(), out);
      LONG.encode(c.nodesScored, out);
      LONG.encode(c.nodesQuarantined, out);
      LONG.encode(c.nodesExpected + 1, out);
      NSTR.encode(c.cloudProvider, out);
      COUNTS.encode(c.nodeProviders, out);
      instant(c.maxCollectedAt, out);
      INT.encode(c.rules.size(), out);
      for (FleetAggregate.RuleAgg r : c.rules.values()) {
        STR.encode(r.ruleId, out);
        NSTR.encode(r.pack, out);
        NSTR.encode(r.title, out);
        NSTR.encode(r.scope, out);
        STRS.encode(r.frameworkIds, out);
        for (int st = 0; st < States.STATES.size(); st++) {
          for (int v = 0; v < FleetAggregate.NS; v++) {
            LONG.encode(r.count(st, v), out);
          }
        }
      }
    }
    FINDINGS.encode(a.clusterFindings, out);
    RBAC_ACCESS.encode(a.rbacAccess, out);
    QUARANTINE.encode(a.quarantine, out);
  }

  @Override
  public FleetAggregate decode(InputStream in) throws IOException {
    FleetAggregate a = new FleetAggregate();
    a.dumpsIn = LONG.decode(in);
    a.nodesScored = LONG.decode(in);
    a.nodesQuarantined = LONG.decode(in);
    a.recordsQuarantined = LONG.decode(in);
    a.maxCollectedAt = instant(in);
    int clusters = INT.decode(in);
    for (int i = 0; i < clusters; i++) {
      FleetAggregate.ClusterAgg c = a.cluster(STR.decode(in));
      c.nodesScored = LONG.decode(in);
      c.nodesQuarantined = LONG.decode(in);
      c.nodesExpected = LONG.decode(in) - 1;
      c.cloudProvider = NSTR.decode(in);
      c.nodeProviders.putAll(COUNTS.decode(in));
      c.maxCollectedAt = instant(in);
      int rules = INT.decode(in);
      for (int j = 0; j < rules; j++) {
        FleetAggregate.RuleAgg r =
            new FleetAggregate.RuleAgg(
                STR.decode(in), NSTR.decode(in), NSTR.decode(in), NSTR.decode(in), STRS.decode(in));
        for (int st = 0; st < States.STATES.size(); st++) {
          for (int v = 0; v < FleetAggregate.NS; v++) {
            r.add(st, v, LONG.decode(in));
          }
        }
        c.rules.put(r.ruleId, r);
      }
    }
    List<FindingRow> findings = FINDINGS.decode(in);
    a.clusterFindings.addAll(findings);
    a.rbacAccess.addAll(RBAC_ACCESS.decode(in));
    a.quarantine.addAll(QUARANTINE.decode(in));
    return a;
  }

  private static void instant(Instant t, OutputStream out) throws IOException {
    BooleanCoder.of().encode(t != null, out);
    if (t != null) {
      LONG.encode(t.getEpochSecond(), out);
      INT.encode(t.getNano(), out);
    }
  }

  private static Instant instant(InputStream in) throws IOException {
    return BooleanCoder.of().decode(in)
        ? Instant.ofEpochSecond(LONG.decode(in), INT.decode(in))
        : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FleetAggregateCoder;
  }

  @Override
  public int hashCode() {
    return FleetAggregateCoder.class.hashCode();
  }
}
