package dev.fleetscore.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fleetscore.model.ClusterFacts;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.ComponentSettings;
import dev.fleetscore.model.EvaluationContext;
import dev.fleetscore.model.NodeFacts;
import dev.fleetscore.model.NodeSummary;
import dev.fleetscore.model.Setting;
import dev.fleetscore.model.Source;
import dev.fleetscore.model.TypedValue;
import dev.fleetscore.schema.AuthMappingRow;
import dev.fleetscore.schema.CertificateRow;
import dev.fleetscore.schema.CloudClusterRow;
import dev.fleetscore.schema.CloudNodePoolRow;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.FileStatRow;
import dev.fleetscore.schema.InventoryRow;
import dev.fleetscore.schema.NodeDumpRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds NodeFacts and ClusterFacts by hand from YAML, the way the normalizer will hand them over
 * (the normalizer is not merged yet). The shapes are documented in {@code
 * RulePackFixturesTest/README.md}. Settings carry their source and origin as the normalizer sets
 * them; values are typed from YAML (int, bool, string, list, map) or by {@code duration:} / {@code
 * quantity:}.
 */
final class Fixtures {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final LocalDate DATE = LocalDate.of(2026, 11, 22);
  static final EvaluationContext CTX =
      new EvaluationContext("2026-11-22", DATE, "fleetscore-pipeline/test");
  static final Instant COLLECTED = Instant.parse("2026-11-22T03:00:00Z");

  private Fixtures() {}

