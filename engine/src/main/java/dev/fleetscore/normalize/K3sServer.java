package dev.fleetscore.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscore.model.Component;
import dev.fleetscore.model.Source;
import dev.fleetscore.schema.ArgvSources;
import dev.fleetscore.schema.ConfigFileRow;
import dev.fleetscore.schema.ProcessRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A k3s server's embedded control plane, rebuilt from what k3s itself starts it with when the
 * journal's {@code Running kube-apiserver ...} line is not in the evidence: k3s's own defaults,
 * then the {@code *-arg} lists of {@code /etc/rancher/k3s/config.yaml} and its {@code
 * config.yaml.d/*.yaml} drop-ins (lexical order; a plain key replaces the list so far, a {@code
 * key+} appends), then the same flags on the k3s command line (config first, then the command line,
 * accumulated as urfave/cli does). Each {@code name=value} entry replaces k3s's default of that
 * flag ({@code name+=v} appends to it, {@code name-=v} prepends), as k3s's {@code GetArgs} does.
 * The datastore (sqlite via kine, embedded etcd, external) is decided from the same keys and the
 * files under the server's data dir. When the journal line is present it is what k3s handed the
 * component, so the journal wins and none of this is used.
 */
final class K3sServer {

  static final String CONFIG = "/etc/rancher/k3s/config.yaml";
  static final String DEFAULT_DATA_DIR = "/var/lib/rancher/k3s";

  /** k3s, or RKE2, which reads its config with k3s's parser and runs real static pods. */
  enum Program {
    K3S("k3s", CONFIG, DEFAULT_DATA_DIR),
    RKE2("rke2", "/etc/rancher/rke2/config.yaml", "/var/lib/rancher/rke2");

    final String id;
    final String config;
    final String dataDir;

    Program(String id, String config, String dataDir) {
      this.id = id;
      this.config = config;
      this.dataDir = dataDir;
    }
  }

  /** The datastore a k3s server keeps its state in. */
  enum Datastore {
    SQLITE,
    EMBEDDED_ETCD,
    EXTERNAL_ETCD,
    EXTERNAL_SQL,
    EXTERNAL
  }

  /** One argv entry with where it came from. */
  record Arg(String token, Source source, String origin) {}

  /** One value of a k3s key with where it came from. */
  private record Val(String value, Source source, String origin) {}

  private static final Map<Component, String> ARG_KEYS =
      Map.of(
          Component.KUBE_APISERVER, "kube-apiserver-arg",
          Component.KUBE_CONTROLLER_MANAGER, "kube-controller-manager-arg",
          Component.KUBE_SCHEDULER, "kube-scheduler-arg");

  /** Hidden alias k3s still accepts. */
  private static final Map<String, String> ALIASES =
      Map.of("kube-controller-arg", "kube-controller-manager-arg");

  private static final String CIPHERS =
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
          + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
          + "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305";

  final Program program;
  final Map<String, List<Val>> keys;
  final List<String> files;
  final String dataDir;
  final Datastore datastore;
  final String datastoreWhy;

  /** etcd's config file (k3s and RKE2 write it for embedded etcd) when it is in the evidence. */
  final String etcdConfig;

  private K3sServer(
      Program program,
      String etcdConfig,
      Map<String, List<Val>> keys,
      List<String> files,
      String dataDir,
      Datastore datastore,
      String datastoreWhy) {
    this.program = program;
    this.etcdConfig = etcdConfig;
    this.keys = keys;
    this.files = files;
    this.dataDir = dataDir;
    this.datastore = datastore;
    this.datastoreWhy = datastoreWhy;
  }

  /**
   * The k3s or RKE2 server on this node, or empty when the evidence shows none (an agent, or
   * neither program).
   */
  static Optional<K3sServer> of(EvidenceIndex idx) {
    ProcessRow k3s = null;
    Program program = null;
    for (ProcessRow r : idx.evidence.getProcesses()) {
      Program p =
          "k3s".equals(r.getComponent())
              ? Program.K3S
              : "rke2".equals(r.getComponent()) ? Program.RKE2 : null;
      if (p != null
          && !ArgvSources.K3S_JOURNAL.equals(r.getArgvSource())
          && r.getArgv().contains("server")
          && (k3s == null || ArgvSources.MOST_EXACT_FIRST.compare(r, k3s) < 0)) {
        k3s = r;
        program = p;
      }
    }
    if (k3s == null) {
      return Optional.empty();
    }
    Map<String, List<Val>> keys = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    readConfig(idx, program.config, keys, files);
    // command-line flags after "server": config values are inserted before them, so slices
    // accumulate config first and scalars take the command line's value
    List<String> argv = k3s.getArgv();
    int at = argv.indexOf("server");
    for (int i = at + 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (!a.startsWith("-")) {
        continue;
      }
      String body = a.replaceFirst("^--?", "");
      String name;
      String value;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        name = body.substring(0, eq);
        value = body.substring(eq + 1);
      } else if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("-") && !bool(body)) {
        name = body;
        value = argv.get(++i);
      } else {
        name = body;
        value = "true";
      }
      name = ALIASES.getOrDefault(name, name);
      List<Val> l = keys.computeIfAbsent(name, k -> new ArrayList<>());
      if (!name.endsWith("-arg")) {
        l.clear();
      }
      l.add(new Val(value, Source.FLAG, "k3s command line argv[" + i + "]"));
    }
    String dataDir = last(keys, "data-dir").orElse(program.dataDir);
    String server = dataDir + "/server";
    Datastore ds;
    String why;
    Optional<String> endpoint = last(keys, "datastore-endpoint").filter(s -> !s.isBlank());
    if (endpoint.isPresent()) {
      String e = endpoint.get().toLowerCase(Locale.ROOT);
      if (e.startsWith("http://") || e.startsWith("https://")) {
        ds = Datastore.EXTERNAL_ETCD;
        why = "datastore-endpoint is an external etcd (" + e.substring(0, e.indexOf(':')) + "://)";
      } else if (e.matches("^(mysql|postgres|postgresql|nats|sqlite)://.*")) {
        ds = Datastore.EXTERNAL_SQL;
        why =
            "datastore-endpoint is an external "
                + e.substring(0, e.indexOf(':'))
                + " datastore reached through kine";
      } else {
        ds = Datastore.EXTERNAL;
        why = "datastore-endpoint is set (its value is redacted or has no known scheme)";
      }
    } else if (program == Program.RKE2
        && last(keys, "disable-etcd").map(K3sServer::truthy).orElse(false)
        && last(keys, "server").filter(s -> !s.isBlank()).isEmpty()) {
      ds = Datastore.SQLITE;
      why =
          "disable-etcd is set on a server that joins no other: RKE2 keeps its state in sqlite"
              + " through kine ("
              + server
              + "/db/state.db)";
    } else if (program == Program.RKE2
        && last(keys, "disable-etcd").map(K3sServer::truthy).orElse(false)) {
      ds = Datastore.EXTERNAL;
      why = "disable-etcd is set: this RKE2 server runs no etcd and uses the one of its cluster";
    } else if (program == Program.RKE2) {
      ds = Datastore.EMBEDDED_ETCD;
      why = "RKE2 runs embedded etcd unless disable-etcd or datastore-endpoint is set";
    } else if (last(keys, "cluster-init").map(K3sServer::truthy).orElse(false)) {
      ds = Datastore.EMBEDDED_ETCD;
      why = "cluster-init is set";
    } else if (last(keys, "server").filter(s -> !s.isBlank()).isPresent()) {
      ds = Datastore.EMBEDDED_ETCD;
      why = "the server joins another server (server is set, no datastore-endpoint)";
    } else if (idx.stats.keySet().stream().anyMatch(p -> p.startsWith(server + "/db/etcd"))) {
      ds = Datastore.EMBEDDED_ETCD;
      why = server + "/db/etcd exists";
    } else {
      ds = Datastore.SQLITE;
      why =
          "no datastore-endpoint, cluster-init or server key: k3s keeps its state in sqlite"
              + " through kine ("
              + server
              + "/db/state.db)";
    }
    String etcdConfig = server + "/db/etcd/config";
    return Optional.of(
        new K3sServer(
            program,
            idx.configs.containsKey(etcdConfig) ? etcdConfig : null,
            keys,
            files,
            dataDir,
            ds,
            why));
  }

  private static boolean bool(String name) {
    return name.equals("cluster-init")
        || name.equals("secrets-encryption")
        || name.equals("protect-kernel-defaults")
        || name.startsWith("disable-");
  }

  private static boolean truthy(String s) {
    return s.equalsIgnoreCase("true") || s.equals("1");
  }

  private static Optional<String> last(Map<String, List<Val>> keys, String name) {
    List<Val> l = keys.get(name);
    return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1).value);
  }

  /** config.yaml then config.yaml.d/*.yaml|yml in lexical order, as k3s's configfilearg reads. */
  private static void readConfig(
      EvidenceIndex idx, String config, Map<String, List<Val>> keys, List<String> out) {
    List<String> paths = new ArrayList<>();
    if (idx.configs.containsKey(config)) {
      paths.add(config);
    }
    TreeMap<String, String> dropIns = new TreeMap<>();
    for (String p : idx.configs.keySet()) {
      String lower = p.toLowerCase(Locale.ROOT);
      if (p.startsWith(config + ".d/")
          && p.indexOf('/', config.length() + 3) < 0
          && (lower.endsWith(".yaml") || lower.endsWith(".yml"))) {
        dropIns.put(p, p);
      }
    }
    paths.addAll(dropIns.keySet());
    for (String p : paths) {
      ConfigFileRow r = idx.configs.get(p);
      if (r.getContentJson() == null) {
        continue;
      }
      JsonNode root;
      try {
        root = Values.JSON.readTree(r.getContentJson());
      } catch (JsonProcessingException e) {
        continue;
      }
      if (!root.isObject()) {
        continue;
      }
      out.add(p);
      Source src = p.equals(config) ? Source.CONFIG_FILE : Source.DROP_IN;
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        String k = e.getKey();
        boolean append = k.endsWith("+");
        String name = append ? k.substring(0, k.length() - 1) : k;
        name = ALIASES.getOrDefault(name, name);
        List<Val> l = keys.computeIfAbsent(name, x -> new ArrayList<>());
        if (!append) {
          l.clear();
        }
        String origin = p + " " + k;
        if (e.getValue().isArray()) {
          for (JsonNode v : e.getValue()) {
            l.add(new Val(v.asText(), src, origin));
          }
        } else if (!e.getValue().isNull()) {
          l.add(new Val(e.getValue().asText(), src, origin));
        }
      }
    }
  }

  /** The argv k3s starts the component with, each entry with its provenance; empty if not built. */
  Optional<List<Arg>> argv(Component c) {
    if (c == Component.ETCD) {
      // embedded etcd reads only its config file, which k3s and RKE2 write
      return datastore == Datastore.EMBEDDED_ETCD && etcdConfig != null
          ? Optional.of(
              List.of(
                  new Arg(
                      "--config-file=" + etcdConfig,
                      Source.DEFAULT,
                      program.id + " default for etcd")))
          : Optional.empty();
    }
    String key = ARG_KEYS.get(c);
    if (key == null || program == Program.RKE2) {
      // RKE2 edits the args before writing its static pods: only its manifests tell them
      return Optional.empty();
    }
    String s = dataDir + "/server";
    String tls = s + "/tls";
    Map<String, String> d = new TreeMap<>();
    switch (c) {
      case KUBE_APISERVER -> {
        d.put("allow-privileged", "true");
        d.put("anonymous-auth", "false");
        d.put("api-audiences", "https://kubernetes.default.svc.cluster.local,k3s");
        d.put("authorization-mode", "Node,RBAC");
        d.put("bind-address", "127.0.0.1");
        d.put("cert-dir", tls + "/temporary-certs");
        d.put("client-ca-file", tls + "/client-ca.crt");
        d.put("egress-selector-config-file", s + "/etc/egress-selector-config.yaml");
        d.put("enable-admission-plugins", "NodeRestriction");
        d.put("enable-aggregator-routing", "true");
        d.put("enable-bootstrap-token-auth", "true");
        d.put("kubelet-certificate-authority", tls + "/server-ca.crt");
        d.put("kubelet-client-certificate", tls + "/client-kube-apiserver.crt");
        d.put("kubelet-client-key", tls + "/client-kube-apiserver.key");
        d.put("profiling", "false");
        d.put("proxy-client-cert-file", tls + "/client-auth-proxy.crt");
        d.put("proxy-client-key-file", tls + "/client-auth-proxy.key");
        d.put("requestheader-allowed-names", "system:auth-proxy");
        d.put("requestheader-client-ca-file", tls + "/request-header-ca.crt");
        d.put("requestheader-extra-headers-prefix", "X-Remote-Extra-");
        d.put("requestheader-group-headers", "X-Remote-Group");
        d.put("requestheader-username-headers", "X-Remote-User");
        d.put("secure-port", "6444");
        d.put("service-account-issuer", "https://kubernetes.default.svc.cluster.local");
        d.put("service-account-key-file", tls + "/service.key");
        d.put("service-account-signing-key-file", tls + "/service.current.key");
        d.put("service-cluster-ip-range", "10.43.0.0/16");
        d.put("storage-backend", "etcd3");
        d.put("tls-cert-file", tls + "/serving-kube-apiserver.crt");
        d.put("tls-private-key-file", tls + "/serving-kube-apiserver.key");
        d.put("tls-cipher-suites", CIPHERS);
        switch (datastore) {
          case SQLITE, EXTERNAL_SQL -> d.put("etcd-servers", "unix://kine.sock");
          case EMBEDDED_ETCD -> {
            d.put("etcd-servers", "https://127.0.0.1:2379");
            d.put("etcd-cafile", tls + "/etcd/server-ca.crt");
            d.put("etcd-certfile", tls + "/etcd/client.crt");
            d.put("etcd-keyfile", tls + "/etcd/client.key");
          }
          case EXTERNAL_ETCD -> {
            // the user's endpoints; the client TLS files come from the datastore-* keys
            last(keys, "datastore-cafile").ifPresent(v -> d.put("etcd-cafile", v));
            last(keys, "datastore-certfile").ifPresent(v -> d.put("etcd-certfile", v));
            last(keys, "datastore-keyfile").ifPresent(v -> d.put("etcd-keyfile", v));
          }
          default -> {
            // an endpoint of no known scheme: nothing reconstructed
          }
        }
        if (last(keys, "secrets-encryption").map(K3sServer::truthy).orElse(false)) {
          d.put("encryption-provider-config", s + "/cred/encryption-config.json");
          d.put("encryption-provider-config-automatic-reload", "true");
        }
      }
      case KUBE_CONTROLLER_MANAGER -> {
        d.put("allocate-node-cidrs", "true");
        d.put("authentication-kubeconfig", s + "/cred/controller.kubeconfig");
        d.put("authorization-kubeconfig", s + "/cred/controller.kubeconfig");
        d.put("bind-address", "127.0.0.1");
        d.put("cluster-cidr", "10.42.0.0/16");
        d.put("cluster-signing-kube-apiserver-client-cert-file", tls + "/client-ca.nochain.crt");
        d.put("cluster-signing-kube-apiserver-client-key-file", tls + "/client-ca.key");
        d.put("cluster-signing-kubelet-client-cert-file", tls + "/client-ca.nochain.crt");
        d.put("cluster-signing-kubelet-client-key-file", tls + "/client-ca.key");
        d.put("cluster-signing-kubelet-serving-cert-file", tls + "/server-ca.nochain.crt");
        d.put("cluster-signing-kubelet-serving-key-file", tls + "/server-ca.key");
        d.put("configure-cloud-routes", "false");
        d.put("controllers", "*,tokencleaner");
        d.put("kubeconfig", s + "/cred/controller.kubeconfig");
        d.put("profiling", "false");
        d.put("root-ca-file", tls + "/server-ca.crt");
        d.put("secure-port", "10257");
        d.put("service-account-private-key-file", tls + "/service.current.key");
        d.put("service-cluster-ip-range", "10.43.0.0/16");
        d.put("use-service-account-credentials", "true");
      }
      default -> {
        d.put("authentication-kubeconfig", s + "/cred/scheduler.kubeconfig");
        d.put("authorization-kubeconfig", s + "/cred/scheduler.kubeconfig");
        d.put("bind-address", "127.0.0.1");
        d.put("kubeconfig", s + "/cred/scheduler.kubeconfig");
        d.put("profiling", "false");
        d.put("secure-port", "10259");
      }
    }
    // GetArgs: defaults by name, then each user entry replaces (or +=/-= extends) its name
    TreeMap<String, List<Arg>> byName = new TreeMap<>();
    d.forEach(
        (n, v) ->
            byName.put(
                n,
                new ArrayList<>(
                    List.of(
                        new Arg(
                            "--" + n + "=" + v, Source.DEFAULT, "k3s default for " + c.id())))));
    TreeMap<String, Boolean> replaced = new TreeMap<>();
    for (Val v : keys.getOrDefault(key, List.of())) {
      String body = v.value.startsWith("--") ? v.value.substring(2) : v.value;
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? "true" : body.substring(eq + 1);
      char op = name.endsWith("+") ? '+' : name.endsWith("-") ? '-' : '=';
      if (op != '=') {
        name = name.substring(0, name.length() - 1);
      }
      Arg a = new Arg("--" + name + "=" + value, v.source, v.origin);
      List<Arg> l = byName.computeIfAbsent(name, x -> new ArrayList<>());
      switch (op) {
        case '+' -> l.add(a);
        case '-' -> l.add(0, a);
        default -> {
          if (replaced.put(name, true) == null) {
            l.removeIf(x -> x.source == Source.DEFAULT);
          }
          l.add(a);
        }
      }
    }
    List<Arg> out = new ArrayList<>();
    byName.values().forEach(out::addAll);
    return Optional.of(out);
  }

  /** Why etcd is not on this node, or empty when it runs embedded. */
  Optional<String> etcdAbsence() {
    return datastore == Datastore.EMBEDDED_ETCD
        ? Optional.empty()
        : Optional.of("this " + program.id + " server has no etcd of its own: " + datastoreWhy);
  }
}
