package dev.veojobs.emulators.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writing whole responses on the JDK server: bytes, JSON, and Google's JSON error body. */
public final class Exchanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Exchanges() {}

  /** Sends {@code body} with a Content-Length and closes the response stream. */
  public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** {@code body} as JSON, with the Content-Type Google's REST APIs answer with. */
  public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
  }

  /** Google's usual JSON error, sent with {@link #sendJson}. */
  public static void sendGoogleError(HttpExchange exchange, int status, String statusName, String message)
      throws IOException {
    sendJson(exchange, status, googleError(status, statusName, message));
  }

  /** Google's usual JSON error body: {@code {"error":{"code","message","status"}}}. */
  public static Map<String, Object> googleError(int status, String statusName, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", message);
    error.put("status", statusName);
    return Map.of("error", error);
  }
}
