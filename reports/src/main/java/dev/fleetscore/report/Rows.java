package dev.fleetscore.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** Typed access to the fields of a generic row, tolerant of Avro's string and date forms. */
final class Rows {

  private Rows() {}

  static String str(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? null : v.toString();
  }

  static long lng(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? 0L : ((Number) v).longValue();
  }

  static Double dbl(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? null : ((Number) v).doubleValue();
  }

  static LocalDate date(GenericRecord r, String field) {
    Object v = r.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof LocalDate d) {
      return d;
    }
    return LocalDate.ofEpochDay(((Number) v).longValue());
  }

  static Instant instant(GenericRecord r, String field) {
    Object v = r.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Instant i) {
      return i;
    }
    return Instant.ofEpochMilli(((Number) v).longValue());
  }

  static List<String> strings(GenericRecord r, String field) {
    Object v = r.get(field);
    List<String> out = new ArrayList<>();
    if (v instanceof Collection<?> c) {
      for (Object o : c) {
        out.add(o == null ? null : o.toString());
      }
    }
    return out;
  }
}
