package dev.fleetscore.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Makes the cloud rows of a snapshot share their repeated values: every read or decoded row holds
 * its own copy of the snapshot id, date, cluster id, producer, provider, pool, versions and
 * collection time, although a fleet has only a handful of each. The inventory has a row per node,
 * so at a million nodes those copies were most of the cluster facts' memory (each row's ten
 * strings, an instant and a date: about 700 bytes, against about 150 shared). Equal immutable
 * values are interchangeable, so sharing them changes no output.
 */
final class SharedValues {

  private SharedValues() {}

  /** Distinct short strings, instants and dates seen; bounded, so odd data cannot grow it. */
  private static final ConcurrentHashMap<Object, Object> SHARED = new ConcurrentHashMap<>();

  private static final int MAX_SHARED = 1 << 16;

  /** Replaces, in place, each row's short string, instant and date fields by a shared instance. */
  static <T extends SpecificRecordBase> List<T> rows(List<T> rows) {
    for (T r : rows) {
      int n = r.getSchema().getFields().size();
      for (int i = 0; i < n; i++) {
        Object v = r.get(i);
        Object s = shared(v);
        if (s != v) {
          r.put(i, s);
        }
      }
    }
    return rows;
  }

  /** Every row list of {@code in}, shared in place; returns {@code in}. */
  static ClusterInputs inputs(ClusterInputs in) {
    rows(in.clusters());
    rows(in.pools());
    rows(in.authMappings());
    rows(in.inventory());
    rows(in.rbacRoles());
    rows(in.rbacBindings());
    rows(in.rbacServiceAccounts());
    return in;
  }

  private static Object shared(Object v) {
    boolean shareable =
        (v instanceof String s && s.length() <= 64)
            || v instanceof Instant
            || v instanceof LocalDate;
    if (!shareable) {
      return v;
    }
    Object seen = SHARED.get(v);
    if (seen != null) {
      return seen;
    }
    if (SHARED.size() >= MAX_SHARED) {
      return v;
    }
    seen = SHARED.putIfAbsent(v, v);
    return seen == null ? v : seen;
  }
}
