package dev.veojobs.emulators.veo;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;

/** The official google-genai client pointed at the emulator, the way the project's adapter builds it. */
final class VeoClients {
  static final String PROJECT = "veo-jobs-local";
  static final String LOCATION = "us-central1";
  static final String FAST = "veo-3.1-fast-generate-001";
  private static final HttpClient RAW = HttpClient.newHttpClient();

  private VeoClients() {}

  /**
   * One attempt per call: the client otherwise retries 408/429/5xx up to 5 times with wall-clock
   * backoff, which would hide the emulator's answer from the test.
   */
  static Client client(VeoEmulator emu) {
    return client(emu, HttpRetryOptions.builder().attempts(1).build());
  }

  static Client client(VeoEmulator emu, HttpRetryOptions retries) {
    return Client.builder()
        .vertexAI(true)
        .project(PROJECT)
        .location(LOCATION)
        .credentials(GoogleCredentials.create(
            new AccessToken("local-token", Date.from(Instant.parse("2100-01-01T00:00:00Z")))))
        .httpOptions(HttpOptions.builder().baseUrl(emu.baseUrl()).retryOptions(retries).build())
        .build();
  }

  static GenerateVideosOperation fetch(Client client, String operationName) {
    return client.operations.getVideosOperation(GenerateVideosOperation.builder().name(operationName).build(), null);
  }

  /** A raw request, for what the client cannot send (unknown fields, no credentials, other methods). */
  static HttpResponse<String> post(VeoEmulator emu, String path, String json, boolean withToken) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (withToken) {
      request.header("Authorization", "Bearer local-token");
    }
    return send(request.build());
  }

  static HttpResponse<String> get(VeoEmulator emu, String path) {
    return send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + path)).GET().build());
  }

  static String modelPath(String model, String method) {
    return "/v1beta1/projects/" + PROJECT + "/locations/" + LOCATION + "/publishers/google/models/" + model + ":" + method;
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return RAW.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
