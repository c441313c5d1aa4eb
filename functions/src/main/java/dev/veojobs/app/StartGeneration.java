package dev.veojobs.app;

import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;

/**
 * The start step: claims the job, starts Veo (the one costly call) and records the operation.
 *
 * <p>Fencing, so that no delivery of a start task — duplicate, late or retried — starts Veo twice
 * while another call may be in flight: the claim is a transaction that only succeeds from QUEUED,
 * or from STARTING once the previous claim's lease has expired and no operation is recorded, and
 * only for a task whose attempt is not older than the job's. A job with an operation name never
 * starts Veo again. A crash between the claim and recording the operation is re-driven only after
 * the lease, by the same task's retry or by the sweeper.
 *
 * <p>Transient Veo errors (429, 5xx, timeouts) never fail the job: the lease is given back at once
 * (our call has returned, so nothing is in flight to protect) and the {@link RetryableFailure}
 * propagates, so the task is retried; so does a store or queue outage. A Veo
 * rejection fails the job for good, and so does an input image that fails {@link InputImageCheck}
 * (checked after the claim, before Veo is called).
 */
public final class StartGeneration {
  private static final System.Logger LOG = System.getLogger(StartGeneration.class.getName());
  /** Immediate retries of the write that records a started operation, the one write worth insisting on. */
  static final int RECORD_ATTEMPTS = 3;

  private final JobStore store;
  private final TaskQueue tasks;
  private final VideoModel veo;
  private final InputImageCheck images;
  private final PipelineSettings settings;
  private final Clock clock;

  public StartGeneration(JobStore store, TaskQueue tasks, VideoModel veo, InputImageCheck images,
      PipelineSettings settings, Clock clock) {
    this.store = store;
    this.tasks = tasks;
    this.veo = veo;
    this.images = images;
    this.settings = settings;
    this.clock = clock;
  }

  private sealed interface Claim {
    record Claimed(Job job) implements Claim {}

    record Ignored(Reason reason, String detail) implements Claim {}

    /** Already generating for this very attempt: make sure the first poll exists, then stop. */
    record AlreadyStarted(Job job) implements Claim {}

    record DeadlineFailed() implements Claim {}
  }

  private enum Recorded { RECORDED, NOTED_ON_ENDED_JOB, SUPERSEDED }

  /**
   * Runs the start task {@code {jobId}-start} (or a re-drive of it) that may claim {@code attempt}.
   *
   * @throws RetryableFailure when Veo, the store or the queue is briefly unavailable; run the task again
   */
  public StepResult handle(String jobId, int attempt) {
    if (attempt < 1) {
      return StepResult.ignored(Reason.MALFORMED_TASK, "start attempt " + attempt + " is below 1");
    }
    Instant now = clock.instant();
    Claim claim;
    try {
      claim = store.update(jobId, job -> decideClaim(job, attempt, now));
    } catch (JobNotFoundException e) {
      return StepResult.ignored(Reason.NOT_FOUND, "no such job");
    }

    return switch (claim) {
      case Claim.Ignored ignored -> StepResult.ignored(ignored.reason(), ignored.detail());
      case Claim.DeadlineFailed failed -> StepResult.done("failed: DEADLINE_EXCEEDED");
      case Claim.AlreadyStarted started -> ensureFirstPoll(started.job());
      case Claim.Claimed claimed -> startVeo(claimed.job());
    };
  }

  private Decision<Claim> decideClaim(Job job, int attempt, Instant now) {
    if (job.isTerminal()) {
      return Decision.noChange(new Claim.Ignored(Reason.JOB_TERMINAL, "job already " + job.status()));
    }
    if (attempt < job.attempt()) {
      return Decision.noChange(new Claim.Ignored(Reason.STALE_ATTEMPT, "stale attempt " + attempt + " < " + job.attempt()));
    }
    if (job.stage() == JobStage.GENERATING || job.stage() == JobStage.FINALIZING) {
      boolean sameAttempt = attempt == job.attempt();
      return Decision.noChange(sameAttempt && job.stage() == JobStage.GENERATING
          ? new Claim.AlreadyStarted(job)
          : new Claim.Ignored(Reason.ALREADY_STARTED, "already past the start"));
    }
    if (job.isPastDeadline(now)) {
      JobError error = JobErrors.deadlineExceeded(settings.jobDeadline());
      return Decision.write(job.fail(error, now), JobEvents.failed(job, error, now), new Claim.DeadlineFailed());
    }
    if (!job.canClaimStart(now)) {
      return Decision.noChange(new Claim.Ignored(Reason.LEASE_HELD,
          "start held by attempt " + job.attempt() + " until " + job.leaseUntil()));
    }
    Job claimed = job.claimStart(attempt, now, settings.startLease());
    Decision<Claim> decision = Decision.write(claimed, JobEvents.started(claimed), new Claim.Claimed(claimed));
    return job.startedAt() == null ? decision.withUsage(new UsageDelta(1, 0, 0)) : decision;
  }

