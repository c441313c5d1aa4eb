package dev.veojobs.emulators.veo;

import static dev.veojobs.emulators.veo.VeoClients.FAST;
import static dev.veojobs.emulators.veo.VeoClients.client;
import static dev.veojobs.emulators.veo.VeoClients.fetch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateVideosConfig;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.GenerateVideosResponse;
import com.google.genai.types.GenerateVideosSource;
import com.google.genai.types.HttpRetryOptions;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each scripted outcome, as the official client reports it. */
class VeoScriptedOutcomesIT {
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-02T08:00:00Z"));
  private static final RecordingVideoSink SINK = new RecordingVideoSink("veo-out");
  private static final GenerateVideosConfig TO_BUCKET =
      GenerateVideosConfig.builder().outputGcsUri("gs://veo-out/scripted/").build();
  private static VeoEmulator emu;
  private Client client;

  @BeforeAll
  static void startEmulator() {
    emu = VeoEmulator.builder().clock(CLOCK).videoSink(SINK).latency(Duration.ofSeconds(30)).build().start();
  }

  @AfterAll
  static void stopEmulator() {
    emu.close();
  }

  @BeforeEach
  void freshState() {
    emu.reset();
    SINK.clear();
    client = client(emu);
  }

  @Test
  void safetyFilteredIsDoneWithAFilteredCountReasonsAndNoVideo() {
    emu.scriptNext(Outcome.SAFETY_FILTERED);

    GenerateVideosOperation done = startAndFinish("something the filter dislikes");

    assertThat(done.done()).contains(true);
    assertThat(done.error()).isEmpty();
    GenerateVideosResponse response = done.response().orElseThrow();
    assertThat(response.raiMediaFilteredCount()).contains(1);
    assertThat(response.raiMediaFilteredReasons().orElseThrow()).singleElement()
        .asString().contains("Support codes:");
    assertThat(response.generatedVideos()).isEmpty();
    assertThat(SINK.writes()).isEmpty();
  }

  @Test
  void safetyFilteredCarriesCustomReasons() {
    emu.scriptNext(Outcome.safetyFiltered("The input image resembles a public figure."));

    GenerateVideosResponse response = startAndFinish("portrait").response().orElseThrow();

    assertThat(response.raiMediaFilteredReasons()).contains(java.util.List.of("The input image resembles a public figure."));
  }

  @Test
  void operationErrorIsDoneWithTheErrorCodeAndMessage() {
    emu.scriptNext(Outcome.operationError(13, "Video generation failed due to an internal error."));

    GenerateVideosOperation done = startAndFinish("unlucky");

    assertThat(done.done()).contains(true);
    assertThat(done.response()).isEmpty();
    assertThat(done.error().orElseThrow())
        .containsEntry("code", 13)
        .containsEntry("message", "Video generation failed due to an internal error.");
  }

  @Test
  void doneWithoutVideoHasAResponseButNothingInIt() {
    emu.scriptNext(Outcome.DONE_WITHOUT_VIDEO);

    GenerateVideosOperation done = startAndFinish("empty handed");

    assertThat(done.done()).contains(true);
    assertThat(done.error()).isEmpty();
    GenerateVideosResponse response = done.response().orElseThrow();
    assertThat(response.generatedVideos()).isEmpty();
    assertThat(response.raiMediaFilteredCount()).isEmpty();
    assertThat(SINK.writes()).isEmpty();
  }

  @Test
  void notFoundMakesTheFetchAnswer404() {
    emu.scriptNext(Outcome.NOT_FOUND);
    String name = client.models.generateVideos(FAST, prompt("vanishing"), TO_BUCKET).name().orElseThrow();

    ClientException error = catchThrowableOfType(ClientException.class, () -> fetch(client, name));

    assertThat(error.code()).isEqualTo(404);
    assertThat(error.status()).isEqualTo("NOT_FOUND");
    assertThat(error.message()).contains(name);
    assertThat(emu.startCount()).as("the start itself was accepted").isEqualTo(1);
  }

  @Test
  void unknownOperationsAre404() {
    String name = "projects/veo-jobs-local/locations/us-central1/publishers/google/models/" + FAST
        + "/operations/00000000-0000-0000-0000-000000000000";

    ClientException error = catchThrowableOfType(ClientException.class, () -> fetch(client, name));

    assertThat(error.code()).isEqualTo(404);
    assertThat(error.status()).isEqualTo("NOT_FOUND");
  }

