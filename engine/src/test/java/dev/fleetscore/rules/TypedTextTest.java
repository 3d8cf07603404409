package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TypedTextTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "-0, 0",
    "0s, 0",
    "300ms, 300000000",
    "1.5h, 5400000000000",
    "2h45m, 9900000000000",
    "4h0m0s, 14400000000000",
    "-1s, -1000000000",
    "+5m, 300000000000",
    "1us, 1000",
    "1\u00b5s, 1000",
    ".5s, 500000000",
    "1ns, 1",
  })
  void durationsParseLikeGo(String text, long nanos) {
    assertEquals(Optional.of(nanos), TypedText.duration(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "1d", "1h-5m", "h", "1..5s", "-", "10 s", "9999999999h"})
  void notDurations(String text) {
    assertEquals(Optional.empty(), TypedText.duration(text));
  }

  @ParameterizedTest
  @CsvSource({
    "100Mi, 104857600",
    "1Gi, 1073741824",
    "50M, 50000000",
    "500m, 0.5",
    "1.5G, 1500000000",
    "1e3, 1000",
    "2Ki, 2048",
  })
  void quantities(String text, String amount) {
    var q = TypedText.quantity(text).orElseThrow();
    assertEquals(0, q.amount().compareTo(new BigDecimal(amount)), text);
    assertTrue(!q.percent());
  }

  @Test
  void percentagesAndNonQuantities() {
    var p = TypedText.quantity("10%").orElseThrow();
    assertTrue(p.percent());
    assertEquals(0, p.amount().compareTo(BigDecimal.TEN));
    assertEquals(Optional.empty(), TypedText.quantity("10 Mi"));
    assertEquals(Optional.empty(), TypedText.quantity("Mi"));
    assertEquals(Optional.empty(), TypedText.quantity("1MB"));
  }

  @Test
  void booleansAsStrconvParseBool() {
    for (String t : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
      assertEquals(Optional.of(true), TypedText.bool(t), t);
    }
    for (String f : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
      assertEquals(Optional.of(false), TypedText.bool(f), f);
    }
    for (String n : new String[] {"yes", "no", "on", "tRUE", ""}) {
      assertEquals(Optional.empty(), TypedText.bool(n), n);
    }
  }

  @Test
  void octalModes() {
    assertEquals(Optional.of(0600), TypedText.octalMode("600"));
    assertEquals(Optional.of(0600), TypedText.octalMode("0600"));
    assertEquals(Optional.of(04755), TypedText.octalMode("4755"));
    assertEquals(Optional.empty(), TypedText.octalMode("680"));
    assertEquals(Optional.empty(), TypedText.octalMode("rw-r--r--"));
    assertEquals(Optional.empty(), TypedText.octalMode(""));
  }
}
