package dev.fleetscore.normalize;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.KeySource;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The value of one setting while layers are applied, with its history; becomes a Setting. */
final class Slot {
  final SettingSpec spec;
  final String name;
  TypedValue value;
  Source source;
  String origin;
  String raw;

  /** The value is a release-dependent default chosen without knowing the version. */
  boolean versionUncertain;

  /** For a map value: the layer that set each key. */
  private TreeMap<String, KeySource> keys;

  /** The per-key provenance before the latest {@link #set}, for merges that keep keys. */
  private TreeMap<String, KeySource> keysBefore;

  // Allocated on first use: most of a node's ~200 settings are plain defaults.
  private List<String> history;
  private List<String> notes;

  Slot(SettingSpec spec, String name, TypedValue value, Source source, String note) {
    this.spec = spec;
    this.name = name;
    this.value = value;
    this.source = source;
    this.keys = keysOf(value, source, null);
    addNote(note);
  }

  private static TreeMap<String, KeySource> keysOf(TypedValue v, Source s, String origin) {
    if (!(v instanceof TypedValue.MapValue m)) {
      return null;
    }
    TreeMap<String, KeySource> out = new TreeMap<>();
    for (String k : m.values().keySet()) {
      out.put(k, new KeySource(s, origin));
    }
    return out;
  }

  /**
   * After a layer merged keys into the map (a drop-in's JSON merge patch, a repeated map flag, the
   * command line's feature gates over the file's): the keys the layer did not name keep the layer
   * that set them before.
   */
  void keepKeysNotNamed(java.util.Collection<String> named) {
    keepKeys(keysBefore, named);
  }

  /** As {@link #keepKeysNotNamed}, against a snapshot taken earlier ({@link #keySnapshot}). */
  void keepKeys(java.util.Map<String, KeySource> before, java.util.Collection<String> named) {
    if (keys == null || before == null) {
      return;
    }
    for (java.util.Map.Entry<String, KeySource> e : keys.entrySet()) {
      if (!named.contains(e.getKey()) && before.containsKey(e.getKey())) {
        e.setValue(before.get(e.getKey()));
      }
    }
  }

  /** A copy of the per-key provenance now, or null when the value is not a map. */
  java.util.Map<String, KeySource> keySnapshot() {
    return keys == null ? null : new TreeMap<>(keys);
  }

  /** Replaces the map value in place (feature gates kept across the flags), keys from {@code s}. */
  void setMapValue(TypedValue.MapValue v, java.util.Map<String, KeySource> before) {
    this.value = v;
    TreeMap<String, KeySource> k = keysOf(v, source, origin);
    if (before != null) {
      for (java.util.Map.Entry<String, KeySource> e : k.entrySet()) {
        KeySource b = before.get(e.getKey());
        if (b != null && (keys == null || !keys.containsKey(e.getKey()))) {
          e.setValue(b);
        } else if (keys != null && keys.containsKey(e.getKey())) {
          e.setValue(keys.get(e.getKey()));
        }
      }
    }
    this.keys = k;
  }

  /**
   * One feature gate as a setting of its own: its value in the gates map of {@code gates} (with
   * that map's source and origin, and the note {@code from}), or on by default with the spec's
   * note.
   */
  static Slot gate(SettingSpec spec, Slot gates, String gate, String from) {
    String set =
        gates != null && gates.value instanceof TypedValue.MapValue m ? m.values().get(gate) : null;
    if (set == null) {
      return new Slot(spec, spec.setting(), new TypedValue.Bool(true), Source.DEFAULT, spec.note());
    }
    Slot s =
        new Slot(
            spec,
            spec.setting(),
            new TypedValue.Bool(Boolean.parseBoolean(set)),
            gates.source,
            from);
    s.origin = gates.origin;
    s.raw = set;
    return s;
  }

  /** Sets a new value; the current one goes to the history unless it is UNSET. */
  void replace(TypedValue v, Source s, String origin, String raw, String note) {
    pushHistory();
    set(v, s, origin, raw, note);
  }

  /** Sets a new value without recording the current one (it was never in force). */
  void set(TypedValue v, Source s, String origin, String raw, String note) {
    this.value = v;
    this.source = s;
    this.origin = origin;
    this.raw = raw;
    this.versionUncertain = false;
    this.keysBefore = keys;
    this.keys = keysOf(v, s, origin);
    notes = null;
    addNote(note);
  }

  private List<String> history() {
    if (history == null) {
      history = new ArrayList<>(2);
    }
    return history;
  }

  void pushHistory() {
    if (source != Source.UNSET) {
      history().add(describe(source, origin, value));
    }
  }

  void addHistory(Source s, String origin, String text) {
    history().add(new Setting.Step(s, origin, text).toString());
  }

  void addNote(String note) {
    if (note == null || note.isEmpty()) {
      return;
    }
    if (notes == null) {
      notes = new ArrayList<>(1);
    }
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  boolean layered() {
    return history != null
        || (source != Source.DEFAULT && source != Source.LEGACY_DEFAULT && source != Source.UNSET);
  }

  static String describe(Source s, String origin, TypedValue v) {
    return new Setting.Step(s, origin, v == null ? "null" : v.canonical()).toString();
  }

  Setting toSetting(Component c) {
    String note = notes == null || notes.isEmpty() ? null : String.join("; ", notes);
    return new Setting(
        c,
        name,
        value,
        source,
        origin,
        spec == null ? null : spec.dashedFlag(),
        raw,
        history == null ? List.of() : history,
        note,
        versionUncertain,
        keys);
  }
}
