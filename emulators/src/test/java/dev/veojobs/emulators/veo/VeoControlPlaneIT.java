package dev.veojobs.emulators.veo;

import static dev.veojobs.emulators.veo.VeoClients.FAST;
import static dev.veojobs.emulators.veo.VeoClients.client;
import static dev.veojobs.emulators.veo.VeoClients.fetch;
import static dev.veojobs.emulators.veo.VeoClients.get;
import static dev.veojobs.emulators.veo.VeoClients.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.GenerateVideosSource;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /_emulator control plane, driven over HTTP the way the local stack and other processes use it. */
class VeoControlPlaneIT {
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-04T10:00:00Z"));
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

  @Test
  void healthIsOk() throws Exception {
    HttpResponse<String> response = get(emu, "/_emulator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("ok");
  }

  @Test
  void startsListsEveryAcceptedStart() throws Exception {
    String name = client.models.generateVideos(FAST, prompt("listed"), null).name().orElseThrow();

    JsonNode body = JSON.readTree(get(emu, "/_emulator/starts").body());

    assertThat(body.path("count").asInt()).isEqualTo(1);
    JsonNode start = body.path("starts").get(0);
    assertThat(start.path("model").asText()).isEqualTo(FAST);
    assertThat(start.path("prompt").asText()).isEqualTo("listed");
    assertThat(start.path("operationName").asText()).isEqualTo(name);
    assertThat(start.path("startedAt").asText()).isEqualTo(CLOCK.instant().toString());
    assertThat(start.path("parameters").isObject()).isTrue();
  }

  @Test
  void resetForgetsOperationsAndStarts() {
    String name = client.models.generateVideos(FAST, prompt("forgotten"), null).name().orElseThrow();

    assertThat(post(emu, "/_emulator/reset", "", false).statusCode()).isEqualTo(200);

    assertThat(emu.startCount()).isZero();
    assertThat(catchThrowableOfType(ClientException.class, () -> fetch(client, name)).code()).isEqualTo(404);
  }

  @Test
  void scriptQueuesOutcomesForTheNextStarts() {
    HttpResponse<String> scripted = post(emu, "/_emulator/script",
        "{\"outcome\":\"START_ERROR\",\"httpStatus\":503,\"status\":\"UNAVAILABLE\",\"message\":\"try later\","
            + "\"times\":2}", false);

    assertThat(scripted.statusCode()).isEqualTo(200);
    for (int i = 0; i < 2; i++) {
      ServerException error = catchThrowableOfType(ServerException.class,
          () -> client.models.generateVideos(FAST, prompt("busy"), null));
      assertThat(error.code()).isEqualTo(503);
      assertThat(error.message()).isEqualTo("try later");
    }
    assertThat(client.models.generateVideos(FAST, prompt("free"), null).name()).isPresent();
  }

  @Test
  void scriptAddsPromptRules() {
    post(emu, "/_emulator/script",
        "{\"outcome\":\"OPERATION_ERROR\",\"promptContains\":\"[fail]\",\"code\":3,\"message\":\"bad input\"}", false);

    String name = client.models.generateVideos(FAST, prompt("please [fail]"), null).name().orElseThrow();
    CLOCK.advance(Duration.ofSeconds(20));
    GenerateVideosOperation done = fetch(client, name);

    assertThat(done.error().orElseThrow()).containsEntry("code", 3).containsEntry("message", "bad input");
  }

  @Test
  void scriptRejectsUnknownOutcomes() throws Exception {
    HttpResponse<String> response = post(emu, "/_emulator/script", "{\"outcome\":\"EXPLODE\"}", false);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("EXPLODE");
  }

  @Test
  void settingsChangeLatencyAndQuotaUntilReset() throws Exception {
    HttpResponse<String> response = post(emu, "/_emulator/settings",
        "{\"latencySeconds\":90,\"quotaPerMinute\":1}", false);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode settings = JSON.readTree(get(emu, "/_emulator/settings").body());
    assertThat(settings.path("latencySeconds").asDouble()).isEqualTo(90.0);
    assertThat(settings.path("quotaPerMinute").asInt()).isEqualTo(1);

    String name = client.models.generateVideos(FAST, prompt("slow"), null).name().orElseThrow();
    assertThat(catchThrowableOfType(ClientException.class,
        () -> client.models.generateVideos(FAST, prompt("over quota"), null)).code()).isEqualTo(429);
    CLOCK.advance(Duration.ofSeconds(89));
    assertThat(fetch(client, name).done()).isEmpty();
    CLOCK.advance(Duration.ofSeconds(1));
    assertThat(fetch(client, name).done()).contains(true);

    emu.reset();
    assertThat(emu.latency()).isEqualTo(Duration.ofSeconds(20));
    assertThat(emu.quotaPerMinute()).isEqualTo(50);
  }

  @Test
  void unknownControlRoutesAre501() {
    HttpResponse<String> response = get(emu, "/_emulator/operations");

    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(response.body()).contains("GET /_emulator/operations");
  }

  private static GenerateVideosSource prompt(String text) {
    return GenerateVideosSource.builder().prompt(text).build();
  }
}
