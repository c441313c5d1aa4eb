package dev.veojobs.app;

import static dev.veojobs.app.Fixtures.BUCKET;
import static dev.veojobs.app.Fixtures.OWNER;
import static dev.veojobs.app.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.veojobs.emulators.clock.EmulatorClock;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.TestJobs;
import dev.veojobs.security.upload.ImageUriPolicy;
import dev.veojobs.security.upload.UploadPolicy;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CreateJobTest {
  private final EmulatorClock clock = Fixtures.clock();
  private final InMemoryJobStore store = new InMemoryJobStore(clock);
  private final RecordingTaskQueue tasks = new RecordingTaskQueue();
  private final AtomicInteger counter = new AtomicInteger();
  private final IdGenerator ids = () -> "job" + counter.incrementAndGet();

  private CreateJob createJob(PipelineSettings settings) {
    return new CreateJob(store, tasks, settings, new ImageUriPolicy(BUCKET, UploadPolicy.DEFAULT_MAX_BYTES), clock, ids);
  }

  private final CreateJob createJob = createJob(Fixtures.settings());

  @Test
  void aNewJobIsWrittenQueuedAndItsStartIsScheduled() {
    CreateOutcome outcome = createJob.create(OWNER, Fixtures.body(), null);

    Job job = ((CreateOutcome.Created) outcome).job();
    assertThat(job.id()).isEqualTo("job1");
    assertThat(job.ownerUid()).isEqualTo(OWNER);
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.stage()).isEqualTo(JobStage.QUEUED);
    assertThat(job.deadlineAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
    assertThat(job.request().parameters().durationSeconds()).isEqualTo(8);
    assertThat(job.requestFingerprint()).hasSize(64);
    assertThat(store.get("job1")).isEqualTo(job);
    assertThat(tasks.tasks()).containsExactly(new TaskRequest("job1-start", TaskTarget.WORKER,
        new TaskPayload("job1", TaskPayload.Step.START, 1, 0), null));
  }

  @Test
  void anInvalidBodyWritesAndSchedulesNothing() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> createJob.create(OWNER, Map.of("prompt", "x", "parameters", Map.of("duration_seconds", 5)), null));

    assertThat(e.violations()).containsExactly(new FieldViolation("parameters.duration_seconds", "must be one of 4, 6, 8"));
    assertThat(store.jobWrites()).isZero();
    assertThat(tasks.attempts()).isEmpty();
  }

  @Test
  void whenCloudTasksIsDownTheJobIsStillCreatedForTheSweeperToRedrive() {
    tasks.failNext(1);

    CreateOutcome outcome = createJob.create(OWNER, Fixtures.body(), null);

    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    assertThat(store.get("job1").stage()).isEqualTo(JobStage.QUEUED);
    assertThat(tasks.tasks()).isEmpty();

    clock.advance(Duration.ofMinutes(6));
    SweepReport report = new SweepJobs(store, tasks, Fixtures.settings(), clock).sweep();
    assertThat(report.restartedStart()).isEqualTo(1);
    assertThat(tasks.last().payload()).isEqualTo(new TaskPayload("job1", TaskPayload.Step.START, 1, 0));
  }

  @Test
  void theSameKeyAndBodyReplaysTheFirstJob() {
    Job first = ((CreateOutcome.Created) createJob.create(OWNER, Fixtures.body(), "key-1")).job();
    Map<String, Object> spelledOut = new LinkedHashMap<>(Fixtures.body());
    spelledOut.put("parameters", Map.of("duration_seconds", 8));

    CreateOutcome again = createJob.create(OWNER, spelledOut, "key-1");

    assertThat(again).isEqualTo(new CreateOutcome.Replayed(first));
    assertThat(store.list(new JobQuery(OWNER, null, null, 10, null)).jobs()).hasSize(1);
    // The replay of a still-queued job asks for its start again (in case the first enqueue was
    // lost); Cloud Tasks drops the duplicate name, so attempts() is where the second ask shows.
    assertThat(tasks.attempts()).extracting(TaskRequest::name).containsExactly("job1-start", "job1-start");
    assertThat(tasks.tasks()).extracting(TaskRequest::name).containsExactly("job1-start");
  }

  @Test
  void aReplayOfAJobAlreadyStartedSchedulesNothing() {
    Job first = ((CreateOutcome.Created) createJob.create(OWNER, Fixtures.body(), "key-1")).job();
    store.put(TestJobs.from(first).starting());

    CreateOutcome again = createJob.create(OWNER, Fixtures.body(), "key-1");

    assertThat(again).isInstanceOf(CreateOutcome.Replayed.class);
    assertThat(tasks.attempts()).extracting(TaskRequest::name).containsExactly("job1-start");
  }

  @Test
  void aReplayOfACanceledJobSchedulesNothing() {
    Job first = ((CreateOutcome.Created) createJob.create(OWNER, Fixtures.body(), "key-1")).job();
    store.put(first.cancel(clock.instant()));

    assertThat(createJob.create(OWNER, Fixtures.body(), "key-1")).isInstanceOf(CreateOutcome.Replayed.class);
    assertThat(tasks.attempts()).extracting(TaskRequest::name).containsExactly("job1-start");
  }

  /** Every field of the API set, none to its default, so each one can be changed on its own. */
  private static Map<String, Object> fullBody() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("duration_seconds", 8);
    parameters.put("aspect_ratio", "16:9");
    parameters.put("resolution", "720p");
    parameters.put("sample_count", 1);
    parameters.put("seed", 7);
    parameters.put("generate_audio", false);
    parameters.put("person_generation", "allow_adult");
    parameters.put("enhance_prompt", true);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", "a cat surfing");
    body.put("negative_prompt", "blurry");
    body.put("model", "veo-3.1-generate-001");
    body.put("image", Map.of("gcs_uri", ownUpload("png"), "mime_type", "image/png"));
    body.put("last_frame", Map.of("gcs_uri", ownUpload("jpg"), "mime_type", "image/jpeg"));
    body.put("parameters", parameters);
    body.put("node_id", "node-1");
    body.put("project_id", "project-1");
    body.put("webhook_url", "https://hooks.example/a");
    return body;
  }

  private static String ownUpload(String extension) {
    return "gs://" + BUCKET + "/uploads/" + OWNER + "/0123456789abcdef0123456789abcdef." + extension;
  }

  /** Another valid value for each field of {@link #fullBody()}, by JSON path. */
  private static final Map<String, Object> OTHER_VALUES = Map.ofEntries(
      Map.entry("prompt", "a dog surfing"),
      Map.entry("negative_prompt", "dark"),
      Map.entry("model", "veo-3.1-fast-generate-001"),
      Map.entry("image.gcs_uri", "gs://" + BUCKET + "/uploads/" + OWNER + "/fedcba9876543210fedcba9876543210.png"),
      // The declared type must match the uploaded file's, so this retry names a JPEG upload.
      Map.entry("image.mime_type", Map.of("gcs_uri", ownUpload("jpg"), "mime_type", "image/jpeg")),
      Map.entry("last_frame.gcs_uri", "gs://" + BUCKET + "/uploads/" + OWNER + "/fedcba9876543210fedcba9876543210.jpg"),
      Map.entry("last_frame.mime_type", "image/png"),
      Map.entry("parameters.duration_seconds", 4),
      Map.entry("parameters.aspect_ratio", "9:16"),
      Map.entry("parameters.resolution", "1080p"),
      Map.entry("parameters.sample_count", 2),
      Map.entry("parameters.seed", 8),
      Map.entry("parameters.generate_audio", true),
      Map.entry("parameters.person_generation", "dont_allow"),
      Map.entry("parameters.enhance_prompt", false),
      Map.entry("node_id", "node-2"),
      Map.entry("project_id", "project-2"),
      Map.entry("webhook_url", "https://hooks.example/b"),
      Map.entry("webhook_events", List.of("started")));

  /**
   * A retry with the same Idempotency-Key but any field changed is a 409, never the first job
   * replayed (which would carry the first model, webhook URL, node…). The fields are those of the
   * request records, found by reflection, so a new field without a value here fails this test.
   */
  @Test
  void theSameKeyWithAnyFieldChangedIsAConflict() {
    List<String> paths = new ArrayList<>(jsonPaths(JobRequest.class, ""));
    // Inputs that cannot share a body with image: changed on their own in aRetryWithOtherReferencesOrAnotherSourceIsAConflict.
    paths.removeAll(SEPARATELY_VARIED);
    assertThat(OTHER_VALUES.keySet()).as("one value per field of JobRequest")
        .containsExactlyInAnyOrderElementsOf(paths);
    Job first = ((CreateOutcome.Created) createJob.create(OWNER, fullBody(), "key-1")).job();
    assertThat(createJob.create(OWNER, fullBody(), "key-1")).isEqualTo(new CreateOutcome.Replayed(first));

    OTHER_VALUES.forEach((path, value) -> {
      Map<String, Object> retry = fullBody();
      if (path.equals("image.mime_type")) {
        retry.put("image", value);
      } else if (path.equals("last_frame.mime_type")) {
        retry.put("last_frame", Map.of("gcs_uri", ownUpload("png"), "mime_type", value));
      } else if (path.contains(".")) {
        String[] parts = path.split("\\.");
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) retry.get(parts[0]));
        nested.put(parts[1], value);
        retry.put(parts[0], nested);
      } else {
        retry.put(path, value);
      }
      assertThat(createJob.create(OWNER, retry, "key-1")).as("a retry with another " + path)
          .isEqualTo(new CreateOutcome.KeyConflict(first.id()));
    });
    assertThat(store.jobWrites()).as("only the first job was written").isEqualTo(1);
  }

  private static final List<String> SEPARATELY_VARIED = List.of(
      "reference_images", "extend_from.source_job_id", "extend_from.video_gcs_uri", "extend_from.source_seconds");

  @Test
  void aRetryWithOtherReferencesOrAnotherSourceIsAConflict() {
    store.put(completedSource("src1", "node-1"));
    store.put(completedSource("src2", "node-1"));
    Map<String, Object> references = Map.of("prompt", "x", "model", "veo-3.1-generate-001",
        "reference_images", List.of(Map.of("gcs_uri", ownUpload("png"), "mime_type", "image/png")));
    Job first = ((CreateOutcome.Created) createJob.create(OWNER, references, "key-r")).job();
    Job extension = ((CreateOutcome.Created) createJob.create(OWNER,
        Map.of("prompt", "x", "extend_from_job_id", "src1"), "key-e")).job();

    assertThat(createJob.create(OWNER, references, "key-r")).isEqualTo(new CreateOutcome.Replayed(first));
    assertThat(createJob.create(OWNER, Map.of("prompt", "x", "model", "veo-3.1-generate-001", "reference_images",
        List.of(Map.of("gcs_uri", ownUpload("jpg"), "mime_type", "image/jpeg"))), "key-r"))
        .isEqualTo(new CreateOutcome.KeyConflict(first.id()));
    assertThat(createJob.create(OWNER, Map.of("prompt", "x", "extend_from_job_id", "src1"), "key-e"))
        .isEqualTo(new CreateOutcome.Replayed(extension));
    assertThat(createJob.create(OWNER, Map.of("prompt", "x", "extend_from_job_id", "src2"), "key-e"))
        .isEqualTo(new CreateOutcome.KeyConflict(extension.id()));
  }

  private static Job completedSource(String id, String node) {
    return TestJobs.job(id).owner(OWNER).request(new JobRequest("a boat", null, "veo-3.1-generate-001", null,
        new dev.veojobs.job.VideoParameters(8, "9:16", "720p", 1, null, false, "allow_adult", true), node, "proj-1",
        null)).completed();
  }

  @Test
  void anExtensionContinuesTheOwnersCompletedVideoAndTheNodeFollowsIt() {
    Job source = completedSource("src1", "node-1");
    store.put(source);
    clock.advance(Duration.ofMinutes(1));

    Job extension = ((CreateOutcome.Created) createJob.create(OWNER,
        Map.of("prompt", "the boat sails on", "extend_from_job_id", "src1"), null)).job();

    assertThat(extension.request().extendFrom())
        .isEqualTo(new dev.veojobs.job.VideoExtension("src1", source.videoGcsUri(), 8));
    assertThat(extension.request().sourceJobId()).isEqualTo("src1");
    assertThat(extension.request().parameters().aspectRatio()).isEqualTo("9:16");
    assertThat(extension.request().nodeId()).isEqualTo("node-1");
    assertThat(store.latestForNode(OWNER, "node-1")).map(Job::id).contains(extension.id());
    assertThat(tasks.tasks()).extracting(TaskRequest::name).containsExactly(extension.id() + "-start");
  }

  @Test
  void anotherOwnersOrAMissingSourceIsNotFound() {
    store.put(TestJobs.job("bobs").owner(Fixtures.OTHER_OWNER).request(completedSource("x", "node-1").request())
        .completed());

    for (String id : List.of("bobs", "nope")) {
      assertThat(catchThrowableOfType(JobNotFoundException.class,
          () -> createJob.create(OWNER, Map.of("prompt", "x", "extend_from_job_id", id), null))).as(id).isNotNull();
    }
    assertThat(store.jobWrites()).isZero();
  }

  @Test
  void aSourceWithoutAFinishedVideoIsAPreconditionFailureNamingTheField() {
    Job queued = TestJobs.job("q1").owner(OWNER).queued();
    Job failed = TestJobs.job("f1").owner(OWNER).failed(dev.veojobs.job.ErrorCode.NO_VIDEO, "none");
    store.put(queued);
    store.put(failed);

    for (Job source : List.of(queued, failed)) {
      SourceJobNotCompletedException e = catchThrowableOfType(SourceJobNotCompletedException.class,
          () -> createJob.create(OWNER, Map.of("prompt", "x", "extend_from_job_id", source.id()), null));
      assertThat(e.field()).isEqualTo("extend_from_job_id");
      assertThat(e.status()).isEqualTo(source.status());
    }
    assertThat(store.jobWrites()).isZero();
  }

  @Test
  void aLastFrameAndEveryReferenceMustBeTheOwnersUploads() {
    String foreign = "gs://" + BUCKET + "/uploads/" + Fixtures.OTHER_OWNER + "/0123456789abcdef0123456789abcdef.png";
    Map<String, Object> lastFrame = Map.of("prompt", "x",
        "image", Map.of("gcs_uri", ownUpload("png"), "mime_type", "image/png"),
        "last_frame", Map.of("gcs_uri", foreign, "mime_type", "image/png"));
    Map<String, Object> references = Map.of("prompt", "x", "model", "veo-3.1-generate-001", "reference_images", List.of(
        Map.of("gcs_uri", ownUpload("png"), "mime_type", "image/png"),
        Map.of("gcs_uri", foreign, "mime_type", "image/png")));

    assertThat(catchThrowableOfType(InvalidRequestException.class, () -> createJob.create(OWNER, lastFrame, null))
        .violations()).containsExactly(new FieldViolation("last_frame.gcs_uri", "must be an image uploaded through /v1/uploads"));
    assertThat(catchThrowableOfType(InvalidRequestException.class, () -> createJob.create(OWNER, references, null))
        .violations()).containsExactly(
            new FieldViolation("reference_images[1].gcs_uri", "must be an image uploaded through /v1/uploads"));
    assertThat(store.jobWrites()).isZero();
  }

  /** The JSON paths of a request record's leaf fields: camelCase components in snake_case. */
  private static List<String> jsonPaths(Class<?> type, String prefix) {
    List<String> paths = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
      if (component.getType().isRecord()) {
        paths.addAll(jsonPaths(component.getType(), name + "."));
      } else {
        paths.add(name);
      }
    }
    return paths;
  }

  @Test
  void theSameKeyWithAnotherBodyIsAConflict() {
    createJob.create(OWNER, Fixtures.body(), "key-1");

    CreateOutcome other = createJob.create(OWNER, Map.of("prompt", "a different video"), "key-1");

    assertThat(other).isEqualTo(new CreateOutcome.KeyConflict("job1"));
  }

  @Test
  void aKeyIsPerOwner() {
    Map<String, Object> body = Map.of("prompt", "a cat surfing a wave at sunset");
    createJob.create(OWNER, body, "key-1");
    assertThat(createJob.create(Fixtures.OTHER_OWNER, body, "key-1"))
        .isInstanceOf(CreateOutcome.Created.class);
  }

  /** Issue 11 item 1: another user's node is not found; no job, no start task. */
  @Test
  void aJobNamingAnotherUsersNodeIsRefusedAndNothingIsScheduled() {
    createJob.create(OWNER, Fixtures.body(), null);
    int tasksBefore = tasks.tasks().size();

    CreateOutcome outcome = createJob.create(Fixtures.OTHER_OWNER, Fixtures.body(), null);

    assertThat(outcome).isEqualTo(new CreateOutcome.NodeNotFound("node-1"));
    assertThat(tasks.tasks()).hasSize(tasksBefore);
    assertThat(store.usage(Fixtures.OTHER_OWNER)).isEqualTo(new UsageDelta(0, 0, 0));
  }

  @Test
  void aMalformedKeyIsReportedWithTheBodysViolations() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> createJob.create(OWNER, Map.of("prompt", " "), "a key with spaces"));

    assertThat(e.violations()).extracting(FieldViolation::field).containsExactlyInAnyOrder("Idempotency-Key", "prompt");
  }

  @Test
  void noKeyMeansNoKeyAndABlankOneIsMalformedAsOverHttp() {
    Job job = ((CreateOutcome.Created) createJob.create(OWNER, Fixtures.body(), null)).job();
    assertThat(job.idempotencyKey()).isNull();

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> createJob.create(OWNER, Fixtures.body(), "  "));
    assertThat(e.violations()).containsExactly(
        new FieldViolation("Idempotency-Key", "must be 1 to 255 visible ASCII characters"));
  }

  @Test
  void surroundingWhitespaceIsNotPartOfTheKey() {
    Job job = ((CreateOutcome.Created) createJob.create(OWNER, Fixtures.body(), " key-1 ")).job();
    assertThat(job.idempotencyKey()).isEqualTo("key-1");
  }

  @Test
  void aReachedLimitWritesAndSchedulesNothing() {
    CreateJob limited = createJob(Fixtures.settings(new AdmissionLimits(1, 0, 0)));
    limited.create(OWNER, Fixtures.body(), null);

    CreateOutcome second = limited.create(OWNER, Fixtures.body(), null);

    assertThat(second).isInstanceOf(CreateOutcome.LimitReached.class);
    assertThat(tasks.tasks()).hasSize(1);
  }

  @Test
  void anInputImageMustBeTheOwnersUpload() {
    String leaf = "0123456789abcdef0123456789abcdef.png";
    String own = "gs://" + BUCKET + "/uploads/" + OWNER + "/" + leaf;
    Map<String, Object> ownImage = Map.of("prompt", "x", "image", Map.of("gcs_uri", own, "mime_type", "image/png"));
    assertThat(createJob.create(OWNER, ownImage, null)).isInstanceOf(CreateOutcome.Created.class);

    for (String foreign : new String[] {
        "gs://" + BUCKET + "/uploads/" + Fixtures.OTHER_OWNER + "/" + leaf,
        "gs://" + BUCKET + "/videos/" + Fixtures.OTHER_OWNER + "/job9.mp4",
        "gs://another-bucket/uploads/" + OWNER + "/" + leaf,
        // Under the owner's prefix, but not an object POST /v1/uploads can have made:
        "gs://" + BUCKET + "/uploads/" + OWNER + "/../" + Fixtures.OTHER_OWNER + "/" + leaf,
        "gs://" + BUCKET + "/uploads/" + OWNER + "/sub/" + leaf,
        "gs://" + BUCKET + "/uploads/" + OWNER + "/cat.png"}) {
      Map<String, Object> body = Map.of("prompt", "x", "image", Map.of("gcs_uri", foreign, "mime_type", "image/png"));
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> createJob.create(OWNER, body, null));
      assertThat(e.violations()).as(foreign).containsExactly(
          new FieldViolation("image.gcs_uri", "must be an image uploaded through /v1/uploads"));
    }
  }

  @Test
  void theDeclaredImageTypeMustMatchTheUploadedFile() {
    String png = "gs://" + BUCKET + "/uploads/" + OWNER + "/0123456789abcdef0123456789abcdef.png";
    Map<String, Object> body = Map.of("prompt", "x", "image", Map.of("gcs_uri", png, "mime_type", "image/jpeg"));

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> createJob.create(OWNER, body, null));

    assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("image.mime_type");
    assertThat(store.jobWrites()).isZero();
  }

  @Test
  void randomIdsAreUrlSafeAndDistinct() {
    IdGenerator random = IdGenerator.random();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = random.newId();
      assertThat(id).matches("[A-Za-z0-9]{20}");
      seen.add(id);
    }
    assertThat(seen).hasSize(1000);
  }
}
