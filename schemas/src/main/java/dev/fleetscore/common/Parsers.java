package dev.fleetscore.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The one place the product makes JSON and YAML parsers, so every document it reads (node dumps,
 * cloud exports, live API answers, rule packs, exemptions, tables' JSON columns, bundle manifests)
 * is bounded while it is parsed: at most {@link #MAX_DEPTH} nested lists and maps, YAML of at most
 * {@link #MAX_YAML_CODE_POINTS} code points with at most {@link #MAX_YAML_ALIASES} aliases, and
 * Jackson's default string and number lengths. A document over a limit fails to parse with a
 * one-line {@link JsonProcessingException}, so the trees later code walks recursively (secret
 * redaction, flattening, rule compilation) are never deeper than the limit and a hostile file costs
 * an error row, never a {@link StackOverflowError} that ends the run.
 */
public final class Parsers {

  /**
   * Deepest nesting of lists and maps accepted. Kubelet configs, static pod manifests, kubeconfigs,
   * GKE/EKS exports, node lists with managedFields and rule packs stay under 20.
   */
  public static final int MAX_DEPTH = 100;

  /** Largest YAML document, in code points (snakeyaml's own default is 3 MiB). */
  public static final int MAX_YAML_CODE_POINTS = 16 * 1024 * 1024;

  /** A handful of aliases is legitimate YAML; a billion-laughs document needs thousands. */
  public static final int MAX_YAML_ALIASES = 50;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build();

  private Parsers() {}

  /** A JSON factory with the limits. */
  public static JsonFactory jsonFactory() {
    return JsonFactory.builder().streamReadConstraints(LIMITS).build();
  }

  /** A new JSON mapper with the limits (callers may configure their copy). */
  public static ObjectMapper json() {
    return new ObjectMapper(jsonFactory());
  }

  /** A YAML factory with the limits. */
  public static YAMLFactory yamlFactory() {
    return new BoundedYamlFactory(
        YAMLFactory.builder().loaderOptions(loaderOptions()).streamReadConstraints(LIMITS));
  }

  /** A new YAML mapper with the limits. */
  public static YAMLMapper yaml() {
    return new YAMLMapper(yamlFactory());
  }

  /** snakeyaml's options with the limits, for the few places that load YAML with snakeyaml. */
  public static LoaderOptions loaderOptions() {
    LoaderOptions lo = new LoaderOptions();
    lo.setMaxAliasesForCollections(MAX_YAML_ALIASES);
    lo.setAllowRecursiveKeys(false);
    lo.setCodePointLimit(MAX_YAML_CODE_POINTS);
    lo.setNestingDepthLimit(MAX_DEPTH);
    return lo;
  }

  /**
   * The first non-empty document of {@code text} with its aliases expanded (Jackson's YAML parser
   * does not expand them), or null. An alias can place a deep anchor inside another deep one, or
   * inside itself, so the expanded document is measured before it becomes a tree.
   */
  public static JsonNode readYamlExpandingAliases(String text, ObjectMapper json)
      throws JsonProcessingException {
    try {
      for (Object doc : new Yaml(new SafeConstructor(loaderOptions())).loadAll(text)) {
        if (doc != null) {
          checkExpandedDepth(doc);
          return json.valueToTree(doc);
        }
      }
      return null;
    } catch (RuntimeException e) {
      // snakeyaml reports its limits and syntax errors as unchecked exceptions.
      throw new JsonProcessingException(e.getMessage(), e) {
        private static final long serialVersionUID = 1L;
      };
    }
  }

  private static void checkExpandedDepth(Object root) throws StreamConstraintsException {
    // Iterative, each shared node measured once: an alias-heavy document is a DAG, not a tree.
    Map<Object, Integer> depth = new IdentityHashMap<>();
    Map<Object, Boolean> onPath = new IdentityHashMap<>();
    Deque<Object> nodes = new ArrayDeque<>();
    Deque<Iterator<?>> children = new ArrayDeque<>();
    if (childrenOf(root) == null) {
      return;
    }
    nodes.push(root);
    children.push(childrenOf(root));
    onPath.put(root, true);
    while (!nodes.isEmpty()) {
      Iterator<?> it = children.peek();
      if (it.hasNext()) {
        Object c = it.next();
        Iterator<?> cc = childrenOf(c);
        if (cc == null || depth.containsKey(c)) {
          continue;
        }
        if (onPath.containsKey(c)) {
          throw new StreamConstraintsException("a YAML alias refers to a node that contains it");
        }
        if (nodes.size() >= MAX_DEPTH) {
          throw tooDeep(nodes.size() + 1);
        }
        nodes.push(c);
        children.push(cc);
        onPath.put(c, true);
        continue;
      }
      Object done = nodes.pop();
      children.pop();
      onPath.remove(done);
      int d = 1;
      for (Iterator<?> i = childrenOf(done); i.hasNext(); ) {
        Integer cd = depth.get(i.next());
        if (cd != null) {
          d = Math.max(d, cd + 1);
        }
      }
      if (d > MAX_DEPTH) {
        throw tooDeep(d);
      }
      depth.put(done, d);
      if (!nodes.isEmpty() && nodes.size() + d > MAX_DEPTH) {
        throw tooDeep(nodes.size() + d);
      }
    }
  }

  private static Iterator<?> childrenOf(Object o) {
    if (o instanceof Map<?, ?> m) {
      return java.util.stream.Stream.concat(m.keySet().stream(), m.values().stream()).iterator();
    }
    if (o instanceof Collection<?> c) {
      return c.iterator();
    }
    return null;
  }

  private static StreamConstraintsException tooDeep(int depth) {
    return new StreamConstraintsException(
        String.format(
            "Depth (%d) exceeds the maximum allowed nesting depth (%d)", depth, MAX_DEPTH));
  }

  /**
   * jackson-dataformat-yaml checks the nesting depth itself only from 2.16; this project is on 2.15
   * (see README "Versions"), so its parsers check it here, as Jackson's JSON parsers do.
   */
  private static final class BoundedYamlFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    BoundedYamlFactory(YAMLFactoryBuilder b) {
      super(b);
    }

    @Override
    public YAMLFactory copy() {
      return new BoundedYamlFactory(new YAMLFactoryBuilder(this));
    }

    @Override
    protected YAMLParser _createParser(InputStream in, IOContext ctxt) throws IOException {
      return parser(ctxt, _createReader(in, null, ctxt));
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
      return parser(ctxt, r);
    }

    @Override
    protected YAMLParser _createParser(
        char[] data, int offset, int len, IOContext ctxt, boolean recyclable) throws IOException {
      return parser(ctxt, new CharArrayReader(data, offset, len));
    }

    @Override
    protected YAMLParser _createParser(byte[] data, int offset, int len, IOContext ctxt)
        throws IOException {
      return parser(ctxt, _createReader(data, offset, len, null, ctxt));
    }

    private YAMLParser parser(IOContext ctxt, Reader r) {
      return new BoundedYamlParser(
          ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }
  }

  private static final class BoundedYamlParser extends YAMLParser {

    BoundedYamlParser(
        IOContext ctxt,
        int parserFeatures,
        int formatFeatures,
        LoaderOptions lo,
        ObjectCodec codec,
        Reader reader) {
      super(ctxt, parserFeatures, formatFeatures, lo, codec, reader);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        int depth = _parsingContext.getNestingDepth();
        if (depth > _streamReadConstraints.getMaxNestingDepth()) {
          throw new StreamConstraintsException(
              String.format(
                  "Depth (%d) exceeds the maximum allowed nesting depth (%d)",
                  depth, _streamReadConstraints.getMaxNestingDepth()),
              currentTokenLocation());
        }
      }
      return t;
    }
  }
}
