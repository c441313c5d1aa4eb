package dev.veojobs.emulators.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reading requests and writing responses on the JDK server, in one place. */
final class Exchanges {
  private Exchanges() {}

  static Query query(HttpExchange exchange) {
    return Query.parse(exchange.getRequestURI().getRawQuery());
  }

  /**
   * The request body, inflated when the client compressed it: the Java client sends JSON API
   * bodies with {@code Content-Encoding: gzip}, which production accepts.
   */
  static byte[] body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream raw = exchange.getRequestBody()) {
      if (encoding == null || !encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
        return raw.readAllBytes();
      }
      byte[] compressed = raw.readAllBytes();
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
        return in.readAllBytes();
      } catch (ZipException | EOFException e) {
        throw StorageError.invalid("The request body is not valid gzip data.");
      }
    }
  }

  /** A JSON request body; an empty body is an empty object, malformed JSON is production's 400. */
  static JsonNode jsonBody(byte[] body) {
    if (body.length == 0) {
      return Resources.JSON.createObjectNode();
    }
    try {
      JsonNode node = Resources.JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        return Resources.JSON.createObjectNode();
      }
      if (!node.isObject()) {
        throw StorageError.parseError();
      }
      return node;
    } catch (JsonProcessingException e) {
      throw StorageError.parseError();
    } catch (IOException e) {
      throw StorageError.parseError();
    }
  }

  /** The scheme and authority the caller used, so links in responses lead back here. */
  static String baseUrl(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null || host.isBlank()) {
      host = "localhost:" + exchange.getLocalAddress().getPort();
    }
    return "http://" + host;
  }

  static void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
    byte[] body = Resources.JSON.writeValueAsBytes(value);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    send(exchange, status, body);
  }

  static void sendXml(HttpExchange exchange, XmlError error) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/xml; charset=UTF-8");
    send(exchange, error.status(), error.toXml().getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body.length == 0 || "HEAD".equals(exchange.getRequestMethod())) {
      sendEmpty(exchange, status);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** No body; a HEAD keeps any Content-Length the handler already set, as HTTP asks. */
  static void sendEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
