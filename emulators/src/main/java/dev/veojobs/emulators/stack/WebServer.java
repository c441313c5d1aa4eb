package dev.veojobs.emulators.stack;

import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves the static client in {@code web/} and, in place of its {@code config.js}, one generated
 * for this stack: the jobs-api URL and an emulator-style token maker. Every answer carries a strict
 * Content-Security-Policy (the page's own files, calls to the API and the storage host, videos
 * from that host, nothing else) and {@code X-Content-Type-Options: nosniff}.
 */
final class WebServer implements AutoCloseable {
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8");

  private final Path root;
  private final Supplier<String> configJs;
  private final String contentSecurityPolicy;
  private LoopbackHttpServer server;

  /**
   * @param apiOrigin where the page calls the jobs-api, e.g. {@code http://localhost:8081}
   * @param storageOrigin where signed video and upload URLs point
   */
  WebServer(Path root, Supplier<String> configJs, String apiOrigin, String storageOrigin) {
    this.root = root.toAbsolutePath().normalize();
    this.configJs = configJs;
    this.contentSecurityPolicy = contentSecurityPolicy(apiOrigin, storageOrigin);
  }

  /** The page has no inline script or style and loads nothing from elsewhere; its calls go to the API and storage. */
  static String contentSecurityPolicy(String apiOrigin, String storageOrigin) {
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src " + apiOrigin + " " + storageOrigin + "; media-src " + storageOrigin + "; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  }

  WebServer start(int port) {
    if (!Files.isRegularFile(root.resolve("index.html"))) {
      throw new IllegalArgumentException(root + " has no index.html (run from the repository root, where web/ is)");
    }
    try {
      server = LoopbackHttpServer.start(port,
          Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("web-", 0).factory()), this::handle);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + root + " on port " + port, e);
    }
    return this;
  }

  int port() {
    return server.port();
  }

  String url() {
    return "http://localhost:" + port();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
      if (path.equals("/config.js")) {
        send(exchange, 200, CONTENT_TYPES.get("js"), configJs.get().getBytes(StandardCharsets.UTF_8));
        return;
      }
      Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        send(exchange, 404, "text/plain; charset=utf-8", ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(exchange, 200, contentType(file), Files.readAllBytes(file));
    }
  }

  private void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Content-Security-Policy", contentSecurityPolicy);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    // The page is edited while the stack runs; a stale cached app.js would be confusing.
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
