package dev.fleetscore.collect.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secret values by {@code REDACTED} before anything is stored, by name and by structure;
 * every collector path (dump import, live node, cloud API objects and exports) goes through it.
 *
 * <p>By name: a key, flag or environment variable whose name says token, password, secret, API key,
 * private key, key data or credential, unless it names a file, path, TTL or switch; a registry's
 * {@code auth}. By structure, wherever the name is not secret: the userinfo of any URL ({@code
 * https://REDACTED@host:2379}, so the endpoint stays readable), {@code Authorization} header values
 * ({@code Authorization: REDACTED}), {@code Bearer} credentials and {@code Basic} ones (base64 of
 * {@code user:password}), {@code NAME=value} assignments with a secret name inside any text, every
 * string under a registry {@code auths} block, the values of GKE {@code NodeConfig.metadata}
 * (startup scripts and kube-env, free-form), and high-entropy values of keys naming a key, auth or
 * credential. Booleans and numbers are never secrets.
 */
final class Secrets {

  static final String REDACTED = "REDACTED";

  private static final Pattern FLAG_IN_TEXT =
      Pattern.compile(
          "(?<![A-Za-z0-9_.-])(--?[A-Za-z0-9][A-Za-z0-9_.-]*)(=|\\s+)(\"[^\"]*\"?|'[^']*'?|[^\\s\"']+)");
  private static final Pattern AUTH_HEADER =
      Pattern.compile(
          "(?i)\\b((?:proxy-)?authorization[\"']?[ \\t]*[:=][ \\t]*[\"']?)"
              + "((?:bearer|basic|token|digest|negotiate)[ \\t]+)?([^\\s,\"'{\\[][^\\s,\"']*)");
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b(bearer)[ \\t]+([A-Za-z0-9._~+/-]+=*)");
  private static final Pattern BASIC = Pattern.compile("\\b(?i:(basic))[ \\t]+([A-Za-z0-9+/]+=*)");
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"?|'[^']*'?|[^\\s\"',;&]*)");

  private Secrets() {}

  private static final List<String> SECRET_WORDS =
      List.of(
          "token",
          "password",
          "passwd",
          "secret",
          "key-data",
          "keydata",
          "credential",
          "clientkey",
          "api-key",
          "apikey",
          "private-key",
          "privatekey",
          "access-key",
          "accesskey");
  private static final List<String> NOT_SECRET_ENDINGS =
      List.of(
          "file",
          "path",
          "dir",
          "ttl",
          "auth",
          "enabled",
          "mode",
          "usage",
          "duration",
          "-endpoint",
          "config",
          "configs",
          "bin-dir",
          "-id",
          "name",
          "ref",
          "provider");
  private static final List<String> MAYBE_SECRET_WORDS = List.of("key", "auth", "cred", "sig");

  // Plain string tests: this runs for every key of every parsed file, where a ".*x.*" regex
  // backtracks and recurses per character.
  static boolean isSecretName(String name) {
    String n = name.replace('_', '-').toLowerCase(Locale.ROOT);
    if (n.equals("auth")) {
      return true;
    }
    boolean secret = false;
    for (String w : SECRET_WORDS) {
      if (n.contains(w)) {
        secret = true;
        break;
      }
    }
    return secret && !hasHarmlessEnding(n);
  }

  private static boolean hasHarmlessEnding(String n) {
    for (String e : NOT_SECRET_ENDINGS) {
      if (n.endsWith(e)) {
        return true;
      }
    }
    return false;
  }

  /** A name that may hold a secret (…Key, …Auth, …Cred): secret when its value looks random. */
  private static boolean isMaybeSecretName(String name) {
    String n = name.replace('_', '-').toLowerCase(Locale.ROOT);
    for (String w : MAYBE_SECRET_WORDS) {
      if (n.contains(w)) {
        return !hasHarmlessEnding(n);
      }
    }
    return false;
  }

  /**
   * A value that looks like a generated secret: long, one word, not a path, URL, ARN or resource
   * name ({@code projects/p/locations/l/keyRings/r/cryptoKeys/k}), and either mixing three
   * character classes or with high Shannon entropy (a key, token or password hash).
   */
  static boolean looksRandom(String v) {
    String t = v.strip();
    if (t.length() < 16
        || t.startsWith("/")
        || t.indexOf(':') >= 0
        || t.indexOf('/') != t.lastIndexOf('/')
        || t.matches(".*\\s.*")) {
      return false;
    }
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    Map<Character, Integer> freq = new java.util.HashMap<>();
    for (char c : t.toCharArray()) {
      lower |= Character.isLowerCase(c);
      upper |= Character.isUpperCase(c);
      digit |= Character.isDigit(c);
      other |= !Character.isLetterOrDigit(c);
      freq.merge(c, 1, Integer::sum);
    }
    double bits = 0;
    for (int f : freq.values()) {
      double p = (double) f / t.length();
      bits -= p * Math.log(p) / Math.log(2);
    }
    int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
    return classes == 3 || bits >= 4.0 || classes >= 2 && digit && !other && bits >= 3.5;
  }

  /** Redacts a parsed tree in place; returns how many values were replaced. */
  static int redactTree(JsonNode node) {
    int n = 0;
    if (node instanceof ObjectNode o) {
      Map<String, JsonNode> replace = new java.util.LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        JsonNode v = e.getValue();
        if (v.isTextual()) {
          String t = v.textValue();
          if (isHarmless(t)) {
            continue;
          }
          if (isSecretName(k)
              || isHeaderWithCredentials(k)
              || isMaybeSecretName(k) && looksRandom(t)) {
            replace.put(k, TextNode.valueOf(REDACTED));
            n++;
          } else {
            int[] c = {0};
            String r = redactText(t, c);
            if (c[0] > 0) {
              replace.put(k, TextNode.valueOf(r));
              n += c[0];
            }
          }
        } else if (k.equalsIgnoreCase("auths") || isHeaderWithCredentials(k) && v.isArray()) {
          // Registry credentials (config.json, registries.yaml) and header value lists
          // (staticPodURLHeader): every string below is the credential or part of it.
          n += redactAllStrings(v);
        } else {
          n += redactTree(v);
        }
      }
      replace.forEach(o::set);
      // Kubernetes env and header lists: [{name: K3S_TOKEN, value: ...}]
      JsonNode name = o.get("name");
      JsonNode value = o.get("value");
      if (name != null
          && name.isTextual()
          && (isSecretName(name.textValue()) || isHeaderWithCredentials(name.textValue()))
          && value != null
          && value.isTextual()
          && !isHarmless(value.textValue())) {
        o.put("value", REDACTED);
        n++;
      }
      // GKE NodeConfig.metadata: instance metadata (kube-env, startup scripts) is free-form text
      // that carries credentials under any name; only booleans and numbers are kept.
      if (o.get("metadata") instanceof ObjectNode md && isGkeNodeConfig(o)) {
        n += redactAllStrings(md);
      }
      // Container commands and args: flags inside lists of strings.
      for (String listField : List.of("command", "args")) {
        if (o.get(listField) instanceof ArrayNode a) {
          n += redactArrayFlags(a);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isTextual()) {
          int[] c = {0};
          String r = redactText(v.textValue(), c);
          if (c[0] > 0) {
            a.set(i, TextNode.valueOf(r));
            n += c[0];
          }
        } else {
          n += redactTree(v);
        }
      }
    }
    return n;
  }

  private static boolean isHeaderWithCredentials(String name) {
    return name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("proxy-authorization");
  }

  private static boolean isGkeNodeConfig(ObjectNode o) {
    for (String f : List.of("machineType", "oauthScopes", "imageType", "diskSizeGb")) {
      if (o.has(f)) {
        return true;
      }
    }
    return false;
  }

  private static int redactAllStrings(JsonNode node) {
    int n = 0;
    if (node instanceof ObjectNode o) {
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        JsonNode v = o.get(k);
        if (v.isTextual()) {
          if (!isHarmless(v.textValue())) {
            o.put(k, REDACTED);
            n++;
          }
        } else {
          n += redactAllStrings(v);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isTextual()) {
          if (!isHarmless(v.textValue())) {
            a.set(i, TextNode.valueOf(REDACTED));
            n++;
          }
        } else {
          n += redactAllStrings(v);
        }
      }
    }
    return n;
  }

  private static int redactArrayFlags(ArrayNode a) {
    List<String> words = new ArrayList<>();
    a.forEach(w -> words.add(w.isTextual() ? w.textValue() : null));
    if (words.contains(null)) {
      return 0;
    }
    Redacted r = redactArgv(words);
    if (r.count() > 0) {
      a.removeAll();
      r.argv().forEach(a::add);
    }
    return r.count();
  }

  record Redacted(List<String> argv, int count) {}

  /**
   * Redacts an argument vector: secret flag values ({@code --f=v} and {@code --f v}), then every
   * word by structure ({@link #redactText}: URL userinfo, headers, {@code NAME=value}, and a flag
   * and its value passed as one word).
   */
  static Redacted redactArgv(List<String> argv) {
    List<String> out = new ArrayList<>(argv.size());
    int[] n = {0};
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.startsWith("-") && !a.equals("-") && !a.equals("--")) {
        String body = a.replaceFirst("^--?", "");
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        if (isSecretName(name)) {
          if (eq >= 0) {
            String v = body.substring(eq + 1);
            if (!isHarmless(v)) {
              out.add(a.substring(0, a.length() - v.length()) + REDACTED);
              n[0]++;
              continue;
            }
          } else if (i + 1 < argv.size()
              && !argv.get(i + 1).startsWith("-")
              && !isHarmless(argv.get(i + 1))) {
            out.add(a);
            out.add(REDACTED);
            i++;
            n[0]++;
            continue;
          }
        }
      }
      out.add(redactText(a, n));
    }
    return new Redacted(out, n[0]);
  }

  /**
   * Redacts secrets inside free text (an env file value, a unit's Environment= or ExecStart=, a ps
   * line, a URL, an error message) by structure, adding how many to {@code count[0]}; text without
   * secrets comes back unchanged.
   */
  static String redactText(String text, int[] count) {
    if (text.isEmpty()) {
      return text;
    }
    String s = redactFlagsInText(text, count);
    s = redactUrlUserinfo(s, count);
    s =
        replace(
            AUTH_HEADER,
            s,
            count,
            m -> m.group(3).equals(REDACTED) && m.group(2) == null ? null : m.group(1) + REDACTED);
    s =
        replace(
            BEARER,
            s,
            count,
            m ->
                m.group(2).equals(REDACTED)
                        || m.group(2).toLowerCase(Locale.ROOT).startsWith("token")
                    ? null
                    : m.group(1) + " " + REDACTED);
    s =
        replace(
            BASIC,
            s,
            count,
            m -> isBasicCredential(m.group(2)) ? m.group(1) + " " + REDACTED : null);
    s =
        replace(
            ASSIGNMENT,
            s,
            count,
            m -> {
              String v = m.group(2).replaceAll("^[\"']|[\"']$", "");
              return isSecretName(m.group(1)) && !isHarmless(v)
                  ? m.group(1) + "=" + REDACTED
                  : null;
            });
    return s;
  }

  /**
   * {@code scheme://user:pass@host} becomes {@code scheme://REDACTED@host}. Found by {@code ://}
   * rather than by a scheme pattern, whatever precedes it, in one pass: a regex that scans for a
   * scheme tries every letter of a long run of letters again (a megabyte of them took hours).
   */
  private static String redactUrlUserinfo(String s, int[] count) {
    StringBuilder out = null;
    int from = 0;
    int searchFrom = 0;
    int sep;
    while ((sep = s.indexOf("://", searchFrom)) >= 0) {
      int start = sep + 3;
      int end = start;
      while (end < s.length() && "/?#,\"' \t\r\n".indexOf(s.charAt(end)) < 0) {
        end++;
      }
      int at = end - 1;
      while (at >= start && s.charAt(at) != '@') {
        at--;
      }
      if (at >= start && !s.substring(start, at).equals(REDACTED)) {
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, from, start).append(REDACTED);
        from = at;
        count[0]++;
      }
      searchFrom = Math.max(end, start);
      if (searchFrom >= s.length()) {
        break;
      }
    }
    if (out == null) {
      return s;
    }
    return out.append(s, from, s.length()).toString();
  }

  private static boolean isBasicCredential(String b64) {
    if (b64.length() < 4 || b64.equals(REDACTED)) {
      return false;
    }
    try {
      String plain =
          new String(java.util.Base64.getDecoder().decode(b64), StandardCharsets.ISO_8859_1);
      return plain.indexOf(':') > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String replace(
      Pattern p, String s, int[] count, java.util.function.Function<Matcher, String> with) {
    Matcher m = p.matcher(s);
    StringBuilder sb = null;
    int last = 0;
    while (m.find()) {
      String r = with.apply(m);
      if (r == null || r.equals(m.group())) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(s.length());
      }
      sb.append(s, last, m.start()).append(r);
      last = m.end();
      count[0]++;
    }
    return sb == null ? s : sb.append(s, last, s.length()).toString();
  }

  /** Redacts secret flags inside free text (an env file value holding a kubelet command line). */
  static String redactFlagsInText(String text, int[] count) {
    Matcher m = FLAG_IN_TEXT.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).replaceFirst("^--?", "");
      String v = m.group(3);
      String unq = v.replaceAll("^[\"']|[\"']$", "");
      if (isSecretName(name)
          && !isHarmless(unq)
          && (m.group(2).equals("=") || !unq.startsWith("-"))) {
        count[0]++;
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + REDACTED));
      } else {
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
      }
    }
    m.appendTail(sb);
    return sb.toString();
  }

  // node-dump.sh's redact.sed, rule by rule (UNIX_LINES: only \n ends a line, as in sed; S is
  // sed's [[:space:]] within a line). Leftmost-longest and Java's backtracking pick the same
  // matches here because every rule's alternatives are fixed by the character that follows them.
  private static final int LINES = Pattern.MULTILINE | Pattern.UNIX_LINES;
  private static final String S = "[ \\t\\r\\f\\x0B]";
  private static final String NS = "[^ \\t\\r\\f\\x0B\\n";
  private static final String FLAG_WORDS = "(token|password|passwd|secret|api-key|apikey)";
  private static final String KEY_WORDS =
      "(client-key-data|auth|[A-Za-z_-]*[Tt]oken|[A-Za-z_-]*[Pp]assword|[A-Za-z_-]*[Ss]ecret"
          + "|[A-Za-z_-]*[Aa]pi[_-]?[Kk]ey)";
  private static final String ENV_WORDS =
      "(TOKEN|PASSWORD|PASSWD|SECRET|SECRET_KEY|ACCESS_KEY|API_KEY|APIKEY)";
  private static final List<Rule> ON_NODE =
      List.of(
          new Rule("(--[a-z-]*" + FLAG_WORDS + ")=" + NS + "\"']*", "$1=REDACTED"),
          new Rule("(--[a-z-]*" + FLAG_WORDS + ") [^ \"'\\n-]" + NS + "\"']*", "$1 REDACTED"),
          new Rule("(://)[^/ \\t\\r\\f\\x0B\\n\",?#]*@", "$1REDACTED@"),
          new Rule(
              "(Authorization[\"']?"
                  + S
                  + "*[:=]"
                  + S
                  + "*[\"']?)((Bearer|Basic|bearer)"
                  + S
                  + "+)?"
                  + NS
                  + ",\"'{\\[]"
                  + NS
                  + ",\"']*",
              "$1REDACTED"),
          new Rule("(Bearer|bearer|Basic)" + S + "+[A-Za-z0-9._~+/-]+=*", "$1 REDACTED"),
          new Rule(
              "^(" + S + "*-?" + S + "*" + KEY_WORDS + S + "*:" + S + "*)" + NS + "].*$",
              "$1REDACTED"),
          new Rule("(\"" + KEY_WORDS + "\"" + S + "*:" + S + "*\")[^\"\\n]*\"", "$1REDACTED\""),
          new Rule("^((export" + S + "+)?[A-Za-z0-9_]*" + ENV_WORDS + ")=.*$", "$1=REDACTED"),
          new Rule(
              "([^A-Za-z0-9_\\n-])([A-Za-z0-9_]*"
                  + ENV_WORDS
                  + ")=(\"[^\"\\n]*\"|'[^'\\n]*'|"
                  + NS
                  + "\"';]*)",
              "$1$2=REDACTED"));

  private record Rule(Pattern pattern, String replacement) {
    Rule(String regex, String replacement) {
      this(Pattern.compile(regex, LINES), replacement);
    }
  }

  private static String onNode(String s) {
    String r = s;
    for (Rule rule : ON_NODE) {
      r = rule.pattern().matcher(r).replaceAll(rule.replacement());
    }
    return r;
  }

  /**
   * What node-dump.sh's {@code redact} does to a ps line or one command-line argument on the node,
   * so the live collector builds the script's dump byte for byte. The importer's own redaction
   * ({@link #redactArgv}) still runs on top when the dump is read.
   */
  static String redactFlagsOnNode(String line) {
    return onNode(line);
  }

  private static final Pattern SECRET_FLAG_ALONE = Pattern.compile("--[a-z-]*" + FLAG_WORDS);

  /**
   * What node-dump.sh does to a process's arguments, one per line: {@code redact} on each, then
   * {@code redact-args.sed}, which replaces the argument after a lone secret flag unless it starts
   * with a dash.
   */
  static String[] redactArgsOnNode(String[] args) {
    String[] out = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = onNode(args[i]);
    }
    for (int i = 0; i + 1 < args.length; i++) {
      if (SECRET_FLAG_ALONE.matcher(out[i]).matches()) {
        if (!out[i + 1].isEmpty() && !out[i + 1].startsWith("-")) {
          out[i + 1] = REDACTED;
        }
        i++;
      }
    }
    return out;
  }

  /**
   * What node-dump.sh's {@code redact} does to a file before copying it off the node; bytes outside
   * the secrets are kept exactly. The importer's {@link #redactTree} still runs on top.
   */
  static byte[] redactFileOnNode(byte[] content) {
    // ISO-8859-1 maps every byte to one char and back, so nothing but the secrets changes.
    String s = new String(content, StandardCharsets.ISO_8859_1);
    String r = onNode(s);
    return r.equals(s) ? content : r.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean isHarmless(String v) {
    String t = v.strip();
    return t.isEmpty()
        || t.equals(REDACTED)
        || t.equalsIgnoreCase("true")
        || t.equalsIgnoreCase("false")
        || t.matches("-?\\d+");
  }
}
