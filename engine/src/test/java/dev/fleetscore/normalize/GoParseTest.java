package dev.fleetscore.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoParseTest {

  @ParameterizedTest
  @CsvSource({
    "1,true", "t,true", "T,true", "TRUE,true", "true,true", "True,true",
    "0,false", "f,false", "F,false", "FALSE,false", "false,false", "False,false"
  })
  void boolsInEveryStrconvSpelling(String in, boolean expected) throws Exception {
    assertEquals(expected, GoParse.parseBool(in));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "on", "off", "tRUE", "", " true", "2"})
  void boolsStrconvRejects(String in) {
    assertThrows(BadValueException.class, () -> GoParse.parseBool(in));
  }

  @ParameterizedTest
  @CsvSource({
    "10250, 10250",
    "0x2817, 10263",
    "0X2817, 10263",
    "010255, 4269",
    "0o17, 15",
    "0b101, 5",
    "-999, -999",
    "+5, 5",
    "0, 0",
    "1_000, 1000",
    "0x_1F, 31",
    "2147483647, 2147483647",
    "-2147483648, -2147483648"
  })
  void int32WithBasePrefixes(String in, long expected) throws Exception {
    assertEquals(expected, GoParse.parseInt(in, 32));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "08",
        "0x",
        "abc",
        "2147483648",
        "-2147483649",
        "1__0",
        "_1",
        "1_",
        "10.0",
        "1e3"
      })
  void int32Rejects(String in) {
    assertThrows(BadValueException.class, () -> GoParse.parseInt(in, 32));
  }

  @ParameterizedTest
  @CsvSource({
    "4h0m0s, 14400000000000",
    "4h, 14400000000000",
    "240m, 14400000000000",
    "0, 0",
    "0s, 0",
    "-0, 0",
    "1.5h, 5400000000000",
    "2h45m, 9900000000000",
    "300ms, 300000000",
    "1us, 1000",
    "1µs, 1000",
    "100ns, 100",
    "-1s, -1000000000",
    ".5s, 500000000",
    "1m30s, 90000000000"
  })
  void durationsLikeTimeParseDuration(String in, long nanos) throws Exception {
    assertEquals(nanos, GoParse.parseDuration(in));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "60", "1d", "h", "1.h5", ".s", "4 h", "1hh", "9999999999h"})
  void durationsRejected(String in) {
    assertThrows(BadValueException.class, () -> GoParse.parseDuration(in));
  }

  @ParameterizedTest
  @CsvSource({
    "100Mi, 104857600",
    "50M, 50000000",
    "500m, 0.5",
    "1Gi, 1073741824",
    "1.80G, 1800000000",
    "1e3, 1000",
    "10, 10",
    "0, 0",
    "1k, 1000",
    "2Ki, 2048"
  })
  void quantities(String in, String expected) throws Exception {
    assertEquals(0, new BigDecimal(expected).compareTo(GoParse.parseQuantity(in)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Mi", "10MB", "1.2.3", "10 Mi", "1e", "x"})
  void quantitiesRejected(String in) {
    assertThrows(BadValueException.class, () -> GoParse.parseQuantity(in));
  }

  @Test
  void csvLikePflagStringSlice() throws Exception {
    assertEquals(List.of(), GoParse.splitCsv(""));
    assertEquals(List.of("a", "b"), GoParse.splitCsv("a,b"));
    assertEquals(List.of("a,b", "c"), GoParse.splitCsv("\"a,b\",c"));
    assertEquals(List.of("say \"hi\""), GoParse.splitCsv("\"say \"\"hi\"\"\""));
    assertEquals(List.of("a", ""), GoParse.splitCsv("a,"));
    assertThrows(BadValueException.class, () -> GoParse.splitCsv("a\"b"));
    assertThrows(BadValueException.class, () -> GoParse.splitCsv("\"open"));
  }
}
