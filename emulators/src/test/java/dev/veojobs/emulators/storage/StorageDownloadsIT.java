package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorageDownloadsIT {
  private static final String BUCKET = "downloads-bucket";
  private final EmulatedStorage env = new EmulatedStorage();
  private final byte[] video = new byte[1_000_000];
  private long generation;

  @BeforeEach
  void video() {
    new Random(7).nextBytes(video);
    env.emulator.createBucket(BUCKET);
    generation = env.emulator.putObject(BUCKET, "videos/u1/j1.mp4", video, "video/mp4");
  }

  @AfterEach
  void close() throws Exception {
    env.close();
  }

  @Test
  void readAllBytesReturnsTheWholeObject() {
    assertThat(env.storage.readAllBytes(BlobId.of(BUCKET, "videos/u1/j1.mp4"))).isEqualTo(video);
  }

  @Test
  void readerSeeksAndLimitsWithRangeRequests() throws Exception {
    try (ReadChannel reader = env.storage.reader(BlobId.of(BUCKET, "videos/u1/j1.mp4"))) {
      reader.seek(400_000);
      reader.limit(400_100);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(64);
      while (reader.read(buffer) >= 0) {
        buffer.flip();
        out.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
      }
      assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(video, 400_000, 400_100));
    }
  }

  @Test
  void readerStreamsTheWholeObject() throws Exception {
    try (ReadChannel reader = env.storage.reader(BlobId.of(BUCKET, "videos/u1/j1.mp4"))) {
      reader.setChunkSize(64 * 1024);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(100_000);
      while (reader.read(buffer) >= 0) {
        buffer.flip();
        out.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
      }
      assertThat(out.toByteArray()).isEqualTo(video);
    }
  }

  @Test
  void emptyObjectReadsAsEmpty() throws Exception {
    env.emulator.putObject(BUCKET, "empty.txt", new byte[0], "text/plain");

    assertThat(env.storage.readAllBytes(BlobId.of(BUCKET, "empty.txt"))).isEmpty();
    try (ReadChannel reader = env.storage.reader(BlobId.of(BUCKET, "empty.txt"))) {
      assertThat(reader.read(ByteBuffer.allocate(16))).isEqualTo(-1);
    }
  }

  @Test
  void mediaDownloadHonoursRangeWith206AndContentRange() {
    var response = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
        + "/o/videos%2Fu1%2Fj1.mp4?alt=media").header("Range", "bytes=10-19"));

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 10-19/1000000");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(response.headers().firstValue("x-goog-generation")).hasValue(Long.toString(generation));
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(video, 10, 20));

    var suffix = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/download/storage/v1/b/" + BUCKET
        + "/o/videos%2Fu1%2Fj1.mp4?alt=media").header("Range", "bytes=-5"));
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(video, video.length - 5, video.length));
  }

  @Test
  void unsatisfiableRangeIs416() {
    var response = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
        + "/o/videos%2Fu1%2Fj1.mp4?alt=media").header("Range", "bytes=1000000-"));

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */1000000");
    JsonNode error = RawHttp.json(response).get("error");
    assertThat(error.get("message").asText()).isEqualTo("The requested range cannot be satisfied.");
    assertThat(error.at("/errors/0/reason").asText()).isEqualTo("requestedRangeNotSatisfiable");
  }

  @Test
  void downloadOfAMissingObjectOrGenerationIsNotFound() {
    assertThatThrownBy(() -> env.storage.readAllBytes(BlobId.of(BUCKET, "videos/none.mp4")))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThatThrownBy(() -> env.storage.readAllBytes(BlobId.of(BUCKET, "videos/u1/j1.mp4", generation - 1)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void failedNotMatchPreconditionOnAReadIsNotModified() {
    String url = env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET + "/o/videos%2Fu1%2Fj1.mp4";

    assertThat(RawHttp.get(url + "?ifGenerationNotMatch=" + generation).statusCode()).isEqualTo(304);
    assertThat(RawHttp.get(url + "?alt=media&ifGenerationNotMatch=" + generation).statusCode()).isEqualTo(304);
    assertThat(RawHttp.get(url + "?ifGenerationNotMatch=" + (generation - 1)).statusCode()).isEqualTo(200);
  }

  @Test
  void downloadHonoursGenerationMatch() {
    assertThat(env.storage.readAllBytes(BlobId.of(BUCKET, "videos/u1/j1.mp4"),
        Storage.BlobSourceOption.generationMatch(generation))).isEqualTo(video);
    assertThatThrownBy(() -> env.storage.readAllBytes(BlobId.of(BUCKET, "videos/u1/j1.mp4"),
        Storage.BlobSourceOption.generationMatch(generation + 1)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
  }

  @Test
  void lastModifiedIsAnHttpDateWithATwoDigitDay() {
    env.clock.advance(Duration.ofDays(18).plusHours(3)); // Saturday 2 February 2030, 13:00 UTC
    env.storage.create(BlobInfo.newBuilder(BUCKET, "videos/u1/early.mp4").setContentType("video/mp4").build(),
        new byte[] {1, 2, 3});

    var response = RawHttp.get(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
        + "/o/videos%2Fu1%2Fearly.mp4?alt=media");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Last-Modified")).contains("Sat, 02 Feb 2030 13:00:00 GMT");
  }
}
