package dev.fleetscore.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetscore.common.Parsers;
import java.util.List;
import java.util.SortedMap;

/** Canonical JSON text of list and map values: compact, keys sorted. */
final class Json {

  private static final ObjectMapper M = Parsers.json();

  private Json() {}

  static String array(List<String> values) {
    try {
      return M.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }

  static String object(SortedMap<String, String> values) {
    try {
      return M.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }
}
