package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import dev.veojobs.app.GeneratedVideo;
import dev.veojobs.app.OperationState;
import dev.veojobs.app.VideoGenerationRequest;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.veo.InMemoryVideoSink;
import dev.veojobs.emulators.veo.Outcome;
import dev.veojobs.emulators.veo.VeoEmulator;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.app.StartOutcomeUnknown;
import dev.veojobs.emulators.faults.FaultPlan;
import dev.veojobs.job.VideoParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Veo adapter through google-genai in Vertex mode against the in-process Veo emulator. */
class GenAiVideoModelIT {
  private static final String PROJECT = "veo-jobs-it";
  private static final String LOCATION = "us-central1";
  private static final String MODEL = "veo-3.1-fast-generate-001";
  private static final Duration LATENCY = Duration.ofSeconds(90);
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T10:00:00Z"));
  private static final InMemoryVideoSink SINK = new InMemoryVideoSink();
  private static VeoEmulator veo;
  private static Client client;
  private static GenAiVideoModel model;

  @BeforeAll
  static void start() {
    veo = VeoEmulator.builder().clock(CLOCK).videoSink(SINK).latency(LATENCY).videoSize(64, 36).fps(4).build().start();
    client = GcpClients.genai(PROJECT, LOCATION, veo.baseUrl());
    model = new GenAiVideoModel(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    veo.close();
  }

  @BeforeEach
  void clean() {
    veo.reset();
    SINK.clear();
  }

  private static VideoGenerationRequest request(String prompt, String outputUri) {
    return new VideoGenerationRequest(MODEL, prompt, "blurry", null,
        new VideoParameters(6, "16:9", "720p", 1, 7L, false, "allow_adult", true), outputUri);
  }

  private static OperationState finish(String operationName) {
    CLOCK.advance(LATENCY.plusSeconds(1));
    return model.poll(operationName);
  }

  @Test
  void startThenPollUntilTheVideoIsInTheOutputPrefix() throws Exception {
    String name = model.start(request("a cat surfing", "gs://videos-it/veo-output/j1/1/"));
    assertThat(name).startsWith("projects/" + PROJECT + "/locations/" + LOCATION + "/publishers/google/models/" + MODEL
        + "/operations/");
    assertThat(model.poll(name)).isInstanceOf(OperationState.Running.class);

    OperationState done = finish(name);
    assertThat(done).isInstanceOf(OperationState.Succeeded.class);
    GeneratedVideo video = ((OperationState.Succeeded) done).videos().get(0);
    assertThat(video.gcsUri()).startsWith("gs://videos-it/veo-output/j1/1/");
    assertThat(video.mimeType()).isEqualTo("video/mp4");
    byte[] mp4 = SINK.get(video.gcsUri()).orElseThrow().data();
    assertThat(new String(Arrays.copyOfRange(mp4, 4, 8))).isEqualTo("ftyp");

    JsonNode sent = new ObjectMapper().readTree(veo.starts().get(0).parametersJson());
    assertThat(sent.path("durationSeconds").asInt()).isEqualTo(6);
    assertThat(sent.path("sampleCount").asInt()).isEqualTo(1);
    assertThat(sent.path("storageUri").asText()).isEqualTo("gs://videos-it/veo-output/j1/1/");
    assertThat(sent.path("negativePrompt").asText()).isEqualTo("blurry");
    assertThat(sent.path("seed").asInt()).isEqualTo(7);
    assertThat(sent.path("personGeneration").asText()).isEqualTo("allow_adult");
  }

  @Test
  void withoutAnOutputPrefixTheVideoComesInline() {
    String name = model.start(request("a dog", null));
    OperationState done = finish(name);
    GeneratedVideo video = ((OperationState.Succeeded) done).videos().get(0);
    assertThat(video.gcsUri()).isNull();
    assertThat(new String(Arrays.copyOfRange(video.bytes(), 4, 8))).isEqualTo("ftyp");
  }

  @Test
  void anOperationIsFoundByNameFromANewClient() {
    String name = model.start(request("a fox", "gs://videos-it/out/"));
    CLOCK.advance(LATENCY.plusSeconds(1));
    try (Client other = GcpClients.genai(PROJECT, LOCATION, veo.baseUrl())) {
      assertThat(new GenAiVideoModel(other).poll(name)).isInstanceOf(OperationState.Succeeded.class);
    }
    assertThat(veo.startCount()).isEqualTo(1);
  }

  @Test
  void safetyFilteringIsItsOwnTerminalState() {
    veo.scriptNext(Outcome.SAFETY_FILTERED);
    OperationState done = finish(model.start(request("something", "gs://videos-it/out/")));
    assertThat(done).isInstanceOfSatisfying(OperationState.SafetyFiltered.class, s -> {
      assertThat(s.filteredCount()).isEqualTo(1);
      assertThat(s.reasons()).singleElement().asString().contains("Support codes: 58061214");
    });
  }

  @Test
  void doneWithoutVideoIsNoVideo() {
    veo.scriptNext(Outcome.DONE_WITHOUT_VIDEO);
    assertThat(finish(model.start(request("x", "gs://videos-it/out/")))).isInstanceOf(OperationState.NoVideo.class);
  }

  @Test
  void anOperationErrorIsAFailureWithItsCode() {
    veo.scriptNext(Outcome.operationError(13, "Internal error in projects/p/locations/l while generating."));
    OperationState done = finish(model.start(request("x", "gs://videos-it/out/")));
    assertThat(done).isInstanceOfSatisfying(OperationState.Failed.class, f -> {
      assertThat(f.code()).isEqualTo(13);
      assertThat(f.message()).startsWith("Internal error in").doesNotContain("projects/");
    });
  }

  @Test
  void anOperationVeoNoLongerKnowsIsNotFound() {
    veo.scriptNext(Outcome.NOT_FOUND);
    assertThat(finish(model.start(request("x", "gs://videos-it/out/")))).isInstanceOf(OperationState.NotFound.class);
    assertThat(model.poll(veo.starts().get(0).operationName().replaceAll("[^/]+$", "no-such-operation")))
        .isInstanceOf(OperationState.NotFound.class);
  }

  @Test
  void a429IsRetryableAndTheSdkDoesNotRetryTheCostlyStartByItself() {
    // Only the first start is refused: had the SDK retried on its own, the retry would have started a video.
    veo.scriptNext(Outcome.startError(429, "RESOURCE_EXHAUSTED", "Quota exceeded."));
    assertThatThrownBy(() -> model.start(request("x", "gs://videos-it/out/")))
        .isInstanceOf(RetryableFailure.class).hasMessageContaining("429");
    assertThat(veo.startCount()).isZero();
  }

  @Test
  void thePerMinuteQuotaIsRetryableUntilTheMinuteHasPassed() {
    veo.quotaPerMinute(1);
    model.start(request("first", "gs://videos-it/out/"));
    assertThatThrownBy(() -> model.start(request("second", "gs://videos-it/out/")))
        .isInstanceOf(RetryableFailure.class).hasMessageContaining("429");
    assertThat(veo.startCount()).isEqualTo(1);

    CLOCK.advance(Duration.ofMinutes(1));
    model.start(request("second", "gs://videos-it/out/"));
    assertThat(veo.startCount()).isEqualTo(2);
  }

  @Test
  void serverErrorsLeaveTheStartUnknownAndRejectionsArePermanent() {
    veo.scriptNext(Outcome.startError(503, "UNAVAILABLE", "The service is currently unavailable."));
    assertThatThrownBy(() -> model.start(request("x", "gs://videos-it/out/"))).isInstanceOf(StartOutcomeUnknown.class);

    veo.scriptNext(Outcome.startError(400, "INVALID_ARGUMENT", "storageUri gs://secret/x is not writable"));
    assertThatThrownBy(() -> model.start(request("x", "gs://videos-it/out/")))
        .isInstanceOfSatisfying(PermanentFailure.class, p -> {
          assertThat(p.error().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(p.error().message()).doesNotContain("gs://secret");
        });
    assertThat(veo.startCount()).isZero();
  }

  /**
   * Issue 9 item 1, measured: with OkHttp's default retryOnConnectionFailure, a connection dropped
   * after Veo accepted the start made the client send the start again, on its own, and Veo started
   * two paid generations. Now the client sends once and the outcome is reported as unknown.
   */
  @Test
  void aConnectionDroppedAfterVeoAcceptedIsAnUnknownOutcomeAndNeverResentByTheClient() {
    veo.faultPlans().add(FaultPlan.on("predictLongRunning").after().dropConnection().times(1));

    assertThatThrownBy(() -> model.start(request("dropped", "gs://videos-it/out/")))
        .isInstanceOf(StartOutcomeUnknown.class);

    assertThat(veo.startCount()).as("Veo operations started").isEqualTo(1);
    assertThat(GenAiNoSilentRetry.resendsOnConnectionFailure(client)).isFalse();
  }
}
