package dev.fleetscore.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fleetscore.common.Parsers;
import dev.fleetscore.model.TypedValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a flag value or a config-file JSON value into a {@link TypedValue}, accepting what the
 * component's Go code accepts and nothing else ({@link BadValueException} otherwise). Map and list
 * flags are parsed one occurrence at a time; the caller applies the repeat semantics.
 */
public final class Values {

  static final ObjectMapper JSON =
      Parsers.json().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Values() {}

  /** A scalar flag value ({@code --port=10250}). */
  public static TypedValue scalarFromFlag(ValueKind kind, String raw) throws BadValueException {
    return switch (kind) {
      case BOOL -> new TypedValue.Bool(GoParse.parseBool(raw));
      case INT32 -> new TypedValue.Int(GoParse.parseInt(raw, 32));
      case INT64 -> new TypedValue.Int(GoParse.parseInt(raw, 64));
      case UINT32 -> {
        long v = GoParse.parseInt(raw, 33);
        if (v < 0 || v > 0xFFFF_FFFFL) {
          throw new BadValueException("strconv.ParseUint: parsing \"" + raw + "\": invalid syntax");
        }
        yield new TypedValue.Int(v);
      }
      case DURATION, DURATION_OR_NANOS -> new TypedValue.Duration(GoParse.parseDuration(raw));
      case STRING, VERFLAG, VMODULE -> new TypedValue.Str(raw);
      case QUANTITY -> quantity(raw);
      case FLOAT -> floatValue(raw);
      default -> throw new IllegalArgumentException(kind + " is not a scalar");
    };
  }

  static TypedValue.Quantity quantity(String raw) throws BadValueException {
    if (raw.endsWith("%")) {
      String n = raw.substring(0, raw.length() - 1);
      try {
        return new TypedValue.Quantity(new BigDecimal(n), true, raw);
      } catch (NumberFormatException e) {
        throw new BadValueException("invalid percentage \"" + raw + "\"");
      }
    }
    return new TypedValue.Quantity(GoParse.parseQuantity(raw), false, raw);
  }

  private static TypedValue floatValue(String raw) throws BadValueException {
    try {
      return new TypedValue.Quantity(new BigDecimal(raw), false, raw);
    } catch (NumberFormatException e) {
      throw new BadValueException("strconv.ParseFloat: parsing \"" + raw + "\": invalid syntax");
    }
  }

  /** One occurrence of a list flag: the elements it adds. */
  public static List<String> listFromFlag(ValueKind kind, String raw) throws BadValueException {
    return switch (kind) {
      case STRING_SLICE -> GoParse.splitCsv(raw);
      case STRING_ARRAY -> List.of(raw);
      case RESERVED_MEMORY -> List.of(reservedMemory(raw));
      case TAINTS -> taints(raw);
      default -> throw new IllegalArgumentException(kind + " is not a list");
    };
  }