  private StepResult startVeo(Job claimed) {
    String jobId = claimed.id();
    VideoGenerationRequest request = new VideoGenerationRequest(
        claimed.request().model(),
        claimed.request().prompt(),
        claimed.request().negativePrompt(),
        claimed.request().image(),
        claimed.request().parameters(),
        ObjectNames.rawOutputPrefix(settings.videoBucket(), jobId, claimed.attempt()));
    String operationName;
    try {
      if (request.image() != null) {
        // What is stored now, not what the upload promised: Veo must never read an oversized or foreign object.
        images.check(request.image());
      }
      operationName = veo.start(request);
    } catch (RetryableFailure e) {
      releaseLease(claimed);
      throw e;
    } catch (PermanentFailure e) {
      return failRejected(claimed, JobErrors.sanitized(e.error()));
    }
    return recordOperation(claimed, operationName);
  }

  private void releaseLease(Job claimed) {
    Instant now = clock.instant();
    try {
      store.update(claimed.id(), job -> stillOurs(job, claimed)
          ? Decision.write(job.releaseLease(now), null, true)
          : Decision.noChange(false));
    } catch (RuntimeException e) {
      // The lease then simply runs out; the retry or the sweeper claims after it.
      LOG.log(Level.WARNING, "could not release the start lease of job {0}: {1}", claimed.id(), e.getMessage());
    }
  }

  private StepResult failRejected(Job claimed, JobError error) {
    boolean failed = FailJob.failIf(store, claimed.id(), job -> stillOurs(job, claimed), error, clock.instant());
    return failed
        ? StepResult.done("failed: " + error.code())
        : StepResult.ignored(Reason.MOVED_ON, "job moved on while Veo rejected it");
  }

  private StepResult recordOperation(Job claimed, String operationName) {
    return switch (writeOperation(claimed, operationName)) {
      case RECORDED -> {
        enqueueFirstPoll(claimed.id(), claimed.attempt());
        yield StepResult.done("started " + operationName);
      }
      case NOTED_ON_ENDED_JOB ->
          StepResult.ignored(Reason.MOVED_ON, "job ended while Veo was starting; operation kept for audit");
      case SUPERSEDED ->
          StepResult.ignored(Reason.MOVED_ON, "another attempt owns the job; operation " + operationName + " unused");
    };
  }

  private Recorded writeOperation(Job claimed, String operationName) {
    RetryableFailure last = null;
    for (int i = 0; i < RECORD_ATTEMPTS; i++) {
      Instant now = clock.instant();
      try {
        return store.update(claimed.id(), job -> {
          if (stillOurs(job, claimed)) {
            return Decision.write(job.recordOperation(operationName, now), null, Recorded.RECORDED);
          }
          if (job.isTerminal() && job.operationName() == null) {
            return Decision.write(job.noteOperation(operationName, now), null, Recorded.NOTED_ON_ENDED_JOB);
          }
          return Decision.noChange(Recorded.SUPERSEDED);
        });
      } catch (RetryableFailure e) {
        last = e;
      }
    }
    LOG.log(Level.ERROR, "job {0}: Veo operation {1} started but could not be recorded; it will be started again"
        + " after the lease: {2}", claimed.id(), operationName, last.getMessage());
    throw new RetryableFailure("operation started but not recorded: " + last.getMessage(), last);
  }

  /** The job is still in the start this call claimed. */
  private static boolean stillOurs(Job job, Job claimed) {
    return !job.isTerminal()
        && job.stage() == JobStage.STARTING
        && job.attempt() == claimed.attempt()
        && job.operationName() == null;
  }

  private StepResult ensureFirstPoll(Job job) {
    if (job.pollCount() != 1) {
      return StepResult.ignored(Reason.ALREADY_STARTED, "already generating");
    }
    enqueueFirstPoll(job.id(), job.attempt());
    return StepResult.ignored(Reason.ALREADY_STARTED, "already generating; first poll ensured");
  }

  /** The name dedups, so a retry after a lost enqueue (the operation already recorded) repairs it. */
  private void enqueueFirstPoll(String jobId, int attempt) {
    Instant at = clock.instant().plus(settings.pollFirstDelay());
    tasks.enqueue(Tasks.poll(TaskNames.poll(jobId, 1), jobId, attempt, 1, at));
  }
}
