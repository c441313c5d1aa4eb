package dev.veojobs.emulators.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/**
 * A JDK HTTP server on 127.0.0.1 that owns its executor: every request goes to one handler, and
 * closing stops the server at once and interrupts the handlers still running.
 */
public final class LoopbackHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds 127.0.0.1 on {@code port} (a free port when 0) with the system's default backlog. */
  public static LoopbackHttpServer start(int port, ExecutorService executor, HttpHandler handler) throws IOException {
    return start(port, 0, executor, handler);
  }

  /** As {@link #start(int, ExecutorService, HttpHandler)}; the executor is shut down if binding fails. */
  public static LoopbackHttpServer start(int port, int backlog, ExecutorService executor, HttpHandler handler)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), backlog);
    } catch (IOException e) {
      executor.shutdownNow();
      throw e;
    }
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    return new LoopbackHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
