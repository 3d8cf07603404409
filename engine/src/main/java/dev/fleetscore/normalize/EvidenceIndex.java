package dev.fleetscore.normalize;

import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.internal.NodeEvidence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One node's config files and stats by cleaned path, built once per node. */
final class EvidenceIndex {
  final NodeEvidence evidence;
  final TreeMap<String, ConfigFileRow> configs = new TreeMap<>();
  final TreeMap<String, FileStatRow> stats = new TreeMap<>();
  final List<String> warnings = new ArrayList<>();

  EvidenceIndex(NodeEvidence ev) {
    this.evidence = ev;
    for (ConfigFileRow r : ev.getConfigFiles()) {
      String p = Paths.clean(r.getPath());
      if (configs.putIfAbsent(p, r) != null) {
        warnings.add("config_files has " + p + " more than once; the first row is used");
      }
    }
    for (FileStatRow r : ev.getFileStats()) {
      String p = Paths.clean(r.getPath());
      if (stats.putIfAbsent(p, r) != null) {
        warnings.add("file_stats has " + p + " more than once; the first row is used");
      }
    }
  }

  ConfigFileRow config(String path) {
    return configs.get(Paths.clean(path));
  }

  /** Config files strictly inside {@code dir}, in WalkDir order. */
  List<ConfigFileRow> configsUnder(String dir) {
    String d = Paths.clean(dir);
    List<ConfigFileRow> out = new ArrayList<>();
    for (Map.Entry<String, ConfigFileRow> e : configs.tailMap(d, false).entrySet()) {
      if (!Paths.under(e.getKey(), d)) {
        if (e.getKey().compareTo(d + "/\uffff") > 0) {
          break;
        }
        continue;
      }
      out.add(e.getValue());
    }
    out.sort((a, b) -> Paths.walkOrder(Paths.clean(a.getPath()), Paths.clean(b.getPath())));
    return Collections.unmodifiableList(out);
  }

  List<String> statPathsUnder(String dir) {
    String d = Paths.clean(dir);
    List<String> out = new ArrayList<>();
    for (String p : stats.keySet()) {
      if (Paths.under(p, d)) {
        out.add(p);
      }
    }
    return out;
  }
}
