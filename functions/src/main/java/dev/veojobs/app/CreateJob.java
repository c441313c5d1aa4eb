package dev.veojobs.app;

import dev.veojobs.job.ExtensionSource;
import dev.veojobs.job.ExtensionSources;
import dev.veojobs.job.FieldViolation;
import dev.veojobs.job.InvalidRequestException;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobRequest;
import dev.veojobs.job.JobRequestParser;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.JobStatus;
import dev.veojobs.job.ReferenceImage;
import dev.veojobs.job.RetryableFailure;
import dev.veojobs.security.upload.ImageUriPolicy;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accepts a job: validates the body, writes the job (idempotency and admission limits are checked
 * in the store's create transaction) and schedules its start.
 *
 * <p>The job is written before the start task is enqueued, never the other way round: a task for a
 * job that does not exist would be wasted, while a job without a task is found by the sweeper
 * (it stays QUEUED and stops being updated). So when Cloud Tasks is unavailable after the write,
 * the caller still gets its job — the start is merely later. A replay of a job that is still
 * QUEUED enqueues the start again; the deterministic task name makes that harmless and repairs a
 * lost enqueue sooner than the sweeper would.
 */
public final class CreateJob {
  private static final System.Logger LOG = System.getLogger(CreateJob.class.getName());

  private final JobStore store;
  private final TaskQueue tasks;
  private final PipelineSettings settings;
  private final Clock clock;
  private final IdGenerator ids;
  private final ImageUriPolicy imageUris;

  /** @param imageUris which input images a job may name: its owner's uploads, as POST /v1/uploads made them */
  public CreateJob(JobStore store, TaskQueue tasks, PipelineSettings settings, ImageUriPolicy imageUris, Clock clock,
      IdGenerator ids) {
    this.store = store;
    this.tasks = tasks;
    this.settings = settings;
    this.imageUris = imageUris;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * @param idempotencyKey the {@code Idempotency-Key} header, or null (see {@link IdempotencyKeys})
   * @return Created or Replayed (202), KeyConflict (409), NodeNotFound (404: another user's node) or LimitReached (429)
   * @throws InvalidRequestException when the body or the key is invalid (400), with every violation
   * @throws RetryableFailure when the store is unavailable (503); nothing was written then
   */
  public CreateOutcome create(String ownerUid, Map<String, Object> body, String idempotencyKey) {
    if (ownerUid == null || ownerUid.isBlank()) {
      throw new IllegalArgumentException("an authenticated owner is required");
    }
    List<FieldViolation> violations = new ArrayList<>();
    String key = null;
    try {
      key = IdempotencyKeys.normalize(idempotencyKey);
    } catch (InvalidRequestException e) {
      violations.addAll(e.violations());
    }
    JobRequest request = null;
    try {
      request = JobRequestParser.parse(body, sourcesOf(ownerUid));
    } catch (InvalidRequestException e) {
      violations.addAll(e.violations());
    }
    if (request != null) {
      // Veo reads every input image with the project's identity, so a job may only name its owner's uploads.
      violations.addAll(ownUploads(ownerUid, request));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }

    Instant now = clock.instant();
    Job job = Job.newJob(ids.newId(), ownerUid, request, now, now.plus(settings.jobDeadline()), key,
        JobRequestParser.fingerprint(request));
    CreateOutcome outcome = store.create(job, settings.admissionLimits());
    switch (outcome) {
      case CreateOutcome.Created created -> enqueueStart(created.job());
      case CreateOutcome.Replayed replayed -> {
        if (!ownerUid.equals(replayed.job().ownerUid())) {
          throw new IllegalStateException("the store replayed another owner's job: idempotency keys must be per owner");
        }
        if (replayed.job().stage() == JobStage.QUEUED && !replayed.job().isTerminal()) {
          enqueueStart(replayed.job());
        }
      }
      case CreateOutcome.KeyConflict conflict -> { }
      case CreateOutcome.NodeNotFound node -> { }
      case CreateOutcome.LimitReached limit -> { }
    }
    return outcome;
  }

  private List<FieldViolation> ownUploads(String ownerUid, JobRequest request) {
    List<FieldViolation> violations = new ArrayList<>();
    if (request.image() != null) {
      violations.addAll(imageUris.violations(ownerUid, request.image().gcsUri(), request.image().mimeType(), "image"));
    }
    if (request.lastFrame() != null) {
      violations.addAll(imageUris.violations(ownerUid, request.lastFrame().gcsUri(), request.lastFrame().mimeType(),
          "last_frame"));
    }
    for (int i = 0; i < request.referenceImages().size(); i++) {
      ReferenceImage reference = request.referenceImages().get(i);
      violations.addAll(imageUris.violations(ownerUid, reference.gcsUri(), reference.mimeType(),
          "reference_images[" + i + "]"));
    }
    return violations;
  }

  /**
   * The jobs this caller may extend: their own (another user's job is not found, exactly as a GET
   * answers), and only once COMPLETED with a video — anything earlier has nothing to continue.
   */
  private ExtensionSources sourcesOf(String ownerUid) {
    return jobId -> {
      Job source = store.find(jobId)
          .filter(job -> ownerUid.equals(job.ownerUid()))
          .orElseThrow(() -> new JobNotFoundException(jobId));
      if (source.status() != JobStatus.COMPLETED || source.videoGcsUri() == null || source.request() == null
          || source.request().parameters() == null) {
        throw new SourceJobNotCompletedException(EXTEND_FROM_FIELD, source.status());
      }
      JobRequest asked = source.request();
      return new ExtensionSource(source.id(), asked.model(), asked.parameters().aspectRatio(), asked.videoSeconds(),
          source.videoGcsUri(), asked.nodeId(), asked.projectId());
    };
  }

  static final String EXTEND_FROM_FIELD = "extend_from_job_id";

  private void enqueueStart(Job job) {
    try {
      tasks.enqueue(Tasks.start(TaskNames.start(job.id()), job.id(), job.attempt() + 1));
    } catch (RuntimeException e) {
      // Nothing after the commit may turn into an error answer: a client retrying without an
      // Idempotency-Key would pay for a second job.
      LOG.log(Level.WARNING, "job {0} written but its start task could not be enqueued; the sweeper will"
          + " re-drive it: {1}", job.id(), e.getMessage());
    }
  }
}
