package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.StorageException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StorageBucketsIT {
  private final EmulatedStorage env = new EmulatedStorage();

  @AfterEach
  void close() throws Exception {
    env.close();
  }

  @Test
  void insertedBucketCanBeFetchedWithItsCreationTime() {
    env.storage.create(BucketInfo.of("videos-bucket"));
    env.clock.advance(Duration.ofMinutes(5));

    Bucket bucket = env.storage.get("videos-bucket");

    assertThat(bucket).isNotNull();
    assertThat(bucket.getName()).isEqualTo("videos-bucket");
    assertThat(bucket.getCreateTimeOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2030-01-15T10:00:00Z"));
  }

  @Test
  void missingBucketIsNotFound() {
    assertThat(env.storage.get("no-such-bucket")).isNull();

    var response = RawHttp.get(env.emulator.baseUrl() + "/storage/v1/b/no-such-bucket");
    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = RawHttp.json(response).get("error");
    assertThat(error.get("message").asText()).isEqualTo("The specified bucket does not exist.");
    assertThat(error.get("errors").get(0).get("reason").asText()).isEqualTo("notFound");
  }

  @Test
  void creatingAnExistingBucketConflicts() {
    env.storage.create(BucketInfo.of("videos-bucket"));

    assertThatThrownBy(() -> env.storage.create(BucketInfo.of("videos-bucket")))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getReason()).isEqualTo("conflict");
        });
  }

  @Test
  void invalidBucketNameIsRejected() {
    assertThatThrownBy(() -> env.storage.create(BucketInfo.of("Not_A_Valid_Name")))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.getCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Invalid bucket name: 'Not_A_Valid_Name'");
        });
  }

  @Test
  void bucketsCreatedInProcessAreVisibleToTheClientAndListed() {
    env.emulator.createBucket("made-in-process");
    env.emulator.createBucket("made-in-process");
    env.storage.create(BucketInfo.of("made-by-client"));

    assertThat(env.storage.list().iterateAll()).extracting(Bucket::getName)
        .containsExactly("made-by-client", "made-in-process");
  }

  @Test
  void onlyAnEmptyBucketCanBeDeleted() {
    env.emulator.createBucket("doomed-bucket");
    env.emulator.putObject("doomed-bucket", "file.txt", new byte[] {1}, "text/plain");

    assertThatThrownBy(() -> env.storage.delete("doomed-bucket"))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    env.storage.delete(com.google.cloud.storage.BlobId.of("doomed-bucket", "file.txt"));
    assertThat(env.storage.delete("doomed-bucket")).isTrue();
    assertThat(env.storage.get("doomed-bucket")).isNull();
  }

  @Test
  void objectsAreNeverPutIntoABucketThatDoesNotExist() {
    assertThatThrownBy(() -> env.emulator.putObject("ghost-bucket", "a.txt", new byte[0], "text/plain"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The specified bucket does not exist.");

    var response = RawHttp.send(RawHttp.request(env.emulator.baseUrl()
            + "/upload/storage/v1/b/ghost-bucket/o?uploadType=media&name=a.txt")
        .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(env.emulator.object("ghost-bucket", "a.txt")).isEmpty();
  }
}
