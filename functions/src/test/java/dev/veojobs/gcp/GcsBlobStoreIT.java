package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Storage;
import dev.veojobs.app.BlobStore;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.storage.StorageEmulator;
import dev.veojobs.emulators.storage.StoredObject;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.PermanentFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blob store through the official Storage client against the in-process Storage emulator. */
class GcsBlobStoreIT {
  private static final String PROJECT = "veo-jobs-it";
  private static final String BUCKET = "videos-it";
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T10:00:00Z"));
  private static final byte[] VIDEO = "not really an mp4, but bytes all the same".getBytes(StandardCharsets.UTF_8);
  private static StorageEmulator emulator;
  private static Storage storage;
  private static GcsBlobStore blobs;

  @BeforeAll
  static void start() {
    emulator = StorageEmulator.builder().clock(CLOCK).build().start();
    storage = GcpClients.storage(PROJECT, emulator.baseUrl(), CLOCK);
    blobs = new GcsBlobStore(storage);
  }

  @AfterAll
  static void stop() throws Exception {
    storage.close();
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.reset();
    emulator.createBucket(BUCKET);
  }

  private static StoredObject stored(String name) {
    return emulator.object(BUCKET, name).orElseThrow(() -> new AssertionError("no object " + name));
  }

  @Test
  void copyIsServerSideAndARepeatedCopySucceedsWithoutRewriting() {
    emulator.putObject(BUCKET, "veo-output/j1/1/sample_0.mp4", VIDEO, "video/mp4");
    String uri = blobs.copy("gs://" + BUCKET + "/veo-output/j1/1/sample_0.mp4", BUCKET, "videos/u1/j1.mp4");
    assertThat(uri).isEqualTo("gs://" + BUCKET + "/videos/u1/j1.mp4");
    StoredObject copy = stored("videos/u1/j1.mp4");
    assertThat(copy.data()).isEqualTo(VIDEO);
    assertThat(copy.contentType()).isEqualTo("video/mp4");

    assertThat(blobs.copy("gs://" + BUCKET + "/veo-output/j1/1/sample_0.mp4", BUCKET, "videos/u1/j1.mp4"))
        .isEqualTo(uri);
    assertThat(stored("videos/u1/j1.mp4").generation()).isEqualTo(copy.generation());
  }

  @Test
  void aCopyNeverOverwritesAnExistingObject() {
    emulator.putObject(BUCKET, "src.mp4", VIDEO, "video/mp4");
    emulator.putObject(BUCKET, "dst.mp4", new byte[] {1}, "video/mp4");
    blobs.copy("gs://" + BUCKET + "/src.mp4", BUCKET, "dst.mp4");
    assertThat(stored("dst.mp4").data()).containsExactly(1);
  }

  @Test
  void aMissingSourceIsAPermanentFinalizeFailure() {
    assertThatThrownBy(() -> blobs.copy("gs://" + BUCKET + "/veo-output/none.mp4", BUCKET, "videos/u1/j2.mp4"))
        .isInstanceOfSatisfying(PermanentFailure.class,
            p -> assertThat(p.error().code()).isEqualTo(ErrorCode.FINALIZE_FAILED));
    assertThat(emulator.object(BUCKET, "videos/u1/j2.mp4")).isEmpty();
  }

  @Test
  void aMissingSourceWhoseCopyIsAlreadyDoneIsSuccess() {
    emulator.putObject(BUCKET, "videos/u1/j3.mp4", VIDEO, "video/mp4");
    assertThat(blobs.copy("gs://" + BUCKET + "/veo-output/cleaned-up.mp4", BUCKET, "videos/u1/j3.mp4"))
        .isEqualTo("gs://" + BUCKET + "/videos/u1/j3.mp4");
  }

  @Test
  void uploadWritesOnceAndARepeatedUploadSucceedsKeepingTheFirst() {
    String uri = blobs.upload(VIDEO, "video/mp4", BUCKET, "videos/u1/j4.mp4");
    assertThat(uri).isEqualTo("gs://" + BUCKET + "/videos/u1/j4.mp4");
    StoredObject first = stored("videos/u1/j4.mp4");
    assertThat(first.data()).isEqualTo(VIDEO);
    assertThat(first.contentType()).isEqualTo("video/mp4");

    assertThat(blobs.upload(new byte[] {9, 9}, "video/mp4", BUCKET, "videos/u1/j4.mp4")).isEqualTo(uri);
    assertThat(stored("videos/u1/j4.mp4").data()).isEqualTo(VIDEO);
    assertThat(stored("videos/u1/j4.mp4").generation()).isEqualTo(first.generation());
  }

  @Test
  void existsAndDescribeReportSizeAndType() {
    emulator.putObject(BUCKET, "uploads/u1/in.png", new byte[1234], "image/png");
    assertThat(blobs.exists(BUCKET, "uploads/u1/in.png")).isTrue();
    assertThat(blobs.describe(BUCKET, "uploads/u1/in.png")).isEqualTo(new BlobStore.BlobInfo(1234, "image/png"));
    assertThat(blobs.exists(BUCKET, "uploads/u1/none.png")).isFalse();
    assertThat(blobs.describe(BUCKET, "uploads/u1/none.png")).isNull();
  }
}
