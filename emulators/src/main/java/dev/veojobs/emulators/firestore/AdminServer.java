package dev.veojobs.emulators.firestore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.faults.FaultPlanControl;
import dev.veojobs.emulators.http.Exchanges;
import dev.veojobs.emulators.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The emulator's HTTP control plane: health, reset, document inspection and commit statistics, under
 * {@code /_emulator/} on its own port (the gRPC port speaks only HTTP/2).
 */
final class AdminServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FirestoreEmulator emulator;
  private final DocumentStore store;
  private final LoopbackHttpServer server;

  AdminServer(FirestoreEmulator emulator, DocumentStore store, int port) throws IOException {
    this.emulator = emulator;
    this.store = store;
    this.server = LoopbackHttpServer.start(port,
        Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("firestore-emulator-admin").factory()),
        this::handle);
  }

  int port() {
    return server.port();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (FaultPlanControl.handles(path)) {
        FaultPlanControl.handle(exchange, emulator.faultPlans());
        return;
      }
      switch (path) {
        case "/_emulator/health" -> {
          if (requireMethod(exchange, method, "GET")) {
            send(exchange, 200, Map.of("status", "ok"));
          }
        }
        case "/_emulator/reset" -> {
          if (requireMethod(exchange, method, "POST")) {
            emulator.reset();
            send(exchange, 200, Map.of("status", "reset"));
          }
        }
        case "/_emulator/stats" -> {
          if (requireMethod(exchange, method, "GET")) {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("commits", store.commitCount());
            stats.put("writes", store.writeCount());
            stats.put("aborted", store.abortedCount());
            stats.put("documents", store.size());
            send(exchange, 200, stats);
          }
        }
        case "/_emulator/documents" -> {
          if (requireMethod(exchange, method, "GET")) {
            documents(exchange, query(exchange));
          }
        }
        default -> error(exchange, 404, "NOT_FOUND", "No emulator endpoint " + method + " " + path);
      }
    } catch (io.grpc.StatusRuntimeException e) {
      error(exchange, 400, "INVALID_ARGUMENT", String.valueOf(e.getStatus().getDescription()));
    } catch (RuntimeException e) {
      error(exchange, 500, "INTERNAL", String.valueOf(e.getMessage()));
    } finally {
      exchange.close();
    }
  }

  /**
   * {@code path} is a full resource name or a path below {@code /documents} (with {@code project}, or
   * looked up in every project). A document path answers the document; a collection path lists it.
   */
  private void documents(HttpExchange exchange, Map<String, String> params) throws IOException {
    String path = params.getOrDefault("path", "");
    String project = params.get("project");
    List<StoredDocument> all = store.read(() -> new ArrayList<>(store.all()));
    all.sort((a, b) -> ValueOrdering.compareNames(a.name(), b.name()));
    if (path.isEmpty()) {
      send(exchange, 200, Map.of("documents", all.stream().map(AdminServer::json).toList()));
      return;
    }
    String relative = path.startsWith("projects/") ? null : trimSlashes(path);
    boolean documentPath = relative == null
        ? DocumentName.parse(path, false).isDocument()
        : relative.split("/").length % 2 == 0;
    List<StoredDocument> matches = new ArrayList<>();
    for (StoredDocument doc : all) {
      DocumentName name = DocumentName.parse(doc.name());
      if (project != null && !name.database().startsWith("projects/" + project + "/")) {
        continue;
      }
      String target = relative == null ? doc.name() : name.relativePath();
      String wanted = relative == null ? path : relative;
      boolean hit = documentPath
          ? target.equals(wanted)
          : target.startsWith(wanted + "/") && target.substring(wanted.length() + 1).indexOf('/') < 0;
      if (hit) {
        matches.add(doc);
      }
    }
    if (!documentPath) {
      send(exchange, 200, Map.of("documents", matches.stream().map(AdminServer::json).toList()));
    } else if (matches.isEmpty()) {
      error(exchange, 404, "NOT_FOUND", "No document at " + path);
    } else if (matches.size() > 1) {
      error(exchange, 400, "INVALID_ARGUMENT", "Several projects hold " + path + "; add project=...");
    } else {
      send(exchange, 200, json(matches.get(0)));
    }
  }

  private static Map<String, Object> json(StoredDocument doc) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", doc.name());
    out.put("path", DocumentName.parse(doc.name()).relativePath());
    out.put("create_time", PlainValues.instant(doc.createTime()).toString());
    out.put("update_time", PlainValues.instant(doc.updateTime()).toString());
    out.put("fields", PlainValues.toJson(doc.fields()));
    return out;
  }

  private static String trimSlashes(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static boolean requireMethod(HttpExchange exchange, String method, String allowed) throws IOException {
    if (method.equals(allowed)) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", allowed);
    error(exchange, 405, "METHOD_NOT_ALLOWED", "Use " + allowed);
    return false;
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    send(exchange, status, Map.of("error", Map.of("code", code, "message", message)));
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    Exchanges.send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  @Override
  public void close() {
    server.close();
  }
}
