package dev.fleetscore.collect.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secret values by {@code REDACTED} before anything is stored: in parsed config trees
 * (kubeconfig tokens, client-key-data, passwords, k3s join tokens), in argument vectors ({@code
 * --token=...}, {@code --token ...}) and in KEY=value text. A key or flag is secret when its name
 * says token, password, secret or key-data, unless it names a file, path, TTL or a boolean switch;
 * booleans and numbers are never secrets.
 */
final class Secrets {

  static final String REDACTED = "REDACTED";

  private static final Pattern FLAG_IN_TEXT =
      Pattern.compile("(--?[A-Za-z0-9][A-Za-z0-9_.-]*)(=|\\s+)(\"[^\"]*\"|'[^']*'|[^\\s\"']+)");

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
          "clientkey");
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
          "bin-dir");

  // Plain string tests: this runs for every key of every parsed file, where a ".*x.*" regex
  // backtracks and recurses per character.
  static boolean isSecretName(String name) {
    String n = name.replace('_', '-').toLowerCase(Locale.ROOT);
    boolean secret = false;
    for (String w : SECRET_WORDS) {
      if (n.contains(w)) {
        secret = true;
        break;
      }
    }
    if (!secret) {
      return false;
    }
    for (String e : NOT_SECRET_ENDINGS) {
      if (n.endsWith(e)) {
        return false;
      }
    }
    return true;
  }

  /** Redacts a parsed tree in place; returns how many values were replaced. */
  static int redactTree(JsonNode node) {
    int n = 0;
    if (node instanceof ObjectNode o) {
      List<String> secret = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (isSecretName(e.getKey()) && v.isTextual() && !isHarmless(v.textValue())) {
          secret.add(e.getKey());
        } else {
          n += redactTree(v);
        }
      }
      for (String k : secret) {
        o.put(k, REDACTED);
        n++;
      }
      // Kubernetes env lists: [{name: K3S_TOKEN, value: ...}]
      JsonNode name = o.get("name");
      JsonNode value = o.get("value");
      if (name != null
          && name.isTextual()
          && isSecretName(name.textValue())
          && value != null
          && value.isTextual()
          && !isHarmless(value.textValue())) {
        o.put("value", REDACTED);
        n++;
      }
      // Container commands and args: flags inside lists of strings.
      for (String listField : List.of("command", "args")) {
        if (o.get(listField) instanceof ArrayNode a) {
          n += redactArrayFlags(a);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode v : a) {
        n += redactTree(v);
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

  /** Redacts secret flag values in an argument vector ({@code --f=v} and {@code --f v}). */
  static Redacted redactArgv(List<String> argv) {
    List<String> out = new ArrayList<>(argv.size());
    int n = 0;
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
              n++;
              continue;
            }
          } else if (i + 1 < argv.size()
              && !argv.get(i + 1).startsWith("-")
              && !isHarmless(argv.get(i + 1))) {
            out.add(a);
            out.add(REDACTED);
            i++;
            n++;
            continue;
          }
        }
      }
      out.add(a);
    }
    return new Redacted(out, n);
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

  // node-dump.sh's sed expressions, line by line (UNIX_LINES: only \n ends a line, as in sed).
  private static final int LINES = Pattern.MULTILINE | Pattern.UNIX_LINES;
  private static final Pattern SCRIPT_FLAG_EQ =
      Pattern.compile("(--[a-z-]*(token|password|secret))=[^ \n]*", LINES);
  private static final Pattern SCRIPT_FLAG_SPACE =
      Pattern.compile("(--[a-z-]*(token|password|secret)) [^ \n-][^ \n]*", LINES);
  private static final Pattern SCRIPT_YAML_SECRET =
      Pattern.compile(
          "^([ \t\r\f\\x0B]*(token|client-key-data|password|id-token|refresh-token)"
              + "[ \t\r\f\\x0B]*:[ \t\r\f\\x0B]*).*$",
          LINES);
  private static final Pattern SCRIPT_ENV_SECRET =
      Pattern.compile("^(K3S_TOKEN|K3S_AGENT_TOKEN|[A-Z_]*PASSWORD)=.*$", LINES);
  private static final Pattern SCRIPT_TOKEN_FLAG =
      Pattern.compile("(--[a-z-]*token)=[^ \"\n]*", LINES);

  /**
   * What node-dump.sh's {@code redact_flags} does to a ps line or one command-line argument on the
   * node, so the live collector builds the script's dump byte for byte. The importer's own
   * redaction ({@link #redactArgv}) still runs on top when the dump is read.
   */
  static String redactFlagsOnNode(String line) {
    String s = SCRIPT_FLAG_EQ.matcher(line).replaceAll("$1=REDACTED");
    return SCRIPT_FLAG_SPACE.matcher(s).replaceAll("$1 REDACTED");
  }

  /**
   * What node-dump.sh's {@code sed} does to a file before copying it off the node (kubeconfig
   * tokens, client-key-data, passwords, k3s tokens, {@code --*token=} in unit files); bytes outside
   * those lines are kept exactly. The importer's {@link #redactTree} still runs on top.
   */
  static byte[] redactFileOnNode(byte[] content) {
    // ISO-8859-1 maps every byte to one char and back, so nothing but the secrets changes.
    String s = new String(content, StandardCharsets.ISO_8859_1);
    String r = SCRIPT_YAML_SECRET.matcher(s).replaceAll("$1REDACTED");
    r = SCRIPT_ENV_SECRET.matcher(r).replaceAll("$1=REDACTED");
    r = SCRIPT_TOKEN_FLAG.matcher(r).replaceAll("$1=REDACTED");
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
