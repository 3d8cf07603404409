package dev.fleetscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "1500, 1.5µs",
    "100000000, 100ms",
    "1000000000, 1s",
    "30000000000, 30s",
    "60000000000, 1m0s",
    "90000000000, 1m30s",
    "120000000000, 2m0s",
    "14400000000000, 4h0m0s",
    "1500000000, 1.5s",
    "-1000000000, -1s",
    "9223372036854775807, 2562047h47m16.854775807s",
  })
  void formatsLikeGo(long nanos, String expected) {
    assertEquals(expected, GoDurations.format(nanos));
  }
}
