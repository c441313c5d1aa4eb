package dev.veojobs.gcp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A local HTTP endpoint that records what it receives and answers 200, standing in for a function. */
final class HttpReceiver implements AutoCloseable {
  /** One request as it arrived; header names lower-cased. */
  record Received(String method, String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private HttpReceiver(HttpServer server) {
    this.server = server;
  }

  static HttpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      HttpReceiver receiver = new HttpReceiver(server);
      server.createContext("/", exchange -> {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        receiver.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String path) {
    return "http://localhost:" + server.getAddress().getPort() + path;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  void reset() {
    received.clear();
  }

  /** Waits (bounded, 10 s) until {@code done} holds for what was received. */
  List<Received> await(Predicate<List<Received>> done) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.test(received())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for deliveries; got " + received().size());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return received();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
