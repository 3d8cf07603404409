package dev.fleetscore.pipeline;

import dev.fleetscore.schema.EffectiveSettingRow;
import dev.fleetscore.schema.FindingRow;
import java.util.HashMap;
import java.util.List;

/**
 * Hands out one instance for the per-node texts that repeat from node to node: a finding's reason,
 * actual, evidence and origin (per rule), an effective setting's value, raw value, note and origin
 * (per setting). The engine builds these afresh for every node; equal ones are replaced by the
 * instance the same rule or setting produced last, so the table writer's identity cache recognises
 * them without hashing or comparing them again.
 *
 * <p>Each rule (setting) remembers only its last value per column, so a lookup is one map probe on
 * a rule id whose hash the {@code String} has cached, and one {@code equals} against a single
 * candidate. Values are never changed, only their instances. Memory is bounded: at most {@link
 * #MAX_KEYS} keys (then it starts over) and no string longer than {@link #LONGEST_SHARED}. One
 * instance per scorer, not shared between threads.
 */
final class SharedStrings {

  /** Keys (rule ids, setting names) remembered before the cache starts over. */
  static final int MAX_KEYS = 4096;

  /** Longer strings are passed through, never remembered. */
  static final int LONGEST_SHARED = 4096;

  /** Texts remembered per key: four for a finding, four for a setting row. */
  private static final int COLUMNS = 4;

  private final HashMap<String, String[]> findings = new HashMap<>();
  private final HashMap<String, String[]> settings = new HashMap<>();

  /** Replaces each finding's repeated texts by the instance its rule last produced. */
  void findings(List<FindingRow> rows) {
    for (FindingRow f : rows) {
      String[] last = slots(findings, f.getRuleId());
      f.setReason(share(last, 0, f.getReason()));
      f.setActual(share(last, 1, f.getActual()));
      f.setEvidence(share(last, 2, f.getEvidence()));
      f.setOrigin(share(last, 3, f.getOrigin()));
    }
  }

  /** Replaces each setting row's repeated texts by the instance its setting last produced. */
  void settings(List<EffectiveSettingRow> rows) {
    for (EffectiveSettingRow s : rows) {
      String[] last = slots(settings, s.getSetting());
      s.setValue(share(last, 0, s.getValue()));
      s.setRawValue(share(last, 1, s.getRawValue()));
      s.setNote(share(last, 2, s.getNote()));
      s.setOrigin(share(last, 3, s.getOrigin()));
    }
  }

  private static String[] slots(HashMap<String, String[]> map, String key) {
    String[] last = map.get(key);
    if (last == null) {
      if (map.size() >= MAX_KEYS) {
        map.clear();
      }
      last = new String[COLUMNS];
      map.put(key, last);
    }
    return last;
  }

  /** {@code value}, or the equal instance remembered in {@code last[i]}; remembers the result. */
  static String share(String[] last, int i, String value) {
    if (value == null) {
      return null;
    }
    String previous = last[i];
    if (previous != null && previous.equals(value)) {
      return previous;
    }
    if (value.length() <= LONGEST_SHARED) {
      last[i] = value;
    }
    return value;
  }
}
