package dev.fleetscore.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.schema.ConfigFileRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the kubelet's {@code --config} file in the dump and checks that a config file or drop-in is
 * a KubeletConfiguration the kubelet would decode; anything else rejects the node.
 */
final class KubeletConfigDocuments {

  static final String CONFIG_API_VERSION = "kubelet.config.k8s.io/v1beta1";
  static final String CONFIG_KIND = "KubeletConfiguration";

  private KubeletConfigDocuments() {}

  static ConfigFileRow find(String configPath, EvidenceIndex idx, List<String> warnings)
      throws NodeRejection {
    if (configPath.startsWith("/")) {
      ConfigFileRow r = idx.config(configPath);
      if (r == null) {
        throw new NodeRejection(
            "KUBELET_CONFIG_NOT_IN_DUMP",
            "the kubelet runs with --config="
                + configPath
                + " but the dump has no copy of that file, so its effective configuration cannot"
                + " be known",
            configPath);
      }
      return r;
    }
    String base =
        "the kubelet runs with a relative --config="
            + configPath
            + ", resolved against its working directory, which the dump does not record";
    ConfigFileRow r = idx.config("/" + configPath);
    if (r != null) {
      warnings.add(base + "; assumed / (systemd's default working directory): " + r.getPath());
      return r;
    }
    List<ConfigFileRow> referenced = new ArrayList<>();
    List<ConfigFileRow> suffix = new ArrayList<>();
    String tail = "/" + Paths.clean(configPath);
    for (ConfigFileRow c : idx.configs.values()) {
      if (c.getReferencedBy().contains("kubelet --config")) {
        referenced.add(c);
      }
      if (Paths.clean(c.getPath()).endsWith(tail)) {
        suffix.add(c);
      }
    }
    if (referenced.size() == 1) {
      warnings.add(
          base
              + "; the file the importer found for 'kubelet --config' is used: "
              + referenced.get(0).getPath());
      return referenced.get(0);
    }
    if (suffix.size() == 1) {
      warnings.add(
          base
              + "; the only file in the dump ending in "
              + tail
              + " is used: "
              + suffix.get(0).getPath());
      return suffix.get(0);
    }
    throw new NodeRejection(
        "KUBELET_CONFIG_NOT_IN_DUMP",
        base
            + (suffix.isEmpty()
                ? ", and no file in the dump matches it"
                : ", and " + suffix.size() + " files in the dump match it"),
        configPath);
  }

  static boolean isYaml(ConfigFileRow row) {
    return "YAML".equalsIgnoreCase(row.getFormat());
  }

  /** The two kinds of kubelet config document, and the codes that reject a bad one. */
  enum Kind {
    CONFIG_FILE("config file", "UNPARSEABLE_KUBELET_CONFIG", "INVALID_KUBELET_CONFIG"),
    DROP_IN("drop-in", "UNPARSEABLE_KUBELET_DROPIN", "INVALID_KUBELET_DROPIN");

    final String what;
    final String unparseable;
    final String invalid;

    Kind(String what, String unparseable, String invalid) {
      this.what = what;
      this.unparseable = unparseable;
      this.invalid = invalid;
    }
  }

  /** The document as a JSON object, or the rejection the kubelet's own refusal amounts to. */
  static JsonNode parse(ConfigFileRow row, Kind kind) throws NodeRejection {
    String path = row.getPath();
    if (row.getParseError() != null) {
      throw reject(
          kind.unparseable,
          kind,
          path,
          " does not parse ("
              + row.getParseError()
              + "); the kubelet would refuse to start with it");
    }
    if (row.getContentJson() == null) {
      throw reject(kind.unparseable, kind, path, " has no parsed content");
    }
    JsonNode root;
    try {
      root = Values.JSON.readTree(row.getContentJson());
    } catch (JsonProcessingException e) {
      throw reject(
          kind.unparseable,
          kind,
          path,
          " has content_json that is not JSON: " + e.getOriginalMessage());
    }
    if (root == null
        || root.isNull()
        || root.isMissingNode()
        || (root.isObject() && root.isEmpty())) {
      throw reject(
          kind.unparseable, kind, path, " is empty; the kubelet refuses an empty config file");
    }
    if (!root.isObject()) {
      throw reject(kind.invalid, kind, path, " is not a mapping but " + Values.describe(root));
    }
    JsonNode av = root.get("apiVersion");
    JsonNode k = root.get("kind");
    if (av == null || k == null || !av.isTextual() || !k.isTextual()) {
      throw reject(
          kind.invalid,
          kind,
          path,
          " has no apiVersion/kind; the kubelet cannot decode it ('Object Kind is missing')");
    }
    if (!CONFIG_API_VERSION.equals(av.textValue()) || !CONFIG_KIND.equals(k.textValue())) {
      throw reject(
          kind.invalid,
          kind,
          path,
          " is "
              + av.textValue()
              + " "
              + k.textValue()
              + ", not "
              + CONFIG_API_VERSION
              + " "
              + CONFIG_KIND);
    }
    return root;
  }

  private static NodeRejection reject(String code, Kind kind, String path, String why) {
    return new NodeRejection(code, "the kubelet " + kind.what + " " + path + why, path);
  }
}
