package dev.fleetscore.rules;

import dev.fleetscore.rules.YamlTree.MapNode;
import dev.fleetscore.rules.YamlTree.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads rule packs and compiles them into a {@link RuleSet}. The built-in packs come from the
 * classpath ({@code rules/index.yaml} lists them); each directory given with {@code --rules} adds
 * packs: a pack with the name of an earlier one replaces it whole, and a rule marked {@code
 * override: true} replaces the rule with its id from an earlier pack. Anything else that repeats a
 * rule id is an error. A pack directory holds {@code pack.yaml} (name, version, frameworks, the
 * list of its rule files) and exactly the rule files it lists.
 */
public final class RuleLoader {

  private static final Logger LOG = LoggerFactory.getLogger(RuleLoader.class);
  static final String BUILTIN_ROOT = "rules/";
  static final String INDEX = "index.yaml";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.ya?ml");

  private RuleLoader() {}

  /** The built-in packs, as read from the classpath. */
  public static List<PackSource> builtinSources() {
    String indexName = "classpath:" + BUILTIN_ROOT + INDEX;
    byte[] index = classpath(BUILTIN_ROOT + INDEX, indexName);
    MapNode root = YamlTree.parse(indexName, index).asMap("the rules index");
    root.allowOnly("the rules index", List.of("packs"));
    List<PackSource> out = new ArrayList<>();
    for (String dir : root.require("packs", "the rules index").asStringList("'packs'")) {
      String base = BUILTIN_ROOT + dir + "/";
      String origin = "classpath:" + BUILTIN_ROOT + dir;
      byte[] packYaml = classpath(base + PackSource.PACK_FILE, origin + "/" + PackSource.PACK_FILE);
      SortedMap<String, byte[]> files = new TreeMap<>();
      files.put(PackSource.PACK_FILE, packYaml);
      for (String f : listedFiles(origin, packYaml)) {
        files.put(f, classpath(base + f, origin + "/" + f));
      }
      out.add(new PackSource(origin, files));
    }
    return out;
  }

