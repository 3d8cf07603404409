package dev.fleetscore.collect.cloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP server that answers API paths with canned responses in the services' real JSON
 * shapes, so the real SDK clients run their whole request path (signing, retries, parsing) against
 * it. A path may have a queue of responses (e.g. a 429, then the real answer); the last one
 * repeats. Every request is logged.
 */
final class StubHttp implements AutoCloseable {

  record Response(int status, String body, Map<String, String> headers) {
    static Response ok(String body) {
      return new Response(200, body, Map.of());
    }
  }

  record Request(String method, String path, String query, Map<String, List<String>> headers) {}

  private final HttpServer server;
  private final Map<String, Deque<Response>> routes = new LinkedHashMap<>();
  private final Map<String, java.util.function.Function<String, Response>> byQuery =
      new LinkedHashMap<>();
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  StubHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers {@code path} (raw, without the query) with these responses in turn. */
  StubHttp on(String path, Response... responses) {
    routes.put(path, new ArrayDeque<>(List.of(responses)));
    return this;
  }

  /** Answers {@code path} with what {@code answer} returns for the raw query (null when none). */
  StubHttp onQuery(String path, java.util.function.Function<String, Response> answer) {
    byQuery.put(path, answer);
    return this;
  }

  long count(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).count();
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    requests.add(
        new Request(ex.getRequestMethod(), path, query, Map.copyOf(ex.getRequestHeaders())));
    ex.getRequestBody().readAllBytes();
    Deque<Response> q = routes.get(path);
    Response r;
    if (byQuery.containsKey(path)) {
      r = byQuery.get(path).apply(query);
    } else if (q == null) {
      r = new Response(404, "{\"message\":\"no stub for " + path + "\"}", Map.of());
    } else {
      r = q.size() > 1 ? q.poll() : q.peek();
    }
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
