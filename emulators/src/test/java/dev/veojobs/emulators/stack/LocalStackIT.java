package dev.veojobs.emulators.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.tasks.v2.CloudTasksClient;
import com.google.cloud.tasks.v2.CloudTasksSettings;
import com.google.cloud.tasks.v2.Queue;
import com.google.protobuf.util.Durations;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.firestore.FirestoreEmulator;
import dev.veojobs.emulators.stack.config.ExternalEmulators;
import dev.veojobs.emulators.storage.StorageEmulator;
import dev.veojobs.emulators.storage.StoredObject;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack without the functions (they live in the module that depends on this one; the pipeline
 * IT there runs them): emulators wired together, the queue from queue.json, the web page and its
 * generated config, the functions' environment, port errors and external emulators.
 */
class LocalStackIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String FAST = "veo-3.1-fast-generate-001";

  private static EmulatorClock clock;
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    clock = EmulatorClock.system();
    stack = LocalStack.start(options().clock(clock).build());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private static LocalStackOptions.Builder options() {
    return LocalStackOptions.builder()
        .configDirectory(RepoPaths.configDirectory())
        .webDirectory(RepoPaths.webDirectory())
        .freePorts()
        .externalEmulators(ExternalEmulators.none())
        .withoutFunctions();
  }

  @Test
  void servesTheWebPageAndAConfigForThisStack() throws Exception {
    HttpResponse<String> page = get(stack.webUrl() + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).isEqualTo(Files.readString(RepoPaths.webDirectory().resolve("index.html")));

    HttpResponse<String> config = get(stack.webUrl() + "/config.js");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(config.body())
        .contains("apiBase: \"" + stack.apiUrl() + "\"")
        .contains("pollMs: 2000")
        .contains("iss: \"https://securetoken.google.com/demo-veo-jobs\"")
        .doesNotContain("veo-jobs-local");

    assertThat(config.body()).contains("promptMarkers: [\"[safety]\", \"[error]\", \"[no-video]\", \"[quota]\"]");
    assertThat(get(stack.webUrl() + "/app.js").body())
        .isEqualTo(Files.readString(RepoPaths.webDirectory().resolve("app.js")));
    HttpResponse<String> icon = get(stack.webUrl() + "/favicon.svg");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    assertThat(page.body()).contains("<link rel=\"icon\" href=\"favicon.svg\"");
    assertThat(get(stack.webUrl() + "/%2e%2e/pom.xml").statusCode()).isEqualTo(404);
    assertThat(get(stack.webUrl() + "/missing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void everyAnswerOfTheWebServerCarriesAStrictPolicyAndNamesNoServer() throws Exception {
    for (String path : new String[] {"/", "/config.js", "/app.js", "/style.css", "/missing.js"}) {
      HttpResponse<String> response = get(stack.webUrl() + path);
      assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValue(
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
              + "connect-src " + stack.apiUrl() + " " + stack.storageBaseUrl() + "; media-src " + stack.storageBaseUrl()
              + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(response.headers().firstValue("Server")).as(path).isEmpty();
    }
    String html = get(stack.webUrl() + "/").body();
    assertThat(html).as("no inline script or style for the policy to forbid")
        .doesNotContainPattern("<script>|<script [^>]*>[^<]|<style|style=\"| on[a-z]+=\"");
  }

  @Test
  void theGeneratedConfigFollowsTheStackClock() throws Exception {
    EmulatorClock skipping = EmulatorClock.system();
    try (LocalStack own = LocalStack.start(options().clock(skipping).build())) {
      skipping.advance(Duration.ofMinutes(10));
      String config = get(own.webUrl() + "/config.js").body();
      long offset = Long.parseLong(config.replaceAll("(?s).*clockOffsetMs: (-?\\d+).*", "$1"));
      assertThat(offset).isBetween(599_000L, 601_000L);
    }
  }

  @Test
  void createsTheQueueWithQueueJsonSettings() throws Exception {
    CloudTasksSettings settings = CloudTasksSettings.newBuilder()
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
            .setEndpoint(stack.tasks().endpoint())
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
            .build())
        .build();
    try (CloudTasksClient client = CloudTasksClient.create(settings)) {
      Queue queue = client.getQueue(stack.queueName());

      assertThat(stack.queueName()).isEqualTo("projects/demo-veo-jobs/locations/us-central1/queues/veo-jobs");
      assertThat(queue.getRateLimits().getMaxDispatchesPerSecond()).isEqualTo(20);
      assertThat(queue.getRateLimits().getMaxConcurrentDispatches()).isEqualTo(100);
      assertThat(queue.getRetryConfig().getMaxAttempts()).isEqualTo(30);
      assertThat(Durations.toSeconds(queue.getRetryConfig().getMinBackoff())).isEqualTo(5);
      assertThat(Durations.toSeconds(queue.getRetryConfig().getMaxBackoff())).isEqualTo(120);
      assertThat(queue.getRetryConfig().getMaxDoublings()).isEqualTo(4);
      assertThat(Durations.toSeconds(queue.getRetryConfig().getMaxRetryDuration())).isEqualTo(1800);

      // Starts have their own queue, at the Veo quota (start-queue.json).
      Queue starts = client.getQueue(stack.startQueueName());
      assertThat(stack.startQueueName()).isEqualTo("projects/demo-veo-jobs/locations/us-central1/queues/veo-jobs-start");
      assertThat(starts.getRateLimits().getMaxDispatchesPerSecond()).isEqualTo(0.8);
      assertThat(starts.getRetryConfig().getMaxAttempts()).isEqualTo(30);
    }
  }

  @Test
  void veoWritesFinishedVideosIntoTheBucket() throws Exception {
    String operation = startGeneration(stack.veo().baseUrl(), "a paper boat", "gs://" + stack.bucket() + "/veo-output/j1/1/");
    clock.advance(stack.veo().latency().plusSeconds(2));

    JsonNode done = fetch(stack.veo().baseUrl(), operation);
    assertThat(done.path("done").asBoolean()).isTrue();
    String uri = done.at("/response/videos/0/gcsUri").asText();
    assertThat(uri).startsWith("gs://" + stack.bucket() + "/veo-output/j1/1/").endsWith("/sample_0.mp4");
    StoredObject video = stack.storage().object(stack.bucket(), uri.substring(("gs://" + stack.bucket() + "/").length()))
        .orElseThrow();
    assertThat(video.contentType()).isEqualTo("video/mp4");
    assertThat(Arrays.copyOfRange(video.data(), 4, 8)).asString(StandardCharsets.US_ASCII).isEqualTo("ftyp");
  }

  @Test
  void promptMarkersFromTheConfigScriptVeo() throws Exception {
    String base = stack.veo().baseUrl();
    String safety = startGeneration(base, "a boat [safety]", "gs://" + stack.bucket() + "/veo-output/j2/1/");
    String error = startGeneration(base, "a boat [error]", "gs://" + stack.bucket() + "/veo-output/j3/1/");
    assertThat(startStatus(base, "a boat [quota]")).isEqualTo(429);
    assertThat(startStatus(base, "a boat [quota]")).isEqualTo(429);
    assertThat(startStatus(base, "a boat [quota]")).isEqualTo(200);
    clock.advance(stack.veo().latency().plusSeconds(2));

    assertThat(fetch(base, safety).at("/response/raiMediaFilteredCount").asInt()).isEqualTo(1);
    assertThat(fetch(base, safety).at("/response/raiMediaFilteredReasons/0").asText())
        .isEqualTo("The prompt could not be submitted: it may violate the usage guidelines.");
    assertThat(fetch(base, error).path("error").toString()).isEqualTo("{\"code\":13,\"message\":\"Internal error encountered.\"}");
  }

  @Test
  void theFunctionsEnvironmentPointsAtThisStack() {
    var env = stack.functionEnvironment();

    assertThat(env).containsEntry("GOOGLE_CLOUD_PROJECT", "demo-veo-jobs")
        .containsEntry("VIDEO_BUCKET", "demo-veo-jobs-videos")
        .containsEntry("TASKS_QUEUE", "veo-jobs")
        .containsEntry("TASKS_START_QUEUE", "veo-jobs-start")
        .containsEntry("TASKS_LOCATION", "us-central1")
        .containsEntry("WORKER_URL", stack.workerUrl())
        .containsEntry("FINALIZER_URL", stack.finalizerUrl())
        .containsEntry("FIRESTORE_EMULATOR_HOST", stack.firestore().hostAndPort())
        .containsEntry("CLOUD_TASKS_EMULATOR_HOST", stack.tasks().endpoint())
        .containsEntry("STORAGE_EMULATOR_HOST", stack.storage().baseUrl())
        .containsEntry("VEO_BASE_URL", stack.veo().baseUrl())
        .containsEntry("TASKS_OIDC_ISSUER", stack.tasks().oidcIssuer())
        .containsEntry("TASKS_OIDC_JWKS_URL", stack.tasks().jwksUrl())
        .containsEntry("AUTH_MODE", "emulator")
        .containsEntry("POLL_FIRST_DELAY", "PT2S")
        .containsEntry("CORS_ALLOWED_ORIGINS", stack.webUrl() + ",http://127.0.0.1:" + stack.webUrl().replaceAll(".*:", ""));
    assertThat(Path.of(env.get("URL_SIGNER_LOCAL_KEY_FILE"))).isRegularFile();
  }

  @Test
  void signedUrlKeyIsAServiceAccountKeyFileTheStorageEmulatorTrusts() throws Exception {
    JsonNode key = JSON.readTree(Path.of(stack.functionEnvironment().get("URL_SIGNER_LOCAL_KEY_FILE")).toFile());

    assertThat(key.path("type").asText()).isEqualTo("service_account");
    assertThat(key.path("client_email").asText()).isEqualTo(stack.functionEnvironment().get("URL_SIGNER_SA"));
    assertThat(key.path("private_key").asText()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(key.path("project_id").asText()).isEqualTo("demo-veo-jobs");
  }

  @Test
  void optionsOverrideTheConfigFileForFunctionSettings() {
    try (LocalStack own = LocalStack.start(options().functionSetting("POLL_FIRST_DELAY", "PT15S").build())) {
      assertThat(own.functionEnvironment()).containsEntry("POLL_FIRST_DELAY", "PT15S");
    }
  }

  @Test
  void aTakenPortIsNamedWithItsSettingAndNothingIsLeftRunning(@TempDir Path dir) throws Exception {
    int firestorePort;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      firestorePort = probe.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      Files.copy(RepoPaths.configDirectory().resolve("queue.json"), dir.resolve("queue.json"));
      Files.copy(RepoPaths.configDirectory().resolve("start-queue.json"), dir.resolve("start-queue.json"));
      Files.copy(RepoPaths.configDirectory().resolve("firestore.indexes.json"), dir.resolve("firestore.indexes.json"));
      String stackJson = Files.readString(RepoPaths.configDirectory().resolve("local-stack.json"))
          .replaceAll("(\"[a-z_]+\": )\\d{4}", "$10")
          .replace("\"firestore\": 0", "\"firestore\": " + firestorePort)
          .replace("\"web\": 0", "\"web\": " + port);
      Files.writeString(dir.resolve("local-stack.json"), stackJson);

      LocalStackOptions options = LocalStackOptions.builder()
          .configDirectory(dir)
          .webDirectory(RepoPaths.webDirectory())
          .externalEmulators(ExternalEmulators.none())
          .withoutFunctions()
          .build();
      assertThatThrownBy(() -> LocalStack.start(options))
          .isInstanceOf(PortInUseException.class)
          .hasMessageStartingWith("port " + port + " (ports.web in " + dir.resolve("local-stack.json")
              + ") is already in use");
    }
    try (ServerSocket again = new ServerSocket(firestorePort, 50, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(firestorePort);
    }
  }

  @Test
  void externalEmulatorsReplaceOursAndVeoUploadsThroughTheJsonApi() throws Exception {
    EmulatorClock shared = EmulatorClock.system();
    try (FirestoreEmulator firestore = FirestoreEmulator.builder().clock(shared).port(0).adminPort(0).build().start();
        StorageEmulator storage = StorageEmulator.builder().clock(shared).port(0).build().start();
        LocalStack own = LocalStack.start(options().clock(shared)
            .externalEmulators(new ExternalEmulators(firestore.hostAndPort(), "localhost:" + storage.port()))
            .build())) {
      assertThat(own.firestoreHost()).isEqualTo(firestore.hostAndPort());
      assertThat(own.storageBaseUrl()).isEqualTo(storage.baseUrl());
      assertThat(own.functionEnvironment()).containsEntry("FIRESTORE_EMULATOR_HOST", firestore.hostAndPort())
          .containsEntry("STORAGE_EMULATOR_HOST", storage.baseUrl());
      assertThatThrownBy(own::firestore).hasMessageContaining("external Firestore emulator at " + firestore.hostAndPort());
      assertThatThrownBy(own::storage).hasMessageContaining("external Storage emulator");

      String operation = startGeneration(own.veo().baseUrl(), "a kite", "gs://" + own.bucket() + "/veo-output/k/1/");
      shared.advance(own.veo().latency().plusSeconds(2));
      String uri = fetch(own.veo().baseUrl(), operation).at("/response/videos/0/gcsUri").asText();

      StoredObject video = storage.object(own.bucket(), uri.substring(("gs://" + own.bucket() + "/").length())).orElseThrow();
      assertThat(video.contentType()).isEqualTo("video/mp4");
      assertThat(video.size()).isGreaterThan(1000);
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> veoPost(String base, String method, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1beta1/projects/demo-veo-jobs/locations/us-central1/"
            + "publishers/google/models/" + FAST + ":" + method))
        .header("Authorization", "Bearer local")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String startGeneration(String base, String prompt, String storageUri) throws Exception {
    HttpResponse<String> response = veoPost(base, "predictLongRunning", "{\"instances\":[{\"prompt\":\"" + prompt
        + "\"}],\"parameters\":{\"sampleCount\":1,\"durationSeconds\":4,\"storageUri\":\"" + storageUri + "\"}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("name").asText();
  }

  private static int startStatus(String base, String prompt) throws Exception {
    return veoPost(base, "predictLongRunning", "{\"instances\":[{\"prompt\":\"" + prompt
        + "\"}],\"parameters\":{\"sampleCount\":1,\"durationSeconds\":4}}").statusCode();
  }

  private static JsonNode fetch(String base, String operation) throws Exception {
    HttpResponse<String> response = veoPost(base, "fetchPredictOperation", "{\"operationName\":\"" + operation + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
