package dev.veojobs.emulators.veo;

import static dev.veojobs.emulators.veo.VeoClients.FAST;
import static dev.veojobs.emulators.veo.VeoClients.client;
import static dev.veojobs.emulators.veo.VeoClients.fetch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.types.GenerateVideosConfig;
import com.google.genai.types.GenerateVideosOperation;
import com.google.genai.types.GenerateVideosSource;
import com.google.genai.types.GeneratedVideo;
import com.google.genai.types.Image;
import com.google.genai.types.Video;
import dev.veojobs.emulators.clock.EmulatorClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Successful generations as the official google-genai client (Vertex mode) sees them. */
class VeoGenerationIT {
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T12:00:00Z"));
  private static final RecordingVideoSink SINK = new RecordingVideoSink("veo-out");
  private static VeoEmulator emu;
  private Client client;

  @BeforeAll
  static void startEmulator() {
    emu = VeoEmulator.builder().clock(CLOCK).port(0).videoSink(SINK).build().start();
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
  void writesTheVideoToTheStorageUriAndReturnsItsGcsUri() {
    GenerateVideosOperation started = client.models.generateVideos(FAST, prompt("a cat surfing"),
        GenerateVideosConfig.builder().outputGcsUri("gs://veo-out/jobs/j1/1/").durationSeconds(6).build());
    CLOCK.advance(Duration.ofSeconds(20));

    GenerateVideosOperation done = fetch(client, started.name().orElseThrow());

    assertThat(done.done()).contains(true);
    assertThat(done.error()).isEmpty();
    List<GeneratedVideo> videos = done.response().orElseThrow().generatedVideos().orElseThrow();
    assertThat(videos).hasSize(1);
    Video video = videos.getFirst().video().orElseThrow();
    String operationId = started.name().orElseThrow().substring(started.name().orElseThrow().lastIndexOf('/') + 1);
    assertThat(video.uri()).contains("gs://veo-out/jobs/j1/1/" + operationId + "/sample_0.mp4");
    assertThat(video.mimeType()).contains("video/mp4");
    assertThat(video.videoBytes()).isEmpty();
    assertThat(done.response().orElseThrow().raiMediaFilteredCount()).contains(0);

    RecordingVideoSink.Write written = SINK.get(video.uri().orElseThrow()).orElseThrow();
    assertThat(written.contentType()).isEqualTo("video/mp4");
    assertIsMp4(written.data(), 6, 320, 180);
  }

  @Test
  void returnsTheVideoBytesInlineWithoutAStorageUri() {
    GenerateVideosOperation started = client.models.generateVideos(FAST, prompt("inline please"),
        GenerateVideosConfig.builder().durationSeconds(4).aspectRatio("9:16").build());
    CLOCK.advance(Duration.ofSeconds(20));

    GenerateVideosOperation done = fetch(client, started.name().orElseThrow());

    Video video = done.response().orElseThrow().generatedVideos().orElseThrow().getFirst().video().orElseThrow();
    assertThat(video.uri()).isEmpty();
    assertThat(video.mimeType()).contains("video/mp4");
    assertIsMp4(video.videoBytes().orElseThrow(), 4, 180, 320);
    assertThat(SINK.writes()).isEmpty();
  }

  @Test
  void writesOneFilePerSample() {
    GenerateVideosOperation started = client.models.generateVideos(FAST, prompt("two takes"),
        GenerateVideosConfig.builder().numberOfVideos(2).outputGcsUri("gs://veo-out/samples").build());
    CLOCK.advance(Duration.ofSeconds(20));

    List<GeneratedVideo> videos = fetch(client, started.name().orElseThrow())
        .response().orElseThrow().generatedVideos().orElseThrow();

    assertThat(videos).extracting(v -> v.video().orElseThrow().uri().orElseThrow())
        .allSatisfy(uri -> assertThat(uri).startsWith("gs://veo-out/samples/"))
        .satisfiesExactly(
            first -> assertThat(first).endsWith("/sample_0.mp4"),
            second -> assertThat(second).endsWith("/sample_1.mp4"));
    assertThat(SINK.writes()).hasSize(2);
  }

  @Test
  void isNotDoneUntilTheLatencyHasPassedOnTheEmulatorClock() {
    GenerateVideosOperation started = client.models.generateVideos(FAST, prompt("patience"),
        GenerateVideosConfig.builder().outputGcsUri("gs://veo-out/wait/").build());

    GenerateVideosOperation running = fetch(client, started.name().orElseThrow());
    CLOCK.advance(Duration.ofSeconds(19));
    GenerateVideosOperation stillRunning = fetch(client, started.name().orElseThrow());
    CLOCK.advance(Duration.ofSeconds(1));
    GenerateVideosOperation done = fetch(client, started.name().orElseThrow());

    // Like production, a running operation carries no "done" field at all.
    assertThat(running.done()).isEmpty();
    assertThat(running.response()).isEmpty();
    assertThat(running.name()).isEqualTo(started.name());
    assertThat(stillRunning.done()).isEmpty();
    assertThat(done.done()).contains(true);
    assertThat(done.response().orElseThrow().generatedVideos().orElseThrow()).hasSize(1);
  }

  @Test
  void writesTheVideoOnceAndNotBeforeItIsDone() {
    GenerateVideosOperation started = client.models.generateVideos(FAST, prompt("write once"),
        GenerateVideosConfig.builder().outputGcsUri("gs://veo-out/once/").build());
    fetch(client, started.name().orElseThrow());
    assertThat(SINK.writes()).isEmpty();

    CLOCK.advance(Duration.ofSeconds(20));
    GenerateVideosOperation first = fetch(client, started.name().orElseThrow());
    GenerateVideosOperation second = fetch(client, started.name().orElseThrow());

    assertThat(SINK.writes()).hasSize(1);
    assertThat(second.response()).isEqualTo(first.response());
  }

  @Test
  void anOperationCanBeFetchedByItsStoredNameFromAnotherClient() {
    String name = client.models.generateVideos(FAST, prompt("survive a restart"),
        GenerateVideosConfig.builder().outputGcsUri("gs://veo-out/restart/").build()).name().orElseThrow();
    CLOCK.advance(Duration.ofSeconds(20));

    Client anotherProcess = client(emu);
    GenerateVideosOperation done = fetch(anotherProcess, name);

    assertThat(done.name()).contains(name);
    assertThat(done.done()).contains(true);
    assertThat(done.response().orElseThrow().generatedVideos().orElseThrow().getFirst().video().orElseThrow().uri())
        .hasValueSatisfying(uri -> assertThat(uri).startsWith("gs://veo-out/restart/"));
  }

  @Test
  void operationNamesFollowVertexAndAreUnique() {
    String first = client.models.generateVideos(FAST, prompt("one"), null).name().orElseThrow();
    String second = client.models.generateVideos("veo-3.1-generate-001", prompt("two"), null).name().orElseThrow();

    assertThat(first).matches("projects/veo-jobs-local/locations/us-central1/publishers/google/models/"
        + "veo-3\\.1-fast-generate-001/operations/[0-9a-f-]{36}");
    assertThat(second).contains("/models/veo-3.1-generate-001/operations/").isNotEqualTo(first);
  }

  @Test
  void logsEveryStartWithModelPromptParametersNameAndTime() throws Exception {
    Instant before = CLOCK.instant();
    String name = client.models.generateVideos(FAST, prompt("log me"),
        GenerateVideosConfig.builder().outputGcsUri("gs://veo-out/log/").durationSeconds(6).aspectRatio("9:16")
            .resolution("1080p").negativePrompt("blurry").seed(42).generateAudio(false)
            .personGeneration("allow_adult").build()).name().orElseThrow();

    assertThat(emu.startCount()).isEqualTo(1);
    StartRecord start = emu.starts().getFirst();
    assertThat(start.model()).isEqualTo(FAST);
    assertThat(start.prompt()).isEqualTo("log me");
    assertThat(start.operationName()).isEqualTo(name);
    assertThat(start.startedAt()).isEqualTo(before);
    JsonNode parameters = new ObjectMapper().readTree(start.parametersJson());
    assertThat(parameters.path("durationSeconds").asInt()).isEqualTo(6);
    assertThat(parameters.path("aspectRatio").asText()).isEqualTo("9:16");
    assertThat(parameters.path("resolution").asText()).isEqualTo("1080p");
    assertThat(parameters.path("storageUri").asText()).isEqualTo("gs://veo-out/log/");
    assertThat(parameters.path("negativePrompt").asText()).isEqualTo("blurry");
    assertThat(parameters.path("seed").asInt()).isEqualTo(42);
    assertThat(parameters.path("personGeneration").asText()).isEqualTo("allow_adult");
  }

  @Test
  void acceptsAnImageWithoutAPrompt() {
    GenerateVideosSource source = GenerateVideosSource.builder()
        .image(Image.builder().imageBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}).mimeType("image/png").build())
        .build();

