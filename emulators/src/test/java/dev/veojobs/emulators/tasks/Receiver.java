package dev.veojobs.emulators.tasks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task handler for the tests: records every request on arrival, answers scripted statuses per
 * path (200 once the script runs out), and can hold requests until released to observe
 * concurrency and deadlines.
 */
final class Receiver implements AutoCloseable {
  record Received(String method, String path, String query, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  record Reply(int status, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final AtomicInteger inHandler = new AtomicInteger();
  private final AtomicInteger maxInHandler = new AtomicInteger();
  private volatile Semaphore gate;

  private Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static Receiver start() throws IOException {
    return new Receiver();
  }

  String url(String pathAndQuery) {
    return "http://localhost:" + server.getAddress().getPort() + pathAndQuery;
  }

  Receiver reply(String path, int status, Map<String, String> headers) {
    scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Reply(status, headers));
    return this;
  }

  Receiver replies(String path, int... statuses) {
    for (int status : statuses) {
      reply(path, status, Map.of());
    }
    return this;
  }

  /** Requests from now on wait in the handler until {@link #release} or {@link #open}. */
  void hold() {
    gate = new Semaphore(0);
  }

  void release(int requests) {
    gate.release(requests);
  }

  void open() {
    Semaphore g = gate;
    gate = null;
    if (g != null) {
      g.release(10_000);
    }
  }

  List<Received> requests() {
    return List.copyOf(received);
  }

  List<Received> requests(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  int inHandler() {
    return inHandler.get();
  }

  int maxConcurrent() {
    return maxInHandler.get();
  }

  void reset() {
    open();
    received.clear();
    scripts.clear();
    maxInHandler.set(0);
  }

  @Override
  public void close() {
    open();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders(),
              body));
      int now = inHandler.incrementAndGet();
      maxInHandler.accumulateAndGet(now, Math::max);
      Reply reply;
      try {
        Semaphore g = gate;
        if (g != null) {
          g.tryAcquire(20, TimeUnit.SECONDS);
        }
        Deque<Reply> script = scripts.get(exchange.getRequestURI().getPath());
        Reply scripted = script == null ? null : script.poll();
        reply = scripted == null ? new Reply(200, Map.of()) : scripted;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply = new Reply(500, Map.of());
      } finally {
        // Leave the handler before answering: the emulator may start the next request as soon as it sees the status.
        inHandler.decrementAndGet();
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(reply.status(), -1);
    }
  }
}