  /** One occurrence of a map flag, in the order written (later keys win on a clash). */
  public static LinkedHashMap<String, String> mapFromFlag(ValueKind kind, String raw)
      throws BadValueException {
    LinkedHashMap<String, String> m = new LinkedHashMap<>();
    switch (kind) {
      case MAP_STRING_STRING, MAP_STRING_BOOL -> {
        for (String part : raw.split(",", -1)) {
          if (part.isEmpty()) {
            continue;
          }
          int eq = part.indexOf('=');
          if (eq < 0) {
            throw new BadValueException("malformed pair, expect string=string: \"" + part + "\"");
          }
          String k = part.substring(0, eq).trim();
          String v = part.substring(eq + 1).trim();
          if (kind == ValueKind.MAP_STRING_BOOL) {
            v = Boolean.toString(GoParse.parseBool(v));
          }
          m.put(k, v);
        }
      }
      case MAP_STRING_STRING_NOSPLIT -> {
        if (!raw.isEmpty()) {
          int eq = raw.indexOf('=');
          if (eq < 0) {
            throw new BadValueException("malformed pair, expect string=string: \"" + raw + "\"");
          }
          m.put(raw.substring(0, eq).trim(), raw.substring(eq + 1).trim());
        }
      }
      case LANGLE_MAP -> {
        for (String part : raw.split(",", -1)) {
          if (part.isEmpty()) {
            continue;
          }
          int lt = part.indexOf('<');
          if (lt < 0) {
            throw new BadValueException("malformed pair, expect string<string: \"" + part + "\"");
          }
          m.put(part.substring(0, lt).trim(), part.substring(lt + 1).trim());
        }
      }
      case CONFIGURATION_MAP -> {
        for (String part : raw.split(",", -1)) {
          if (part.isEmpty()) {
            continue;
          }
          int eq = part.indexOf('=');
          if (eq < 0) {
            m.put(part.trim(), "");
          } else {
            m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
          }
        }
      }
      case COLON_MULTIMAP -> {
        for (String part : raw.split(",", -1)) {
          if (part.isEmpty()) {
            continue;
          }
          int c = part.indexOf(':');
          if (c < 0) {
            throw new BadValueException("malformed pair, expect string:string: \"" + part + "\"");
          }
          String k = part.substring(0, c).trim();
          String v = part.substring(c + 1).trim();
          m.merge(k, jsonArray(List.of(v)), (a, b) -> appendJsonArray(a, v));
        }
      }
      default -> throw new IllegalArgumentException(kind + " is not a map");
    }
    return m;
  }

  static String jsonArray(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }

  static String appendJsonArray(String array, String value) {
    try {
      List<String> l = new ArrayList<>();
      for (JsonNode n : JSON.readTree(array)) {
        l.add(n.asText());
      }
      l.add(value);
      return jsonArray(l);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("our own JSON array always parses", e);
    }
  }

