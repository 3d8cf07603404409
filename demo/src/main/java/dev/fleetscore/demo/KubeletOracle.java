package dev.fleetscore.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out, for the handful of security settings the demo plants defects in, the value a kubelet
 * really runs with and where it comes from, following shared/docs/kubelet-ground-truth.md: legacy
 * flag defaults when there is no --config (and, per §1.1, when only --config-dir is given), v1beta1
 * defaults otherwise, a zero duration in a file defaulted, drop-ins merged in name order, then the
 * flags actually on the command line (last scalar wins, bare booleans true, feature gates per key,
 * the first --tls-cipher-suites replacing and later ones appending). The result is the manifest's
 * expected_kubelet block and the source of every kubelet-setting {@link PlantedItem}; it is an
 * oracle for the generator's own inputs, not a general normaliser.
 */
final class KubeletOracle {

  static final String ANONYMOUS = "authentication.anonymous.enabled";
  static final String WEBHOOK = "authentication.webhook.enabled";
  static final String MODE = "authorization.mode";
  static final String READ_ONLY_PORT = "readOnlyPort";
  static final String STREAMING = "streamingConnectionIdleTimeout";
  static final String CIPHERS = "tlsCipherSuites";
  static final String ROTATION_GATE = "featureGates.RotateKubeletServerCertificate";

  static final List<String> SETTINGS =
      List.of(ANONYMOUS, WEBHOOK, MODE, READ_ONLY_PORT, STREAMING, CIPHERS, ROTATION_GATE);

  private static final Map<String, String> FLAG_TO_SETTING =
      Map.of(
          "anonymous-auth", ANONYMOUS,
          "authentication-token-webhook", WEBHOOK,
          "authorization-mode", MODE,
          "read-only-port", READ_ONLY_PORT,
          "streaming-connection-idle-timeout", STREAMING,
          "tls-cipher-suites", CIPHERS);

  /** Boolean flags in the generated command lines: a bare occurrence means true. */
  private static final Set<String> BOOL_FLAGS =
      Set.of(
          "anonymous-auth",
          "authentication-token-webhook",
          "enable-server",
          "rotate-certificates",
          "rotate-server-certificates",
          "protect-kernel-defaults",
          "fail-swap-on",
          "cgroups-per-qos",
          "make-iptables-util-chains",
          "serialize-image-pulls",
          "keep-terminated-pod-volumes",
          "register-node",
          "enable-debugging-handlers",
          "seccomp-default");

  /** Flags whose repetitions accumulate instead of replacing. */
  private static final Set<String> ACCUMULATING =
      Set.of("feature-gates", "node-labels", "tls-cipher-suites", "cluster-dns");

