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
import dev.veojobs.emulators.veo.StartRecord;
import dev.veojobs.emulators.veo.VeoEmulator;
import dev.veojobs.job.ImageInput;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.ReferenceImage;
import dev.veojobs.job.VideoParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Veo 3.1 inputs a canvas needs, through the real google-genai client in Vertex mode: what
 * reaches the wire ({@code instances[0]}) is what the Vertex AI reference documents, and the fake
 * Veo, which checks those shapes, accepts it and makes a video that shows them.
 */
class GenAiVeoInputsIT {
  private static final Duration LATENCY = Duration.ofSeconds(60);
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T10:00:00Z"));
  private static final InMemoryVideoSink SINK = new InMemoryVideoSink();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIRST = "gs://videos-it/uploads/u1/00000000000000000000000000000001.png";
  private static final String LAST = "gs://videos-it/uploads/u1/00000000000000000000000000000002.jpg";
  private static final VideoParameters EIGHT_SECONDS = new VideoParameters(8, "16:9", "720p", 1, null, false,
      "allow_adult", true);
  private static VeoEmulator veo;
  private static Client client;
  private static GenAiVideoModel model;

  @BeforeAll
  static void start() {
    veo = VeoEmulator.builder().clock(CLOCK).videoSink(SINK).latency(LATENCY).videoSize(64, 36).fps(4).build().start();
    client = GcpClients.genai("veo-jobs-it", "us-central1", veo.baseUrl());
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

  private static JsonNode instance(StartRecord start) throws Exception {
    return JSON.readTree(start.instanceJson());
  }

  private static GeneratedVideo finish(String operationName) {
    CLOCK.advance(LATENCY.plusSeconds(1));
    return ((OperationState.Succeeded) model.poll(operationName)).videos().get(0);
  }

  @Test
  void aFirstAndALastFrameTravelAsImageAndLastFrame() throws Exception {
    String name = model.start(new VideoGenerationRequest("veo-3.1-fast-generate-001", "a cat turns", null,
        new ImageInput(FIRST, "image/png"), new ImageInput(LAST, "image/jpeg"), List.of(), null, EIGHT_SECONDS,
        "gs://videos-it/veo-output/j1/1/"));

    JsonNode sent = instance(veo.starts().get(0));
    assertThat(sent.path("image").path("gcsUri").asText()).isEqualTo(FIRST);
    assertThat(sent.path("image").path("mimeType").asText()).isEqualTo("image/png");
    assertThat(sent.path("lastFrame").path("gcsUri").asText()).isEqualTo(LAST);
    assertThat(sent.path("lastFrame").path("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(sent.has("referenceImages")).isFalse();
    assertThat(sent.has("video")).isFalse();
    assertThat(finish(name).gcsUri()).startsWith("gs://videos-it/veo-output/j1/1/");
  }

  @Test
  void referenceImagesTravelWithTheirLowerCaseType() throws Exception {
    model.start(new VideoGenerationRequest("veo-3.1-generate-001", "a product spins", null, null, null,
        List.of(new ReferenceImage(FIRST, "image/png", "asset"), new ReferenceImage(LAST, "image/jpeg", "asset")),
        null, EIGHT_SECONDS, "gs://videos-it/veo-output/j2/1/"));

    JsonNode references = instance(veo.starts().get(0)).path("referenceImages");
    assertThat(references).hasSize(2);
    assertThat(references.get(0).path("image").path("gcsUri").asText()).isEqualTo(FIRST);
    assertThat(references.get(0).path("image").path("mimeType").asText()).isEqualTo("image/png");
    assertThat(references.get(0).path("referenceType").asText()).isEqualTo("asset");
    assertThat(references.get(1).path("image").path("gcsUri").asText()).isEqualTo(LAST);
    assertThat(JSON.readTree(veo.starts().get(0).parametersJson()).path("durationSeconds").asInt()).isEqualTo(8);
  }

  @Test
  void anExtensionSendsTheSourceVideoAndNoDurationAndItsResultFollowsTheSource() throws Exception {
    String first = model.start(new VideoGenerationRequest("veo-3.1-fast-generate-001", "a boat", null, null,
        EIGHT_SECONDS, "gs://videos-it/veo-output/src/1/"));
    String source = finish(first).gcsUri();

    String name = model.start(new VideoGenerationRequest("veo-3.1-fast-generate-001", "the boat sails on", null, null,
        null, List.of(), source, new VideoParameters(7, "16:9", "720p", 1, null, false, "allow_adult", true),
        "gs://videos-it/veo-output/ext/1/"));

    StartRecord start = veo.starts().get(1);
    JsonNode video = instance(start).path("video");
    assertThat(video.path("gcsUri").asText()).isEqualTo(source);
    assertThat(video.path("mimeType").asText()).isEqualTo("video/mp4");
    assertThat(JSON.readTree(start.parametersJson()).has("durationSeconds"))
        .as("Veo's continuation is a fixed 7 s").isFalse();
    byte[] extended = SINK.get(finish(name).gcsUri()).orElseThrow().data();
    byte[] original = SINK.get(source).orElseThrow().data();
    assertThat(mp4Seconds(extended)).as("the 8 s source, then 7 s more").isEqualTo(mp4Seconds(original) + 7);
    byte[] sourceFrames = mdat(original);
    assertThat(java.util.Arrays.copyOf(mdat(extended), sourceFrames.length)).as("it starts with the source's own frames")
        .isEqualTo(sourceFrames);
  }

  /** The body of the mdat box: the encoded frames. */
  private static byte[] mdat(byte[] mp4) {
    java.nio.ByteBuffer boxes = java.nio.ByteBuffer.wrap(mp4);
    for (int at = 0; at + 8 <= mp4.length; ) {
      long size = Integer.toUnsignedLong(boxes.getInt(at));
      int header = 8;
      if (size == 1) { // a 64-bit size follows, as JCodec writes mdat
        size = boxes.getLong(at + 8);
        header = 16;
      }
      String type = new String(mp4, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (type.equals("mdat")) {
        return java.util.Arrays.copyOfRange(mp4, at + header, (int) Math.min(mp4.length, at + size));
      }
      at += (int) size;
    }
    throw new AssertionError("no mdat box");
  }

  @Test
  void anExtensionOfAMissingVideoIsRejectedBeforeAnythingIsPaid() {
    assertThatThrownBy(() -> model.start(new VideoGenerationRequest("veo-3.1-fast-generate-001", "on", null, null,
        null, List.of(), "gs://videos-it/videos/u1/gone.mp4", EIGHT_SECONDS, "gs://videos-it/veo-output/x/1/")))
        .isInstanceOf(PermanentFailure.class).hasMessageContaining("could not be read");
    assertThat(veo.startCount()).isZero();
  }

  /** mvhd duration / timescale of a version-0 movie header, as JCodec writes it. */
  private static long mp4Seconds(byte[] mp4) {
    String text = new String(mp4, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("mvhd") + 4;
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(mp4);
    long timescale = Integer.toUnsignedLong(buffer.getInt(at + 12));
    long duration = Integer.toUnsignedLong(buffer.getInt(at + 16));
    return duration / timescale;
  }
}
