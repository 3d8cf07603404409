package dev.fleetscore.normalize;

import dev.fleetscore.model.Component;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import java.util.ArrayList;
import java.util.List;

/** The value of one setting while layers are applied, with its history; becomes a Setting. */
final class Slot {
  final SettingSpec spec;
  final String name;
  TypedValue value;
  Source source;
  String origin;
  String raw;
  // Allocated on first use: most of a node's ~200 settings are plain defaults.
  private List<String> history;
  private List<String> notes;

  Slot(SettingSpec spec, String name, TypedValue value, Source source, String note) {
    this.spec = spec;
    this.name = name;
    this.value = value;
    this.source = source;
    addNote(note);
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
        note);
  }
}