  private static final Pattern DURATION = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  /** One effective value with its provenance. */
  record Effective(
      Object value, String source, String origin, Integer argvIndex, String note, String replaced) {

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("value", value);
      m.put("source", source);
      if (origin != null) {
        m.put("origin", origin);
      }
      if (argvIndex != null) {
        m.put("argv_index", argvIndex);
      }
      if (note != null) {
        m.put("note", note);
      }
      return m;
    }
  }

  /** A flag as pflag would see it. */
  record Flag(String name, String value, int index, String token, boolean bare) {}

  /** The effective settings and what they amount to. */
  record Result(Map<String, Effective> settings, List<PlantedItem> planted) {}

  private KubeletOracle() {}

  static List<Flag> flags(List<String> argv) {
    List<Flag> out = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String t = argv.get(i);
      if (!t.startsWith("-") || t.equals("--")) {
        continue;
      }
      String body = t.startsWith("--") ? t.substring(2) : t.substring(1);
      int eq = body.indexOf('=');
      String name = (eq < 0 ? body : body.substring(0, eq)).replace('_', '-');
      if (eq >= 0) {
        out.add(new Flag(name, body.substring(eq + 1), i, t, false));
      } else if (BOOL_FLAGS.contains(name)) {
        out.add(new Flag(name, "true", i, t, true));
      } else if (i + 1 < argv.size()) {
        // pflag takes the next token unconditionally for a non-boolean flag.
        out.add(new Flag(name, argv.get(i + 1), i, t + " " + argv.get(i + 1), false));
        i++;
      }
    }
    return out;
  }

  static Result resolve(KubeletInputs in) {
    List<Flag> flags = flags(in.argv);
    boolean hasConfig = flags.stream().anyMatch(f -> f.name().equals("config"));
    boolean hasDir = flags.stream().anyMatch(f -> f.name().equals("config-dir"));
    boolean legacy = !hasConfig;
    Map<String, Effective> eff = new LinkedHashMap<>();
    String legacyNote =
        hasDir
            ? "--config-dir without --config: the flag-built base keeps the legacy defaults"
            : "no --config: the kubelet keeps its legacy command-line defaults";
    eff.put(ANONYMOUS, base(legacy, true, false, legacyNote));
    eff.put(WEBHOOK, base(legacy, false, true, legacyNote));
    eff.put(MODE, base(legacy, "AlwaysAllow", "Webhook", legacyNote));
    eff.put(READ_ONLY_PORT, base(legacy, 10255, 0, legacyNote));
    eff.put(STREAMING, new Effective("4h0m0s", "DEFAULT", null, null, null, null));
    eff.put(CIPHERS, new Effective(null, "UNSET", null, null, null, null));
    eff.put(ROTATION_GATE, new Effective(true, "DEFAULT", null, null, null, null));

    List<PlantedItem> planted = new ArrayList<>();
    Map<String, Object> dropInReadOnlyPort = new TreeMap<>();
    if (hasConfig && in.config != null) {
      layer(eff, in.config, "CONFIG_FILE", in.configPath, planted);
      if (get(in.config, READ_ONLY_PORT) == null) {
        planted.add(
            PlantedItem.of(
                Planted.READ_ONLY_PORT_ABSENT_WITH_CONFIG,
                "setting",
                READ_ONLY_PORT,
                "origin",
                in.configPath));
      }
    }
    if (hasDir) {
      for (Map.Entry<String, Map<String, Object>> d : in.dropInsByPath().entrySet()) {
        layer(eff, d.getValue(), "DROP_IN", d.getKey(), planted);
        Object port = get(d.getValue(), READ_ONLY_PORT);
        if (port != null) {
          dropInReadOnlyPort.put(d.getKey(), port);
        }
      }
    }
    for (Flag f : flags) {
      applyFlag(eff, f);
    }
    derive(eff, flags, hasConfig, hasDir, dropInReadOnlyPort, planted);
    return new Result(eff, planted);
  }

  private static Effective base(boolean legacy, Object legacyValue, Object v1beta1, String note) {
    return legacy
        ? new Effective(legacyValue, "LEGACY_DEFAULT", null, null, note, null)
        : new Effective(v1beta1, "DEFAULT", null, null, null, null);
  }

  private static void layer(
      Map<String, Effective> eff,
      Map<String, Object> tree,
      String source,
      String path,
      List<PlantedItem> planted) {
    for (String s : SETTINGS) {
      Object v = get(tree, s);
      if (v == null) {
        continue;
      }
      Effective before = eff.get(s);
      Effective now;
      if (s.equals(STREAMING)) {
        String canonical = canonicalDuration(String.valueOf(v));
        if (canonical.equals("0s")) {
          // A zero non-pointer duration in a file is replaced by its v1beta1 default.
          now =
              new Effective("4h0m0s", "DEFAULT", path, null, "0s in a config file means 4h", null);
          planted.add(
              PlantedItem.of(
                  Planted.CONFIG_ZERO_DURATION_MEANS_DEFAULT,
                  "setting",
                  STREAMING,
                  "value",
                  "4h0m0s",
                  "written",
                  String.valueOf(v),
                  "origin",
                  path));
        } else {
          now = new Effective(canonical, source, path, null, null, null);
        }
      } else {
        now = new Effective(v, source, path, null, null, null);
      }
      if (source.equals("DROP_IN") && !java.util.Objects.equals(before.value(), now.value())) {
        now =
            new Effective(
                now.value(),
                now.source(),
                now.origin(),
                null,
                now.note(),
                before.source()
                    + (before.origin() == null ? "" : " " + before.origin())
                    + " = "
                    + before.value());
      }
      eff.put(s, now);
    }
  }

  private static void applyFlag(Map<String, Effective> eff, Flag f) {
    if (f.name().equals("feature-gates")) {
      for (String kv : f.value().split(",")) {
        String[] p = kv.split("=", 2);
        if (p.length == 2 && p[0].trim().equals("RotateKubeletServerCertificate")) {
          eff.put(
              ROTATION_GATE,
              new Effective(
                  Boolean.parseBoolean(p[1].trim()),
                  "FLAG",
                  f.token(),
                  f.index(),
                  "a command-line gate wins per key over the config file",
                  null));
        }
      }
      return;
    }
    String setting = FLAG_TO_SETTING.get(f.name());
    if (setting == null) {
      return;
    }
    Object value =
        switch (setting) {
          case ANONYMOUS, WEBHOOK -> Boolean.parseBoolean(f.value());
          case READ_ONLY_PORT -> Integer.parseInt(f.value());
          case STREAMING -> canonicalDuration(f.value());
          case CIPHERS -> {
            List<String> list = new ArrayList<>();
            Effective prior = eff.get(CIPHERS);
            if ("FLAG".equals(prior.source()) && prior.value() instanceof List<?> l) {
              l.forEach(x -> list.add((String) x));
            }
            list.addAll(List.of(f.value().split(",")));
            yield List.copyOf(list);
          }
          default -> f.value();
        };
    eff.put(setting, new Effective(value, "FLAG", f.token(), f.index(), null, null));
  }

  private static void derive(
      Map<String, Effective> eff,
      List<Flag> flags,
      boolean hasConfig,
      boolean hasDir,
      Map<String, Object> dropInReadOnlyPort,
      List<PlantedItem> planted) {
    Effective port = eff.get(READ_ONLY_PORT);
    if (((Number) port.value()).intValue() != 0) {
      planted.add(item(Planted.READ_ONLY_PORT_OPEN, READ_ONLY_PORT, port));
    } else if ("FLAG".equals(port.source()) && !dropInReadOnlyPort.isEmpty()) {
      Map.Entry<String, Object> d = dropInReadOnlyPort.entrySet().iterator().next();
      planted.add(
          PlantedItem.of(
              Planted.FLAG_OVERRIDES_DROP_IN,
              "setting",
              READ_ONLY_PORT,
              "value",
              "0",
              "source",
              "FLAG",
              "origin",
              port.origin(),
              "drop_in",
              d.getKey(),
              "drop_in_value",
              String.valueOf(d.getValue())));
    }
    Effective anon = eff.get(ANONYMOUS);
    if (Boolean.TRUE.equals(anon.value())) {
      planted.add(item(Planted.ANONYMOUS_AUTH_ENABLED, ANONYMOUS, anon));
    }
    Effective mode = eff.get(MODE);
    if ("AlwaysAllow".equals(mode.value())) {
      planted.add(item(Planted.AUTHORIZATION_ALWAYS_ALLOW, MODE, mode));
    }
    Effective streaming = eff.get(STREAMING);
    if ("0s".equals(streaming.value())) {
      planted.add(item(Planted.STREAMING_IDLE_TIMEOUT_DISABLED, STREAMING, streaming));
    }
    Effective ciphers = eff.get(CIPHERS);
    if (ciphers.value() instanceof List<?> list) {
      List<String> weak =
          list.stream().map(String::valueOf).filter(KubeletOracle::weakCipher).toList();
      if (!weak.isEmpty()) {
        PlantedItem base = item(Planted.WEAK_TLS_CIPHER_SUITES, CIPHERS, ciphers);
        Map<String, String> facts = new TreeMap<>(base.facts());
        facts.put("weak", String.join(",", weak));
        planted.add(new PlantedItem(Planted.WEAK_TLS_CIPHER_SUITES, facts));
      }
    }
    Effective gate = eff.get(ROTATION_GATE);
    if (Boolean.FALSE.equals(gate.value())) {
      planted.add(item(Planted.FEATURE_GATE_DISABLES_SERVER_CERT_ROTATION, ROTATION_GATE, gate));
    }
    if (!hasConfig) {
      List<String> legacy = new ArrayList<>();
      List<String> explicit = new ArrayList<>();
      for (String s : List.of(ANONYMOUS, WEBHOOK, MODE, READ_ONLY_PORT)) {
        (eff.get(s).source().equals("LEGACY_DEFAULT") ? legacy : explicit).add(s);
      }
      if (hasDir) {
        planted.add(
            PlantedItem.of(
                Planted.CONFIG_DIR_WITHOUT_CONFIG,
                "settings_from_legacy_base",
                String.join(",", legacy)));
      } else if (!legacy.isEmpty()) {
        planted.add(
            PlantedItem.of(
                Planted.FLAGS_ONLY_LEGACY_DEFAULTS, "settings", String.join(",", legacy)));
      } else if (!weaker(ANONYMOUS, eff.get(ANONYMOUS).value())
          && !weaker(WEBHOOK, eff.get(WEBHOOK).value())
          && !weaker(MODE, eff.get(MODE).value())
          && !weaker(READ_ONLY_PORT, eff.get(READ_ONLY_PORT).value())) {
        planted.add(
            PlantedItem.of(
                Planted.FLAGS_ONLY_EXPLICIT_SECURE, "settings", String.join(",", explicit)));
      }
    }
    for (String s : SETTINGS) {
      Effective e = eff.get(s);
      if ("DROP_IN".equals(e.source()) && e.replaced() != null && weaker(s, e.value())) {
        PlantedItem base = item(Planted.DROP_IN_OVERRIDE, s, e);
        Map<String, String> facts = new TreeMap<>(base.facts());
        facts.put("replaced", e.replaced());
        planted.add(new PlantedItem(Planted.DROP_IN_OVERRIDE, facts));
      }
    }
    Map<String, List<Flag>> byName = new TreeMap<>();
    for (Flag f : flags) {
      if (!ACCUMULATING.contains(f.name())) {
        byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
      }
    }
    byName.forEach(
        (name, occurrences) -> {
          if (occurrences.size() < 2) {
            return;
          }
          List<String> values = occurrences.stream().map(Flag::value).toList();
          boolean same = values.stream().distinct().count() == 1;
          planted.add(
              PlantedItem.of(
                  same ? Planted.REPEATED_FLAG_SAME_VALUE : Planted.REPEATED_FLAG_LAST_WINS,
                  "flag",
                  "--" + name,
                  "values",
                  String.join(" | ", values),
                  "effective",
                  values.get(values.size() - 1),
                  "argv_indexes",
                  String.join(
                      ",", occurrences.stream().map(f -> String.valueOf(f.index())).toList())));
        });
  }

  private static boolean weaker(String setting, Object value) {
    return switch (setting) {
      case ANONYMOUS -> Boolean.TRUE.equals(value);
      case WEBHOOK -> Boolean.FALSE.equals(value);
      case MODE -> "AlwaysAllow".equals(value);
      case READ_ONLY_PORT -> value instanceof Number n && n.intValue() != 0;
      case STREAMING -> "0s".equals(value);
      case CIPHERS ->
          value instanceof List<?> l
              && l.stream().map(String::valueOf).anyMatch(KubeletOracle::weakCipher);
      case ROTATION_GATE -> Boolean.FALSE.equals(value);
      default -> false;
    };
  }

  static boolean weakCipher(String suite) {
    return suite.contains("3DES") || suite.contains("RC4") || suite.contains("_CBC_");
  }

  private static PlantedItem item(Planted code, String setting, Effective e) {
    return PlantedItem.of(
        code,
        "setting",
        setting,
        "value",
        render(e.value()),
        "source",
        e.source(),
        "origin",
        e.origin(),
        "argv_index",
        e.argvIndex() == null ? null : String.valueOf(e.argvIndex()));
  }

  static String render(Object v) {
    if (v instanceof List<?> l) {
      return String.join(",", l.stream().map(String::valueOf).toList());
    }
    return String.valueOf(v);
  }

  @SuppressWarnings("unchecked")
  static Object get(Map<String, Object> tree, String dotted) {
    if (dotted.startsWith("featureGates.")) {
      Object gates = tree.get("featureGates");
      return gates instanceof Map ? ((Map<String, Object>) gates).get(dotted.substring(13)) : null;
    }
    Object cur = tree;
    for (String part : dotted.split("\\.")) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(part);
    }
    return cur;
  }

  /** Go's time.Duration.String() for the whole-second durations the generator writes. */
  static String canonicalDuration(String s) {
    if (s.equals("0")) {
      return "0s";
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches() || s.isEmpty()) {
      throw new IllegalArgumentException("unsupported duration " + s);
    }
    long secs =
        (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 3600)
            + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60)
            + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    if (secs == 0) {
      return "0s";
    }
    long h = secs / 3600;
    long mi = secs % 3600 / 60;
    long se = secs % 60;
    if (h > 0) {
      return h + "h" + mi + "m" + se + "s";
    }
    if (mi > 0) {
      return mi + "m" + se + "s";
    }
    return se + "s";
  }
}
