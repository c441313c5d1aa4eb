package dev.veojobs.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.veojobs.app.AdmissionLimits;
import dev.veojobs.app.CreateOutcome;
import dev.veojobs.app.Decision;
import dev.veojobs.app.JobEvent;
import dev.veojobs.app.JobStore;
import dev.veojobs.app.JobStoreContract;
import dev.veojobs.app.UsageDelta;
import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.emulators.faults.FaultPlan;
import dev.veojobs.emulators.firestore.FirestoreEmulator;
import dev.veojobs.job.ErrorCode;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job store contract and the Firestore document layout, through the official client against
 * the in-process Firestore emulator, which enforces emulator-config/firestore.indexes.json.
 */
class FirestoreJobStoreIT extends JobStoreContract {
  private static final String PROJECT = "veo-jobs-it";
  private static final EmulatorClock CLOCK = EmulatorClock.manual(Instant.parse("2026-03-01T10:00:00Z"));
  private static FirestoreEmulator emulator;
  private static Firestore db;
  private static FirestoreJobStore store;

  @BeforeAll
  static void start() {
    emulator = FirestoreEmulator.builder()
        .clock(CLOCK)
        .indexes(Path.of("..", "emulator-config", "firestore.indexes.json"))
        .build()
        .start();
    db = GcpClients.firestore(PROJECT, null, emulator.hostAndPort());
    store = new FirestoreJobStore(db, CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
    emulator.close();
  }

  @BeforeEach
  void clean() {
    emulator.reset();
  }

  @Override
  protected JobStore store() {
    return store;
  }

  @Override
  protected EmulatorClock clock() {
    return CLOCK;
  }

  private static Map<String, Object> doc(String path) {
    return emulator.document(PROJECT, path).orElseThrow(() -> new AssertionError("no document " + path));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void theJobDocumentIsSnakeCaseWithServerTimestamps() {
    Instant serverNow = now();
    create(pending("j1", "u1", "n1"));
    Map<String, Object> job = doc("jobs/j1");
    assertThat(job).containsEntry("owner_uid", "u1").containsEntry("status", "PENDING")
        .containsEntry("stage", "QUEUED").containsEntry("progress", 0L).containsEntry("node_id", "n1")
        .containsEntry("attempt", 0L).containsEntry("poll_count", 0L).containsEntry("request_fingerprint", "fp-j1")
        .containsKeys("lease_until", "operation_name", "video_url", "error", "deadline_at");
    assertThat((Instant) job.get("created_at")).isBetween(serverNow, serverNow.plusMillis(1));
    assertThat(job.get("updated_at")).isEqualTo(job.get("created_at"));
    Map<String, Object> request = map(job.get("request"));
    assertThat(request).containsEntry("prompt", "a cat surfing j1").containsEntry("negative_prompt", "blurry")
        .containsEntry("model", "veo-3.1-fast-generate-001").containsEntry("node_id", "n1")
        .containsEntry("project_id", "project-1");
    assertThat(map(request.get("parameters"))).containsEntry("duration_seconds", 8L).containsEntry("seed", 42L)
        .containsEntry("aspect_ratio", "16:9").containsEntry("person_generation", "allow_adult");
  }

  @Test
  void theVeo31InputsSurviveTheRoundTripAndOlderDocumentsWithoutThemReadAsNone() throws Exception {
    dev.veojobs.job.JobRequest asked = new dev.veojobs.job.JobRequest("a cat", null, "veo-3.1-generate-001",
        new dev.veojobs.job.ImageInput("gs://b/uploads/u1/1.png", "image/png"),
        new dev.veojobs.job.ImageInput("gs://b/uploads/u1/2.png", "image/png"),
        java.util.List.of(new dev.veojobs.job.ReferenceImage("gs://b/uploads/u1/3.jpg", "image/jpeg", "asset")),
        new dev.veojobs.job.VideoExtension("src", "gs://b/videos/u1/src.mp4", 15),
        new dev.veojobs.job.VideoParameters(7, "16:9", "720p", 1, null, false, "allow_adult", true), "n1", null, null);
    dev.veojobs.job.Job job = create(dev.veojobs.job.TestJobs.job("j1").owner("u1").request(asked).queued());

    assertThat(store.find("j1").orElseThrow().request()).isEqualTo(job.request());
    Map<String, Object> request = map(doc("jobs/j1").get("request"));
    assertThat(map(request.get("extend_from"))).containsEntry("job_id", "src").containsEntry("source_seconds", 15L);
    assertThat(map(request.get("last_frame"))).containsEntry("gcs_uri", "gs://b/uploads/u1/2.png");

    db.document("jobs/j1").update(Map.of("request.last_frame", com.google.cloud.firestore.FieldValue.delete(),
        "request.reference_images", com.google.cloud.firestore.FieldValue.delete(),
        "request.extend_from", com.google.cloud.firestore.FieldValue.delete())).get();
    dev.veojobs.job.JobRequest old = store.find("j1").orElseThrow().request();
    assertThat(old.lastFrame()).isNull();
    assertThat(old.referenceImages()).isEmpty();
    assertThat(old.extendFrom()).isNull();
    assertThat(old.sourceJobId()).isNull();
    assertThat(old.image()).isEqualTo(asked.image());
  }

  @Test
  void theNodeChangesInTheSameTransactionAsTheJobAndKeepsItsOtherFields() throws Exception {
    db.collection("nodes").document("n1").set(Map.of("title", "My node")).get();
    create(pending("j1", "u1", "n1"));
    assertThat(doc("nodes/n1")).containsEntry("status", "PENDING").containsEntry("job_id", "j1")
        .containsEntry("title", "My node");

    CLOCK.advance(Duration.ofSeconds(30));
    store.update("j1", current -> Decision.write(completed(current, "https://videos.example/j1.mp4"),
        new JobEvent("job.completed", Map.of()), null));
    Map<String, Object> node = doc("nodes/n1");
    assertThat(node).containsEntry("status", "COMPLETED").containsEntry("job_id", "j1")
        .containsEntry("error_message", null).containsEntry("title", "My node");
    assertThat(map(node.get("data"))).containsEntry("video_url", "https://videos.example/j1.mp4")
        // Issue 11 item 5: the URL expires, so the node says when, and which object it is.
        .containsEntry("video_path", "videos/u1/j1.mp4")
        .containsEntry("video_url_expires_at", doc("jobs/j1").get("video_url_expires_at"));
    assertThat(map(node.get("data")).get("video_url_expires_at")).isNotNull();
    assertThat(node.get("updated_at")).isEqualTo(doc("jobs/j1").get("updated_at"));
  }

  /**
   * Issue 11 item 2: a document written by an older version, by hand or by a migration, without
   * request.parameters, model, counters or outputs, reads with the documented defaults.
   */
  @Test
  void aJobDocumentWithoutParametersAndOtherOptionalPartsReadsWithTheDefaults() throws Exception {
    db.collection("jobs").document("old").set(Map.of("owner_uid", "u1", "status", "PENDING", "stage", "QUEUED",
        "request", Map.of("prompt", "a cat"))).get();

    dev.veojobs.job.Job job = store.find("old").orElseThrow();

    assertThat(job.request().parameters()).isEqualTo(dev.veojobs.job.VeoLimits.defaultParameters());
    assertThat(job.request().model()).isEqualTo(dev.veojobs.job.VeoLimits.DEFAULT_MODEL);
    assertThat(job.request().webhookUrl()).isNull();
    assertThat(job.webhooksOwed()).isEmpty();
    assertThat(job.canClaimStart(CLOCK.instant())).isTrue();
  }

  /** Parameters written only in part (by hand) take the default for each missing one, never 0 or null. */
  @Test
  void aJobDocumentWithSomeParametersTakesTheDefaultForTheOthers() throws Exception {
    db.collection("jobs").document("old").set(Map.of("owner_uid", "u1", "status", "PENDING", "stage", "QUEUED",
        "request", Map.of("prompt", "a cat", "parameters", Map.of("duration_seconds", 4L)))).get();

    dev.veojobs.job.VideoParameters p = store.find("old").orElseThrow().request().parameters();

    assertThat(p.durationSeconds()).isEqualTo(4);
    assertThat(p.sampleCount()).isEqualTo(1);
    assertThat(p.aspectRatio()).isEqualTo("16:9");
    assertThat(p.resolution()).isEqualTo("720p");
    assertThat(p.personGeneration()).isEqualTo("allow_adult");
    assertThat(p.enhancePrompt()).isTrue();
  }

  /** Issue 11 item 1: the node records its owner in the job's create transaction. */
  @Test
  void theNodeRecordsItsOwnerAndAnotherUsersJobChangesNothingAndBillsNothing() {
    create(pending("a1", "u1", "n1"));
    long writes = emulator.writeCount();

    assertThat(store.create(pending("b1", "u2", "n1"), AdmissionLimits.NONE))
        .isEqualTo(new CreateOutcome.NodeNotFound("n1"));

    assertThat(emulator.writeCount()).isEqualTo(writes);
    assertThat(doc("nodes/n1")).containsEntry("owner_uid", "u1").containsEntry("job_id", "a1");
    assertThat(emulator.document(PROJECT, "jobs/b1")).isEmpty();
    assertThat(emulator.document(PROJECT, "usage/u2/days/" + DateTimeFormatter.BASIC_ISO_DATE.format(
        LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC)))).isEmpty();
  }

  /** A node written before nodes had owners belongs to the owner of the job it shows. */
  @Test
  void aNodeWithoutAnOwnerBelongsToTheOwnerOfTheJobItShows() throws Exception {
    create(pending("a1", "u1", null));
    db.collection("nodes").document("legacy").set(Map.of("job_id", "a1", "status", "PENDING")).get();

    assertThat(store.create(pending("b1", "u2", "legacy"), AdmissionLimits.NONE))
        .isEqualTo(new CreateOutcome.NodeNotFound("legacy"));
    create(pending("a2", "u1", "legacy"));
    assertThat(doc("nodes/legacy")).containsEntry("owner_uid", "u1").containsEntry("job_id", "a2");
  }

  @Test
  void withRetentionAFinishedJobAndEveryEventExpireThatLongAfterItEnded() {
    FirestoreJobStore retaining = new FirestoreJobStore(db, CLOCK, Duration.ofDays(30));
    retaining.create(pending("j1", "u1", null), dev.veojobs.app.AdmissionLimits.NONE);
    retaining.update("j1", current -> Decision.write(generating(current), new JobEvent("job.started", Map.of()), null));
    assertThat(doc("jobs/j1")).as("a live job never expires").doesNotContainKey(FirestoreQueries.EXPIRE_AT);

    CLOCK.advance(Duration.ofMinutes(3));
    Instant ended = now();
    retaining.update("j1", current -> Decision.write(completed(current, "https://videos.example/j1.mp4"),
        new JobEvent("job.completed", Map.of()), null));

    Instant expected = ended.plus(Duration.ofDays(30));
    assertThat((Instant) doc("jobs/j1").get(FirestoreQueries.EXPIRE_AT)).isBetween(expected, expected.plusSeconds(1));
    for (String seq : List.of("0000000001", "0000000002", "0000000003")) {
      assertThat(doc("jobs/j1/events/" + seq)).containsEntry(FirestoreQueries.EXPIRE_AT, doc("jobs/j1").get(FirestoreQueries.EXPIRE_AT));
    }
  }

  @Test
  void withoutRetentionNothingExpires() {
    create(pending("j1", "u1", null));
    store.update("j1", current -> Decision.write(completed(current, "https://videos.example/j1.mp4"),
        new JobEvent("job.completed", Map.of()), null));

    assertThat(doc("jobs/j1")).doesNotContainKey(FirestoreQueries.EXPIRE_AT);
    assertThat(doc("jobs/j1/events/0000000002")).doesNotContainKey(FirestoreQueries.EXPIRE_AT);
  }

  @Test
  void aFailedJobShowsItsMessageOnTheNode() {
    create(pending("j1", "u1", "n1"));
    store.update("j1", current -> Decision.write(failed(current, ErrorCode.SAFETY_FILTERED, "Filtered for safety."),
        new JobEvent("job.failed", Map.of("code", ErrorCode.SAFETY_FILTERED)), null));
    assertThat(doc("nodes/n1")).containsEntry("status", "FAILED").containsEntry("error_message", "Filtered for safety.");
  }

  @Test
  void aChangeThatThrowsWritesNeitherJobNorNode() {
    create(pending("j1", "u1", "n1"));
    long writes = emulator.writeCount();
    assertThatThrownBy(() -> store.update("j1", current -> {
      throw new PermanentFailure(ErrorCode.INVALID_ARGUMENT, "no");
    })).isInstanceOf(PermanentFailure.class);
    String result = store.update("j1", current -> Decision.noChange("x"));
    assertThat(result).isEqualTo("x");
    assertThat(emulator.writeCount()).isEqualTo(writes);
    assertThat(doc("nodes/n1")).containsEntry("status", "PENDING");
  }

  @Test
  void aNodeFollowsItsNewestJobNotAnOlderOnesLateUpdate() {
    create(pending("j1", "u1", "n1"));
    CLOCK.advance(Duration.ofSeconds(1));
    create(pending("j2", "u1", "n1"));
    store.update("j1", current -> Decision.write(failed(current, ErrorCode.NO_VIDEO, "No video."), null, null));
    assertThat(doc("nodes/n1")).containsEntry("job_id", "j2").containsEntry("status", "PENDING");
    assertThat(doc("jobs/j1")).containsEntry("status", "FAILED");
  }

  @Test
  void eventsAreAppendedInOrderWithServerTimeAndTheirData() throws Exception {
    create(pending("j1", "u1", null));
    CLOCK.advance(Duration.ofSeconds(2));
    Instant startedAt = CLOCK.instant();
    store.update("j1", current -> Decision.write(generating(current),
        new JobEvent("job.started", Map.of("attempt", 1, "started_at", startedAt)), null));
    store.update("j1", current -> Decision.noChange(null));
    store.update("j1", current -> Decision.write(current.restartPolls(2, CLOCK.instant()), null, null));
    CLOCK.advance(Duration.ofSeconds(2));
    store.update("j1", current -> Decision.write(failed(current, ErrorCode.GENERATION_FAILED, "Veo failed."),
        new JobEvent("job.failed", Map.of("code", ErrorCode.GENERATION_FAILED, "message", "Veo failed.",
            "stage", "GENERATING", "attempts", 1, "failed_at", CLOCK.instant())), null));

    List<QueryDocumentSnapshot> events = db.collection("jobs").document("j1").collection("events")
        .orderBy(FieldPath.documentId()).get().get().getDocuments();
    assertThat(events).extracting(QueryDocumentSnapshot::getId).containsExactly("0000000001", "0000000002", "0000000003");
    assertThat(events).extracting(e -> e.getString("type")).containsExactly("job.created", "job.started", "job.failed");

    Map<String, Object> started = doc("jobs/j1/events/0000000002");
    assertThat((Instant) started.get("at")).isBetween(startedAt, startedAt.plusMillis(1));
    assertThat(map(started.get("data"))).containsEntry("attempt", 1L).containsEntry("started_at", startedAt);
    Map<String, Object> failure = map(doc("jobs/j1/events/0000000003").get("data"));
    assertThat(failure).containsEntry("code", "GENERATION_FAILED").containsEntry("stage", "GENERATING")
        .containsEntry("attempts", 1L).containsKey("failed_at");
  }

  @Test
  void usageCountsCreatedStartedAndOnlyCompletedJobsSeconds() {
    String today = DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC));
    create(pending("ok", "u1", null));
    create(pending("bad", "u1", null));
    for (String id : List.of("ok", "bad")) {
      store.update(id, current -> Decision.write(generating(current), null, null).withUsage(new UsageDelta(1, 0, 0)));
    }
    store.update("ok", current -> Decision.write(completed(current, "https://v"), null, null)
        .withUsage(new UsageDelta(0, 1, 8)));
    store.update("bad", current -> Decision.write(failed(current, ErrorCode.NO_VIDEO, "No video."), null, null));

