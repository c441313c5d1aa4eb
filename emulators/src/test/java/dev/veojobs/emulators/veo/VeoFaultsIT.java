package dev.veojobs.emulators.veo;

import static dev.veojobs.emulators.veo.VeoClients.FAST;
import static dev.veojobs.emulators.veo.VeoClients.client;
import static dev.veojobs.emulators.veo.VeoClients.fetch;
import static dev.veojobs.emulators.veo.VeoClients.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateVideosConfig;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.GenerateVideosSource;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.faults.FaultPlan;
import dev.veojobs.emulators.faults.FaultPlans;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Veo faults the caller cannot tell apart: failed before accepting (nothing started) or after (a paid start). */
class VeoFaultsIT {
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-05T09:00:00Z"));
  private static final RecordingVideoSink SINK = new RecordingVideoSink("veo-out");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final VeoEmulatorExtension VEO = new VeoEmulatorExtension(CLOCK, b -> b.videoSink(SINK));
  private VeoEmulator emu;
  private FaultPlans faults;
  private Client client;

  @BeforeEach
  void freshState() {
    emu = VEO.emulator();
    faults = emu.faultPlans();
    SINK.clear();
    client = client(emu);
  }

  private GenerateVideosOperation start(String prompt, String outputUri) {
    return client.models.generateVideos(FAST, GenerateVideosSource.builder().prompt(prompt).build(),
        GenerateVideosConfig.builder().outputGcsUri(outputUri).durationSeconds(4).build());
  }

  @Test
  void aStartFailedAfterAcceptingRunsAndWritesItsOutputThoughNobodyPollsIt() throws Exception {
    faults.add(FaultPlan.on("predictLongRunning").after().fail(503).times(1));

    ServerException error = catchThrowableOfType(ServerException.class,
        () -> start("an orphan", "gs://veo-out/veo-output/j1/1/"));
    assertThat(error.code()).isEqualTo(503);
    assertThat(emu.startCount()).as("accepted and billable").isEqualTo(1);
    String operationId = emu.starts().get(0).operationName().replaceAll(".*/", "");

    CLOCK.advance(Duration.ofSeconds(20));

    // The completion watcher writes on its own thread after the clock advance.
    RecordingVideoSink.Write written = SINK.await("gs://veo-out/veo-output/j1/1/" + operationId + "/sample_0.mp4", WAIT);
    assertThat(written.contentType()).isEqualTo("video/mp4");
    assertThat(faults.injected()).isEqualTo(1);
  }

  @Test
  void aStartWhoseConnectionDropsAfterAcceptingLeavesAStartedOperation() {
    faults.add(FaultPlan.on("predictLongRunning").after().dropConnection().times(1));

    Throwable error = catchThrowable(() -> start("dropped", "gs://veo-out/dropped/"));

    assertThat(error).isNotNull();
    assertThat(emu.startCount()).isEqualTo(1);
  }

  @Test
  void aStartHeldAfterAcceptingBlocksNothingElseAndIsAnswered503OnRelease() {
    faults.add(FaultPlan.on("predictLongRunning").target("[hang]").after().hang());
    CompletableFuture<GenerateVideosOperation> held =
        CompletableFuture.supplyAsync(() -> start("a start that hangs [hang]", "gs://veo-out/held/"));
    faults.awaitHeld(1, WAIT);

    GenerateVideosOperation other = start("another job", "gs://veo-out/other/");
    assertThat(other.name()).isPresent();
    assertThat(emu.startCount()).isEqualTo(2);
    assertThat(held).isNotDone();

    assertThat(faults.releaseHeld()).isEqualTo(1);
    Throwable released = catchThrowableOfType(CompletionException.class, held::join).getCause();
    assertThat(released).isInstanceOf(ServerException.class);
    assertThat(((ServerException) released).code()).isEqualTo(503);
  }

  @Test
  void aStartFailedBeforeAcceptingStartsNothingAndUsesNoQuota() {
    emu.quotaPerMinute(1);
    faults.add(FaultPlan.on("predictLongRunning").fail(500).times(1));

    ServerException error = catchThrowableOfType(ServerException.class, () -> start("refused", "gs://veo-out/r/"));
    GenerateVideosOperation accepted = start("accepted", "gs://veo-out/a/");

    assertThat(error.code()).isEqualTo(500);
    assertThat(accepted.name()).isPresent();
    assertThat(emu.startCount()).isEqualTo(1);
  }

