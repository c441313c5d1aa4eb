package dev.veojobs.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A video-generation job as stored. Immutable: transitions return a new Job.
 *
 * <p>{@code attempt} is the fencing number of the start step: it grows each time a new start
 * task claims the start, and a delivery carrying an older attempt is stale. {@code pollCount} numbers the poll
 * chain, so poll task names stay deterministic.
 *
 * <p>Fencing in detail: a start task carries the attempt it may claim. Claiming sets
 * {@code attempt} to it; a task with a smaller attempt is stale. A task whose attempt equals the
 * job's may claim again only after the lease expired and while no operation is recorded (a retry of
 * the same task after a transient Veo error). Running polls write nothing, so {@code pollCount} is
 * the number of the first poll of the current poll chain: it is 1 after the operation is recorded
 * and only the sweeper moves it (past every number the old chain can have reached), which makes
 * polls below it stale and leaves exactly one chain alive.
 *
 * <p>The methods below are the only way the pipeline changes a job. Stage changes go through
 * {@link JobTransition} and throw {@link IllegalTransitionException}; bookkeeping that keeps the
 * stage ({@link #releaseLease}, {@link #noteOperation}, {@link #restartPolls}, {@link #touch})
 * throws {@link IllegalStateException} when applied to a job it does not fit.
 */
public record Job(
    String id,
    String ownerUid,
    JobStatus status,
    JobStage stage,
    JobRequest request,
    int attempt,
    Instant leaseUntil,
    String operationName,
    int pollCount,
    String rawVideoUri,
    String videoGcsUri,
    String videoUrl,
    Instant videoUrlExpiresAt,
    JobError error,
    String idempotencyKey,
    String requestFingerprint,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant completedAt,
    Instant deadlineAt) {

  /**
   * How long a generation is expected to take; progress grows towards 85 over this time. Veo 3.1
   * fast typically needs about a minute, the full model somewhat longer.
   */
  public static final Duration EXPECTED_GENERATION = Duration.ofSeconds(75);

  /** A new job, waiting for its start task. */
  public static Job newJob(
      String id,
      String ownerUid,
      JobRequest request,
      Instant now,
      Instant deadlineAt,
      String idempotencyKey,
      String requestFingerprint) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ownerUid, "ownerUid");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(now, "now");
    return new Job(id, ownerUid, JobStatus.PENDING, JobStage.QUEUED, request, 0, null, null, 0, null, null,
        null, null, null, idempotencyKey, requestFingerprint, now, now, null, null, deadlineAt);
  }

  public boolean isTerminal() {
    return status.isTerminal();
  }

  /** True from the deadline on; a job without a deadline never passes it. */
  public boolean isPastDeadline(Instant now) {
    return deadlineAt != null && !now.isBefore(deadlineAt);
  }

  /** Someone claimed the start and may be calling Veo right now. */
  public boolean isLeaseHeld(Instant now) {
    return leaseUntil != null && now.isBefore(leaseUntil);
  }

  /**
   * Whether the start may be claimed now. A job that has an operation name never starts Veo
   * again, whatever its stage: a finished operation is terminal.
   */
  public boolean canClaimStart(Instant now) {
    if (operationName != null || isTerminal()) {
      return false;
    }
    return stage == JobStage.QUEUED || (stage == JobStage.STARTING && !isLeaseHeld(now));
  }

  /** Claims the start for {@code claimAttempt}, holding it until {@code now + lease}. */
  public Job claimStart(int claimAttempt, Instant now, Duration lease) {
    JobTransition.CLAIM_START.check(stage);
    if (!canClaimStart(now)) {
      throw new IllegalTransitionException(JobTransition.CLAIM_START, stage);
    }
    if (claimAttempt < attempt || claimAttempt < 1) {
      throw new IllegalArgumentException("attempt " + claimAttempt + " is stale; the job is at " + attempt);
    }
    Copy c = transition(JobTransition.CLAIM_START, now);
    c.attempt = claimAttempt;
    c.leaseUntil = now.plus(lease);
    c.startedAt = startedAt == null ? now : startedAt;
    return c.build();
  }

  /** Gives the start back after a transient Veo error, so a retry may claim it at once. */
  public Job releaseLease(Instant now) {
    if (stage != JobStage.STARTING || operationName != null) {
      throw new IllegalStateException("only a claimed start without an operation has a lease to release");
    }
    Copy c = new Copy(this);
    c.leaseUntil = now;
    c.updatedAt = now;
    return c.build();
  }

  /** Veo accepted the request: generating, with poll 1 as the head of the poll chain. */
  public Job recordOperation(String name, Instant now) {
    Objects.requireNonNull(name, "operation name");
    Copy c = transition(JobTransition.RECORD_OPERATION, now);
    c.operationName = name;
    c.leaseUntil = null;
    c.pollCount = 1;
    return c.build();
  }

  /**
   * Keeps the operation name of a job that ended (canceled, failed) while Veo was being started,
   * for audit. The job stays as it is.
   */
  public Job noteOperation(String name, Instant now) {
    if (!isTerminal() || operationName != null) {
      throw new IllegalStateException("only an ended job without an operation notes one for audit");
    }
    Copy c = new Copy(this);
    c.operationName = Objects.requireNonNull(name, "operation name");
    c.updatedAt = now;
    return c.build();
  }

  /** Starts a new poll chain at {@code firstPoll}; polls numbered below it become stale. */
  public Job restartPolls(int firstPoll, Instant now) {
    if (stage != JobStage.GENERATING || isTerminal()) {
      throw new IllegalStateException("only a generating job has polls to restart");
    }
    if (firstPoll <= pollCount) {
      throw new IllegalArgumentException("a new poll chain starts after " + pollCount + ", not at " + firstPoll);
    }
    Copy c = new Copy(this);
    c.pollCount = firstPoll;
    c.updatedAt = now;
    return c.build();
  }

  /** Marks a live job as looked after now, so the sweeper leaves it alone for a while. */
  public Job touch(Instant now) {
    if (isTerminal()) {
      throw new IllegalStateException("an ended job is never re-driven");
    }
    Copy c = new Copy(this);
    c.updatedAt = now;
    return c.build();
  }

  /** Veo finished with a video at {@code rawVideoUri} (always a gs:// URI the finalizer copies). */
  public Job markFinalizing(String rawVideoUri, Instant now) {
    Objects.requireNonNull(rawVideoUri, "raw video uri");
    Copy c = transition(JobTransition.MARK_FINALIZING, now);
    c.rawVideoUri = rawVideoUri;
    return c.build();
  }

  /** The video is stored at {@code videoGcsUri} and reachable through a signed URL. */
  public Job complete(String videoGcsUri, String signedUrl, Instant signedUrlExpiresAt, Instant now) {
    Objects.requireNonNull(videoGcsUri, "video gcs uri");
    Copy c = transition(JobTransition.COMPLETE, now);
    c.videoGcsUri = videoGcsUri;
    c.videoUrl = signedUrl;
    c.videoUrlExpiresAt = signedUrlExpiresAt;
    c.completedAt = now;
    return c.build();
  }

  public Job fail(JobError jobError, Instant now) {
    Objects.requireNonNull(jobError, "error");
    Copy c = transition(JobTransition.FAIL, now);
    c.error = jobError;
    c.leaseUntil = null;
    return c.build();
  }

  public Job cancel(Instant now) {
    Copy c = transition(JobTransition.CANCEL, now);
    c.leaseUntil = null;
    return c.build();
  }

  private Copy transition(JobTransition transition, Instant now) {
    transition.check(stage);
    Copy c = new Copy(this);
    c.stage = transition.targetStage();
    c.status = transition.targetStatus();
    c.updatedAt = Objects.requireNonNull(now, "now");
    return c;
  }

  /** 0–100, derived from the stage so it can never drift from it. */
  public int progress() {
    return switch (stage) {
      case QUEUED -> 0;
      case STARTING -> 10;
      case GENERATING -> 40;
      case FINALIZING -> 90;
      case DONE -> 100;
    };
  }

  /**
   * Like {@link #progress()}, but while generating it grows from 15 to 85 with the time since the
   * start was claimed, against {@link #EXPECTED_GENERATION}, so a waiting user sees movement. It
   * stops at 85 however long Veo takes: only the stage can take it further.
   */
  public int progress(Instant now) {
    if (stage != JobStage.GENERATING) {
      return progress();
    }
    Instant since = startedAt != null ? startedAt : updatedAt;
    if (since == null || now == null) {
      return 15;
    }
    long elapsed = Math.max(0, Duration.between(since, now).toMillis());
    long expected = EXPECTED_GENERATION.toMillis();
    return 15 + (int) (70 * Math.min(elapsed, expected) / expected);
  }

  /** A mutable copy, so each change names only the fields it changes. */
  private static final class Copy {
    String id;
    String ownerUid;
    JobStatus status;
    JobStage stage;
    JobRequest request;
    int attempt;
    Instant leaseUntil;
    String operationName;
    int pollCount;
    String rawVideoUri;
    String videoGcsUri;
    String videoUrl;
    Instant videoUrlExpiresAt;
    JobError error;
    String idempotencyKey;
    String requestFingerprint;
    Instant createdAt;
    Instant updatedAt;
    Instant startedAt;
    Instant completedAt;
    Instant deadlineAt;

    Copy(Job j) {
      id = j.id;
      ownerUid = j.ownerUid;
      status = j.status;
      stage = j.stage;
      request = j.request;
      attempt = j.attempt;
      leaseUntil = j.leaseUntil;
      operationName = j.operationName;
      pollCount = j.pollCount;
      rawVideoUri = j.rawVideoUri;
      videoGcsUri = j.videoGcsUri;
      videoUrl = j.videoUrl;
      videoUrlExpiresAt = j.videoUrlExpiresAt;
      error = j.error;
      idempotencyKey = j.idempotencyKey;
      requestFingerprint = j.requestFingerprint;
      createdAt = j.createdAt;
      updatedAt = j.updatedAt;
      startedAt = j.startedAt;
      completedAt = j.completedAt;
      deadlineAt = j.deadlineAt;
    }

    Job build() {
      return new Job(id, ownerUid, status, stage, request, attempt, leaseUntil, operationName, pollCount,
          rawVideoUri, videoGcsUri, videoUrl, videoUrlExpiresAt, error, idempotencyKey, requestFingerprint,
          createdAt, updatedAt, startedAt, completedAt, deadlineAt);
    }
  }
}