    Map<String, Object> day = doc("usage/u1/days/" + today);
    assertThat(day).containsEntry("day", today).containsEntry("jobs_created", 2L)
        .containsEntry("jobs_started", 2L).containsEntry("jobs_completed", 1L).containsEntry("seconds_generated", 8L);
  }

  @Test
  void inFlightCountersRiseOnCreateAndFallOnceWhenAJobEnds() {
    create(pending("j1", "u1", null));
    create(pending("j2", "u1", null));
    create(pending("j3", "u2", null));
    assertThat(doc("users/u1")).containsEntry("in_flight", 2L);
    assertThat(globalInFlight()).isEqualTo(3);

    store.update("j1", current -> Decision.write(TestJobs.from(current).at(CLOCK.instant()).starting(), null, null));
    store.update("j1", current -> Decision.write(failed(current, ErrorCode.INVALID_ARGUMENT, "Rejected."), null, null));
    // A second write of the ended job (the start recording its late operation for audit) must not count twice.
    store.update("j1", current -> Decision.write(current.noteOperation("operations/late", CLOCK.instant()), null, null));
    assertThat(doc("users/u1")).containsEntry("in_flight", 1L);
    assertThat(globalInFlight()).isEqualTo(2);
  }

  /** The global count is summed over shards; no one document is written by every job. */
  private static long globalInFlight() {
    long total = 0;
    for (int shard = 0; shard < InFlightShards.SHARDS; shard++) {
      Object value = emulator.document(PROJECT, InFlightShards.COLLECTION + "/" + String.format("%02d", shard))
          .map(d -> d.get("in_flight")).orElse(0L);
      total += ((Number) value).longValue();
    }
    return total;
  }

  /** Issue 10: one global counter document made concurrent creates of different users abort each other. */
  @Test
  void concurrentCreatesOfDifferentUsersDoNotContendUnderAGlobalLimit() throws Exception {
    AdmissionLimits limits = new AdmissionLimits(3, 50, 1000);
    int creates = 40;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
    try {
      java.util.List<java.util.concurrent.Future<CreateOutcome>> outcomes = new java.util.ArrayList<>();
      for (int i = 0; i < creates; i++) {
        String n = Integer.toString(i);
        outcomes.add(pool.submit(() -> store.create(pending("c" + n, "user-" + n, null), limits)));
      }
      for (java.util.concurrent.Future<CreateOutcome> outcome : outcomes) {
        assertThat(outcome.get()).isInstanceOf(CreateOutcome.Created.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(emulator.abortedCount()).as("create transactions aborted for contention").isZero();
    assertThat(globalInFlight()).isEqualTo(creates);
  }

  @Test
  void aRaceEndsWithTheAbortedTransactionRetriedOnFreshData() throws Exception {
    createGenerating("race");
    int decides = raceTwoBumps("race");
    assertThat(decides).isGreaterThanOrEqualTo(3);
    assertThat(store.find("race").orElseThrow().pollCount()).isEqualTo(3);
  }

  @Test
  void theIdempotencyRecordNamesNeitherOwnerNorKey() {
    create(pending("j1", "u1", null, "my-key", "fp"));
    String id = FirestoreJobStore.idempotencyId("u1", "my-key");
    assertThat(id).hasSize(64).doesNotContain("u1").doesNotContain("my-key");
    assertThat(doc("idempotency/" + id)).containsEntry("job_id", "j1").containsEntry("fingerprint", "fp");
  }

  @Test
  void theEmulatorRefusesAQueryWithoutAnIndexSoTheIndexFileIsWhatMakesListsWork() {
    assertThatThrownBy(() -> db.collection("jobs").whereEqualTo("owner_uid", "u1")
        .orderBy("updated_at").get().get())
        .hasMessageContaining("FAILED_PRECONDITION");
  }

  /** Issue 9 item 5: nothing after the commit turns a create into an error (a retry would pay twice). */
  @Test
  void aCreateWhoseReadBackFailsStillAnswersWithTheCommittedJob() {
    emulator.faultPlans().add(FaultPlan.on("GetDocument", "BatchGetDocuments").target("jobs/j1").skip(1)
        .fail("UNAVAILABLE").times(10));

    CreateOutcome outcome = store.create(pending("j1", "u1", null), AdmissionLimits.NONE);

    assertThat(outcome).isInstanceOfSatisfying(CreateOutcome.Created.class,
        created -> assertThat(created.job().id()).isEqualTo("j1"));
    emulator.faultPlans().clear();
    assertThat(store.find("j1")).isPresent();
  }

  @Test
  void aCreateWhoseCommitAnswerIsLostIsRecognisedOnTheRetryNotCountedTwice() {
    emulator.faultPlans().add(FaultPlan.on("Commit").target("jobs/j1").after().fail("UNAVAILABLE").times(1));

    CreateOutcome outcome = store.create(pending("j1", "u1", null), AdmissionLimits.NONE);

    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    assertThat(doc("users/u1")).containsEntry("in_flight", 1L);
  }
}
