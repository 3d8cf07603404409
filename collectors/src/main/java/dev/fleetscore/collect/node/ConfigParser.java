package dev.fleetscore.collect.node;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fleetscore.common.Parsers;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a copied config file into canonical JSON with its secrets redacted: YAML and JSON
 * documents (kubelet config and drop-ins, kubeconfigs, static pod manifests, k3s config), KEY=value
 * env files, systemd units and drop-ins, and the read-only port's Prometheus text. Parsing is
 * bounded by {@link Parsers} (nesting depth, YAML aliases and size), and a failure is a reason
 * string, never an exception.
 */
public final class ConfigParser {

  /** The result of parsing one file. */
  public record Parsed(
      String format,
      JsonNode content,
      String apiVersion,
      String objectKind,
      String error,
      String errorCode,
      int redactions,
      List<Warning> warnings) {

    public Parsed(
        String format,
        JsonNode content,
        String apiVersion,
        String objectKind,
        String error,
        String errorCode,
        int redactions) {
      this(format, content, apiVersion, objectKind, error, errorCode, redactions, List.of());
    }
  }

  /**
   * Something in a file that parsed which its reader may not expect (a duplicate key, a second YAML
   * document); the importer keeps it as a WARNING collection error.
   */
  public record Warning(String code, String message) {}

  private static final ObjectMapper JSON = Parsers.json();
  private static final YAMLMapper YAML = Parsers.yaml();

  /**
   * The same readers failing on a duplicate key: a file without one (nearly all) is read once; one
   * with a duplicate is read again leniently and scanned for every duplicate.
   */
  private static final ObjectMapper STRICT_JSON =
      Parsers.json().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final YAMLMapper STRICT_YAML =
      (YAMLMapper) Parsers.yaml().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ConfigParser() {}

  /** The format a file is read as, from its path and first characters. */
  static String formatOf(String path, String text) {
    String p = path.toLowerCase(Locale.ROOT);
    String base = p.substring(p.lastIndexOf('/') + 1);
    if (p.startsWith("metrics/")) {
      return "PROMETHEUS";
    }
    if (base.endsWith(".service") || p.contains(".service.d/")) {
      return "INI";
    }
    if (base.endsWith(".env")
        || p.contains("/etc/default/")
        || p.contains("/etc/sysconfig/")
        || base.equals("environment")) {
      return "ENV";
    }
    String t = text.stripLeading();
    if (base.endsWith(".json") || t.startsWith("{") || t.startsWith("[")) {
      return "JSON";
    }
    if (base.endsWith(".yaml")
        || base.endsWith(".yml")
        || base.endsWith(".conf")
        || base.endsWith(".kubeconfig")
        || base.equals("kubeconfig")
        || base.equals("config")
        || t.startsWith("apiVersion:")
        || t.startsWith("kind:")) {
      return "YAML";
    }
    return "TEXT";
  }

  /** Replaces secret values in a tree read from an API by REDACTED; returns how many. */
  public static int redact(JsonNode tree) {
    return Secrets.redactTree(tree);
  }

  /** Parses {@code text} (read from {@code path}) with secrets redacted; never throws. */
  public static Parsed parse(String path, String text) {
    String format = formatOf(path, text);
    return switch (format) {
      case "JSON", "YAML" -> parseDocument(format, text);
      case "ENV" -> parseEnv(text);
      case "INI" -> parseUnit(text);
      case "PROMETHEUS" -> Metrics.parse(text);
      default -> new Parsed(format, null, null, null, null, null, 0);
    };
  }

  private static Parsed parseDocument(String format, String text) {
    JsonNode tree;
    List<Warning> warnings = new ArrayList<>();
    try {
      tree = format.equals("JSON") ? readJson(text, warnings) : firstYamlDocument(text, warnings);
    } catch (IOException e) {
      String msg = oneLine(e);
      String lower = msg.toLowerCase(Locale.ROOT);
      String code =
          lower.contains("nesting depth") || lower.contains("contains it")
              ? "TOO_DEEP"
              : lower.contains("alias")
                  ? "ALIAS_BOMB"
                  : format.equals("JSON") ? "INVALID_JSON" : "MALFORMED_YAML";
      return new Parsed(format, null, null, null, msg, code, 0);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return new Parsed(format, null, null, null, "empty document", "EMPTY", 0);
    }
    int n = Secrets.redactTree(tree);
    String api = tree.path("apiVersion").isTextual() ? tree.get("apiVersion").textValue() : null;
    String kind = tree.path("kind").isTextual() ? tree.get("kind").textValue() : null;
    return new Parsed(format, tree, api, kind, null, null, n, List.copyOf(warnings));
  }

