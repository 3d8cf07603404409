package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.collect.node.ConfigParser;
import dev.fleetscore.common.Parsers;
import dev.fleetscore.common.UserError;
import dev.fleetscore.schema.CloudClusterRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads cloud and Kubernetes exports (files, or folders searched recursively for {@code .json},
 * {@code .yaml} and {@code .yml}) into a {@link CloudBatch}. Each file's kind is recognised from
 * its content, not its name. A file that does not say which cluster it belongs to (the aws-auth
 * ConfigMap, a node list, a GKE export without selfLink) takes its cluster from, in order: {@code
 * --cluster-id}; an {@code index.json} in a folder above it ({@code {"format":
 * "fleetscore-exports/1", "files": [{"path": ..., "cluster_id": ...}]}}, paths relative to the
 * index); the one cluster described in the same folder. Otherwise it gives a MISSING_CLUSTER_ID
 * error row. Every problem is a collection_errors row; a file is never half read.
 */
public final class ExportReader {

  /** Which exports a command takes; files of the other scopes met in a folder are counted. */
  public enum Scope {
    GKE("gke"),
    EKS("eks"),
    INVENTORY("kubectl"),
    RBAC("rbac");

    private final String source;

    Scope(String source) {
      this.source = source;
    }

    /** The per-source file name this scope's collector writes: {@code <source>[-label].parquet}. */
    public String source() {
      return source;
    }
  }

  /** What to read and the identity hints for files that do not carry it. */
  public record Options(
      Scope scope, String clusterIdOverride, String gcpProject, long maxFileBytes) {}

  /**
   * What the reader did with the inputs, besides the rows: every file is read (at least in part),
   * left to another collector, or failed with an error row, so {@code files = read +
   * skippedOtherScope + failed}.
   */
  public record Counts(int files, int read, int skippedOtherScope, int failed) {}

  static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

  private static final com.fasterxml.jackson.databind.ObjectMapper INDEX_JSON = Parsers.json();

  private final CloudBatch batch;
  private final Options options;
  private final Map<Path, Map<Path, String>> indexes = new HashMap<>();
  private final Map<Path, List<String>> siblings = new HashMap<>();
  private int files;
  private int read;
  private int skipped;
  private int failed;

  /** A parsed file, waiting for the second pass. */
  private record Doc(Path path, String source, JsonNode content) {}

  public ExportReader(CloudBatch batch, Options options) {
    this.batch = batch;
    this.options = options;
  }

  /** Each input file's name in rows, relative to the folder holding the input it was found in. */
  private final Map<Path, String> sources = new HashMap<>();

  /**
   * Reads every export under {@code inputs}. Rows name a file relative to the folder that holds the
   * input given ({@code exports/eks/…/describe-cluster.json} for the input {@code /data/exports}),
   * never by the collecting machine's absolute path.
   */
  public Counts read(List<Path> inputs) {
    List<Path> paths = new ArrayList<>();
    for (Path in : inputs) {
      Path abs = in.toAbsolutePath().normalize();
      Path base = abs.getParent();
      if (Files.isDirectory(in)) {
        try (Stream<Path> s = Files.walk(in)) {
          s.filter(Files::isRegularFile)
              .filter(ExportReader::isExportName)
              .sorted()
              .forEach(
                  p -> {
                    paths.add(p);
                    sources.putIfAbsent(p, relative(base, p));
                  });
        } catch (IOException e) {
          throw new UserError("cannot list " + in + ": " + e.getMessage(), e);
        }
      } else if (Files.isRegularFile(in)) {
        paths.add(in);
        sources.putIfAbsent(in, relative(base, in));
      } else {
        throw new UserError("no such export file or folder: " + in);
      }
    }
    List<Doc> docs = new ArrayList<>();
    for (Path p : paths) {
      if (isIndex(p)) {
        continue;
      }
      files++;
      parse(p).ifPresent(docs::add);
    }
    // Clusters first: pools, entries and mappings are resolved against them.
    Map<String, CloudClusterRow> gkeClusters = new TreeMap<>();
    List<Doc> rest = new ArrayList<>();
    for (Doc d : docs) {
      if (!clusterPass(d, gkeClusters)) {
        rest.add(d);
      }
    }
    EksAccess access = new EksAccess();
    for (Doc d : rest) {
      secondPass(d, gkeClusters, access);
    }
    access.emit(batch);
    return new Counts(files, read, skipped, failed);
  }

