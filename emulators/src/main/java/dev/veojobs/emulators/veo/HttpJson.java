package dev.veojobs.emulators.veo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.http.Exchanges;
import java.io.IOException;

/** Reading JSON requests and writing JSON answers, including Google's error body. */
final class HttpJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private HttpJson() {}

  /** The request body as JSON; an empty body reads as an empty object. */
  static JsonNode readBody(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw GoogleApiError.invalidArgument("Invalid JSON payload received. " + e.getOriginalMessage());
    }
  }

  /**
   * Unlike {@link Exchanges#send}, closes the whole exchange rather than the response stream first,
   * so an unread request body is drained before the response completes.
   */
  static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  static void sendError(HttpExchange exchange, GoogleApiError error) throws IOException {
    send(exchange, error.httpStatus(), Exchanges.googleError(error.httpStatus(), error.status(), error.getMessage()));
  }
}
