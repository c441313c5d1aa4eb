package dev.veojobs.emulators.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.faults.FaultPlanControl;
import dev.veojobs.emulators.http.Exchanges;
import dev.veojobs.emulators.http.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The emulator's HTTP control plane on its own port: health, reset, inspection, fault settings,
 * and the OpenID configuration and JWKS that verify the tokens it signs.
 */
final class AdminServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());
  private static final Set<String> FAULT_FIELDS =
      Set.of("clear", "deliver_twice", "delay_delivery_seconds", "drop_response_after_handler", "url_contains");

  private final TasksEmulator emulator;
  private final OidcTokenIssuer oidc;
  private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private LoopbackHttpServer server;

  AdminServer(TasksEmulator emulator, OidcTokenIssuer oidc) {
    this.emulator = emulator;
    this.oidc = oidc;
  }

  int start(int port) throws IOException {
    server = LoopbackHttpServer.start(port, Executors.newVirtualThreadPerTaskExecutor(), this::handle);
    return server.port();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (FaultPlanControl.handles(path)) {
        FaultPlanControl.handle(exchange, emulator.faultPlans());
        return;
      }
      switch (path) {
        case "/_emulator/health" -> only(exchange, method, "GET", () -> Map.of("status", "ok"));
        case "/_emulator/reset" ->
            only(
                exchange,
                method,
                "POST",
                () -> {
                  emulator.reset();
                  return Map.of("status", "reset");
                });
        case "/_emulator/tasks" ->
            only(exchange, method, "GET", () -> Map.of("tasks", emulator.pendingTasks().stream().map(AdminServer::task).toList()));
        case "/_emulator/dispatches" ->
            only(
                exchange,
                method,
                "GET",
                () -> Map.of("dispatches", emulator.dispatches().stream().map(AdminServer::dispatch).toList()));
        case "/_emulator/faults" -> faults(exchange, method);
        case "/.well-known/openid-configuration" -> only(exchange, method, "GET", oidc::openIdConfiguration);
        case "/jwks" -> only(exchange, method, "GET", oidc::jwks);
        default -> error(exchange, 404, "NOT_FOUND", "No control-plane route " + method + " " + path);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "Cloud Tasks emulator admin request failed", e);
    }
  }

  private interface Body {
    Object get();
  }

  private void only(HttpExchange exchange, String method, String allowed, Body body) throws IOException {
    if (!allowed.equals(method)) {
      exchange.getResponseHeaders().set("Allow", allowed);
      error(exchange, 405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + allowed);
      return;
    }
    send(exchange, 200, body.get());
  }

  private void faults(HttpExchange exchange, String method) throws IOException {
    if ("GET".equals(method)) {
      send(exchange, 200, faultSettings(emulator.faults().settings()));
      return;
    }
    if (!"POST".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET, POST");
      error(exchange, 405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use GET or POST");
      return;
    }
    JsonNode body;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      body = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
    } catch (IOException e) {
      error(exchange, 400, "INVALID_ARGUMENT", "The body must be a JSON object.");
      return;
    }
    String problem = checkFaults(body);
    if (problem != null) {
      error(exchange, 400, "INVALID_ARGUMENT", problem);
      return;
    }
    applyFaults(body, emulator.faults());
    send(exchange, 200, faultSettings(emulator.faults().settings()));
  }

  /** Returns what is wrong with a fault request, or null; nothing is applied unless all of it is valid. */
  private static String checkFaults(JsonNode body) {
    if (body == null || !body.isObject()) {
      return "The body must be a JSON object.";
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FAULT_FIELDS.contains(name)) {
        return "Unknown field '" + name + "'; known fields: " + String.join(", ", FAULT_FIELDS.stream().sorted().toList());
      }
    }
    if (body.has("clear") && !body.get("clear").isBoolean()) {
      return "'clear' must be a boolean.";
    }
    if (body.has("deliver_twice")) {
      JsonNode v = body.get("deliver_twice");
      boolean ok =
          v.isBoolean()
              || (v.isTextual() && Set.of("none", "sequential", "concurrent").contains(v.asText().toLowerCase(Locale.ROOT)));
      if (!ok) {
        return "'deliver_twice' must be true, false, \"none\", \"sequential\" or \"concurrent\".";
      }
    }
    if (body.has("delay_delivery_seconds")) {
      JsonNode v = body.get("delay_delivery_seconds");
      if (!v.isNumber() || v.asDouble() < 0) {
        return "'delay_delivery_seconds' must be a number of seconds, zero or more.";
      }
    }
    if (body.has("drop_response_after_handler") && !body.get("drop_response_after_handler").isBoolean()) {
      return "'drop_response_after_handler' must be a boolean.";
    }
    if (body.has("url_contains") && !(body.get("url_contains").isTextual() || body.get("url_contains").isNull())) {
      return "'url_contains' must be a string or null.";
    }
    return null;
  }

  private static void applyFaults(JsonNode body, TaskFaults faults) {
    if (body.path("clear").asBoolean(false)) {
      faults.clear();
    }
    if (body.has("deliver_twice")) {
      JsonNode v = body.get("deliver_twice");
      String mode = v.isBoolean() ? (v.asBoolean() ? "sequential" : "none") : v.asText().toLowerCase(Locale.ROOT);
      switch (mode) {
        case "sequential" -> faults.deliverTwice(false);
        case "concurrent" -> faults.deliverTwice(true);
        default -> faults.deliverOnce();
      }
    }
    if (body.has("delay_delivery_seconds")) {
      faults.delayDelivery(Duration.ofNanos(Math.round(body.get("delay_delivery_seconds").asDouble() * 1e9)));
    }
    if (body.has("drop_response_after_handler")) {
      faults.dropResponseAfterHandler(body.get("drop_response_after_handler").asBoolean());
    }
    if (body.has("url_contains")) {
      JsonNode v = body.get("url_contains");
      faults.onlyForUrlsContaining(v.isNull() ? null : v.asText());
    }
  }

  private static Map<String, Object> faultSettings(TaskFaults.Settings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deliver_twice", s.duplicate().name().toLowerCase(Locale.ROOT));
    m.put("delay_delivery_seconds", s.delay().toNanos() / 1e9);
    m.put("drop_response_after_handler", s.dropResponse());
    m.put("url_contains", s.urlContains());
    return m;
  }

  private static Map<String, Object> task(TaskSnapshot t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.taskName());
    m.put("queue_id", t.queueId());
    m.put("url", t.url());
    m.put("http_method", t.httpMethod());
    m.put("schedule_time", text(t.scheduleTime()));
    m.put("dispatch_count", t.dispatchCount());
    m.put("response_count", t.responseCount());
    m.put("state", t.dispatching() ? "DISPATCHING" : "SCHEDULED");
    return m;
  }

  private static Map<String, Object> dispatch(DispatchRecord d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_name", d.taskName());
    m.put("queue_id", d.queueId());
    m.put("task_id", d.taskId());
    m.put("url", d.url());
    m.put("http_method", d.httpMethod());
    m.put("attempt", d.attempt());
    m.put("duplicate", d.duplicate());
    m.put("scheduled_for", text(d.scheduledFor()));
    m.put("dispatched_at", text(d.dispatchedAt()));
    m.put("finished_at", text(d.finishedAt()));
    m.put("response_status", d.responseStatus());
    m.put("outcome", d.outcome().name());
    return m;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    send(exchange, status, Map.of("error", Map.of("code", code, "message", message)));
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    Exchanges.send(exchange, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
  }
}
