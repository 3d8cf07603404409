package dev.fleetscore.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serialises the generated objects the way the real producers print them: Go's {@code
 * json.MarshalIndent} and jq (two or four spaces, {@code "key": value}, {@code []} and {@code {}}
 * for empty containers), gcloud and kubectl (sorted keys), and sigs.k8s.io/yaml (block style,
 * unindented sequences, sorted keys where the Go side sorts them). Map order is the caller's
 * insertion order unless a sorted variant is asked for.
 */
final class Formats {

  private Formats() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  static {
    JSON.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** JSON with {@code indent} spaces per level and a final newline when {@code newline}. */
  static String json(Object value, int indent, boolean newline) {
    try {
      String s = JSON.writer(new GoStylePrinter(indent)).writeValueAsString(value);
      return newline ? s + "\n" : s;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON as gcloud, kubectl and Go maps print it: every object's keys sorted. */
  static String sortedJson(Object value, int indent) {
    return json(sortKeys(value), indent, true);
  }

  static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sortedYaml(Object value) {
    return yaml(sortKeys(value));
  }

  @SuppressWarnings("unchecked")
  static Object sortKeys(Object value) {
    if (value instanceof Map) {
      Map<String, Object> sorted = new TreeMap<>();
      ((Map<String, Object>) value).forEach((k, v) -> sorted.put(k, sortKeys(v)));
      return sorted;
    }
    if (value instanceof List) {
      return ((List<Object>) value).stream().map(Formats::sortKeys).toList();
    }
    return value;
  }

  /** An insertion-ordered map from alternating keys and values, for terse literals. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * Go/jq pretty printing: {@code "k": v}, one element per line, {@code []}/{@code {}} if empty.
   */
  private static final class GoStylePrinter extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    GoStylePrinter(int indent) {
      DefaultIndenter in = new DefaultIndenter(" ".repeat(indent), "\n");
      indentObjectsWith(in);
      indentArraysWith(in);
    }

    GoStylePrinter(GoStylePrinter base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new GoStylePrinter(this);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      if (!_objectIndenter.isInline()) {
        --_nesting;
      }
      if (nrOfEntries > 0) {
        _objectIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      if (!_arrayIndenter.isInline()) {
        --_nesting;
      }
      if (nrOfValues > 0) {
        _arrayIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw(']');
    }
  }
}
