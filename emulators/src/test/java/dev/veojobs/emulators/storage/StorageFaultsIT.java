package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.veojobs.emulators.faults.FaultPlan;
import dev.veojobs.emulators.faults.FaultPlans;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault plans through the official client. It retries a 503 (or a dropped connection) only for calls it
 * deems idempotent: reads always, writes only with a generation precondition. So a fault after a copy or
 * upload reaches a caller without a precondition as a 503, and one with {@code doesNotExist()} as a 412.
 */
class StorageFaultsIT {
  private static final String BUCKET = "faults-bucket";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final EmulatedStorage env = new EmulatedStorage();
  private final FaultPlans faults = env.emulator.faultPlans();

  @BeforeEach
  void bucket() {
    env.emulator.createBucket(BUCKET);
    env.emulator.putObject(BUCKET, "veo-output/j1/1/sample_0.mp4", new byte[] {1, 2, 3}, "video/mp4");
  }

  @AfterEach
  void close() throws Exception {
    env.close();
  }

  private Storage.CopyRequest copyToVideos(Storage.BlobTargetOption... options) {
    return Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(BUCKET, "veo-output/j1/1/sample_0.mp4"))
        .setTarget(BlobInfo.newBuilder(BUCKET, "videos/u1/j1.mp4").build(), options)
        .build();
  }

  @Test
  void aRewriteFailedAfterCopyingLeavesTheCopyInPlace() {
    faults.add(FaultPlan.on("POST").target("/rewriteTo/").after().fail(503).times(1));

    assertThatThrownBy(() -> env.storage.copy(copyToVideos()).getResult())
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).getCode()).isEqualTo(503))
        .hasMessageContaining("fault plan p1");

    assertThat(env.emulator.object(BUCKET, "videos/u1/j1.mp4")).as("the copy happened").isPresent();
    assertThat(faults.injected()).isEqualTo(1);
  }

  @Test
  void aPreconditionedRewriteIsRetriedAndMeetsItsOwnCopy() {
    faults.add(FaultPlan.on("POST").target("/rewriteTo/").after().fail(503).times(1));

    assertThatThrownBy(() -> env.storage.copy(copyToVideos(Storage.BlobTargetOption.doesNotExist())).getResult())
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).getCode()).isEqualTo(412));
    assertThat(faults.plans().get(0).matched()).as("the client resent the rewrite").isEqualTo(2);
  }

  @Test
  void aRewriteFailedBeforeCopyingCopiesNothing() {
    faults.add(FaultPlan.on("POST").target("/rewriteTo/").fail(500).times(1));

    assertThatThrownBy(() -> env.storage.copy(copyToVideos()).getResult()).isInstanceOf(StorageException.class);

    assertThat(env.emulator.object(BUCKET, "videos/u1/j1.mp4")).isEmpty();
  }

  @Test
  void anUploadFailedAfterStoringLeavesTheObject() {
    faults.add(FaultPlan.on("POST").target("^/upload/").after().fail(503).times(1));

    assertThatThrownBy(() -> env.storage.create(BlobInfo.newBuilder(BUCKET, "uploads/u1/a.png").build(), new byte[] {7}))
        .isInstanceOf(StorageException.class);

    assertThat(env.emulator.object(BUCKET, "uploads/u1/a.png")).isPresent();
  }

  @Test
  void failedAndDroppedReadsAreRetriedByTheClient() {
    faults.add(FaultPlan.on("GET").target("/o$|/o\\?").fail(503).times(1));
    faults.add(FaultPlan.on("GET").target("alt=media").dropConnection().times(1));

    long listed = StreamSupport.stream(env.storage.list(BUCKET).iterateAll().spliterator(), false).count();
    byte[] bytes = env.storage.readAllBytes(BlobId.of(BUCKET, "veo-output/j1/1/sample_0.mp4"));

    assertThat(listed).isEqualTo(1);
    assertThat(bytes).containsExactly(1, 2, 3);
    assertThat(faults.plans()).extracting(FaultPlans.PlanStatus::injected).containsExactly(1L, 1L);
  }

  @Test
  void aNonRetryableStatusReachesTheCaller() {
    faults.add(FaultPlan.on("GET").target("/o/veo-output/").fail(403));

    assertThatThrownBy(() -> env.storage.get(BlobId.of(BUCKET, "veo-output/j1/1/sample_0.mp4")))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).getCode()).isEqualTo(403));
    assertThat(env.storage.get(BlobId.of(BUCKET, "missing"))).as("other objects are untouched").isNull();
  }

  @Test
  void aHeldMetadataReadBlocksNothingElseAndIsRetriedOnRelease() throws Exception {
    faults.add(FaultPlan.on("GET").target("/o/veo-output/").hang().times(1));
    CompletableFuture<Blob> held = CompletableFuture.supplyAsync(
        () -> env.storage.get(BlobId.of(BUCKET, "veo-output/j1/1/sample_0.mp4")));
    faults.awaitHeld(1, WAIT);

    for (int i = 0; i < 10; i++) {
      env.storage.create(BlobInfo.newBuilder(BUCKET, "other/" + i).build(), new byte[] {(byte) i});
    }
    assertThat(held).isNotDone();
    assertThat(faults.releaseHeld()).isEqualTo(1);

    assertThat(held.get(10, TimeUnit.SECONDS).getSize()).isEqualTo(3);
    assertThat(faults.released()).isEqualTo(1);
  }

  @Test
  void faultAnswersUseTheJsonApiErrorShape() {
    faults.add(FaultPlan.on("GET").fail(503));

    var response = RawHttp.get(env.emulator.baseUrl() + "/storage/v1/b/" + BUCKET + "/o/missing");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(RawHttp.json(response).path("error").path("errors").get(0).path("reason").asText())
        .isEqualTo("backendError");
    assertThat(RawHttp.get(env.emulator.baseUrl() + "/_emulator/health").statusCode())
        .as("the control plane is never faulted").isEqualTo(200);
  }

  @Test
  void plansAreCheckedAndManagedOverTheControlPlane() {
    String base = env.emulator.baseUrl() + "/_emulator/fault-plans";
    var badPattern = RawHttp.send(RawHttp.request(base)
        .POST(HttpRequest.BodyPublishers.ofString("{\"calls\":[\"POST\"],\"target\":\"(unclosed\"}")));
    var badMethod = RawHttp.send(RawHttp.request(base)
        .POST(HttpRequest.BodyPublishers.ofString("{\"calls\":[\"rewrite\"]}")));
    var added = RawHttp.send(RawHttp.request(base)
        .POST(HttpRequest.BodyPublishers.ofString("{\"calls\":\"DELETE\",\"effect\":\"hang\",\"times\":1}")));
    CompletableFuture<Boolean> deleted = CompletableFuture.supplyAsync(
        () -> env.storage.delete(BlobId.of(BUCKET, "veo-output/j1/1/sample_0.mp4")));
    faults.awaitHeld(1, WAIT);
    var released = RawHttp.send(RawHttp.request(base + "/release").POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(badPattern.statusCode()).isEqualTo(400);
    assertThat(badMethod.statusCode()).isEqualTo(400);
    assertThat(RawHttp.text(badMethod)).contains("DELETE, GET, HEAD, PATCH, POST, PUT");
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(RawHttp.json(released).path("released").asInt()).isEqualTo(1);
    assertThatThrownBy(deleted::join).as("a delete without a precondition is not retried")
        .hasCauseInstanceOf(StorageException.class).hasMessageContaining("released");
    assertThat(env.emulator.object(BUCKET, "veo-output/j1/1/sample_0.mp4")).as("held before deleting").isPresent();
  }
}