  @Test
  void startErrorFailsPredictLongRunningWithoutStartingAnything() {
    emu.scriptNext(Outcome.startError(503, "UNAVAILABLE", "The service is currently unavailable."));

    ServerException error = catchThrowableOfType(ServerException.class,
        () -> client.models.generateVideos(FAST, prompt("busy"), TO_BUCKET));

    assertThat(error.code()).isEqualTo(503);
    assertThat(error.status()).isEqualTo("UNAVAILABLE");
    assertThat(error.message()).isEqualTo("The service is currently unavailable.");
    assertThat(emu.startCount()).isZero();
  }

  @Test
  void startError500IsAServerException() {
    emu.scriptNext(Outcome.startError(500, "INTERNAL", "Internal error encountered."));

    ServerException error = catchThrowableOfType(ServerException.class,
        () -> client.models.generateVideos(FAST, prompt("oops"), TO_BUCKET));

    assertThat(error.code()).isEqualTo(500);
    assertThat(error.status()).isEqualTo("INTERNAL");
  }

  @Test
  void aClientThatRetriesGetsPastOneScriptedStartError() {
    Client retrying = VeoClients.client(emu, HttpRetryOptions.builder().attempts(3).initialDelay(0.01).maxDelay(0.05).build());
    emu.scriptNext(Outcome.startError(503, "UNAVAILABLE", "The service is currently unavailable."));

    GenerateVideosOperation started = retrying.models.generateVideos(FAST, prompt("second time lucky"), TO_BUCKET);

    assertThat(started.name()).isPresent();
    assertThat(emu.startCount()).isEqualTo(1);
  }

  @Test
  void scriptedOutcomesAreUsedInOrderThenStartsSucceedAgain() {
    emu.scriptNext(2, Outcome.DONE_WITHOUT_VIDEO);

    GenerateVideosOperation first = startAndFinish("a");
    GenerateVideosOperation second = startAndFinish("b");
    GenerateVideosOperation third = startAndFinish("c");

    assertThat(first.response().orElseThrow().generatedVideos()).isEmpty();
    assertThat(second.response().orElseThrow().generatedVideos()).isEmpty();
    assertThat(third.response().orElseThrow().generatedVideos().orElseThrow()).hasSize(1);
  }

  @Test
  void aPromptRuleAppliesToEveryMatchingPromptUntilReset() {
    emu.scriptForPromptContaining("[filtered]", Outcome.SAFETY_FILTERED);

    assertThat(startAndFinish("a dog [filtered]").response().orElseThrow().raiMediaFilteredCount()).contains(1);
    assertThat(startAndFinish("another [filtered] dog").response().orElseThrow().raiMediaFilteredCount()).contains(1);
    assertThat(startAndFinish("a fine dog").response().orElseThrow().generatedVideos().orElseThrow()).hasSize(1);

    emu.reset();
    assertThat(startAndFinish("a dog [filtered]").response().orElseThrow().generatedVideos().orElseThrow()).hasSize(1);
  }

  @Test
  void aStorageUriInAMissingBucketEndsTheOperationWithAnError() {
    String name = client.models.generateVideos(FAST, prompt("nowhere to go"),
        GenerateVideosConfig.builder().outputGcsUri("gs://no-such-bucket/out/").build()).name().orElseThrow();
    CLOCK.advance(Duration.ofSeconds(30));

    GenerateVideosOperation done = fetch(client, name);

    assertThat(done.done()).contains(true);
    assertThat(done.response()).isEmpty();
    assertThat(done.error().orElseThrow()).containsEntry("code", 7);
    assertThat((String) done.error().orElseThrow().get("message")).contains("gs://no-such-bucket/out/");
  }

  private GenerateVideosOperation startAndFinish(String text) {
    String name = client.models.generateVideos(FAST, prompt(text), TO_BUCKET).name().orElseThrow();
    CLOCK.advance(Duration.ofSeconds(30));
    return fetch(client, name);
  }

  private static GenerateVideosSource prompt(String text) {
    return GenerateVideosSource.builder().prompt(text).build();
  }
}
