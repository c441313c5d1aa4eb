package dev.veojobs.emulators.auth;

import static dev.veojobs.emulators.http.Exchanges.sendGoogleError;
import static dev.veojobs.emulators.http.Exchanges.sendJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.veojobs.emulators.http.LoopbackHttpServer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's one HTTP port: the JWK set, the Identity Toolkit {@code accounts:lookup} subset and
 * the {@code /_emulator/} control plane. Everything else answers 501 naming the method and path.
 */
final class AuthHttpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOOKUP = Pattern.compile(
      AuthEmulator.IDENTITY_TOOLKIT_PREFIX + "/v1/(?:projects/([^/]+)/)?accounts:lookup");
  private static final int MAX_BODY_BYTES = 1024 * 1024;

  private final AuthEmulator emulator;
  private final LoopbackHttpServer server;

  AuthHttpServer(AuthEmulator emulator, int port) throws IOException {
    this.emulator = emulator;
    this.server = LoopbackHttpServer.start(port,
        Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("auth-emulator-http").factory()),
        this::handle);
  }

  int port() {
    return server.port();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath());
    } catch (BadRequest e) {
      sendGoogleError(exchange, 400, "INVALID_ARGUMENT", e.getMessage());
    } catch (RuntimeException e) {
      sendGoogleError(exchange, 500, "INTERNAL", "internal emulator error: " + e.getClass().getSimpleName());
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange, String method, String path) throws IOException {
    Matcher lookup = LOOKUP.matcher(path);
    if (lookup.matches()) {
      if (requireMethod(exchange, method, "POST")) {
        lookup(exchange, lookup.group(1));
      }
      return;
    }
    switch (path) {
      case AuthEmulator.JWKS_PATH -> {
        if (requireMethod(exchange, method, "GET")) {
          exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
          sendJson(exchange, 200, emulator.publicJwks());
        }
      }
      case "/_emulator/health" -> {
        if (requireMethod(exchange, method, "GET")) {
          sendJson(exchange, 200, Map.of("status", "ok"));
        }
      }
      case "/_emulator/reset" -> {
        if (requireMethod(exchange, method, "POST")) {
          emulator.reset();
          sendJson(exchange, 200, Map.of("status", "reset"));
        }
      }
      case "/_emulator/sign-in" -> {
        if (requireMethod(exchange, method, "POST")) {
          String uid = requiredUid(readJson(exchange));
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("localId", uid);
          body.put("idToken", emulator.signInAs(uid));
          body.put("expiresIn", Long.toString(AuthEmulator.TOKEN_LIFETIME.toSeconds()));
          sendJson(exchange, 200, body);
        }
      }
      case "/_emulator/revoke" -> {
        if (requireMethod(exchange, method, "POST")) {
          String uid = requiredUid(readJson(exchange));
          if (emulator.user(uid).isEmpty()) {
            sendGoogleError(exchange, 404, "NOT_FOUND", "USER_NOT_FOUND");
            return;
          }
          Instant validSince = emulator.revokeTokens(uid);
          sendJson(exchange, 200, Map.of("localId", uid, "validSince", Long.toString(validSince.getEpochSecond())));
        }
      }
      case "/_emulator/users" -> {
        if (requireMethod(exchange, method, "GET")) {
          sendJson(exchange, 200, Map.of("users", emulator.users().stream().map(AuthHttpServer::userJson).toList()));
        }
      }
      default -> sendGoogleError(exchange, 501, "UNIMPLEMENTED",
          method + " " + path + " is not implemented by the Veo Jobs Auth emulator");
    }
  }

  /** Identity Toolkit v1 accounts:lookup by localId, the call the Admin SDK's getUser makes. */
  private void lookup(HttpExchange exchange, String pathProject) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      sendGoogleError(exchange, 401, "UNAUTHENTICATED", "Request is missing required authentication credential. "
          + "Expected OAuth 2 access token, login cookie or other valid authentication credential.");
      return;
    }
    JsonNode body = readJson(exchange);
    String project = pathProject != null ? pathProject : body.path("targetProjectId").asText(emulator.projectId());
    if (!project.equals(emulator.projectId())) {
      identityToolkitError(exchange, 400, "INVALID_PROJECT_ID : this emulator serves project " + emulator.projectId());
      return;
    }
    List<String> localIds = localIds(body.path("localId"));
    if (localIds.isEmpty()) {
      if (body.has("idToken") || body.has("email") || body.has("phoneNumber") || body.has("federatedUserId")) {
        sendGoogleError(exchange, 501, "UNIMPLEMENTED",
            "accounts:lookup is emulated by localId only (idToken, email, phone and federated lookups are not)");
      } else {
        identityToolkitError(exchange, 400, "MISSING_LOCAL_ID");
      }
      return;
    }
    List<Map<String, Object>> found = new ArrayList<>();
    for (String localId : localIds) {
      emulator.user(localId).map(AuthHttpServer::userJson).ifPresent(found::add);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("kind", "identitytoolkit#GetAccountInfoResponse");
    if (!found.isEmpty()) {
      response.put("users", found);
    }
    sendJson(exchange, 200, response);
  }

  private static List<String> localIds(JsonNode node) {
    List<String> ids = new ArrayList<>();
    if (node.isTextual()) {
      ids.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(id -> {
        if (!id.isTextual()) {
          throw new BadRequest("Invalid value at 'local_id', expected a string");
        }
        ids.add(id.asText());
      });
    } else if (!node.isMissingNode() && !node.isNull()) {
      throw new BadRequest("Invalid value at 'local_id', expected a string or a list of strings");
    }
    return ids;
  }

  private static Map<String, Object> userJson(AuthUser user) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("localId", user.localId());
    json.put("validSince", Long.toString(user.validSinceSeconds()));
    json.put("createdAt", Long.toString(user.createdAt().toEpochMilli()));
    json.put("lastLoginAt", Long.toString(user.lastLoginAt().toEpochMilli()));
    json.put("lastRefreshAt", user.lastLoginAt().toString());
    if (user.disabled()) {
      json.put("disabled", true);
    }
    return json;
  }

  private static String requiredUid(JsonNode body) {
    String uid = body.path("uid").asText("");
    if (uid.isEmpty() || uid.length() > 128) {
      throw new BadRequest("uid must be a non-empty string of at most 128 characters");
    }
    return uid;
  }

  private static JsonNode readJson(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new BadRequest("request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new BadRequest("Invalid JSON payload received.");
    }
    if (node == null || !node.isObject()) {
      throw new BadRequest("Invalid JSON payload received. Expected an object.");
    }
    return node;
  }

  private static boolean requireMethod(HttpExchange exchange, String method, String allowed) throws IOException {
    if (method.equals(allowed)) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", allowed);
    sendGoogleError(exchange, 405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + allowed);
    return false;
  }

  /** Identity Toolkit's own error shape: the message is the error code, and errors[] repeats it. */
  private static void identityToolkitError(HttpExchange exchange, int status, String message) throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", message);
    error.put("errors", List.of(Map.of("message", message, "domain", "global", "reason", "invalid")));
    sendJson(exchange, status, Map.of("error", error));
  }

  @Override
  public void close() {
    server.close();
  }

  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
