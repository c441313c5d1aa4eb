package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.CopyWriter;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorageObjectsIT {
  private static final String BUCKET = "objects-bucket";
  private static final String OTHER = "other-bucket";
  private final EmulatedStorage env = new EmulatedStorage();

  @BeforeEach
  void buckets() {
    env.emulator.createBucket(BUCKET);
    env.emulator.createBucket(OTHER);
  }

  @AfterEach
  void close() throws Exception {
    env.close();
  }

  @Test
  void metadataOfANestedNameReportsEveryFieldAsProductionDoes() {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    env.storage.create(BlobInfo.newBuilder(BUCKET, "veo-output/job 1/sample_0.mp4")
        .setContentType("video/mp4").setMetadata(Map.of("owner", "u1")).build(), data);

    Blob blob = env.storage.get(BlobId.of(BUCKET, "veo-output/job 1/sample_0.mp4"));

    assertThat(blob.getName()).isEqualTo("veo-output/job 1/sample_0.mp4");
    assertThat(blob.getSize()).isEqualTo(5L);
    assertThat(blob.getContentType()).isEqualTo("video/mp4");
    assertThat(blob.getMetadata()).containsExactly(Map.entry("owner", "u1"));
    assertThat(blob.getMetageneration()).isEqualTo(1L);
    assertThat(blob.getGeneration()).isEqualTo(1_894_701_600_000_000L); // microseconds of the clock
    assertThat(blob.getMd5()).isEqualTo(ExpectedChecksums.md5(data)).isEqualTo("XUFAKrxLKna5cZ2REBfFkg==");
    assertThat(blob.getCrc32c()).isEqualTo(ExpectedChecksums.crc32c(data)).isEqualTo("mnG7TA==");
    assertThat(blob.getCreateTimeOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2030-01-15T10:00:00Z"));
    assertThat(blob.getUpdateTimeOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2030-01-15T10:00:00Z"));

    var raw = RawHttp.get(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
        + "/o/veo-output%2Fjob%201%2Fsample_0.mp4");
    JsonNode json = RawHttp.json(raw);
    assertThat(json.get("kind").asText()).isEqualTo("storage#object");
    assertThat(json.get("size").isTextual()).as("int64 fields are JSON strings").isTrue();
    assertThat(json.get("generation").asText()).isEqualTo("1894701600000000");
  }

  @Test
  void missingObjectIsNotFoundWithProductionsMessage() {
    assertThat(env.storage.get(BlobId.of(BUCKET, "no/such.txt"))).isNull();

    var raw = RawHttp.get(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET + "/o/no%2Fsuch.txt");
    assertThat(raw.statusCode()).isEqualTo(404);
    JsonNode error = RawHttp.json(raw).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(404);
    assertThat(error.get("message").asText()).isEqualTo("No such object: objects-bucket/no/such.txt");
    assertThat(error.at("/errors/0/reason").asText()).isEqualTo("notFound");
  }

  @Test
  void updatingMetadataBumpsMetagenerationAndTheUpdatedTime() {
    Blob created = env.storage.create(BlobInfo.newBuilder(BUCKET, "a.txt")
        .setMetadata(Map.of("keep", "1", "drop", "2")).build(), new byte[] {1});
    env.clock.advance(Duration.ofMinutes(3));

    Map<String, String> changes = new java.util.HashMap<>();
    changes.put("drop", null);
    changes.put("added", "3");
    Blob updated = env.storage.update(created.toBuilder().setMetadata(changes).setContentType("text/plain").build());

    assertThat(updated.getMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "added", "3"));
    assertThat(updated.getContentType()).isEqualTo("text/plain");
    assertThat(updated.getMetageneration()).isEqualTo(2L);
    assertThat(updated.getGeneration()).isEqualTo(created.getGeneration());
    assertThat(updated.getUpdateTimeOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2030-01-15T10:03:00Z"));
    assertThat(updated.getCreateTimeOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2030-01-15T10:00:00Z"));
  }

  @Test
  void deleteRemovesTheObjectAndReportsMissingOnes() {
    env.storage.create(BlobInfo.newBuilder(BUCKET, "gone.txt").build(), new byte[] {1});

    assertThat(env.storage.delete(BlobId.of(BUCKET, "gone.txt"))).isTrue();
    assertThat(env.storage.delete(BlobId.of(BUCKET, "gone.txt"))).isFalse();
    assertThat(env.emulator.object(BUCKET, "gone.txt")).isEmpty();

    var raw = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET + "/o/gone.txt")
        .DELETE());
    assertThat(raw.statusCode()).isEqualTo(404);
  }

  @Test
  void deleteHonoursGenerationPreconditionsWithProductionsErrorBody() {
    Blob blob = env.storage.create(BlobInfo.newBuilder(BUCKET, "guarded.txt").build(), new byte[] {1});

    assertThatThrownBy(() -> env.storage.delete(BlobId.of(BUCKET, "guarded.txt"),
        Storage.BlobSourceOption.generationMatch(blob.getGeneration() + 1)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThatThrownBy(() -> env.storage.delete(BlobId.of(BUCKET, "guarded.txt"),
        Storage.BlobSourceOption.metagenerationMatch(7)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));

    var raw = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
        + "/o/guarded.txt?ifGenerationNotMatch=" + blob.getGeneration()).DELETE());
    assertThat(raw.statusCode()).isEqualTo(412);
    JsonNode error = RawHttp.json(raw).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(412);
    assertThat(error.get("message").asText())
        .isEqualTo("At least one of the pre-conditions you specified did not hold.");
    assertThat(error.at("/errors/0/reason").asText()).isEqualTo("conditionNotMet");
    assertThat(error.at("/errors/0/message").asText())
        .isEqualTo("At least one of the pre-conditions you specified did not hold.");

    assertThat(env.storage.delete(BlobId.of(BUCKET, "guarded.txt", blob.getGeneration()),
        Storage.BlobSourceOption.generationMatch())).isTrue();
  }

  @Test
  void listFiltersByPrefixAndFoldsDirectoriesWithADelimiter() {
    for (String name : List.of("videos/u1/a.mp4", "videos/u1/b.mp4", "videos/u2/c.mp4", "videos/top.mp4",
        "uploads/x.png")) {
      env.emulator.putObject(BUCKET, name, new byte[] {1}, "application/octet-stream");
    }

    assertThat(names(env.storage.list(BUCKET, Storage.BlobListOption.prefix("videos/u1/")).iterateAll()))
        .containsExactly("videos/u1/a.mp4", "videos/u1/b.mp4");
    // currentDirectory() sets delimiter "/"; the client reports each prefix as a directory blob
    assertThat(names(env.storage.list(BUCKET, Storage.BlobListOption.prefix("videos/"),
        Storage.BlobListOption.currentDirectory()).iterateAll()))
        .containsExactly("videos/top.mp4", "videos/u1/", "videos/u2/");

    JsonNode raw = RawHttp.json(RawHttp.get(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
        + "/o?prefix=videos%2F&delimiter=%2F"));
    assertThat(raw.get("prefixes")).extracting(JsonNode::asText).containsExactly("videos/u1/", "videos/u2/");
    assertThat(raw.get("items")).extracting(item -> item.get("name").asText()).containsExactly("videos/top.mp4");
  }

  @Test
  void listPagesWithPageTokenAndMaxResults() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String name = "page/obj-" + i;
      all.add(name);
      env.emulator.putObject(BUCKET, name, new byte[] {(byte) i}, "text/plain");
    }

    Page<Blob> first = env.storage.list(BUCKET, Storage.BlobListOption.pageSize(3));
    assertThat(names(first.getValues())).containsExactly("page/obj-0", "page/obj-1", "page/obj-2");
    assertThat(first.hasNextPage()).isTrue();
    List<String> pages = new ArrayList<>();
    for (Page<Blob> page = first; page != null; page = page.getNextPage()) {
      pages.add(String.join(",", names(page.getValues())));
    }
    assertThat(pages).hasSize(3);
    assertThat(names(first.iterateAll())).containsExactlyElementsOf(all);
  }

  @Test
  void rewriteCopiesBytesAndMetadataInOneCall() {
    byte[] data = "the finished video".getBytes(StandardCharsets.UTF_8);
    env.storage.create(BlobInfo.newBuilder(BUCKET, "veo-output/j1/sample_0.mp4").setContentType("video/mp4")
        .setMetadata(Map.of("source", "veo")).build(), data);

    CopyWriter copy = env.storage.copy(Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(BUCKET, "veo-output/j1/sample_0.mp4"))
        .setTarget(BlobId.of(OTHER, "videos/u1/j1.mp4"), Storage.BlobTargetOption.doesNotExist())
        .build());

    assertThat(copy.isDone()).isTrue();
    Blob result = copy.getResult();
    assertThat(result.getContentType()).isEqualTo("video/mp4");
    assertThat(result.getMetadata()).containsExactly(Map.entry("source", "veo"));
    assertThat(env.storage.readAllBytes(BlobId.of(OTHER, "videos/u1/j1.mp4"))).isEqualTo(data);

    var raw = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
            + "/o/veo-output%2Fj1%2Fsample_0.mp4/rewriteTo/b/" + OTHER + "/o/again.mp4")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    JsonNode response = RawHttp.json(raw);
    assertThat(response.get("kind").asText()).isEqualTo("storage#rewriteResponse");
    assertThat(response.get("done").asBoolean()).isTrue();
    assertThat(response.get("totalBytesRewritten").asText()).isEqualTo(Integer.toString(data.length));
    assertThat(response.at("/resource/name").asText()).isEqualTo("again.mp4");
  }

  @Test
  void rewriteWithTargetMetadataReplacesTheSourceMetadata() {
    env.storage.create(BlobInfo.newBuilder(BUCKET, "src.bin").setContentType("application/octet-stream")
        .setMetadata(Map.of("old", "1")).build(), new byte[] {1, 2, 3});

    Blob result = env.storage.copy(Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(BUCKET, "src.bin"))
        .setTarget(BlobInfo.newBuilder(OTHER, "dst.mp4").setContentType("video/mp4")
            .setMetadata(Map.of("new", "2")).build())
        .build()).getResult();

    assertThat(result.getContentType()).isEqualTo("video/mp4");
    assertThat(result.getMetadata()).containsExactly(Map.entry("new", "2"));
  }

  @Test
  void rewriteHonoursTargetAndSourcePreconditions() {
    env.storage.create(BlobInfo.newBuilder(BUCKET, "src.bin").build(), new byte[] {1});
    env.storage.create(BlobInfo.newBuilder(OTHER, "taken.bin").build(), new byte[] {9});

    assertThatThrownBy(() -> env.storage.copy(Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(BUCKET, "src.bin"))
        .setTarget(BlobId.of(OTHER, "taken.bin"), Storage.BlobTargetOption.doesNotExist())
        .build()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThatThrownBy(() -> env.storage.copy(Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(BUCKET, "src.bin"))
        .setSourceOptions(Storage.BlobSourceOption.generationMatch(42))
        .setTarget(BlobId.of(OTHER, "fresh.bin"))
        .build()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThatThrownBy(() -> env.storage.copy(Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(BUCKET, "missing.bin"))
        .setTarget(BlobId.of(OTHER, "fresh.bin"))
        .build()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThat(env.emulator.object(OTHER, "taken.bin").orElseThrow().data()).containsExactly(9);
    assertThat(env.emulator.object(OTHER, "fresh.bin")).isEmpty();
  }

  @Test
  void copyToEndpointReturnsTheNewObject() {
    env.emulator.putObject(BUCKET, "a.txt", "abc".getBytes(StandardCharsets.UTF_8), "text/plain");

    var raw = RawHttp.send(RawHttp.request(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET
            + "/o/a.txt/copyTo/b/" + OTHER + "/o/b.txt")
        .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(raw).get("name").asText()).isEqualTo("b.txt");
    assertThat(env.storage.readAllBytes(BlobId.of(OTHER, "b.txt"))).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(Iterable<Blob> blobs) {
    List<String> names = new ArrayList<>();
    blobs.forEach(blob -> names.add(blob.getName()));
    return names;
  }
}
