package dev.veojobs.emulators.veo;

import static dev.veojobs.emulators.veo.VeoClients.FAST;
import static dev.veojobs.emulators.veo.VeoClients.client;
import static dev.veojobs.emulators.veo.VeoClients.modelPath;
import static dev.veojobs.emulators.veo.VeoClients.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.ClientException;
import com.google.genai.types.GenerateVideosConfig;
import com.google.genai.types.GenerateVideosSource;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rejected starts, quota, authentication and methods outside the emulator, with Google's error shapes. */
class VeoRequestValidationIT {
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-03T09:00:00Z"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static VeoEmulator emu;
  private Client client;

  @BeforeAll
  static void startEmulator() {
    emu = VeoEmulator.builder().clock(CLOCK).build().start();
  }

  @AfterAll
  static void stopEmulator() {
    emu.close();
  }

  @BeforeEach
  void freshState() {
    emu.reset();
    client = client(emu);
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        Arguments.of("duration 5", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.durationSeconds(5),
            "Unsupported output video duration 5 seconds, supported durations are [8,4,6] for feature text_to_video."),
        Arguments.of("duration 10", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.durationSeconds(10),
            "Unsupported output video duration 10 seconds"),
        Arguments.of("aspect 1:1", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.aspectRatio("1:1"),
            "aspectRatio"),
        Arguments.of("resolution 4k", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.resolution("4k"),
            "resolution"),
        Arguments.of("five samples", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.numberOfVideos(5),
            "sampleCount must be between 1 and 4"),
        Arguments.of("zero samples", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.numberOfVideos(0),
            "sampleCount must be between 1 and 4"),
        Arguments.of("person generation", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.personGeneration("allow_all"),
            "personGeneration"),
        Arguments.of("storage uri", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.outputGcsUri("s3://bucket/out/"),
            "storageUri"),
        Arguments.of("fps", (UnaryOperator<GenerateVideosConfig.Builder>) b -> b.fps(30), "fps"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void invalidParametersAre400InvalidArgument(String name, UnaryOperator<GenerateVideosConfig.Builder> config,
      String message) {
    ClientException error = catchThrowableOfType(ClientException.class, () -> client.models.generateVideos(
        FAST, prompt("a cat"), config.apply(GenerateVideosConfig.builder()).build()));

    assertThat(error.code()).isEqualTo(400);
    assertThat(error.status()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.message()).contains(message);
    assertThat(emu.startCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"veo-2.0-generate-001", "veo-3.0-generate-001", "veo-3.1-ultra", "gemini-2.5-flash"})
  void unknownModelsAre404WithThePublisherModelName(String model) {
    ClientException error = catchThrowableOfType(ClientException.class,
        () -> client.models.generateVideos(model, prompt("a cat"), null));

    assertThat(error.code()).isEqualTo(404);
    assertThat(error.status()).isEqualTo("NOT_FOUND");
    assertThat(error.message()).isEqualTo("Publisher Model `projects/veo-jobs-local/locations/us-central1/"
        + "publishers/google/models/" + model + "` not found.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"veo-3.1-generate-001", "veo-3.1-fast-generate-001", "veo-3.1-generate-preview",
      "veo-3.1-fast-generate-preview"})
  void theVeo31ModelsAreServed(String model) {
    assertThat(client.models.generateVideos(model, prompt("a cat"), null).name().orElseThrow())
        .contains("/models/" + model + "/operations/");
  }

  @Test
  void aPromptIsRequiredWithoutAnImage() {
    HttpResponse<String> response = post(emu, modelPath(FAST, "predictLongRunning"),
        "{\"instances\":[{}],\"parameters\":{\"sampleCount\":1}}", true);

    assertGoogleError(response, 400, "INVALID_ARGUMENT", "prompt");
  }

  @Test
  void unknownParametersAre400LikeProduction() {
    HttpResponse<String> response = post(emu, modelPath(FAST, "predictLongRunning"),
        "{\"instances\":[{\"prompt\":\"a cat\"}],\"parameters\":{\"durationSeconds\":8,\"numberOfVideos\":1}}", true);

    assertGoogleError(response, 400, "INVALID_ARGUMENT",
        "Invalid JSON payload received. Unknown name \"numberOfVideos\" at 'parameters': Cannot find field.");
  }

  @Test
  void wronglyTypedParametersAre400() {
    HttpResponse<String> response = post(emu, modelPath(FAST, "predictLongRunning"),
        "{\"instances\":[{\"prompt\":\"a cat\"}],\"parameters\":{\"durationSeconds\":\"eight\"}}", true);

    assertGoogleError(response, 400, "INVALID_ARGUMENT", "parameters.durationSeconds");
  }

  @Test
  void malformedJsonIs400() {
    HttpResponse<String> response = post(emu, modelPath(FAST, "predictLongRunning"), "{\"instances\":[", true);

    assertGoogleError(response, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
  }

  @Test
  void requestsWithoutABearerTokenAre401() {
    HttpResponse<String> response = post(emu, modelPath(FAST, "predictLongRunning"),
        "{\"instances\":[{\"prompt\":\"a cat\"}]}", false);

    assertGoogleError(response, 401, "UNAUTHENTICATED", "Request is missing required authentication credential.");
    assertThat(emu.startCount()).isZero();
  }

  @Test
  void fetchNeedsAWellFormedOperationName() {
    HttpResponse<String> response = post(emu, modelPath(FAST, "fetchPredictOperation"),
        "{\"operationName\":\"operations/123\"}", true);

    assertGoogleError(response, 400, "INVALID_ARGUMENT", "Invalid operation name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"predict", "generateContent", "streamGenerateContent", "countTokens"})
  void otherModelMethodsAre501NamingTheMethod(String method) {
    HttpResponse<String> response = post(emu, modelPath(FAST, method), "{}", true);

    assertGoogleError(response, 501, "UNIMPLEMENTED", ":" + method);
  }

  @Test
  void otherPathsAre501NamingThePath() {
    HttpResponse<String> response = VeoClients.get(emu, "/v1beta1/projects/p/locations/l/operations/123");

    assertGoogleError(response, 501, "UNIMPLEMENTED", "GET /v1beta1/projects/p/locations/l/operations/123");
  }

  @Test
  void theClientsGenerateContentSeesUnimplemented() {
    ApiException error = catchThrowableOfType(ApiException.class,
        () -> client.models.generateContent("veo-3.1-fast-generate-001", "hello", null));

    assertThat(error.code()).isEqualTo(501);
    assertThat(error.status()).isEqualTo("UNIMPLEMENTED");
  }

  @Test
  void theQuotaAnswers429UntilAMinuteHasPassed() {
    emu.quotaPerMinute(2);
    client.models.generateVideos(FAST, prompt("one"), null);
    CLOCK.advance(Duration.ofSeconds(30));
    client.models.generateVideos(FAST, prompt("two"), null);

    ClientException error = catchThrowableOfType(ClientException.class,
        () -> client.models.generateVideos(FAST, prompt("three"), null));
    assertThat(error.code()).isEqualTo(429);
    assertThat(error.status()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(error.message()).startsWith("Quota exceeded for aiplatform.googleapis.com/"
        + "online_prediction_requests_per_base_model with base model: veo-3.1-fast-generate.");

    CLOCK.advance(Duration.ofSeconds(30));
    assertThat(client.models.generateVideos(FAST, prompt("three again"), null).name()).isPresent();
    assertThat(emu.startCount()).isEqualTo(3);
  }

  @Test
  void theQuotaIsCountedPerBaseModel() {
    emu.quotaPerMinute(1);
    client.models.generateVideos(FAST, prompt("fast"), null);

    assertThat(client.models.generateVideos("veo-3.1-generate-001", prompt("standard"), null).name()).isPresent();
    assertThat(catchThrowableOfType(ClientException.class,
        () -> client.models.generateVideos(FAST, prompt("fast again"), null)).code()).isEqualTo(429);
  }

  private static GenerateVideosSource prompt(String text) {
    return GenerateVideosSource.builder().prompt(text).build();
  }

  private static void assertGoogleError(HttpResponse<String> response, int code, String status, String message) {
    assertThat(response.statusCode()).isEqualTo(code);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    try {
      JsonNode error = JSON.readTree(response.body()).path("error");
      assertThat(error.path("code").asInt()).isEqualTo(code);
      assertThat(error.path("status").asText()).isEqualTo(status);
      assertThat(error.path("message").asText()).contains(message);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