  static JsonNode readYaml(Class<?> owner, String resource) {
    String path = "/" + owner.getSimpleName() + "/" + resource;
    try (InputStream in = owner.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 7386 merge patch: objects merge key by key, null deletes, anything else replaces. */
  static JsonNode merge(JsonNode base, JsonNode patch) {
    if (patch == null || !patch.isObject() || base == null || !base.isObject()) {
      return patch == null ? base : patch.deepCopy();
    }
    ObjectNode out = ((ObjectNode) base).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  private static String text(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  private static Boolean boolOrNull(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asBoolean();
  }

  private static Integer intOrNull(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asInt();
  }

  private static List<String> strings(JsonNode n, String key) {
    List<String> out = new ArrayList<>();
    JsonNode v = n.get(key);
    if (v != null) {
      v.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  /** A node from its fixture description. */
  static NodeFacts node(JsonNode n) {
    String clusterId = text(n, "cluster", "kubeadm:lab");
    String name = text(n, "name", "node-1");
    Map<String, String> meta = new TreeMap<>();
    meta.put("cluster", clusterId);
    meta.put("node", name);
    NodeDumpRow dump =
        NodeDumpRow.newBuilder()
            .setSnapshotId(CTX.snapshotId())
            .setSnapshotDate(DATE)
            .setClusterId(clusterId)
            .setNodeName(name)
            .setCollectedAt(COLLECTED)
            .setProducerVersion("fleetscore-collectors/test")
            .setDumpId(text(n, "dump_id", "d0d0"))
            .setSource(name + ".tar.gz")
            .setStatus("ACCEPTED")
            .setProvider(text(n, "provider", null))
            .setNodePool(text(n, "pool", null))
            .setKubeletVersion(text(n, "kubelet_version", null))
            .setMeta(meta)
            .setFilesCount(0)
            .setBytesTotal(0L)
            .setErrorsCount(0)
            .build();
    Map<Component, ComponentSettings> components = new LinkedHashMap<>();
    JsonNode comps = n.path("components");
    for (Iterator<Map.Entry<String, JsonNode>> it = comps.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Component c =
          Component.byId(e.getKey())
              .orElseThrow(() -> new IllegalArgumentException("component " + e.getKey()));
      Map<String, Setting> settings = new TreeMap<>();
      JsonNode s = e.getValue().path("settings");
      for (Iterator<Map.Entry<String, JsonNode>> si = s.fields(); si.hasNext(); ) {
        Map.Entry<String, JsonNode> se = si.next();
        settings.put(se.getKey(), setting(c, se.getKey(), se.getValue()));
      }
      components.put(
          c,
          new ComponentSettings(
              c,
              text(e.getValue(), "evidence", "CMDLINE"),
              new TreeMap<>(settings),
              List.of(),
              List.of(),
              List.of()));
    }
    Map<String, List<String>> roles = new LinkedHashMap<>();
    Map<String, FileStatRow> stats = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("files").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (Iterator<Map.Entry<String, JsonNode>> pi = e.getValue().fields(); pi.hasNext(); ) {
        Map.Entry<String, JsonNode> pe = pi.next();
        roles.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(pe.getKey());
        // "none": the role names the path but the dump has no stat line for it.
        if (!pe.getValue().isNull() && !pe.getValue().asText().equals("none")) {
          String[] parts = pe.getValue().asText().trim().split("\\s+");
          stats.put(
              pe.getKey(),
              FileStatRow.newBuilder()
                  .setSnapshotId(CTX.snapshotId())
                  .setSnapshotDate(DATE)
                  .setClusterId(clusterId)
                  .setNodeName(name)
                  .setProducerVersion("test")
                  .setDumpId("d0d0")
                  .setPath(pe.getKey())
                  .setMode(parts[0])
                  .setOwner(parts[1])
                  .setGroup(parts[2])
                  .build());
        }
      }
    }
    List<CertificateRow> certs = new ArrayList<>();
    for (JsonNode c : entries(n.path("certificates"))) {
      String path = c.get("path").asText();
      if (c.has("role")) {
        List<String> paths = roles.computeIfAbsent(c.get("role").asText(), k -> new ArrayList<>());
        if (!paths.contains(path)) {
          paths.add(path);
        }
      }
      certs.add(certificate(c, clusterId, name));
    }
    List<ConfigFileRow> configs = new ArrayList<>();
    for (JsonNode c : entries(n.path("config_files"))) {
      String path = c.get("path").asText();
      if (c.has("role")) {
        List<String> paths = roles.computeIfAbsent(c.get("role").asText(), k -> new ArrayList<>());
        if (!paths.contains(path)) {
          paths.add(path);
        }
      }
      if (c.path("absent").asBoolean(false)) {
        continue;
      }
      JsonNode content = c.get("content");
      configs.add(
          ConfigFileRow.newBuilder()
              .setSnapshotId(CTX.snapshotId())
              .setSnapshotDate(DATE)
              .setClusterId(clusterId)
              .setNodeName(name)
              .setProducerVersion("test")
              .setDumpId("d0d0")
              .setPath(path)
              .setKind(text(c, "kind", "KUBECONFIG"))
              .setFormat(text(c, "format", "YAML"))
              .setReferencedBy(List.of())
              .setSizeBytes(1L)
              .setSha256("00")
              .setContentJson(
                  content == null || content.isNull()
                      ? null
                      : content.isTextual() ? content.asText() : content.toString())
              .setParseError(text(c, "parse_error", null))
              .setKubeconfigAuth(text(c, "kubeconfig_auth", null))
              .setRedactions(0)
              .build());
    }
    ClusterFacts cluster = cluster(clusterId, n.path("cluster_facts"));
    return new NodeFacts(
        dump,
        Optional.ofNullable(text(n, "kubelet_version", null)),
        components,
        roles,
        stats,
        certs,
        configs,
        cluster,
        List.of());
  }

  /** A list's items, or an object's values in order (objects let a merge patch edit one item). */
  static List<JsonNode> entries(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(out::add);
    } else if (n.isObject()) {
      n.fields().forEachRemaining(e -> out.add(e.getValue()));
    }
    return out;
  }

  static Setting setting(Component c, String name, JsonNode spec) {
    if (!spec.isObject()) {
      return new Setting(
          c,
          name,
          value(spec, null),
          Source.CONFIG_FILE,
          "/etc/fixture/config.yaml",
          null,
          spec.asText(),
          List.of(),
          null);
    }
    TypedValue v;
    if (spec.has("duration")) {
      v = new TypedValue.Duration(TypedText.duration(spec.get("duration").asText()).orElseThrow());
    } else if (spec.has("quantity")) {
      v = TypedText.quantity(spec.get("quantity").asText()).orElseThrow();
    } else {
      v = value(spec.get("value"), text(spec, "type", null));
    }
    Source source = Source.valueOf(text(spec, "source", v == null ? "UNSET" : "CONFIG_FILE"));
    String origin =
        text(
            spec,
            "origin",
            source == Source.CONFIG_FILE
                ? "/etc/fixture/config.yaml"
                : source == Source.FLAG ? "argv[3]" : null);
    return new Setting(
        c,
        name,
        v,
        source,
        origin,
        text(spec, "flag", source == Source.FLAG ? "--" + name : null),
        v == null ? null : v.canonical(),
        strings(spec, "overridden"),
        text(spec, "note", null),
        spec.path("version_uncertain").asBoolean(false));
  }

  static TypedValue value(JsonNode v, String type) {
    if (v == null || v.isNull()) {
      return null;
    }
    if ("string".equals(type)) {
      return new TypedValue.Str(v.asText());
    }
    if (v.isBoolean()) {
      return new TypedValue.Bool(v.asBoolean());
    }
    if (v.isIntegralNumber()) {
      return new TypedValue.Int(v.asLong());
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(x -> items.add(x.asText()));
      return new TypedValue.ListValue(items);
    }
    if (v.isObject()) {
      TreeMap<String, String> m = new TreeMap<>();
      v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
      return new TypedValue.MapValue(m);
    }
    return new TypedValue.Str(v.asText());
  }

  static CertificateRow certificate(JsonNode c, String clusterId, String nodeName) {
    Instant asOf = CTX.asOf();
    Instant notAfter =
        c.has("not_after")
            ? Instant.parse(c.get("not_after").asText())
            : asOf.plus(c.path("days").asLong(365), ChronoUnit.DAYS);
    return CertificateRow.newBuilder()
        .setSnapshotId(CTX.snapshotId())
        .setSnapshotDate(DATE)
        .setClusterId(clusterId)
        .setNodeName(nodeName)
        .setProducerVersion("test")
        .setDumpId("d0d0")
        .setPath(c.get("path").asText())
        .setBundleIndex(c.path("index").asInt(0))
        .setReferencedBy(strings(c, "referenced_by"))
        .setSubject(text(c, "subject", "CN=leaf"))
        .setIssuer(text(c, "issuer", "CN=kubernetes"))
        .setSerialHex("01")
        .setNotBefore(notAfter.minus(730, ChronoUnit.DAYS))
        .setNotAfter(notAfter)
        .setPublicKeyAlgorithm(text(c, "key", "RSA"))
        .setPublicKeyBits(
            !c.has("bits")
                ? Integer.valueOf(2048)
                : c.get("bits").asText().equals("none") ? null : intOrNull(c, "bits"))
        .setSignatureAlgorithm(text(c, "sig", "SHA256WITHRSA"))
        .setSanDns(strings(c, "san_dns"))
        .setSanIp(strings(c, "san_ip"))
        .setKeyUsage(strings(c, "ku"))
        .setExtendedKeyUsage(strings(c, "eku"))
        .setBasicConstraintsCa(boolOrNull(c, "ca"))
        .setSha256Fingerprint(text(c, "fingerprint", "ff" + c.get("path").asText().hashCode()))
        .setSelfSigned(c.path("self_signed").asBoolean(false))
        .setVerifyStatus(text(c, "verify", "NOT_CHECKED"))
        .setVerifyCaPath(text(c, "verify_ca_path", null))
        .setVerifyCaSetting(text(c, "verify_ca_setting", null))
        .build();
  }

  static ClusterFacts cluster(String clusterId, JsonNode f) {
    Optional<CloudClusterRow> cloud = Optional.empty();
    if (f.has("cloud") && !f.get("cloud").isNull()) {
      JsonNode c = f.get("cloud");
      cloud =
          Optional.of(
              CloudClusterRow.newBuilder()
                  .setSnapshotId(CTX.snapshotId())
                  .setSnapshotDate(DATE)
                  .setClusterId(clusterId)
                  .setCollectedAt(COLLECTED)
                  .setProducerVersion("test")
                  .setProvider(text(c, "provider", "gke"))
                  .setCloudAccount(text(c, "account", "acme"))
                  .setLocation(text(c, "location", "europe-west1"))
                  .setName(text(c, "name", "payments"))
                  .setVersion(text(c, "version", null))
                  .setInitialVersion(text(c, "initial_version", null))
                  .setAuthenticationMode(text(c, "authentication_mode", null))
                  .setDefaultReadonlyPortEnabled(boolOrNull(c, "default_readonly_port_enabled"))
                  .setAutopilot(boolOrNull(c, "autopilot"))
                  .setUnknownFields(List.of())
                  .setSource(text(c, "source", "cloud-export.json"))
                  .setRawJson("{}")
                  .build());
    }
    List<CloudNodePoolRow> pools = new ArrayList<>();
    for (JsonNode p : f.path("pools")) {
      pools.add(
          CloudNodePoolRow.newBuilder()
              .setSnapshotId(CTX.snapshotId())
              .setSnapshotDate(DATE)
              .setClusterId(clusterId)
              .setProducerVersion("test")
              .setProvider(text(p, "provider", "gke"))
              .setPoolName(p.get("name").asText())
              .setVersion(text(p, "version", null))
              .setNodeRoleArn(text(p, "node_role_arn", null))
              .setMachineTypes(List.of())
              .setInsecureKubeletReadonlyPortEnabled(
                  boolOrNull(p, "insecure_kubelet_readonly_port_enabled"))
              .setReadonlyPortEnabled(boolOrNull(p, "readonly_port_enabled"))
              .setReadonlyPortSource(text(p, "readonly_port_source", "POOL"))
              .setCanDisableReadonlyPort(boolOrNull(p, "can_disable_readonly_port"))
              .setAllowedUnsafeSysctls(List.of())
              .setEvictionSoft(Map.of())
              .setEvictionSoftGracePeriod(Map.of())
              .setEvictionMinimumReclaim(Map.of())
              .setSource(text(p, "source", "node-pools.json"))
              .setRawJson("{}")
              .build());
    }
    List<AuthMappingRow> auth = new ArrayList<>();
    for (JsonNode a : f.path("auth_mappings")) {
      auth.add(
          AuthMappingRow.newBuilder()
              .setSnapshotId(CTX.snapshotId())
              .setSnapshotDate(DATE)
              .setClusterId(clusterId)
              .setProducerVersion("test")
              .setProvider("eks")
              .setSourceKind(text(a, "kind", "AWS_AUTH_MAP_ROLES"))
              .setEntryIndex(a.path("index").asInt(0))
              .setPrincipalArn(text(a, "arn", null))
              .setPrincipalType(text(a, "type", "ROLE"))
              .setAccountId(text(a, "account", "111122223333"))
              .setArnHasPath(a.path("path").asBoolean(false))
              .setUsername(text(a, "username", null))
              .setGroups(strings(a, "groups"))
              .setAccessEntryType(text(a, "access_entry_type", null))
              .setAccessPolicies(strings(a, "access_policies"))
              .setSource(text(a, "source", "kube-system/aws-auth"))
              .setRaw("{}")
              .build());
    }
    List<InventoryRow> inventory = new ArrayList<>();
    for (JsonNode i : f.path("inventory")) {
      inventory.add(
          InventoryRow.newBuilder()
              .setSnapshotId(CTX.snapshotId())
              .setSnapshotDate(DATE)
              .setClusterId(clusterId)
              .setNodeName(i.get("name").asText())
              .setProducerVersion("test")
              .setNodePool(text(i, "pool", null))
              .setKubeletVersion(text(i, "kubelet_version", null))
              .setControlPlane(i.path("control_plane").asBoolean(false))
              .setSource("kubectl.json")
              .build());
    }
    dev.fleetscore.model.RbacEvidence rbac =
        f.has("rbac")
            ? dev.fleetscore.rbac.RbacObjects.of(f.get("rbac"))
            : dev.fleetscore.model.RbacEvidence.NONE;
    return new ClusterFacts(clusterId, cloud, pools, auth, inventory, rbac);
  }

  static List<NodeSummary> summaries(JsonNode list) {
    List<NodeSummary> out = new ArrayList<>();
    for (JsonNode s : list) {
      Map<String, String> facts = new TreeMap<>();
      s.path("facts").fields().forEachRemaining(e -> facts.put(e.getKey(), e.getValue().asText()));
      out.add(new NodeSummary(s.get("name").asText(), text(s, "pool", null), facts));
    }
    return out;
  }
}
