package dev.veojobs.job;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A video-generation job as stored. Immutable: transitions return a new Job.
 *
 * <p>The start step is fenced twice. {@code attempt} counts the claims of the start (each claim
 * is a new attempt, with its own Veo output prefix {@code veo-output/{id}/{attempt}/}), and
 * {@code claimToken} is a random token drawn by the delivery that claimed it: every later write of
 * that delivery checks the token, so a delivery held past its lease can never act on a later
 * claim. A claim holds the start until {@code leaseUntil}; a lease that lapses without an
 * operation recorded means the claimant may have started Veo and died, so the start becomes
 * <em>uncertain</em> ({@code reconcileUntil} set): the attempt's output prefix is watched until
 * then, and only when nothing appeared may a new attempt call Veo again.
 *
 * <p>Running polls write nothing, so {@code pollCount} is the number of the first poll of the
 * current poll chain: it is 1 after the operation is recorded and only the sweeper moves it (past
 * every number the old chain can have reached), which makes polls below it stale and leaves
 * exactly one chain alive.
 *
 * <p>{@code webhooksOwed} is the outbox: the write that ends a job with a {@code webhook_url}
 * records the webhook it owes, and only a delivery clears it; {@code webhookDueAt} is when the
 * sweeper may next re-drive an owed delivery.
 *
 * <p>The methods below are the only way the pipeline changes a job. Stage changes go through
 * {@link JobTransition} and throw {@link IllegalTransitionException}; bookkeeping that keeps the
 * stage throws {@link IllegalStateException} when applied to a job it does not fit.
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
    Instant deadlineAt,
    String claimToken,
    Instant reconcileUntil,
    Set<WebhookEvent> webhooksOwed,
    Instant webhookDueAt,
    List<String> rawVideoUris,
    List<StoredVideo> videos) {

  /**
   * {@code rawVideoUri}, {@code videoGcsUri}, {@code videoUrl} and {@code videoUrlExpiresAt} are the
   * first sample's, kept for readers from before samples were kept (and the Firestore fields they
   * read); {@code rawVideoUris} and {@code videos} hold every sample. A job stored before the lists
   * existed gets them from its first-sample fields.
   */
  public Job {
    webhooksOwed = webhooksOwed == null || webhooksOwed.isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(webhooksOwed));
    if (rawVideoUris == null || rawVideoUris.isEmpty()) {
      rawVideoUris = rawVideoUri == null ? List.of() : List.of(rawVideoUri);
    } else {
      rawVideoUris = List.copyOf(rawVideoUris);
      rawVideoUri = rawVideoUris.get(0);
    }
    if (videos == null || videos.isEmpty()) {
      videos = videoGcsUri == null ? List.of() : List.of(new StoredVideo(videoGcsUri, videoUrl, videoUrlExpiresAt));
    } else {
      videos = List.copyOf(videos);
      videoGcsUri = videos.get(0).gcsUri();
      videoUrl = videos.get(0).url();
      videoUrlExpiresAt = videos.get(0).urlExpiresAt();
    }
  }

  /** A job as stored before every sample was kept: the lists follow from the first sample's fields. */
  public Job(String id, String ownerUid, JobStatus status, JobStage stage, JobRequest request, int attempt,
      Instant leaseUntil, String operationName, int pollCount, String rawVideoUri, String videoGcsUri, String videoUrl,
      Instant videoUrlExpiresAt, JobError error, String idempotencyKey, String requestFingerprint, Instant createdAt,
      Instant updatedAt, Instant startedAt, Instant completedAt, Instant deadlineAt, String claimToken,
      Instant reconcileUntil, Set<WebhookEvent> webhooksOwed, Instant webhookDueAt) {
    this(id, ownerUid, status, stage, request, attempt, leaseUntil, operationName, pollCount, rawVideoUri, videoGcsUri,
        videoUrl, videoUrlExpiresAt, error, idempotencyKey, requestFingerprint, createdAt, updatedAt, startedAt,
        completedAt, deadlineAt, claimToken, reconcileUntil, webhooksOwed, webhookDueAt, null, null);
  }

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
        null, null, null, idempotencyKey, requestFingerprint, now, now, null, null, deadlineAt, null, null, Set.of(),
        null, List.of(), List.of());
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

  /** A claim whose lease ran out with no operation recorded: its claimant may have started Veo. */
  public boolean isStartLapsed(Instant now) {
    return isStartPending() && isClaimed() && reconcileUntil == null && !isLeaseHeld(now);
  }

  /** A claim not given back; a start claimed before claim tokens existed has only its lease. */
  private boolean isClaimed() {
    return claimToken != null || leaseUntil != null;
  }

  /** Whether the last attempt may have started Veo without the operation being recorded. */
  public boolean isStartUncertain() {
    return isStartPending() && reconcileUntil != null;
  }

  /**
   * Whether the start may be claimed now: never for a job with an operation (a finished operation
   * is terminal), never while a lease is held, and never while an earlier attempt may still be
   * generating unseen (until its reconcile window closed).
   */
  public boolean canClaimStart(Instant now) {
    if (stage == JobStage.QUEUED) {
      return operationName == null && !isTerminal();
    }
    if (!isStartPending() || isLeaseHeld(now)) {
      return false;
    }
    if (reconcileUntil != null) {
      return !now.isBefore(reconcileUntil);
    }
    return !isClaimed();
  }

  /** The claim drawn with {@code token} is still the job's current one. */
  public boolean holdsClaim(String token) {
    return token != null && token.equals(claimToken) && isStartPending();
  }

  private boolean isStartPending() {
    return stage == JobStage.STARTING && operationName == null && !isTerminal();
  }

  /** Claims the start as a new attempt under {@code token}, holding it until {@code now + lease}. */
  public Job claimStart(String token, Instant now, Duration lease) {
    Objects.requireNonNull(token, "claim token");
    // canClaimStart is false for every stage the transition table refuses, so this one check
    // answers both; transition() below checks the table again.
    if (!canClaimStart(now)) {
      throw new IllegalTransitionException(JobTransition.CLAIM_START, stage);
    }
    Copy c = transition(JobTransition.CLAIM_START, now);
    c.attempt = attempt + 1;
    c.claimToken = token;
    c.leaseUntil = now.plus(lease);
    c.reconcileUntil = null;
    c.startedAt = startedAt == null ? now : startedAt;
    return c.build();
  }

  /**
   * Gives the start back after Veo proved it did not accept the request (a refusal), so a retry
   * may claim a new attempt at once.
   */
  public Job releaseClaim(Instant now) {
    if (!isStartPending() || claimToken == null) {
      throw new IllegalStateException("only a claimed start without an operation can be released");
    }
    Copy c = new Copy(this);
    c.leaseUntil = null;
    c.claimToken = null;
    c.updatedAt = now;
    return c.build();
  }

  /**
   * The attempt may have started Veo (an ambiguous answer, or a lease that lapsed): watch its
   * output until {@code reconcileUntil} before any new attempt. The claim token is kept, so the
   * claimant, if it is still alive, can still record its operation.
   */
  public Job markStartUncertain(Instant now, Instant watchUntil) {
    Copy c = transition(JobTransition.MARK_START_UNCERTAIN, now);
    if (operationName != null) {
      throw new IllegalTransitionException(JobTransition.MARK_START_UNCERTAIN, stage);
    }
    c.leaseUntil = null;
    c.reconcileUntil = Objects.requireNonNull(watchUntil, "watch until");
    return c.build();
  }

  /**
   * The uncertain attempt's output appeared: Veo did generate for it, so the job finishes from that
   * video instead of paying for another one.
   */
  public Job adoptOrphan(String rawVideoUri, Instant now) {
    return adoptOrphan(List.of(Objects.requireNonNull(rawVideoUri, "raw video uri")), now);
  }

  /** Like {@link #adoptOrphan(String, Instant)}, with every sample the orphan wrote. */
  public Job adoptOrphan(List<String> rawVideoUris, Instant now) {
    requireSomeVideo(rawVideoUris);
    if (operationName != null) {
      throw new IllegalTransitionException(JobTransition.ADOPT_ORPHAN, stage);
    }
    Copy c = transition(JobTransition.ADOPT_ORPHAN, now);
    c.rawVideos(rawVideoUris);
    c.leaseUntil = null;
    c.claimToken = null;
    c.reconcileUntil = null;
    // Veo did accept this job's start: a caller who asked to hear of it is owed that.
    return c.owe(WebhookEvent.STARTED, now).build();
  }

  private static void requireSomeVideo(List<?> videos) {
    if (videos == null || videos.isEmpty() || videos.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("at least one video, and no null");
    }
  }

  /** Veo accepted the request: generating, with poll 1 as the head of the poll chain. */
  public Job recordOperation(String name, Instant now) {
    Objects.requireNonNull(name, "operation name");
    Copy c = transition(JobTransition.RECORD_OPERATION, now);
    c.operationName = name;
    c.leaseUntil = null;
    c.claimToken = null;
    c.reconcileUntil = null;
    c.pollCount = 1;
    return c.owe(WebhookEvent.STARTED, now).build();
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
    return markFinalizing(List.of(Objects.requireNonNull(rawVideoUri, "raw video uri")), now);
  }

  /** Veo finished with one video per sample, in Veo's order (the first is the job's first video). */
  public Job markFinalizing(List<String> rawVideoUris, Instant now) {
    requireSomeVideo(rawVideoUris);
    Copy c = transition(JobTransition.MARK_FINALIZING, now);
    c.rawVideos(rawVideoUris);
    return c.build();
  }

  /** The video is stored at {@code videoGcsUri} and reachable through a signed URL. */
  public Job complete(String videoGcsUri, String signedUrl, Instant signedUrlExpiresAt, Instant now) {
    Objects.requireNonNull(videoGcsUri, "video gcs uri");
    return complete(List.of(new StoredVideo(videoGcsUri, signedUrl, signedUrlExpiresAt)), now);
  }

  /** Every sample is stored and reachable through its signed URL; the first is the job's first video. */
  public Job complete(List<StoredVideo> stored, Instant now) {
    requireSomeVideo(stored);
    Copy c = transition(JobTransition.COMPLETE, now);
    c.videos = List.copyOf(stored);
    c.videoGcsUri = stored.get(0).gcsUri();
    c.videoUrl = stored.get(0).url();
    c.videoUrlExpiresAt = stored.get(0).urlExpiresAt();
    c.completedAt = now;
    return c.owe(WebhookEvent.COMPLETED, now).build();
  }

  /** Seconds of video generated: every sample counts (usage bills them all). */
  public int secondsGenerated() {
    return request.parameters().durationSeconds() * Math.max(1, videos.size());
  }

  public Job fail(JobError jobError, Instant now) {
    Objects.requireNonNull(jobError, "error");
    Copy c = transition(JobTransition.FAIL, now);
    c.error = jobError;
    c.leaseUntil = null;
    return c.owe(WebhookEvent.FAILED, now).build();
  }

  public Job cancel(Instant now) {
    Copy c = transition(JobTransition.CANCEL, now);
    c.leaseUntil = null;
    return c.owe(WebhookEvent.CANCELED, now).build();
  }

  /** Whether the job owes its receiver this webhook (delivery not yet confirmed). */
  public boolean owesWebhook(WebhookEvent event) {
    return webhooksOwed.contains(event);
  }

  /** The receiver got {@code event} (or it can never be sent): nothing more is owed for it. */
  public Job webhookSettled(WebhookEvent event, Instant now) {
    if (!owesWebhook(event)) {
      throw new IllegalStateException("job " + id + " does not owe " + event.type());
    }
    Copy c = new Copy(this);
    EnumSet<WebhookEvent> left = EnumSet.noneOf(WebhookEvent.class);
    left.addAll(webhooksOwed);
    left.remove(event);
    c.webhooksOwed = left;
    c.webhookDueAt = left.isEmpty() ? null : webhookDueAt;
    c.updatedAt = now;
    return c.build();
  }

  /** The sweeper re-drove the owed deliveries now; the next re-drive waits from here. */
  public Job webhooksRedriven(Instant now) {
    if (webhooksOwed.isEmpty()) {
      throw new IllegalStateException("job " + id + " owes no webhook");
    }
    Copy c = new Copy(this);
    c.webhookDueAt = now;
    c.updatedAt = now;
    return c.build();
  }

  /** Gives up on every owed delivery (the receiver stayed unreachable for too long). */
  public Job webhooksAbandoned(Instant now) {
    Copy c = new Copy(this);
    c.webhooksOwed = Set.of();
    c.webhookDueAt = null;
    c.updatedAt = now;
    return c.build();
  }

  /** The job with the times a store stamps on its writes. */
  public Job withStoreTimes(Instant created, Instant updated) {
    Copy c = new Copy(this);
    c.createdAt = created;
    c.updatedAt = updated;
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
    String claimToken;
    Instant reconcileUntil;
    Set<WebhookEvent> webhooksOwed;
    Instant webhookDueAt;
    List<String> rawVideoUris;
    List<StoredVideo> videos;

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
      claimToken = j.claimToken;
      reconcileUntil = j.reconcileUntil;
      webhooksOwed = j.webhooksOwed;
      webhookDueAt = j.webhookDueAt;
      rawVideoUris = j.rawVideoUris;
      videos = j.videos;
    }

    void rawVideos(List<String> uris) {
      rawVideoUris = List.copyOf(uris);
      rawVideoUri = uris.get(0);
    }

    /** Records the webhook a job owes, if its request has a {@code webhook_url} and selected {@code event}. */
    Copy owe(WebhookEvent event, Instant now) {
      if (request != null && request.wantsWebhook(event)) {
        EnumSet<WebhookEvent> owed = EnumSet.of(event);
        owed.addAll(webhooksOwed);
        webhooksOwed = owed;
        webhookDueAt = now;
      }
      return this;
    }

    Job build() {
      return new Job(id, ownerUid, status, stage, request, attempt, leaseUntil, operationName, pollCount,
          rawVideoUri, videoGcsUri, videoUrl, videoUrlExpiresAt, error, idempotencyKey, requestFingerprint,
          createdAt, updatedAt, startedAt, completedAt, deadlineAt, claimToken, reconcileUntil, webhooksOwed,
          webhookDueAt, rawVideoUris, videos);
    }
  }
}
