package dev.fleetscore.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetscore.common.Parsers;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The manifest's JSON form: one canonical serialization (fields in the order they were added, two
 * spaces of indentation, LF line ends, a final newline), so the same content is the same bytes.
 */
final class Manifest {

  private Manifest() {}

  static final String FILE = "manifest.json";
  static final String SIGNATURE = "manifest.json.p7s";
  static final String FORMAT = "fleetscore-evidence/2";

  /**
   * The files of a bundle its manifest cannot list: the manifest itself, its signature, and the
   * {@code SHA256SUMS} made after it (which lists the manifest) with its signature.
   */
  static final List<String> UNLISTED =
      List.of(FILE, SIGNATURE, Checksums.FILE, Checksums.SIGNATURE, Timestamps.FILE);

  static final ObjectMapper JSON = Parsers.json();

  static byte[] bytes(ObjectNode manifest) {
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf);
    try {
      String s = JSON.writer(pp).writeValueAsString(manifest);
      return (s + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the manifest", e);
    }
  }

  static JsonNode parse(byte[] bytes) throws java.io.IOException {
    return JSON.readTree(bytes);
  }
}
