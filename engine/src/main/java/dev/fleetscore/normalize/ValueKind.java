package dev.fleetscore.normalize;

import dev.fleetscore.model.ValueType;

/**
 * How a setting's value is written and parsed: the Go type of the config field and the pflag value
 * type of its flag. It decides repeat semantics (scalars: last wins; slices: first replaces then
 * appends; maps: first clears then accumulates) and the {@link ValueType} written to tables.
 */
public enum ValueKind {
  BOOL("bool", ValueType.BOOL),
  INT32("int32", ValueType.INT),
  INT64("int64", ValueType.INT),
  UINT32("uint32", ValueType.INT),
  DURATION("duration", ValueType.DURATION),
  /** component-base TimeOrMetaDuration: a duration string, or a JSON number of nanoseconds. */
  DURATION_OR_NANOS("durationOrNanos", ValueType.DURATION),
  STRING("string", ValueType.STRING),
  QUANTITY("quantity", ValueType.QUANTITY),
  /** A float64; held as a {@link dev.fleetscore.model.TypedValue.Quantity} without unit. */
  FLOAT("float", ValueType.QUANTITY),
  /** pflag stringSlice: CSV; the first occurrence replaces, later ones append. */
  STRING_SLICE("stringSlice", ValueType.LIST),
  /** pflag stringArray: no CSV split; every occurrence appends. */
  STRING_ARRAY("stringArray", ValueType.LIST),
  /** component-base MapStringString: {@code k=v,k2=v2}. */
  MAP_STRING_STRING("mapStringString", ValueType.MAP),
  /** MapStringString with NoSplit: one {@code k=v} per occurrence. */
  MAP_STRING_STRING_NOSPLIT("mapStringStringNoSplit", ValueType.MAP),
  /** MapStringBool: {@code A=true,B=false}. */
  MAP_STRING_BOOL("mapStringBool", ValueType.MAP),
  /** LangleSeparatedMapStringString: {@code memory.available<100Mi,...}. */
  LANGLE_MAP("langleMap", ValueType.MAP),
  /** ColonSeparatedMultimapStringString: {@code k:v,k:v2}; values accumulate per key. */
  COLON_MULTIMAP("colonMultimap", ValueType.MAP),
  /** ConfigurationMap ({@code --node-labels}): never cleared, a key without = gets "". */
  CONFIGURATION_MAP("configurationMap", ValueType.MAP),
  /** {@code --reserved-memory 0:memory=1Gi,hugepages-1M=2Gi}, repeatable per NUMA node. */
  RESERVED_MEMORY("reservedMemory", ValueType.LIST),
  /** {@code --register-with-taints k=v:NoSchedule,k2:NoExecute}. */
  TAINTS("taints", ValueType.LIST),
  /** {@code --vmodule pattern=N,...}; a list of {filePattern, verbosity} in a file. */
  VMODULE("vmodule", ValueType.STRING),
  /** A list of objects with no flag; each element kept as canonical JSON. */
  OBJECT_LIST("objectList", ValueType.LIST),
  /** component-base verflag: {@code --version}, {@code --version=raw}, {@code --version=v1.2.3}. */
  VERFLAG("verflag", ValueType.STRING);

  private final String id;
  private final ValueType type;

  ValueKind(String id, ValueType type) {
    this.id = id;
    this.type = type;
  }

  public ValueType valueType() {
    return type;
  }

  /** A flag of this kind takes no separate value ({@code --flag} alone means true). */
  public boolean isBool() {
    return this == BOOL;
  }

  public boolean isMap() {
    return type == ValueType.MAP;
  }

  public static ValueKind byId(String id) {
    for (ValueKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown value kind " + id);
  }
}
