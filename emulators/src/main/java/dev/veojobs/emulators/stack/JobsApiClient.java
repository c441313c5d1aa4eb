package dev.veojobs.emulators.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small client of the jobs-api over plain HTTP, as a browser or another service would call it:
 * a bearer token on every request, JSON in and out. Used by the demo and by tests.
 */
public final class JobsApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final Supplier<String> idToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** @param idToken called per request, so tokens stay fresh on a long-running client */
  public JobsApiClient(String baseUrl, Supplier<String> idToken) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.idToken = idToken;
  }

  /** An answer: status, JSON body (a MissingNode when empty) and the raw text. */
  public record Response(int status, JsonNode body, String text, Map<String, java.util.List<String>> headers) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst()
          .orElse(null);
    }
  }

  public Response createJob(String jsonBody) {
    return post("/v1/jobs", jsonBody, Map.of());
  }

  public Response createJob(String jsonBody, String idempotencyKey) {
    return post("/v1/jobs", jsonBody, Map.of("Idempotency-Key", idempotencyKey));
  }

  public Response getJob(String id) {
    return get("/v1/jobs/" + id);
  }

  public Response cancelJob(String id) {
    return post("/v1/jobs/" + id + ":cancel", null, Map.of());
  }

  public Response latestJobOfNode(String nodeId) {
    return get("/v1/nodes/" + nodeId + "/jobs/latest");
  }

  public Response get(String pathAndQuery) {
    return send(request(pathAndQuery).GET(), Map.of());
  }

  public Response delete(String path) {
    return send(request(path).DELETE(), Map.of());
  }

  /** {@code body} null sends no body. */
  public Response post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = request(path).POST(body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request, headers);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(TIMEOUT)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + idToken.get());
  }

  private Response send(HttpRequest.Builder request, Map<String, String> headers) {
    headers.forEach(request::header);
    HttpRequest built = request.build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode body = MissingNode.getInstance();
      if (text != null && !text.isBlank()) {
        try {
          body = JSON.readTree(text);
        } catch (IOException e) {
          body = MissingNode.getInstance();
        }
      }
      return new Response(response.statusCode(), body, text, response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(built.method() + " " + built.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + built.method() + " " + built.uri(), e);
    }
  }
}
