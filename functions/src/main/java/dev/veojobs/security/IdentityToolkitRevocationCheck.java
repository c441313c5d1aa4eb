package dev.veojobs.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Revocation as the Firebase Admin SDK checks it: looks the user up with Identity Toolkit
 * {@code accounts:lookup} and refuses a token whose {@code auth_time} is before the account's
 * {@code validSince} (set when sessions are revoked), or whose user is disabled or deleted.
 *
 * <p>Production calls https://identitytoolkit.googleapis.com with an OAuth access token of the runtime
 * service account (it needs Firebase Authentication Viewer); locally the base URL points at an Auth
 * emulator ({@code http://host:port/identitytoolkit.googleapis.com}) which accepts the token "owner".
 */
public final class IdentityToolkitRevocationCheck implements RevocationCheck {
  public static final URI PRODUCTION_BASE_URL = URI.create("https://identitytoolkit.googleapis.com");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI lookupUrl;
  private final Supplier<String> accessToken;
  private final HttpClient http;
  private final Duration timeout;

  public IdentityToolkitRevocationCheck(
      URI baseUrl, String projectId, Supplier<String> accessToken, HttpClient http, Duration timeout) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    this.lookupUrl = URI.create(base + "/v1/projects/" + projectId + "/accounts:lookup");
    this.accessToken = accessToken;
    this.http = http;
    this.timeout = timeout;
  }

  public IdentityToolkitRevocationCheck(URI baseUrl, String projectId, Supplier<String> accessToken) {
    this(baseUrl, projectId, accessToken,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build(),
        Duration.ofSeconds(5));
  }

  @Override
  public boolean isRevoked(String uid, Instant authTime) {
    JsonNode users = lookup(uid).path("users");
    if (!users.isArray() || users.isEmpty()) {
      return true;
    }
    JsonNode user = users.get(0);
    if (user.path("disabled").asBoolean(false)) {
      return true;
    }
    JsonNode validSince = user.path("validSince");
    if (validSince.isMissingNode() || validSince.isNull()) {
      return false;
    }
    long validSinceSeconds;
    try {
      validSinceSeconds = Long.parseLong(validSince.asText());
    } catch (NumberFormatException e) {
      throw new AuthServiceUnavailableException("accounts:lookup answered validSince " + validSince);
    }
    // The Admin SDK compares whole seconds: auth_time earlier than validSince is revoked.
    return authTime.getEpochSecond() < validSinceSeconds;
  }

  private JsonNode lookup(String uid) {
    HttpResponse<byte[]> response;
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("localId", new String[] {uid}));
      HttpRequest request = HttpRequest.newBuilder(lookupUrl)
          .timeout(timeout)
          .header("Authorization", "Bearer " + accessToken.get())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AuthServiceUnavailableException("accounts:lookup failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthServiceUnavailableException("accounts:lookup interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new AuthServiceUnavailableException("accounts:lookup answered HTTP " + response.statusCode());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AuthServiceUnavailableException("accounts:lookup answered malformed JSON", e);
    }
  }
}