  private static JsonNode readJson(String text, List<Warning> warnings) throws IOException {
    try {
      return STRICT_JSON.readTree(text);
    } catch (JsonParseException e) {
      if (!isDuplicate(e)) {
        throw e;
      }
    }
    try (JsonParser p = JSON.getFactory().createParser(text)) {
      p.nextToken();
      duplicates(p, warnings);
    }
    return JSON.readTree(text);
  }

  private static boolean isDuplicate(JsonProcessingException e) {
    return e instanceof JsonParseException
        && e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Duplicate field '");
  }

  /**
   * Adds a warning for each duplicate key of the value starting at the current token, which it
   * consumes. Jackson's tree, like the lenient decoding the kubelet falls back to when strict
   * decoding fails, keeps the last value.
   */
  private static void duplicates(JsonParser p, List<Warning> warnings) throws IOException {
    Deque<Map<String, Integer>> open = new ArrayDeque<>();
    Map<String, Integer> inList = Map.of();
    JsonToken t = p.currentToken();
    do {
      if (t == JsonToken.START_OBJECT) {
        open.push(new HashMap<>());
      } else if (t == JsonToken.START_ARRAY) {
        open.push(inList);
      } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        open.pop();
      } else if (t == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int line = p.currentTokenLocation().getLineNr();
        Integer first = open.peek().putIfAbsent(key, line);
        if (first != null) {
          warnings.add(
              new Warning(
                  "DUPLICATE_KEY",
                  "duplicate key '"
                      + key
                      + "' at line "
                      + line
                      + " (first at line "
                      + first
                      + "); the last value is kept"));
        }
      }
    } while (!open.isEmpty() && (t = p.nextToken()) != null);
  }

  private static final java.util.regex.Pattern ALIAS =
      java.util.regex.Pattern.compile("(?m)(^|[\\s\\[{,:-])\\*[A-Za-z0-9_.-]+");

  private static JsonNode firstYamlDocument(String text, List<Warning> warnings)
      throws IOException {
    if (ALIAS.matcher(text).find()) {
      return withAliases(text);
    }
    try {
      return firstYamlDocument(STRICT_YAML, text, warnings);
    } catch (JsonParseException e) {
      if (!isDuplicate(e)) {
        throw e;
      }
    }
    warnings.clear();
    try (JsonParser p = YAML.getFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      while (t == JsonToken.VALUE_NULL) {
        t = p.nextToken();
      }
      if (t != null) {
        duplicates(p, warnings);
      }
    }
    return firstYamlDocument(YAML, text, warnings);
  }

  private static JsonNode firstYamlDocument(YAMLMapper yaml, String text, List<Warning> warnings)
      throws IOException {
    // Document by document (readValues would unwrap a document whose root is a list).
    try (JsonParser p = yaml.getFactory().createParser(text)) {
      while (p.nextToken() != null) {
        JsonNode d = yaml.readTree(p);
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          secondDocument(p, warnings);
          return d;
        }
      }
      return null;
    } catch (RuntimeException e) {
      // snakeyaml reports some limits (aliases, code points) as unchecked exceptions.
      throw new JsonProcessingException(e.getMessage(), e) {
        private static final long serialVersionUID = 1L;
      };
    }
  }

  /**
   * The kubelet (sigs.k8s.io/yaml) reads the first document of a file and never looks further, so
   * whatever follows is not read here either, but it is worth a warning: an edit appended after a
   * {@code ---} has no effect.
   */
  private static void secondDocument(JsonParser p, List<Warning> warnings) {
    int line = p.currentLocation().getLineNr();
    String what;
    try {
      JsonToken t = p.nextToken();
      // An empty document ("---" at the end of a file) holds nothing to miss.
      while (t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && p.getText().isEmpty()) {
        t = p.nextToken();
      }
      if (t == null) {
        return;
      }
      what = "a second YAML document";
      line = p.currentTokenLocation().getLineNr();
    } catch (IOException | RuntimeException e) {
      what = "more YAML, not valid,";
    }
    warnings.add(
        new Warning(
            "SECOND_DOCUMENT",
            what + " follows the first at line " + line + "; only the first document is read"));
  }

  private static JsonNode withAliases(String text) throws IOException {
    return Parsers.readYamlExpandingAliases(text, JSON);
  }

  /** KEY=value lines, values unquoted; secret keys and secret flags inside values redacted. */
  private static Parsed parseEnv(String text) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    int[] count = {0};
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = line.substring(0, eq).strip();
      String v = unquote(line.substring(eq + 1).strip());
      if (Secrets.isSecretName(k) && !v.isEmpty()) {
        v = Secrets.REDACTED;
        count[0]++;
      } else {
        v = Secrets.redactText(v, count);
      }
      o.put(k, v);
    }
    return new Parsed("ENV", o, null, null, null, null, count[0]);
  }

  /** systemd unit: {"Section": {"Key": ["value", ...]}} with repeated keys kept in order. */
  private static Parsed parseUnit(String text) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    int[] count = {0};
    String section = "";
    StringBuilder cont = null;
    String contKey = null;
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (cont != null) {
        boolean more = line.endsWith("\\");
        cont.append(' ').append(more ? line.substring(0, line.length() - 1).strip() : line);
        if (!more) {
          addUnitValue(o, section, contKey, cont.toString(), count);
          cont = null;
        }
        continue;
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = line.substring(0, eq).strip();
      String v = line.substring(eq + 1).strip();
      if (v.endsWith("\\")) {
        cont = new StringBuilder(v.substring(0, v.length() - 1).strip());
        contKey = k;
        continue;
      }
      addUnitValue(o, section, k, v, count);
    }
    return new Parsed("INI", o, null, null, null, null, count[0]);
  }

  private static void addUnitValue(ObjectNode o, String section, String k, String v, int[] count) {
    ObjectNode s = o.has(section) ? (ObjectNode) o.get(section) : o.putObject(section);
    var arr = s.has(k) ? (com.fasterxml.jackson.databind.node.ArrayNode) s.get(k) : s.putArray(k);
    arr.add(Secrets.redactText(v, count));
  }

  static String unquote(String v) {
    if (v.length() >= 2
        && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  public static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 300 ? m.substring(0, 297) + "..." : m;
  }

  static String toJson(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How the kubeconfig's current user authenticates, its exec command and server URL. */
  record KubeconfigAuth(String auth, String execCommand, String server) {}

  static KubeconfigAuth kubeconfigAuth(JsonNode kc) {
    String ctxName = kc.path("current-context").asText("");
    JsonNode ctx = named(kc.path("contexts"), ctxName).path("context");
    if (ctx.isMissingNode() && kc.path("contexts").size() > 0) {
      ctx = kc.path("contexts").get(0).path("context");
    }
    JsonNode cluster = named(kc.path("clusters"), ctx.path("cluster").asText("")).path("cluster");
    if (cluster.isMissingNode() && kc.path("clusters").size() > 0) {
      cluster = kc.path("clusters").get(0).path("cluster");
    }
    JsonNode user = named(kc.path("users"), ctx.path("user").asText("")).path("user");
    if (user.isMissingNode() && kc.path("users").size() > 0) {
      user = kc.path("users").get(0).path("user");
    }
    String auth;
    String exec = null;
    if (user.has("exec")) {
      auth = "EXEC";
      exec = user.path("exec").path("command").asText(null);
    } else if (user.has("client-certificate") || user.has("client-certificate-data")) {
      auth = "CLIENT_CERTIFICATE";
    } else if (user.has("token")) {
      auth = "TOKEN";
    } else if (user.has("tokenFile")) {
      auth = "TOKEN_FILE";
    } else if (user.has("auth-provider")) {
      auth = "AUTH_PROVIDER";
    } else if (user.has("username") || user.has("password")) {
      auth = "BASIC";
    } else {
      auth = "NONE";
    }
    return new KubeconfigAuth(auth, exec, cluster.path("server").asText(null));
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode e : list) {
      if (name.equals(e.path("name").asText(null))) {
        return e;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  static List<String> lines(String text) {
    return List.of(text.split("\r?\n"));
  }
}
