package dev.fleetscore.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.model.Source;
import dev.fleetscore.schema.ConfigFileRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * etcd's {@code --config-file}: the YAML of etcd's {@code embed.Config}, as k3s and RKE2 write it
 * to {@code <data-dir>/server/db/etcd/config}. When it is given, etcd reads only this file (other
 * flags and ETCD_* variables are ignored), so its keys are etcd's settings. Top-level keys carry
 * the flag names ({@code data-dir}, {@code listen-client-urls}); {@code client-transport-security}
 * holds {@code cert-file}, {@code key-file}, {@code client-cert-auth}, {@code trusted-ca-file},
 * {@code auto-tls}, which {@code peer-transport-security} holds for peers under the {@code peer-}
 * flag names. Lists become comma-separated values, as on the command line.
 */
final class EtcdConfigFile {

  private EtcdConfigFile() {}

  /**
   * The file's settings as an argv with provenance (source CONFIG_FILE, origin {@code <path>
   * <key>}), or empty when the file is not parsed content in the evidence.
   */
  static Optional<List<K3sServer.Arg>> args(EvidenceIndex idx, String path) {
    ConfigFileRow r = idx.configs.get(path);
    if (r == null || r.getContentJson() == null) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = Values.JSON.readTree(r.getContentJson());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (!root.isObject()) {
      return Optional.empty();
    }
    List<K3sServer.Arg> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String k = e.getKey();
      JsonNode v = e.getValue();
      if ((k.equals("client-transport-security") || k.equals("peer-transport-security"))
          && v.isObject()) {
        String prefix = k.startsWith("peer-") ? "peer-" : "";
        for (Map.Entry<String, JsonNode> t : v.properties()) {
          add(out, prefix + t.getKey(), t.getValue(), path + " " + k + "." + t.getKey());
        }
      } else {
        add(out, k, v, path + " " + k);
      }
    }
    return Optional.of(out);
  }

  private static void add(List<K3sServer.Arg> out, String name, JsonNode v, String origin) {
    String value;
    if (v.isNull() || v.isObject()) {
      return;
    } else if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.asText()));
      value = String.join(",", parts);
    } else {
      value = v.asText();
    }
    out.add(new K3sServer.Arg("--" + name + "=" + value, Source.CONFIG_FILE, origin));
  }
}
