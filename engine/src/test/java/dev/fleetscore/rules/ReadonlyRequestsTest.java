package dev.fleetscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The read-only request count from the metrics file's parsed content, in each accepted shape. */
class ReadonlyRequestsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // an array of samples, other metrics and the read-write server ignored
        "[{\"name\":\"kubelet_http_requests_total\",\"labels\":{\"server_type\":\"readonly\",\"path\":\"pods\"},\"value\":40},"
            + "{\"name\":\"kubelet_http_requests_total\",\"labels\":{\"server_type\":\"readwrite\"},\"value\":9},"
            + "{\"name\":\"kubelet_http_inflight_requests\",\"labels\":{\"server_type\":\"readonly\"},\"value\":3}] | 40",
        // the same wrapped in {"samples": ...}, values as Prometheus text
        "{\"samples\":[{\"name\":\"kubelet_http_requests_total\",\"labels\":{\"server_type\":\"readonly\"},\"value\":\"2e+00\"}]} | 2",
        // keyed by metric name
        "{\"kubelet_http_requests_total\":[{\"labels\":{\"server_type\":\"readonly\"},\"value\":7},"
            + "{\"labels\":{\"server_type\":\"readonly\"},\"value\":1}],\"up\":[{\"labels\":{},\"value\":1}]} | 8",
        // a parsed file without read-only samples: the server answered nothing
        "[{\"name\":\"kubelet_http_requests_total\",\"labels\":{\"server_type\":\"readwrite\"},\"value\":9}] | 0",
      })
  void shapes(String json, long expected) {
    assertEquals(expected, ReadonlyRequests.count(json));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json",
        "42",
        "{\"kubelet_http_requests_total\": 5}",
        "[{\"name\":\"kubelet_http_requests_total\",\"labels\":{\"server_type\":\"readonly\"},\"value\":\"many\"}]",
        "[{\"name\":\"kubelet_http_requests_total\",\"labels\":{\"server_type\":\"readonly\"}}]",
        "[{\"labels\":{\"server_type\":\"readonly\"},\"value\":1}]",
      })
  void unknownShapesAreUnknownNotZero(String json) {
    assertNull(ReadonlyRequests.count(json));
  }

  @Test
  void aNodeWithoutMetricsOrWithABrokenFileIsUnknown() {
    var none = ReadonlyRequests.of(Fixtures.node(Fixtures.yaml("name: a")));
    assertNull(none.count());
    assertTrue(none.why().contains("no kubelet metrics"), none.why());
    var broken =
        ReadonlyRequests.of(
            Fixtures.node(
                Fixtures.yaml(
                    "config_files: [{path: /m.prom, kind: KUBELET_READONLY_METRICS, parse_error: \"line 3: bad sample\"}]")));
    assertNull(broken.count());
    assertTrue(broken.why().contains("line 3: bad sample"), broken.why());
  }
}
