package dev.fleetscore.collect.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lenient readers for cloud API JSON: int64 values arrive as strings (proto3 JSON), booleans may be
 * absent, times are RFC 3339 strings (gcloud, AWS CLI) or epoch seconds (some SDK dumps). A value
 * of the wrong type is reported to the caller, never guessed.
 */
final class Json {

  private Json() {}

  /** A value that is present but not of the expected type. */
  static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValue(String field, JsonNode v, String expected) {
      super(field + " is " + describe(v) + ", expected " + expected);
    }

    private static String describe(JsonNode v) {
      String t = v.toString();
      return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + " "
          + (t.length() > 60 ? t.substring(0, 57) + "..." : t);
    }
  }

  /** Follows a dotted path of object fields; a missing step gives a missing node. */
  static JsonNode at(JsonNode n, String dotted) {
    JsonNode cur = n;
    for (String k : dotted.split("\\.")) {
      if (cur == null || !cur.isObject()) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
      cur = cur.path(k);
    }
    return cur;
  }

  static boolean absent(JsonNode v) {
    return v == null || v.isMissingNode() || v.isNull();
  }

  static String str(JsonNode n, String path) {
    JsonNode v = at(n, path);
    if (absent(v)) {
      return null;
    }
    if (v.isTextual() || v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    throw new BadValue(path, v, "a string");
  }

  static Boolean bool(JsonNode n, String path) {
    JsonNode v = at(n, path);
    if (absent(v)) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
      return Boolean.valueOf(v.textValue());
    }
    throw new BadValue(path, v, "true or false");
  }

  static Long int64(JsonNode n, String path) {
    JsonNode v = at(n, path);
    if (absent(v)) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.textValue().strip());
      } catch (NumberFormatException e) {
        throw new BadValue(path, v, "an integer (int64 may be a JSON string)");
      }
    }
    throw new BadValue(path, v, "an integer");
  }

  static Integer int32(JsonNode n, String path) {
    Long l = int64(n, path);
    if (l == null) {
      return null;
    }
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw new BadValue(path, at(n, path), "a 32-bit integer");
    }
    return l.intValue();
  }

  static List<String> strings(JsonNode n, String path) {
    JsonNode v = at(n, path);
    List<String> out = new ArrayList<>();
    if (absent(v)) {
      return out;
    }
    if (!v.isArray()) {
      throw new BadValue(path, v, "a list of strings");
    }
    for (JsonNode e : v) {
      if (!(e.isTextual() || e.isNumber())) {
        throw new BadValue(path, v, "a list of strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  static Instant time(JsonNode n, String path) {
    JsonNode v = at(n, path);
    if (absent(v)) {
      return null;
    }
    if (v.isNumber()) {
      return Instant.ofEpochMilli(Math.round(v.doubleValue() * 1000));
    }
    if (v.isTextual()) {
      try {
        return OffsetDateTime.parse(v.textValue()).toInstant();
      } catch (DateTimeParseException e) {
        throw new BadValue(path, v, "an RFC 3339 time");
      }
    }
    throw new BadValue(path, v, "a time");
  }
}