  private static boolean isExportName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml");
  }

  private static boolean isIndex(Path p) {
    return p.getFileName().toString().equals("index.json") && readIndex(p) != null;
  }

  /**
   * An exports index, or null when {@code p} is not one (then, if it is named as an input, it is
   * read, and reported, like any other file).
   */
  private static JsonNode readIndex(Path p) {
    try {
      if (!Files.isRegularFile(p) || Files.size(p) > DEFAULT_MAX_FILE_BYTES) {
        return null;
      }
      JsonNode n = INDEX_JSON.readTree(p.toFile());
      String f = n.path("format").asText("");
      return f.startsWith("fleetscore-exports/") || f.startsWith("fleetscore-demo-exports/")
          ? n
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String relative(Path base, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return base == null ? abs.toString() : base.relativize(abs).toString().replace('\\', '/');
  }

  private Optional<Doc> parse(Path p) {
    String source = sources.getOrDefault(p, p.toString());
    String stage = stageForScope();
    long size;
    try {
      size = Files.size(p);
    } catch (IOException e) {
      batch.error(null, source, null, stage, "UNREADABLE", "cannot read: " + e.getMessage());
      failed++;
      return Optional.empty();
    }
    long limit = options.maxFileBytes() <= 0 ? DEFAULT_MAX_FILE_BYTES : options.maxFileBytes();
    if (size > limit) {
      batch.error(
          null,
          source,
          null,
          stage,
          "TOO_LARGE",
          "the file has "
              + size
              + " bytes, more than the limit of "
              + limit
              + " (--max-file-mb); it is not read");
      failed++;
      return Optional.empty();
    }
    String text;
    try (InputStream in = Files.newInputStream(p)) {
      byte[] bytes = in.readAllBytes();
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      batch.error(
          null,
          source,
          null,
          stage,
          "NOT_TEXT",
          "the file is not UTF-8 text (binary content?); it is not read");
      failed++;
      return Optional.empty();
    } catch (IOException e) {
      batch.error(null, source, null, stage, "UNREADABLE", "cannot read: " + e.getMessage());
      failed++;
      return Optional.empty();
    }
    ConfigParser.Parsed parsed = ConfigParser.parse(p.getFileName().toString(), text);
    if (parsed.errorCode() != null) {
      batch.error(
          null,
          source,
          null,
          stage,
          parsed.errorCode(),
          "the file does not parse (" + parsed.error() + "); nothing of it is read");
      failed++;
      return Optional.empty();
    }
    if (parsed.content() == null) {
      batch.error(
          null, source, null, stage, "NOT_AN_EXPORT", "the file holds no JSON or YAML document");
      failed++;
      return Optional.empty();
    }
    return Optional.of(new Doc(p, source, parsed.content()));
  }

  private String stageForScope() {
    return switch (options.scope()) {
      case GKE -> "CLOUD_GKE";
      case EKS -> "CLOUD_EKS";
      case INVENTORY -> "INVENTORY";
      case RBAC -> "RBAC";
    };
  }

  // ---- first pass: clusters ------------------------------------------------------------------

  private boolean clusterPass(Doc d, Map<String, CloudClusterRow> gkeClusters) {
    JsonNode c = d.content();
    if (options.scope() == Scope.GKE) {
      List<JsonNode> clusters = new ArrayList<>();
      int rank;
      if (c.isObject() && c.path("clusters").isArray() && allObjects(c.path("clusters"))) {
        c.path("clusters").forEach(clusters::add);
        rank = 1;
      } else if (c.isArray() && c.size() > 0 && allMatch(c, Gke::looksLikeCluster)) {
        c.forEach(clusters::add);
        rank = 1;
      } else if (Gke.looksLikeCluster(c)) {
        clusters.add(c);
        rank = 0;
      } else {
        return false;
      }
      int i = 0;
      int identified = 0;
      for (JsonNode cl : clusters) {
        String src = clusters.size() == 1 && rank == 0 ? d.source() : d.source() + "[" + i + "]";
        Optional<Gke.Id> id = Gke.idOf(cl, gkeProject(d.path()));
        if (id.isEmpty()) {
          batch.error(
              null,
              src,
              null,
              "CLOUD_GKE",
              "MISSING_CLUSTER_ID",
              "cannot tell the cluster's project, location and name (no selfLink; give"
                  + " --project or list the file in an index.json)");
          i++;
          continue;
        }
        CloudClusterRow row = Gke.cluster(batch, cl, id.get(), src, rank, 1);
        gkeClusters.putIfAbsent(row.getClusterId(), row);
        identified++;
        i++;
      }
      if (identified > 0) {
        read++;
      } else {
        failed++; // every cluster of the file is a MISSING_CLUSTER_ID row
      }
      return true;
    }
    if (options.scope() == Scope.EKS && c.isObject() && c.path("cluster").isObject()) {
      JsonNode cl = c.path("cluster");
      Optional<Eks.Id> id = Eks.idOfArn(Json.at(cl, "arn").asText(null));
      if (id.isEmpty()) {
        Optional<String> hinted = hintedClusterId(d.path());
        id = hinted.flatMap(ExportReader::eksIdOf);
      }
      if (id.isEmpty()) {
        batch.error(
            null,
            d.source(),
            null,
            "CLOUD_EKS",
            "MISSING_CLUSTER_ID",
            "the cluster has no arn to tell its account and region; give --cluster-id or list the"
                + " file in an index.json");
        failed++;
        return true;
      }
      Eks.cluster(batch, cl, id.get(), d.source());
      read++;
      return true;
    }
    return false;
  }

  private static Optional<Eks.Id> eksIdOf(String clusterId) {
    String[] p = clusterId.startsWith("eks:") ? clusterId.substring(4).split("/") : new String[0];
    return p.length == 3 ? Optional.of(new Eks.Id(p[0], p[1], p[2])) : Optional.empty();
  }

  private String gkeProject(Path file) {
    if (options.gcpProject() != null) {
      return options.gcpProject();
    }
    Optional<String> id = hintedClusterId(file);
    if (id.isPresent() && id.get().startsWith("gke:")) {
      String[] p = id.get().substring(4).split("/");
      return p.length == 3 ? p[0] : null;
    }
    return null;
  }

  private static boolean allObjects(JsonNode arr) {
    return allMatch(arr, JsonNode::isObject);
  }

  private static boolean allMatch(JsonNode arr, java.util.function.Predicate<JsonNode> p) {
    for (JsonNode n : arr) {
      if (!p.test(n)) {
        return false;
      }
    }
    return true;
  }

  // ---- second pass: pools, node groups, access, aws-auth, nodes -------------------------------

  private void secondPass(Doc d, Map<String, CloudClusterRow> gkeClusters, EksAccess access) {
    JsonNode c = d.content();
    Scope kind = kindOf(c);
    if (kind == null) {
      batch.warning(
          null,
          d.source(),
          null,
          stageForScope(),
          "UNRECOGNIZED_EXPORT",
          "not an export fleetscore reads (gcloud cluster/node-pool JSON, aws eks JSON, the"
              + " aws-auth ConfigMap, a node list or a list of RBAC objects); it is ignored");
      failed++;
      return;
    }
    if (kind != options.scope()) {
      skipped++; // another collector's export (node lists are collect inventory's)
      return;
    }
    switch (kind) {
      case GKE -> gkePools(d, gkeClusters);
      case EKS -> eks(d, access);
      case INVENTORY -> nodes(d);
      case RBAC -> rbac(d);
    }
  }

  /** The scope a second-pass document belongs to, or null when it is not an export. */
  private static Scope kindOf(JsonNode c) {
    if (Inventory.looksLikeNodeList(c)) {
      return Scope.INVENTORY;
    }
    if (Rbac.looksLikeRbac(c)) {
      return Scope.RBAC;
    }
    if (c.isObject()
        && (c.path("nodegroup").isObject()
            || c.path("accessEntry").isObject()
            || c.path("accessEntries").isArray()
            || c.path("associatedAccessPolicies").isArray()
            || c.path("cluster").isObject()
            || c.path("nodegroups").isArray()
            || c.path("clusters").isArray() && allMatch(c.path("clusters"), JsonNode::isTextual)
            || isAwsAuth(c))) {
      return Scope.EKS;
    }
    if (c.isObject() && c.path("nodePools").isArray()
        || c.isArray() && c.size() > 0 && allMatch(c, Gke::looksLikePool)
        || Gke.looksLikePool(c)
        || Gke.looksLikeCluster(c)
        || c.isArray() && c.size() > 0 && allMatch(c, Gke::looksLikeCluster)
        || c.isObject() && c.path("clusters").isArray() && allObjects(c.path("clusters"))) {
      return Scope.GKE;
    }
    return null;
  }

  /**
   * The aws-auth ConfigMap, also as an excerpt without kind or metadata (as the EKS docs print it).
   */
  private static boolean isAwsAuth(JsonNode c) {
    String kind = c.path("kind").asText("");
    if (!(kind.equals("ConfigMap") || kind.isEmpty() && c.path("data").isObject())) {
      return false;
    }
    String name = Json.at(c, "metadata.name").asText("");
    JsonNode data = c.path("data");
    return name.equals("aws-auth")
        || name.isEmpty()
            && (data.has("mapRoles") || data.has("mapUsers") || data.has("mapAccounts"));
  }

  private void gkePools(Doc d, Map<String, CloudClusterRow> gkeClusters) {
    JsonNode c = d.content();
    List<JsonNode> pools = new ArrayList<>();
    if (c.isObject() && c.path("nodePools").isArray()) {
      c.path("nodePools").forEach(pools::add);
    } else if (c.isArray()) {
      c.forEach(pools::add);
    } else if (Gke.looksLikePool(c)) {
      pools.add(c);
    } else {
      skipped++;
      return;
    }
    String fallbackCluster = null;
    int resolved = 0;
    int i = 0;
    for (JsonNode p : pools) {
      String src =
          pools.size() == 1 && c.isObject() && !c.has("nodePools")
              ? d.source()
              : d.source() + "[" + i + "]";
      i++;
      String clusterId = Gke.poolClusterOf(p).map(Gke.Id::clusterId).orElse(null);
      if (clusterId == null) {
        if (fallbackCluster == null) {
          fallbackCluster = clusterFor(d.path(), "gke:").orElse(null);
        }
        clusterId = fallbackCluster;
      }
      if (clusterId == null) {
        batch.error(
            null,
            src,
            null,
            "CLOUD_GKE",
            "MISSING_CLUSTER_ID",
            "cannot tell which cluster node pool "
                + Json.at(p, "name").asText("?")
                + " belongs to (no selfLink; give --cluster-id, an index.json, or put the cluster"
                + " describe in the same folder)");
        continue;
      }
      CloudClusterRow clusterRow = gkeClusters.get(clusterId);
      if (clusterRow == null) {
        batch.warning(
            clusterId,
            src,
            null,
            "CLOUD_GKE",
            "CLUSTER_NOT_IN_EXPORTS",
            "node pool "
                + Json.at(p, "name").asText("?")
                + " of "
                + clusterId
                + " is read without its cluster, so the cluster's defaults and creation version"
                + " are unknown");
        clusterRow = placeholder(clusterId);
      }
      Gke.pool(batch, clusterRow, p, src, 0);
      resolved++;
    }
    if (resolved > 0 || pools.isEmpty()) {
      read++;
    } else {
      failed++; // every pool of the file is a MISSING_CLUSTER_ID row
    }
  }

  /** A cluster known only by its id: no defaults, no creation version. */
  private CloudClusterRow placeholder(String id) {
    String[] p = id.substring(4).split("/");
    return batch
        .clusterRow(
            id,
            "gke",
            "",
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
            java.util.Set.of())
        .setCloudAccount(p.length > 0 ? p[0] : "")
        .setLocation(p.length > 1 ? p[1] : "")
        .setName(p.length > 2 ? p[2] : id)
        .setAutopilot(false)
        .build();
  }

  private void eks(Doc d, EksAccess access) {
    int failedBefore = failed;
    int skippedBefore = skipped;
    eksDoc(d, access);
    if (failed == failedBefore && skipped == skippedBefore) {
      read++;
    }
  }

  private void eksDoc(Doc d, EksAccess access) {
    JsonNode c = d.content();
    if (c.path("nodegroup").isObject()) {
      JsonNode g = c.path("nodegroup");
      Optional<Eks.Id> id =
          Eks.idOfArn(Json.at(g, "nodegroupArn").asText(null))
              .or(() -> clusterFor(d.path(), "eks:").flatMap(ExportReader::eksIdOf));
      if (id.isEmpty()) {
        missing(d, "node group " + Json.at(g, "nodegroupName").asText("?"));
        return;
      }
      Eks.nodegroup(batch, g, id.get(), d.source());
    } else if (c.path("accessEntry").isObject()) {
      JsonNode e = c.path("accessEntry");
      Optional<String> id =
          Eks.idOfArn(Json.at(e, "accessEntryArn").asText(null))
              .map(Eks.Id::clusterId)
              .or(() -> clusterFor(d.path(), "eks:"));
      if (id.isEmpty()) {
        missing(d, "access entry " + Json.at(e, "principalArn").asText("?"));
        return;
      }
      access.described(id.get(), e, d.source());
    } else if (c.path("accessEntries").isArray()) {
      Optional<String> id = clusterFor(d.path(), "eks:");
      if (id.isEmpty()) {
        missing(d, "the access entry listing");
        return;
      }
      access.listed(id.get(), c.path("accessEntries"), d.source());
    } else if (c.path("associatedAccessPolicies").isArray()) {
      access.policies(
          Json.at(c, "clusterName").asText(""),
          Json.at(c, "principalArn").asText(""),
          Eks.policyArns(batch, c, null, d.source()));
    } else if (isAwsAuth(c)) {
      Optional<String> id = clusterFor(d.path(), "eks:");
      if (id.isEmpty()) {
        missing(d, "the aws-auth ConfigMap");
        return;
      }
      Eks.awsAuth(batch, c, id.get(), d.source());
    } else {
      // aws eks list-clusters / list-nodegroups: names only, nothing to record.
      skipped++;
    }
  }

  private void nodes(Doc d) {
    Optional<String> id = clusterFor(d.path(), null);
    if (id.isEmpty()) {
      missing(d, "the node list");
      return;
    }
    read++;
    Inventory.nodes(batch, d.content(), id.get(), d.source());
  }

  private void rbac(Doc d) {
    Optional<String> id = clusterFor(d.path(), null);
    if (id.isEmpty()) {
      missing(d, "the RBAC export");
      return;
    }
    read++;
    Rbac.read(batch, d.content(), id.get(), d.source());
  }

  private void missing(Doc d, String what) {
    batch.error(
        null,
        d.source(),
        null,
        stageForScope(),
        "MISSING_CLUSTER_ID",
        "cannot tell which cluster "
            + what
            + " belongs to: give --cluster-id, list the file in an"
            + " index.json, or put the cluster's describe output in the same folder");
    failed++;
  }

  // ---- cluster identity of files that do not carry it -----------------------------------------

  /** The cluster of a file without identity, restricted to ids starting with {@code prefix}. */
  private Optional<String> clusterFor(Path file, String prefix) {
    Optional<String> hinted = hintedClusterId(file);
    if (hinted.isPresent()) {
      return hinted.filter(x -> prefix == null || x.startsWith(prefix));
    }
    List<String> near =
        siblingClusters(file).stream().filter(x -> prefix == null || x.startsWith(prefix)).toList();
    return near.size() == 1 ? Optional.of(near.get(0)) : Optional.empty();
  }

  private Optional<String> hintedClusterId(Path file) {
    if (options.clusterIdOverride() != null) {
      return Optional.of(options.clusterIdOverride());
    }
    Path abs = file.toAbsolutePath().normalize();
    for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
      Map<Path, String> idx = index(dir);
      String id = idx.get(abs);
      if (id != null) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  private Map<Path, String> index(Path dir) {
    return indexes.computeIfAbsent(
        dir,
        d -> {
          Map<Path, String> out = new LinkedHashMap<>();
          JsonNode n = readIndex(d.resolve("index.json"));
          if (n == null) {
            return out;
          }
          for (JsonNode f : n.path("files")) {
            String path = f.path("path").asText(null);
            String id = f.path("cluster_id").asText(null);
            if (path != null && id != null && !id.isBlank()) {
              out.put(d.resolve(path).toAbsolutePath().normalize(), id);
            }
          }
          return out;
        });
  }

  /**
   * The clusters described by files in the same folder (describe-cluster or gcloud describe), read
   * once per folder.
   */
  private List<String> siblingClusters(Path file) {
    return siblings.computeIfAbsent(file.toAbsolutePath().getParent(), this::clustersIn);
  }

  private List<String> clustersIn(Path dir) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p :
          s.filter(Files::isRegularFile).filter(ExportReader::isExportName).sorted().toList()) {
        if (Files.size(p) > DEFAULT_MAX_FILE_BYTES) {
          continue;
        }
        String text = Files.readString(p);
        if (!(text.contains("\"arn\"")
            || text.contains("\"selfLink\"")
            || text.contains("\"currentMasterVersion\""))) {
          continue;
        }
        ConfigParser.Parsed parsed = ConfigParser.parse(p.getFileName().toString(), text);
        JsonNode c = parsed.content();
        if (c == null) {
          continue;
        }
        if (c.path("cluster").isObject()) {
          Eks.idOfArn(Json.at(c, "cluster.arn").asText(null))
              .ifPresent(i -> found.add(i.clusterId()));
        } else if (Gke.looksLikeCluster(c)) {
          Gke.idOf(c, options.gcpProject()).ifPresent(i -> found.add(i.clusterId()));
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return found.stream().distinct().toList();
  }

  // ---- EKS access entries: listing order, descriptions and policies ---------------------------

  private static final class EksAccess {
    private final Map<String, List<String>> listed = new TreeMap<>();
    private final Map<String, String> listedSource = new HashMap<>();
    private final Map<String, Map<String, Doc>> described = new TreeMap<>();
    private final Map<String, List<String>> policies = new HashMap<>();

    void listed(String cluster, JsonNode arns, String source) {
      List<String> l = listed.computeIfAbsent(cluster, k -> new ArrayList<>());
      arns.forEach(a -> l.add(a.asText()));
      listedSource.put(cluster, source);
    }

    void described(String cluster, JsonNode entry, String source) {
      described
          .computeIfAbsent(cluster, k -> new TreeMap<>())
          .put(Json.at(entry, "principalArn").asText(""), new Doc(null, source, entry));
    }

    void policies(String clusterName, String principal, List<String> arns) {
      policies
          .computeIfAbsent(clusterName + "\u0000" + principal, k -> new ArrayList<>())
          .addAll(arns);
    }

    void emit(CloudBatch batch) {
      java.util.Set<String> clusters = new java.util.TreeSet<>(listed.keySet());
      clusters.addAll(described.keySet());
      for (String cluster : clusters) {
        String name = cluster.substring(cluster.lastIndexOf('/') + 1);
        List<String> order = new ArrayList<>(listed.getOrDefault(cluster, List.of()));
        Map<String, Doc> desc = described.getOrDefault(cluster, Map.of());
        for (String p : desc.keySet()) {
          if (!order.contains(p)) {
            order.add(p);
          }
        }
        for (int i = 0; i < order.size(); i++) {
          String principal = order.get(i);
          Doc d = desc.get(principal);
          if (d == null) {
            Eks.listedOnly(batch, cluster, principal, i, listedSource.get(cluster));
          } else {
            List<String> pol =
                new ArrayList<>(policies.getOrDefault(name + "\u0000" + principal, List.of()));
            pol.sort(null);
            Eks.accessEntry(batch, d.content(), cluster, i, pol, d.source());
          }
        }
      }
    }
  }
}