    String name = client.models.generateVideos(FAST, source, null).name().orElseThrow();
    CLOCK.advance(Duration.ofSeconds(20));

    assertThat(emu.starts().getFirst().prompt()).isNull();
    assertThat(fetch(client, name).response().orElseThrow().generatedVideos().orElseThrow()).hasSize(1);
  }

  @Test
  void aLatencyChangeAppliesToOperationsStartedAfterIt() {
    emu.latency(Duration.ofMinutes(2));
    String name = client.models.generateVideos(FAST, prompt("slow"), null).name().orElseThrow();

    CLOCK.advance(Duration.ofSeconds(119));
    assertThat(fetch(client, name).done()).isEmpty();
    CLOCK.advance(Duration.ofSeconds(1));
    assertThat(fetch(client, name).done()).contains(true);
  }

  private static GenerateVideosSource prompt(String text) {
    return GenerateVideosSource.builder().prompt(text).build();
  }

  private static void assertIsMp4(byte[] data, int seconds, int width, int height) {
    Mp4Inspector mp4 = new Mp4Inspector(data);
    assertThat(mp4.topLevelTypes().getFirst()).isEqualTo("ftyp");
    assertThat(mp4.topLevelTypes()).contains("moov", "mdat");
    assertThat(mp4.firstSampleEntry(mp4.require("moov", "trak", "mdia", "minf", "stbl", "stsd"))).isEqualTo("avc1");
    assertThat(mp4.durationSeconds(mp4.require("moov", "mvhd"))).isEqualTo(seconds);
    assertThat(mp4.trackSize(mp4.require("moov", "trak", "tkhd"))).containsExactly(width, height);
  }
}
