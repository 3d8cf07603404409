package dev.fleetscore.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that decides one kubelet's configuration, in structured form before it is rendered
 * into files: the flag groups as the node's init system assembles them, the --config file and the
 * --config-dir drop-ins. Twists change these; the node kind renders them; {@link KubeletOracle}
 * works out the effective values from the very same objects.
 */
final class KubeletInputs {

  String executable;

  /** Flags fixed in the unit's ExecStart (or the distribution's own launcher). */
  final List<String> head = new ArrayList<>();

  /** Flags the distribution's bootstrap writes (env files, drop-ins). */
  final List<String> managed = new ArrayList<>();

  /** Flags an operator added (KUBELET_EXTRA_ARGS, nodeadm user flags, --kubelet-arg); last. */
  final List<String> extra = new ArrayList<>();

  /** Path of the --config file on the node; null when the kubelet has none. */
  String configPath;

  /** Parsed content of the --config file; insertion order is the file's key order. */
  Map<String, Object> config;

  /** --config-dir on the node; null when none. */
  String configDir;

  /** Drop-ins by file name (the kubelet merges them in this order). */
  final TreeMap<String, Map<String, Object>> dropIns = new TreeMap<>();

  /** The argv after argv[0] exactly as the process has it; set by the node kind when rendering. */
  List<String> argv;

  List<String> concatenated() {
    List<String> all = new ArrayList<>(head);
    all.addAll(managed);
    all.addAll(extra);
    return all;
  }

  /** The drop-ins keyed by their absolute path on the node, in merge order. */
  Map<String, Map<String, Object>> dropInsByPath() {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    dropIns.forEach((file, tree) -> m.put(configDir + "/" + file, tree));
    return m;
  }
}