  @Test
  void aSeededRateOf429sRefusesTheSameStartsEveryRun() {
    String first = startOutcomes(FaultPlan.on("predictLongRunning").fail(429).rate(0.3, 42));
    int firstStarts = emu.startCount();
    emu.reset();
    String second = startOutcomes(FaultPlan.on("predictLongRunning").fail(429).rate(0.3, 42));

    assertThat(second).isEqualTo(first).contains("x").contains(".");
    assertThat(firstStarts).isEqualTo((int) first.chars().filter(c -> c == '.').count());
    assertThat(faults.injected()).isEqualTo(first.chars().filter(c -> c == 'x').count());
  }

  @Test
  void scriptedOutcomesApplyByASeededRate() {
    List<Boolean> first = filteredByRate();
    emu.reset();
    List<Boolean> second = filteredByRate();

    assertThat(second).isEqualTo(first).contains(true, false);
  }

  @Test
  void operationsForgottenByRateAreNotFoundOnFetch() {
    emu.scriptRate(1.0, 3, Outcome.NOT_FOUND);
    String name = start("forgotten", "gs://veo-out/f/").name().orElseThrow();

    ClientException error = catchThrowableOfType(ClientException.class, () -> fetch(client, name));

    assertThat(error.code()).isEqualTo(404);
  }

  @Test
  void aFetchCanFailOnItsOwnWithoutForgettingTheOperation() {
    String name = start("poll me", "gs://veo-out/p/").name().orElseThrow();
    faults.add(FaultPlan.on("fetchPredictOperation").target("poll me").fail(503).times(1));

    ServerException error = catchThrowableOfType(ServerException.class, () -> fetch(client, name));
    GenerateVideosOperation again = fetch(client, name);

    assertThat(error.code()).isEqualTo(503);
    assertThat(again.name()).contains(name);
  }

  @Test
  void plansAndRateScriptsAreSetOverTheControlPlane() throws Exception {
    HttpResponse<String> plan = post(emu, "/_emulator/fault-plans",
        "{\"calls\":\"predictLongRunning\",\"phase\":\"after\",\"code\":500,\"times\":1}", false);
    HttpResponse<String> script = post(emu, "/_emulator/script",
        "{\"outcome\":\"DONE_WITHOUT_VIDEO\",\"rate\":1,\"seed\":9}", false);
    HttpResponse<String> rateWithTimes = post(emu, "/_emulator/script",
        "{\"outcome\":\"SUCCESS\",\"rate\":0.5,\"times\":2}", false);
    HttpResponse<String> grpcCode = post(emu, "/_emulator/fault-plans", "{\"code\":\"UNAVAILABLE\"}", false);

    ServerException error = catchThrowableOfType(ServerException.class, () -> start("ctl", "gs://veo-out/c/"));
    String name = start("ctl 2", "gs://veo-out/c/").name().orElseThrow();
    CLOCK.advance(Duration.ofSeconds(20));

    assertThat(plan.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(plan.body()).path("code").asText()).isEqualTo("500");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(rateWithTimes.statusCode()).isEqualTo(400);
    assertThat(grpcCode.statusCode()).isEqualTo(400);
    assertThat(error.code()).isEqualTo(500);
    assertThat(fetch(client, name).response().orElseThrow().generatedVideos()).isEmpty();
  }

  /** Ten starts without client retries, each "x" (429) or "." (accepted). */
  private String startOutcomes(FaultPlan plan) {
    faults.add(plan);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      try {
        start("burst " + i, "gs://veo-out/burst/");
        out.append('.');
      } catch (ClientException e) {
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.status()).isEqualTo("RESOURCE_EXHAUSTED");
        out.append('x');
      }
    }
    return out.toString();
  }

  private List<Boolean> filteredByRate() {
    emu.scriptRate(0.5, 11, Outcome.SAFETY_FILTERED);
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      names.add(start("rated " + i, "gs://veo-out/rated/").name().orElseThrow());
    }
    CLOCK.advance(Duration.ofSeconds(20));
    return names.stream()
        .map(name -> fetch(client, name).response().orElseThrow().raiMediaFilteredCount().orElse(0) > 0)
        .toList();
  }
}
