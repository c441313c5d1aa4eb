package dev.veojobs.app;

import dev.veojobs.app.StepResult.Reason;
import dev.veojobs.job.ImageInput;
import dev.veojobs.job.Job;
import dev.veojobs.job.JobError;
import dev.veojobs.job.JobErrors;
import dev.veojobs.job.JobStage;
import dev.veojobs.job.PermanentFailure;
import dev.veojobs.job.RetryableFailure;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The start step: claims the job, starts Veo (the one costly call) and records the operation.
 *
 * <p>No delivery of a start task — duplicate, late, retried or re-driven — may pay for a second
 * generation while the first may still exist:
 * <ul>
 *   <li>Each claim is a transaction that makes a new attempt and stores a token this delivery drew;
 *       every later write of the delivery checks the token (a fence), and the lease, counted from
 *       inside the claiming transaction, outlasts the longest a handler can run ({@code Config}
 *       refuses a shorter one).
 *   <li>A delivery that finds the lease held answers 503 with {@code Retry-After} = the lease left,
 *       so Cloud Tasks keeps the task and brings it back when the lease can have run out.
 *   <li>Veo's answer is read three ways. A refusal that proves nothing was accepted (429, 401/403,
 *       connection refused: a {@link RetryableFailure}) gives the claim back, and the retry claims a
 *       new attempt at once. A rejection (a {@link PermanentFailure}) fails the job. Anything else —
 *       a 5xx, a timeout, a lost connection ({@link StartOutcomeUnknown}) — and equally a lease that
 *       lapsed with no operation recorded (the claimant died) makes the start <em>uncertain</em>.
 *   <li>An uncertain start is reconciled, not repeated: Veo writes each attempt under its own
 *       deterministic prefix {@code veo-output/{id}/{attempt}/}, so the step looks there, every
 *       {@link #RECONCILE_CHECK_EVERY}, for up to {@link #RECONCILE_WINDOW}. Output that appears is
 *       adopted (the job goes to FINALIZING from it, event {@code job.orphan_adopted}); only when
 *       the window closes empty does a new attempt call Veo again.
 * </ul>
 */
public final class StartGeneration {
  private static final System.Logger LOG = System.getLogger(StartGeneration.class.getName());
  /** Immediate retries of the write that records a started operation, the one write worth insisting on. */
  static final int RECORD_ATTEMPTS = 3;
  /**
   * How long an uncertain attempt's output is waited for: Veo's longest generation (about six
   * minutes at peak, per the Vertex AI documentation) plus a margin for the write to land.
   */
  public static final Duration RECONCILE_WINDOW = Duration.ofMinutes(7);
  /** How often an uncertain start looks at its output prefix. */
  public static final Duration RECONCILE_CHECK_EVERY = Duration.ofSeconds(30);

  private final JobStore store;
  private final TaskQueue tasks;
  private final VideoModel veo;
  private final BlobStore blobs;
  private final InputImageCheck images;
  private final PipelineSettings settings;
  private final Clock clock;
  private final IdGenerator claimTokens;

  public StartGeneration(JobStore store, TaskQueue tasks, VideoModel veo, BlobStore blobs, InputImageCheck images,
      PipelineSettings settings, Clock clock, IdGenerator claimTokens) {
    this.store = store;
    this.tasks = tasks;
    this.veo = veo;
    this.blobs = blobs;
    this.images = images;
    this.settings = settings;
    this.clock = clock;
    this.claimTokens = claimTokens;
  }

  private sealed interface Claim {
    record Claimed(Job job) implements Claim {}

    record Ignored(Reason reason, String detail) implements Claim {}

    /** Already generating: make sure the first poll exists, then stop. */
    record AlreadyStarted(Job job) implements Claim {}

    record LeaseHeld(Duration left) implements Claim {}

    /** The last attempt may have reached Veo: look for its output before anything else. */
    record Reconcile(Job job, boolean justMarked) implements Claim {}

    record DeadlineFailed() implements Claim {}
  }

  private enum Recorded { RECORDED, NOTED_ON_ENDED_JOB, SUPERSEDED }

  /**
   * Runs the start task {@code {jobId}-start} (or a re-drive of it). The task's attempt number is
   * only checked for sanity: the job itself says which attempt is current.
   *
   * @throws RetryableFailure when the step must run again later: a lease held elsewhere, an
   *     uncertain start still being watched, Veo refusing for now, the store or queue unavailable
   */
  public StepResult handle(String jobId, int attempt) {
    if (attempt < 1) {
      return StepResult.ignored(Reason.MALFORMED_TASK, "start attempt " + attempt + " is below 1");
    }
    // Drawn once per delivery, so a transaction the store runs again recognises its own claim.
    String token = claimTokens.newId();
    Claim claim;
    try {
      claim = store.update(jobId, job -> decideClaim(job, token, clock.instant()));
    } catch (JobNotFoundException e) {
      return StepResult.ignored(Reason.NOT_FOUND, "no such job");
    }

    return switch (claim) {
      case Claim.Ignored ignored -> StepResult.ignored(ignored.reason(), ignored.detail());
      case Claim.DeadlineFailed failed -> StepResult.done("failed: DEADLINE_EXCEEDED");
      case Claim.AlreadyStarted started -> ensureFirstPoll(started.job());
      case Claim.LeaseHeld held -> throw new RetryableFailure(
          "the start is held by another delivery for " + held.left(), held.left());
      case Claim.Reconcile reconcile -> {
        if (reconcile.justMarked()) {
          logUncertain(reconcile.job(), "lease_lapsed");
        }
        yield reconcile(reconcile.job(), token);
      }
      case Claim.Claimed claimed -> startVeo(claimed.job(), token);
    };
  }

  private Decision<Claim> decideClaim(Job job, String token, Instant now) {
    if (job.isTerminal()) {
      return Decision.noChange(new Claim.Ignored(Reason.JOB_TERMINAL, "job already " + job.status()));
    }
    if (job.stage() == JobStage.GENERATING) {
      return Decision.noChange(new Claim.AlreadyStarted(job));
    }
    if (job.stage() == JobStage.FINALIZING) {
      return Decision.noChange(new Claim.Ignored(Reason.ALREADY_STARTED, "already past the start"));
    }
    if (job.holdsClaim(token)) {
      // Our own claim, committed by an earlier run of this very transaction.
      return Decision.noChange(new Claim.Claimed(job));
    }
    if (job.isLeaseHeld(now)) {
      return Decision.noChange(new Claim.LeaseHeld(Duration.between(now, job.leaseUntil())));
    }
    if (job.isStartLapsed(now)) {
      Job uncertain = job.markStartUncertain(now, now.plus(RECONCILE_WINDOW));
      return Decision.write(uncertain, JobEvents.startUncertain(uncertain, "lease_lapsed"),
          new Claim.Reconcile(uncertain, true));
    }
    if (job.isStartUncertain()) {
      return Decision.noChange(new Claim.Reconcile(job, false));
    }
    if (job.isPastDeadline(now)) {
      JobError error = JobErrors.deadlineExceeded(settings.jobDeadline());
      return Decision.write(job.fail(error, now), JobEvents.failed(job, error, now), new Claim.DeadlineFailed());
    }
    return claim(job, token, now);
  }

  private Decision<Claim> claim(Job job, String token, Instant now) {
    Job claimed = job.claimStart(token, now, settings.startLease());
    Decision<Claim> decision = Decision.write(claimed, JobEvents.started(claimed), new Claim.Claimed(claimed));
    return job.startedAt() == null ? decision.withUsage(new UsageDelta(1, 0, 0)) : decision;
  }

  private StepResult startVeo(Job claimed, String token) {
    VideoGenerationRequest request = new VideoGenerationRequest(
        claimed.request().model(),
        claimed.request().prompt(),
        claimed.request().negativePrompt(),
        claimed.request().image(),
        claimed.request().lastFrame(),
        claimed.request().referenceImages(),
        claimed.request().extendFrom() == null ? null : claimed.request().extendFrom().videoGcsUri(),
        claimed.request().parameters(),
        ObjectNames.rawOutputPrefix(settings.videoBucket(), claimed.id(), claimed.attempt()));
    String operationName;
    try {
      // What is stored now, not what the upload promised: Veo must never read an oversized or foreign object.
      for (ImageInput image : claimed.request().inputImages()) {
        images.check(image);
      }
      operationName = veo.start(request);
    } catch (RetryableFailure e) {
      // Veo (or the image check) proved nothing was started: the next delivery may claim at once.
      releaseClaim(claimed, token);
      throw e;
    } catch (StartOutcomeUnknown e) {
      markUncertain(claimed, token);
      throw new RetryableFailure("Veo's answer did not say whether it started: " + e.getMessage(), e,
          RECONCILE_CHECK_EVERY);
    } catch (PermanentFailure e) {
      return failIf(claimed.id(), job -> job.holdsClaim(token), JobErrors.sanitized(e.error()));
    }
    return recordOperation(claimed, token, operationName);
  }

  private void releaseClaim(Job claimed, String token) {
    try {
      store.update(claimed.id(), job -> job.holdsClaim(token)
          ? Decision.write(job.releaseClaim(clock.instant()), null, true)
          : Decision.noChange(false));
    } catch (RuntimeException e) {
      // The lease then runs out and the start is reconciled: slower, never double-paid.
      LOG.log(Level.WARNING, "could not release the start claim of job {0}: {1}", claimed.id(), e.getMessage());
    }
  }

  private void markUncertain(Job claimed, String token) {
    logUncertain(claimed, "ambiguous_answer");
    try {
      store.update(claimed.id(), job -> {
        if (!job.holdsClaim(token) || job.isStartUncertain()) {
          return Decision.noChange(false);
        }
        Instant now = clock.instant();
        Job uncertain = job.markStartUncertain(now, now.plus(RECONCILE_WINDOW));
        return Decision.write(uncertain, JobEvents.startUncertain(uncertain, "ambiguous_answer"), true);
      });
    } catch (RuntimeException e) {
      // The lease still lapses, and the next delivery marks the start uncertain then.
      LOG.log(Level.WARNING, "could not mark the start of job {0} uncertain: {1}", claimed.id(), e.getMessage());
    }
  }

  /** Looks for the uncertain attempt's output: adopt it, keep waiting, or start a new attempt. */
  private StepResult reconcile(Job seen, String token) {
    ObjectNames.Location prefix =
        ObjectNames.Location.parse(ObjectNames.rawOutputPrefix(settings.videoBucket(), seen.id(), seen.attempt()));
    List<String> outputs = blobs.list(prefix.bucket(), prefix.objectName());
    Predicate<Job> unchanged = job -> job.isStartUncertain() && job.attempt() == seen.attempt();
    Instant now = clock.instant();
    if (!outputs.isEmpty()) {
      // Every sample the orphan wrote is kept, as a recorded operation's would be.
      return adopt(seen, outputs, unchanged);
    }
    if (seen.isPastDeadline(now)) {
      return failIf(seen.id(), unchanged, JobErrors.deadlineExceeded(settings.jobDeadline()));
    }
    if (now.isBefore(seen.reconcileUntil())) {
      Duration left = Duration.between(now, seen.reconcileUntil());
      Duration wait = left.compareTo(RECONCILE_CHECK_EVERY) < 0 ? left : RECONCILE_CHECK_EVERY;
      throw new RetryableFailure("attempt " + seen.attempt() + " may still be generating; watching its output until "
          + seen.reconcileUntil(), wait);
    }
    Claim claim = store.update(seen.id(), job -> unchanged.test(job) && job.canClaimStart(clock.instant())
        ? claim(job, token, clock.instant())
        : Decision.noChange(new Claim.Ignored(Reason.MOVED_ON, "the job moved on while its start was reconciled")));
    return switch (claim) {
      case Claim.Claimed claimed -> startVeo(claimed.job(), token);
      case Claim.Ignored ignored -> StepResult.ignored(ignored.reason(), ignored.detail());
      default -> throw new IllegalStateException("unexpected " + claim);
    };
  }

  private StepResult adopt(Job seen, List<String> rawVideoUris, Predicate<Job> unchanged) {
    boolean adopted = store.update(seen.id(), job -> {
      if (!unchanged.test(job)) {
        return Decision.noChange(false);
      }
      Job finalizing = job.adoptOrphan(rawVideoUris, clock.instant());
      return Decision.write(finalizing, JobEvents.orphanAdopted(finalizing, rawVideoUris.get(0)), true);
    });
    if (!adopted) {
      return StepResult.ignored(Reason.MOVED_ON, "the job moved on while its start was reconciled");
    }
    LOG.log(Level.WARNING, "job.orphan_adopted job={0} attempt={1}: the uncertain start had generated; no second"
        + " generation started", seen.id(), seen.attempt());
    tasks.enqueue(Tasks.finalizing(TaskNames.finalizing(seen.id()), seen.id(), seen.attempt()));
    return StepResult.done("adopted the output of attempt " + seen.attempt());
  }

  private static void logUncertain(Job job, String reason) {
    LOG.log(Level.WARNING, "job.start_uncertain job={0} attempt={1} reason={2}: its output is watched before any"
        + " new attempt", job.id(), job.attempt(), reason);
  }

  private StepResult failIf(String jobId, Predicate<Job> stillApplies, JobError error) {
    boolean failed = FailJob.failIf(store, jobId, stillApplies, error, clock.instant());
    return failed
        ? StepResult.done("failed: " + error.code())
        : StepResult.ignored(Reason.MOVED_ON, "job moved on while starting");
  }

  private StepResult recordOperation(Job claimed, String token, String operationName) {
    return switch (writeOperation(claimed, token, operationName)) {
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

  private Recorded writeOperation(Job claimed, String token, String operationName) {
    RetryableFailure last = null;
    for (int i = 0; i < RECORD_ATTEMPTS; i++) {
      try {
        return store.update(claimed.id(), job -> {
          Instant now = clock.instant();
          if (operationName.equals(job.operationName())) {
            // Recorded by an earlier run of this transaction whose answer was lost.
            return Decision.noChange(Recorded.RECORDED);
          }
          if (job.holdsClaim(token)) {
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
    LOG.log(Level.ERROR, "job {0}: Veo operation {1} started but could not be recorded; the lease will lapse and"
        + " its output be adopted: {2}", claimed.id(), operationName, last.getMessage());
    throw new RetryableFailure("operation started but not recorded: " + last.getMessage(), last);
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
    Instant at = clock.instant().plus(PollSchedule.firstDelay(settings));
    tasks.enqueue(Tasks.poll(TaskNames.poll(jobId, 1), jobId, attempt, 1, at));
  }
}