  /** {@code 0:memory=1Gi,hugepages-1M=2Gi} to {@code 0:hugepages-1M=2Gi,memory=1Gi}. */
  private static String reservedMemory(String raw) throws BadValueException {
    int c = raw.indexOf(':');
    if (c <= 0) {
      throw new BadValueException("invalid --reserved-memory \"" + raw + "\": expect N:res=qty");
    }
    long numa;
    try {
      numa = Long.parseLong(raw.substring(0, c).trim());
    } catch (NumberFormatException e) {
      throw new BadValueException("invalid NUMA node in --reserved-memory \"" + raw + "\"");
    }
    TreeMap<String, String> limits = new TreeMap<>();
    for (String part : raw.substring(c + 1).split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new BadValueException("invalid --reserved-memory \"" + raw + "\"");
      }
      String q = part.substring(eq + 1).trim();
      GoParse.parseQuantity(q);
      limits.put(part.substring(0, eq).trim(), q);
    }
    return reservedMemoryCanonical(numa, limits);
  }

  private static String reservedMemoryCanonical(long numa, TreeMap<String, String> limits) {
    StringBuilder sb = new StringBuilder().append(numa).append(':');
    boolean first = true;
    for (Map.Entry<String, String> e : limits.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }

  /** {@code k=v:NoSchedule,k2:NoExecute}: each taint as {@code key[=value]:Effect}. */
  private static List<String> taints(String raw) throws BadValueException {
    List<String> out = new ArrayList<>();
    if (raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split(",", -1)) {
      int c = part.lastIndexOf(':');
      if (c <= 0 || c == part.length() - 1) {
        throw new BadValueException("invalid taint spec: \"" + part + "\"");
      }
      String effect = part.substring(c + 1);
      if (!effect.equals("NoSchedule")
          && !effect.equals("PreferNoSchedule")
          && !effect.equals("NoExecute")) {
        throw new BadValueException("invalid taint effect: \"" + effect + "\"");
      }
      out.add(part);
    }
    return out;
  }

  /**
   * A config-file value. {@code yaml} says the file was YAML, where go-yaml v2 (YAML 1.1) also
   * reads yes/no/on/off as booleans before the JSON decoding.
   */
  public static TypedValue fromJson(ValueKind kind, JsonNode n, boolean yaml)
      throws BadValueException {
    switch (kind) {
      case BOOL:
        if (n.isBoolean()) {
          return new TypedValue.Bool(n.booleanValue());
        }
        if (yaml && n.isTextual()) {
          Boolean b = yaml11Bool(n.textValue());
          if (b != null) {
            return new TypedValue.Bool(b);
          }
        }
        throw new BadValueException("cannot unmarshal " + describe(n) + " into a bool field");
      case INT32:
      case INT64:
      case UINT32:
        if (!n.isIntegralNumber()) {
          throw new BadValueException("cannot unmarshal " + describe(n) + " into an integer field");
        }
        long v = n.longValue();
        if (kind == ValueKind.INT32 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
            || kind == ValueKind.UINT32 && (v < 0 || v > 0xFFFF_FFFFL)
            || !n.canConvertToLong()) {
          throw new BadValueException("number " + n + " overflows the field");
        }
        return new TypedValue.Int(v);
      case DURATION_OR_NANOS:
        if (n.isIntegralNumber() && n.canConvertToLong()) {
          return new TypedValue.Duration(n.longValue());
        }
        if (!n.isTextual()) {
          throw new BadValueException("cannot unmarshal " + describe(n) + " into a duration");
        }
        return new TypedValue.Duration(GoParse.parseDuration(n.textValue()));
      case DURATION:
        if (!n.isTextual()) {
          throw new BadValueException(
              "cannot unmarshal " + describe(n) + " into a duration (a string such as \"4h\")");
        }
        return new TypedValue.Duration(GoParse.parseDuration(n.textValue()));
      case STRING:
      case VERFLAG:
        if (!n.isTextual()) {
          throw new BadValueException("cannot unmarshal " + describe(n) + " into a string field");
        }
        return new TypedValue.Str(n.textValue());
      case QUANTITY:
        if (n.isNumber()) {
          return new TypedValue.Quantity(n.decimalValue(), false, n.asText());
        }
        if (!n.isTextual()) {
          throw new BadValueException("cannot unmarshal " + describe(n) + " into a quantity");
        }
        if (n.textValue().isEmpty()) {
          return new TypedValue.Str("");
        }
        return quantity(n.textValue());
      case FLOAT:
        if (!n.isNumber()) {
          throw new BadValueException("cannot unmarshal " + describe(n) + " into a float field");
        }
        return new TypedValue.Quantity(n.decimalValue(), false, n.asText());
      case STRING_SLICE:
      case STRING_ARRAY:
        return new TypedValue.ListValue(stringList(n));
      case OBJECT_LIST:
        if (!n.isArray()) {
          throw new BadValueException("cannot unmarshal " + describe(n) + " into a list");
        }
        List<String> objs = new ArrayList<>();
        for (JsonNode e : n) {
          objs.add(canonicalJson(e));
        }
        return new TypedValue.ListValue(objs);
      case RESERVED_MEMORY:
        return new TypedValue.ListValue(reservedMemoryFromJson(n));
      case TAINTS:
        return new TypedValue.ListValue(taintsFromJson(n));
      case VMODULE:
        return new TypedValue.Str(vmoduleFromJson(n));
      default:
        if (kind.isMap()) {
          return new TypedValue.MapValue(new TreeMap<>(mapFromJson(kind, n)));
        }
        throw new IllegalArgumentException("no JSON form for " + kind);
    }
  }

  /** A map-typed config value; null entries are kept as Java nulls (merge-patch deletions). */
  public static LinkedHashMap<String, String> mapFromJson(ValueKind kind, JsonNode n)
      throws BadValueException {
    if (!n.isObject()) {
      throw new BadValueException("cannot unmarshal " + describe(n) + " into a map");
    }
    LinkedHashMap<String, String> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        m.put(e.getKey(), null);
      } else if (kind == ValueKind.MAP_STRING_BOOL) {
        if (!v.isBoolean()) {
          throw new BadValueException(
              "cannot unmarshal " + describe(v) + " into map value of " + e.getKey() + " (bool)");
        }
        m.put(e.getKey(), Boolean.toString(v.booleanValue()));
      } else if (kind == ValueKind.COLON_MULTIMAP) {
        m.put(e.getKey(), jsonArray(stringList(v)));
      } else {
        if (!v.isTextual()) {
          throw new BadValueException(
              "cannot unmarshal " + describe(v) + " into map value of " + e.getKey() + " (string)");
        }
        m.put(e.getKey(), v.textValue());
      }
    }
    return m;
  }

  private static List<String> stringList(JsonNode n) throws BadValueException {
    if (!n.isArray()) {
      throw new BadValueException("cannot unmarshal " + describe(n) + " into a list of strings");
    }
    List<String> l = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw new BadValueException("cannot unmarshal " + describe(e) + " into a list element");
      }
      l.add(e.textValue());
    }
    return l;
  }

  private static List<String> reservedMemoryFromJson(JsonNode n) throws BadValueException {
    if (!n.isArray()) {
      throw new BadValueException("cannot unmarshal " + describe(n) + " into reservedMemory");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      JsonNode numa = e.get("numaNode");
      JsonNode limits = e.get("limits");
      if (numa == null || !numa.isIntegralNumber() || limits == null || !limits.isObject()) {
        throw new BadValueException("reservedMemory entry needs numaNode and limits: " + e);
      }
      TreeMap<String, String> l = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = limits.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        l.put(f.getKey(), f.getValue().asText());
      }
      out.add(reservedMemoryCanonical(numa.longValue(), l));
    }
    return out;
  }

  private static List<String> taintsFromJson(JsonNode n) throws BadValueException {
    if (!n.isArray()) {
      throw new BadValueException("cannot unmarshal " + describe(n) + " into registerWithTaints");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      JsonNode key = e.get("key");
      JsonNode effect = e.get("effect");
      if (key == null || !key.isTextual() || effect == null || !effect.isTextual()) {
        throw new BadValueException("taint needs key and effect: " + e);
      }
      JsonNode value = e.get("value");
      String v =
          value == null || value.isNull() || value.asText().isEmpty() ? "" : "=" + value.asText();
      out.add(key.textValue() + v + ":" + effect.textValue());
    }
    return out;
  }

  private static String vmoduleFromJson(JsonNode n) throws BadValueException {
    if (!n.isArray()) {
      throw new BadValueException("cannot unmarshal " + describe(n) + " into logging.vmodule");
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode e : n) {
      JsonNode p = e.get("filePattern");
      JsonNode v = e.get("verbosity");
      if (p == null || v == null) {
        throw new BadValueException("vmodule entry needs filePattern and verbosity: " + e);
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(p.asText()).append('=').append(v.asText());
    }
    return sb.toString();
  }

  static String canonicalJson(JsonNode n) {
    try {
      Object o = JSON.treeToValue(n, Object.class);
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree always serializes", e);
    }
  }

  private static Boolean yaml11Bool(String s) {
    return switch (s) {
      case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE" -> true;
      case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE" -> false;
      default -> null;
    };
  }

  static String describe(JsonNode n) {
    if (n.isTextual()) {
      return "string \"" + n.textValue() + "\"";
    }
    if (n.isNumber()) {
      return "number " + n;
    }
    if (n.isBoolean()) {
      return "bool " + n;
    }
    if (n.isArray()) {
      return "array";
    }
    if (n.isObject()) {
      return "object";
    }
    return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** True for Go's zero value of the type: false, 0, 0s, "", empty quantity. */
  public static boolean isZero(TypedValue v) {
    if (v instanceof TypedValue.Bool b) {
      return !b.value();
    }
    if (v instanceof TypedValue.Int i) {
      return i.value() == 0;
    }
    if (v instanceof TypedValue.Duration d) {
      return d.nanos() == 0;
    }
    if (v instanceof TypedValue.Str s) {
      return s.value().isEmpty();
    }
    if (v instanceof TypedValue.Quantity q) {
      return q.amount().signum() == 0 && !q.percent();
    }
    return false;
  }
}
