package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageUploadsIT {
  private static final String BUCKET = "uploads-bucket";
  private final EmulatedStorage env = new EmulatedStorage();

  @BeforeEach
  void bucket() {
    env.emulator.createBucket(BUCKET);
  }

  @AfterEach
  void close() throws Exception {
    env.close();
  }

  @Test
  void createWithBytesIsAMultipartUploadKeepingMetadata() {
    byte[] data = "a video, honestly".getBytes(StandardCharsets.UTF_8);
    BlobInfo info = BlobInfo.newBuilder(BUCKET, "veo-output/job-1/sample_0.mp4")
        .setContentType("video/mp4")
        .setMetadata(Map.of("job_id", "job-1", "attempt", "2"))
        .build();

    Blob blob = env.storage.create(info, data);

    assertThat(blob.getSize()).isEqualTo(data.length);
    assertThat(blob.getContentType()).isEqualTo("video/mp4");
    assertThat(blob.getMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("job_id", "job-1", "attempt", "2"));
    StoredObject stored = env.emulator.object(BUCKET, "veo-output/job-1/sample_0.mp4").orElseThrow();
    assertThat(stored.data()).isEqualTo(data);
    assertThat(stored.contentType()).isEqualTo("video/mp4");
    assertThat(stored.generation()).isEqualTo(blob.getGeneration());
  }

  @Test
  void mediaUploadTakesNameFromTheQueryAndTypeFromTheHeader() {
    var response = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/upload/storage/v1/b/" + BUCKET
            + "/o?uploadType=media&name=" + "inputs%2Fcat.png")
        .header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0x89, 'P', 'N', 'G'})));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode object = RawHttp.json(response);
    assertThat(object.get("name").asText()).isEqualTo("inputs/cat.png");
    assertThat(object.get("size").asText()).isEqualTo("4");
    Blob blob = env.storage.get(BlobId.of(BUCKET, "inputs/cat.png"));
    assertThat(blob.getContentType()).isEqualTo("image/png");
    assertThat(env.storage.readAllBytes(blob.getBlobId())).containsExactly(0x89, 'P', 'N', 'G');
  }

  @Test
  void writerUploadsInResumableChunks() throws Exception {
    byte[] data = randomBytes(600_000);
    try (WriteChannel writer = env.storage.writer(BlobInfo.newBuilder(BUCKET, "big.bin")
        .setContentType("application/x-test").build())) {
      writer.setChunkSize(256 * 1024);
      for (int at = 0; at < data.length; at += 100_000) {
        writer.write(ByteBuffer.wrap(data, at, Math.min(100_000, data.length - at)));
      }
    }

    StoredObject stored = env.emulator.object(BUCKET, "big.bin").orElseThrow();
    assertThat(stored.data()).isEqualTo(data);
    assertThat(stored.contentType()).isEqualTo("application/x-test");
    assertThat(env.storage.readAllBytes(BlobId.of(BUCKET, "big.bin"))).isEqualTo(data);
  }

  @Test
  void createFromAFileUsesAResumableUpload(@TempDir Path dir) throws Exception {
    byte[] data = randomBytes(300_000);
    Path file = Files.write(dir.resolve("video.mp4"), data);

    Blob blob = env.storage.createFrom(BlobInfo.newBuilder(BUCKET, "videos/u1/j1.mp4")
        .setContentType("video/mp4").build(), file);

    assertThat(blob.getSize()).isEqualTo(300_000L);
    assertThat(env.emulator.object(BUCKET, "videos/u1/j1.mp4").orElseThrow().data()).isEqualTo(data);
  }

  @Test
  void resumableProtocolAnswersResumeIncompleteWithTheCommittedRange() {
    String base = env.emulator.baseUrl();
    var initiated = RawHttp.send(RawHttp.request(base + "/upload/storage/v1/b/" + BUCKET
            + "/o?uploadType=resumable&name=chunked.bin")
        .header("Content-Type", "application/json; charset=UTF-8")
        .header("X-Upload-Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"k\":\"v\"}}")));
    assertThat(initiated.statusCode()).isEqualTo(200);
    String session = initiated.headers().firstValue("Location").orElseThrow();
    assertThat(session).startsWith(base + "/upload/storage/v1/b/" + BUCKET + "/o?").contains("upload_id=");
    byte[] data = randomBytes(300_000);
    int chunk = 256 * 1024;

    var first = putChunk(session, "bytes 0-" + (chunk - 1) + "/*", slice(data, 0, chunk));
    assertThat(first.statusCode()).isEqualTo(308);
    assertThat(first.headers().firstValue("Range")).hasValue("bytes=0-" + (chunk - 1));

    var status = putChunk(session, "bytes */*", new byte[0]);
    assertThat(status.statusCode()).isEqualTo(308);
    assertThat(status.headers().firstValue("Range")).hasValue("bytes=0-" + (chunk - 1));

    var gap = putChunk(session, "bytes " + (chunk + 10) + "-" + (data.length - 1) + "/" + data.length,
        slice(data, chunk + 10, data.length - chunk - 10));
    assertThat(gap.statusCode()).isEqualTo(400);
    assertThat(RawHttp.json(gap).at("/error/message").asText())
        .contains("which exceeds already uploaded size of " + chunk + " byte(s)");

    var last = putChunk(session, "bytes " + chunk + "-" + (data.length - 1) + "/" + data.length,
        slice(data, chunk, data.length - chunk));
    assertThat(last.statusCode()).isEqualTo(200);
    JsonNode object = RawHttp.json(last);
    assertThat(object.get("size").asText()).isEqualTo("300000");
    assertThat(object.at("/metadata/k").asText()).isEqualTo("v");
    assertThat(env.emulator.object(BUCKET, "chunked.bin").orElseThrow().data()).isEqualTo(data);
    assertThat(putChunk(session, "bytes */" + data.length, new byte[0]).statusCode())
        .as("a finished session answers with the object again").isEqualTo(200);
  }

  @Test
  void cancelledResumableSessionIsGone() {
    var initiated = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/upload/storage/v1/b/" + BUCKET
            + "/o?uploadType=resumable&name=abandoned.bin")
        .POST(HttpRequest.BodyPublishers.noBody()));
    String session = initiated.headers().firstValue("Location").orElseThrow();

    assertThat(RawHttp.send(RawHttp.request(session).DELETE()).statusCode()).isEqualTo(499);
    assertThat(putChunk(session, "bytes 0-2/3", new byte[] {1, 2, 3}).statusCode()).isEqualTo(404);
    assertThat(env.emulator.object(BUCKET, "abandoned.bin")).isEmpty();
  }

  @Test
  void declaredCrc32cThatDoesNotMatchTheBytesIsRejected() throws Exception {
    BlobInfo info = BlobInfo.newBuilder(BUCKET, "corrupt.bin").setCrc32c("AAAAAA==").build();

    assertThatThrownBy(() -> {
      try (WriteChannel writer = env.storage.writer(info, Storage.BlobWriteOption.crc32cMatch())) {
        writer.write(ByteBuffer.wrap("payload".getBytes(StandardCharsets.UTF_8)));
      }
    }).isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    assertThat(env.emulator.object(BUCKET, "corrupt.bin")).isEmpty();
  }

  @Test
  void checksumMismatchBodyNamesBothValuesAsProductionDoes() {
    String boundary = "__END_OF_PART__test__";
    String body = "--" + boundary + "\r\n"
        + "Content-Type: application/json; charset=UTF-8\r\n\r\n"
        + "{\"name\":\"corrupt.txt\",\"crc32c\":\"AAAAAA==\"}\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Type: text/plain\r\n\r\n"
        + "hello\r\n"
        + "--" + boundary + "--\r\n";

    var response = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/upload/storage/v1/b/" + BUCKET
            + "/o?uploadType=multipart")
        .header("Content-Type", "multipart/related; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = RawHttp.json(response).get("error");
    assertThat(error.get("message").asText())
        .isEqualTo("Provided CRC32C \"AAAAAA==\" doesn't match calculated CRC32C \"mnG7TA==\".");
    assertThat(error.at("/errors/0/reason").asText()).isEqualTo("invalid");
    assertThat(env.emulator.object(BUCKET, "corrupt.txt")).isEmpty();
  }

  @Test
  void declaredMd5ThatDoesNotMatchTheBytesIsRejected() {
    BlobInfo info = BlobInfo.newBuilder(BUCKET, "corrupt.txt").setMd5("1B2M2Y8AsgTpgAmY7PhCfg==").build();

    assertThatThrownBy(() -> env.storage.create(info, new ByteArrayInputStream(
        "not empty".getBytes(StandardCharsets.UTF_8)), Storage.BlobWriteOption.md5Match()))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Provided MD5 hash \"1B2M2Y8AsgTpgAmY7PhCfg==\" doesn't match");
        });
  }

  @Test
  void matchingDeclaredChecksumsAreAccepted() throws Exception {
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    BlobInfo info = BlobInfo.newBuilder(BUCKET, "checked.bin")
        .setCrc32c(ExpectedChecksums.crc32c(data)).build();

    try (WriteChannel writer = env.storage.writer(info, Storage.BlobWriteOption.crc32cMatch())) {
      writer.write(ByteBuffer.wrap(data));
    }

    assertThat(env.emulator.object(BUCKET, "checked.bin").orElseThrow().crc32c())
        .isEqualTo(ExpectedChecksums.crc32c(data));
  }

  @Test
  void ifGenerationMatchZeroOnlyCreates() throws Exception {
    BlobInfo info = BlobInfo.newBuilder(BUCKET, "videos/once.mp4").build();
    env.storage.create(info, new byte[] {1}, Storage.BlobTargetOption.doesNotExist());

    assertThatThrownBy(() -> env.storage.create(info, new byte[] {2}, Storage.BlobTargetOption.doesNotExist()))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.getCode()).isEqualTo(412);
          assertThat(e.getReason()).isEqualTo("conditionNotMet");
        });
    assertThatThrownBy(() -> {
      try (WriteChannel writer = env.storage.writer(info, Storage.BlobWriteOption.doesNotExist())) {
        writer.write(ByteBuffer.wrap(new byte[] {3}));
      }
    }).isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThat(env.emulator.object(BUCKET, "videos/once.mp4").orElseThrow().data()).containsExactly(1);
  }

  @Test
  void concurrentCreatesWithIfGenerationMatchZeroHaveExactlyOneWinner() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> outcomes = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        byte[] payload = {(byte) i};
        outcomes.add(pool.submit(() -> {
          start.await();
          try {
            env.storage.create(BlobInfo.newBuilder(BUCKET, "race.bin").build(), payload,
                Storage.BlobTargetOption.doesNotExist());
            return 200;
          } catch (StorageException e) {
            return e.getCode();
          }
        }));
      }
      start.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> outcome : outcomes) {
        codes.add(outcome.get(30, TimeUnit.SECONDS));
      }
      assertThat(codes).containsOnly(200, 412);
      assertThat(codes.stream().filter(code -> code == 200).count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void uploadReplacingTheLiveGenerationNeedsItsNumber() {
    Blob first = env.storage.create(BlobInfo.newBuilder(BUCKET, "state.json").build(), new byte[] {1});

    assertThatThrownBy(() -> env.storage.create(
        BlobInfo.newBuilder(BlobId.of(BUCKET, "state.json", first.getGeneration() + 1)).build(),
        new byte[] {2}, Storage.BlobTargetOption.generationMatch()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));

    Blob second = env.storage.create(BlobInfo.newBuilder(BlobId.of(BUCKET, "state.json", first.getGeneration()))
        .build(), new byte[] {2}, Storage.BlobTargetOption.generationMatch());
    assertThat(second.getGeneration()).isGreaterThan(first.getGeneration());
    assertThat(env.emulator.object(BUCKET, "state.json").orElseThrow().data()).containsExactly(2);
  }

  private static HttpResponse<byte[]> putChunk(String session, String contentRange, byte[] body) {
    return RawHttp.send(RawHttp.request(session)
        .header("Content-Range", contentRange)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static byte[] slice(byte[] data, int from, int length) {
    return java.util.Arrays.copyOfRange(data, from, from + length);
  }

  private static byte[] randomBytes(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }
}
