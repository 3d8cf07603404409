package dev.fleetscore.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Every parser the factory makes stops at the nesting limit with a one-line reason. */
class ParsersTest {

  private static final int OVER = Parsers.MAX_DEPTH + 1;

  @Test
  void jsonAndYamlAcceptTheLimitAndRejectOneMore() throws Exception {
    JsonNode ok = Parsers.json().readTree("[".repeat(Parsers.MAX_DEPTH) + "]".repeat(100));
    assertTrue(ok.isArray());
    assertTrue(Parsers.yaml().readTree("a: " + "[".repeat(99) + "]".repeat(99)).isObject());
    StreamConstraintsException json =
        assertThrows(
            StreamConstraintsException.class,
            () -> Parsers.json().readTree("[".repeat(20_000) + "]".repeat(20_000)));
    assertTrue(
        json.getMessage().contains("maximum allowed nesting depth (100)"), json.getMessage());
    for (String yaml :
        new String[] {
          "a: " + "[".repeat(20_000) + "]".repeat(20_000),
          "a: " + "{b: ".repeat(OVER) + "1" + "}".repeat(OVER),
          blockMaps(OVER)
        }) {
      StreamConstraintsException e =
          assertThrows(StreamConstraintsException.class, () -> Parsers.yaml().readTree(yaml));
      assertEquals(
          "Depth (101) exceeds the maximum allowed nesting depth (100)", e.getOriginalMessage());
      assertTrue(e.getLocation().getLineNr() >= 1, "the YAML error says where");
    }
  }

  @Test
  void theLimitSurvivesCopiesAndEveryKindOfInput() throws Exception {
    String deep = "a: " + "[".repeat(OVER) + "]".repeat(OVER);
    ObjectMapper copy = Parsers.yaml().copy();
    assertThrows(StreamConstraintsException.class, () -> copy.readTree(deep));
    assertThrows(
        StreamConstraintsException.class,
        () -> Parsers.yaml().readTree(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThrows(
        StreamConstraintsException.class,
        () ->
            Parsers.yaml()
                .readTree(
                    new java.io.ByteArrayInputStream(
                        deep.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  @Test
  void aliasesCannotBuildADeeperOrCyclicDocument() throws Exception {
    ObjectMapper json = Parsers.json();
    assertEquals(
        "{\"a\":[1],\"b\":[[1]]}",
        Parsers.readYamlExpandingAliases("a: &a [1]\nb: [*a]\n", json).toString());
    // Each anchor is shallow, but each alias nests the previous one ten levels deeper.
    StringBuilder chain = new StringBuilder("a0: &a0 [1]\n");
    for (int i = 1; i < 20; i++) {
      chain.append("a").append(i).append(": &a").append(i).append(' ');
      chain.append("[".repeat(10)).append("*a").append(i - 1).append("]".repeat(10)).append('\n');
    }
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class,
            () -> Parsers.readYamlExpandingAliases(chain.toString(), json));
    assertTrue(e.getMessage().contains("nesting depth (100)"), e.getMessage());
    JsonProcessingException cycle =
        assertThrows(
            JsonProcessingException.class,
            () -> Parsers.readYamlExpandingAliases("a: &x [1, {b: *x}]\n", json));
    assertTrue(cycle.getMessage().contains("contains it"), cycle.getMessage());
  }

  private static String blockMaps(int depth) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(" ".repeat(i)).append("k:\n");
    }
    return sb.append(" ".repeat(depth)).append("k: 1\n").toString();
  }
}
