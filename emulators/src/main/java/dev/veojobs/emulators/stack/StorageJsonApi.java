package dev.veojobs.emulators.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The two Cloud Storage JSON API calls the stack makes against an external Storage emulator (the
 * official Firebase one): create the bucket, and the Veo emulator's simple media uploads.
 */
final class StorageJsonApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  StorageJsonApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Creates {@code bucket}; an existing one (409) is fine. */
  void createBucket(String projectId, String bucket) {
    String body = "{\"name\":\"" + bucket + "\"}";
    HttpResponse<String> response = send(HttpRequest.newBuilder(
            URI.create(baseUrl + "/storage/v1/b?project=" + encode(projectId)))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), "create bucket " + bucket);
    if (response.statusCode() != 200 && response.statusCode() != 409) {
      throw new IllegalStateException("the Storage emulator at " + baseUrl + " refused to create bucket " + bucket
          + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  /** {@code uploadType=media}: one request, the bytes as the body. */
  void putObject(String bucket, String name, byte[] data, String contentType) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/upload/storage/v1/b/"
                + encode(bucket) + "/o?uploadType=media&name=" + encode(name)))
        .timeout(TIMEOUT)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(data))
        .build(), "upload gs://" + bucket + "/" + name);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("upload of gs://" + bucket + "/" + name + " to " + baseUrl
          + " failed: HTTP " + response.statusCode() + " " + response.body());
    }
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot " + what + " at " + baseUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