  /**
   * The packs of a {@code --rules} directory: the directory itself when it holds a {@code
   * pack.yaml}, else each of its subdirectories that does, in name order.
   */
  public static List<PackSource> directorySources(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new RuleLoadException(dir + ": not a directory");
    }
    if (Files.isRegularFile(dir.resolve(PackSource.PACK_FILE))) {
      return List.of(readPackDir(dir));
    }
    List<PackSource> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path sub : s.sorted(Comparator.comparing(Path::toString)).toList()) {
        if (Files.isDirectory(sub) && Files.isRegularFile(sub.resolve(PackSource.PACK_FILE))) {
          out.add(readPackDir(sub));
        }
      }
    } catch (IOException e) {
      throw new RuleLoadException(dir + ": cannot list: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new RuleLoadException(
          dir + ": no pack.yaml in it or in any of its subdirectories, so it holds no rule pack");
    }
    return out;
  }

  private static PackSource readPackDir(Path dir) {
    String origin = dir.toString();
    byte[] packYaml = read(dir.resolve(PackSource.PACK_FILE));
    List<String> listed = listedFiles(origin, packYaml);
    SortedMap<String, byte[]> files = new TreeMap<>();
    files.put(PackSource.PACK_FILE, packYaml);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted(Comparator.comparing(Path::toString)).toList()) {
        String name = p.getFileName().toString();
        if (name.equals(PackSource.PACK_FILE)
            || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
          continue;
        }
        if (!listed.contains(name)) {
          throw new RuleLoadException(
              origin
                  + "/"
                  + name
                  + ": this rule file is not listed in "
                  + PackSource.PACK_FILE
                  + " 'files', so it would be ignored; list it or remove it");
        }
      }
    } catch (IOException e) {
      throw new RuleLoadException(origin + ": cannot list: " + e.getMessage(), e);
    }
    for (String f : listed) {
      Path p = dir.resolve(f);
      if (!Files.isRegularFile(p)) {
        throw new RuleLoadException(
            origin + "/" + PackSource.PACK_FILE + ": lists '" + f + "', which does not exist");
      }
      files.put(f, read(p));
    }
    return new PackSource(origin, files);
  }

  private static List<String> listedFiles(String origin, byte[] packYaml) {
    MapNode m = YamlTree.parse(origin + "/" + PackSource.PACK_FILE, packYaml).asMap("pack.yaml");
    Node files = m.require("files", "pack.yaml");
    List<String> out = new ArrayList<>();
    for (Node f : files.asList("'files'").items()) {
      String name = f.asNonEmptyString("a file name");
      if (!FILE.matcher(name).matches() || name.equals(PackSource.PACK_FILE)) {
        throw f.error(
            "'" + name + "' is not a rule file name (a .yaml file in the pack directory)");
      }
      if (out.contains(name)) {
        throw f.error("'" + name + "' is listed twice");
      }
      out.add(name);
    }
    if (out.isEmpty()) {
      throw files.error("a pack lists at least one rule file");
    }
    return out;
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new RuleLoadException(p + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static byte[] classpath(String resource, String display) {
    try (InputStream in = RuleLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(display + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + display, e);
    }
  }

  /** A pack's declared identity. */
  record PackHeader(
      String name, String version, String title, Map<String, RuleSet.Framework> frameworks) {}

  private static final List<String> PACK_KEYS =
      List.of("pack", "version", "title", "description", "frameworks", "files");

  private static PackHeader header(PackSource src) {
    String file = src.display(PackSource.PACK_FILE);
    MapNode m = YamlTree.parse(file, src.files().get(PackSource.PACK_FILE)).asMap("pack.yaml");
    m.allowOnly("pack.yaml", PACK_KEYS);
    String name = m.require("pack", "pack.yaml").asNonEmptyString("'pack'");
    if (!NAME.matcher(name).matches()) {
      throw m.get("pack").error("pack name '" + name + "' must match " + NAME.pattern());
    }
    String version = m.require("version", "pack.yaml").asNonEmptyString("'version'");
    String title = m.require("title", "pack.yaml").asNonEmptyString("'title'");
    if (m.has("description")) {
      m.get("description").asNonEmptyString("'description'");
    }
    MapNode fw = m.require("frameworks", "pack.yaml").asMap("'frameworks'");
    Map<String, RuleSet.Framework> frameworks = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : fw.entries().entrySet()) {
      String id = e.getKey();
      if (!NAME.matcher(id).matches()) {
        throw new RuleLoadException(
            fw.keyPos(id) + ": framework id '" + id + "' must match " + NAME.pattern());
      }
      MapNode f = e.getValue().asMap("framework " + id);
      f.allowOnly("framework " + id, List.of("title", "source"));
      frameworks.put(
          id,
          new RuleSet.Framework(
              id,
              f.require("title", "framework " + id).asNonEmptyString("'title'"),
              f.require("source", "framework " + id).asNonEmptyString("'source'"),
              name));
    }
    return new PackHeader(name, version, title, frameworks);
  }

  /**
   * Compiles packs, later sources over earlier ones as the class comment says, into a rule set.
   * Logs one line per pack (name, version with hash, rule count, origin).
   */
  public static RuleSet compile(List<PackSource> sources) {
    // Later packs with an earlier pack's name replace it whole.
    LinkedHashMap<String, PackSource> byName = new LinkedHashMap<>();
    Map<String, PackHeader> headers = new LinkedHashMap<>();
    for (PackSource src : sources) {
      PackHeader h = header(src);
      PackSource prev = byName.remove(h.name());
      if (prev != null) {
        LOG.info(
            "rule pack {} from {} replaces the one from {}", h.name(), src.origin(), prev.origin());
      }
      byName.put(h.name(), src);
      headers.put(h.name(), h);
    }
    Map<String, RuleSet.Framework> frameworks = new TreeMap<>();
    for (PackHeader h : headers.values()) {
      for (RuleSet.Framework f : h.frameworks().values()) {
        RuleSet.Framework prev = frameworks.putIfAbsent(f.id(), f);
        if (prev != null) {
          throw new RuleLoadException(
              byName.get(h.name()).display(PackSource.PACK_FILE)
                  + ": framework '"
                  + f.id()
                  + "' is already declared by pack "
                  + prev.pack());
        }
      }
    }
    RuleCompiler compiler = new RuleCompiler(Collections.unmodifiableSet(frameworks.keySet()));
    Map<String, CompiledRule> rules = new TreeMap<>();
    List<String> versions = new ArrayList<>();
    for (Map.Entry<String, PackSource> e : byName.entrySet()) {
      PackSource src = e.getValue();
      PackHeader h = headers.get(e.getKey());
      String packVersion = h.name() + "@" + h.version() + "+" + src.contentHash().substring(0, 16);
      List<CompiledRule> packRules = new ArrayList<>();
      for (Map.Entry<String, byte[]> f : src.files().entrySet()) {
        if (f.getKey().equals(PackSource.PACK_FILE)) {
          continue;
        }
        Node root = YamlTree.parse(src.display(f.getKey()), f.getValue());
        packRules.addAll(compiler.compileFile(root));
      }
      RuleCompiler.checkUnique(packRules);
      for (CompiledRule r : packRules) {
        r.pack = h.name();
        r.packVersion = packVersion;
        CompiledRule prev = rules.get(r.id);
        if (prev != null && !r.override) {
          throw new RuleLoadException(
              r.pos
                  + ": duplicate rule id '"
                  + r.id
                  + "' (also in pack "
                  + prev.pack
                  + " at "
                  + prev.pos
                  + "); mark the rule override: true to replace it");
        }
        if (prev == null && r.override) {
          throw new RuleLoadException(
              r.pos + ": rule '" + r.id + "' is marked override but no earlier pack defines it");
        }
        rules.put(r.id, r);
      }
      versions.add(packVersion);
      LOG.info(
          "loaded rule pack {} ({} rules) from {}", packVersion, packRules.size(), src.origin());
    }
    return new RuleSet(
        new ArrayList<>(rules.values()),
        frameworks,
        versions,
        compiler.summaryKeys,
        compiler.settingsRead);
  }
}
