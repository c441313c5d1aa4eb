package dev.veojobs.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one way tests make a {@link Job} in some stage: {@link Job#newJob}, then the same transition
 * methods the pipeline calls ({@code claimStart}, {@code recordOperation}, {@code markFinalizing},
 * {@code complete}, {@code fail}, {@code cancel}). So every test job is a state the pipeline can
 * reach, and a field added to {@code Job} is one edit here rather than one per test.
 *
 * <pre>{@code
 * Job generating = TestJobs.job("job1").owner("alice").at(T0).generating();
 * Job done = TestJobs.from(current).at(now).videoUrl("https://v/1").completed();
 * }</pre>
 *
 * <p>Every transition happens at {@link Builder#at} (the creation time unless set), with attempt 1,
 * {@link #OPERATION}, and object names in {@link #BUCKET}, unless the builder says otherwise.
 */
public final class TestJobs {
  public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  public static final String OWNER = "uid-alice";
  public static final String BUCKET = "veo-jobs-videos";
  public static final String OPERATION = "projects/p/locations/us-central1/publishers/google/models/m/operations/op-1";
  public static final Duration DEADLINE = Duration.ofMinutes(20);
  public static final Duration LEASE = Duration.ofMinutes(3);
  /** The claim token of the start the builder claims, unless set. */
  public static final String TOKEN = "claim-token-1";

  private TestJobs() {}

  /** A create request with every default, on node-1 of project-1. */
  public static JobRequest request() {
    return new JobRequest("a cat surfing a wave at sunset", null, VeoLimits.DEFAULT_MODEL, null,
        VeoLimits.defaultParameters(), "node-1", "project-1", null);
  }

  /** A new job with id {@code id}. */
  public static Builder job(String id) {
    return new Builder(Objects.requireNonNull(id, "id"), null);
  }

  /**
   * Moves {@code job} on from where it is, at {@link Builder#at} ({@code job.updatedAt()} unless set).
   * What a job already has (owner, request, creation) stays; only the settings of later stages apply.
   */
  public static Builder from(Job job) {
    return new Builder(job.id(), job).owner(job.ownerUid()).request(job.request()).at(job.updatedAt());
  }

  public static final class Builder {
    private final String id;
    private final Job base;
    private String owner = OWNER;
    private String bucket = BUCKET;
    private JobRequest request = TestJobs.request();
    private Instant createdAt = T0;
    private Instant at;
    private Instant deadlineAt;
    private String idempotencyKey;
    private String fingerprint;
    private int attempt = 1;
    private Duration lease = LEASE;
    private String token = TOKEN;
    private String operation = OPERATION;
    private String rawVideoUri;
    private boolean videoUrlGiven;
    private String videoUrl;
    private boolean expiryGiven;
    private Instant videoUrlExpiresAt;

    private Builder(String id, Job base) {
      this.id = id;
      this.base = base;
    }

    public Builder owner(String ownerUid) {
      this.owner = ownerUid;
      return this;
    }

    public Builder request(JobRequest jobRequest) {
      this.request = jobRequest;
      return this;
    }

    public Builder prompt(String prompt) {
      return request(new JobRequest(prompt, request.negativePrompt(), request.model(), request.image(),
          request.parameters(), request.nodeId(), request.projectId(), request.webhookUrl()));
    }

    public Builder node(String nodeId) {
      return request(new JobRequest(request.prompt(), request.negativePrompt(), request.model(), request.image(),
          request.parameters(), nodeId, request.projectId(), request.webhookUrl()));
    }

    public Builder image(ImageInput image) {
      return request(new JobRequest(request.prompt(), request.negativePrompt(), request.model(), image,
          request.parameters(), request.nodeId(), request.projectId(), request.webhookUrl()));
    }

    public Builder webhookUrl(String url) {
      return request(new JobRequest(request.prompt(), request.negativePrompt(), request.model(), request.image(),
          request.parameters(), request.nodeId(), request.projectId(), url));
    }

    /** When the job was created; also when it moves, unless {@link #at} says otherwise. */
    public Builder createdAt(Instant instant) {
      this.createdAt = instant;
      return this;
    }

    /** When every transition the builder applies happens. */
    public Builder at(Instant instant) {
      this.at = instant;
      return this;
    }

    /** The job's deadline; {@link #DEADLINE} after creation unless set. */
    public Builder deadlineAt(Instant instant) {
      this.deadlineAt = instant;
      return this;
    }

    public Builder idempotencyKey(String key) {
      this.idempotencyKey = key;
      return this;
    }

    /** The request fingerprint; the request's real one unless set. */
    public Builder fingerprint(String value) {
      this.fingerprint = value;
      return this;
    }

    /** The attempt that claims the start (1 unless set). */
    public Builder attempt(int claimAttempt) {
      this.attempt = claimAttempt;
      return this;
    }

    /** The token the start is claimed with ({@link #TOKEN} unless set). */
    public Builder claimToken(String claimToken) {
      this.token = claimToken;
      return this;
    }

    public Builder lease(Duration startLease) {
      this.lease = startLease;
      return this;
    }

    public Builder operation(String operationName) {
      this.operation = operationName;
      return this;
    }

    /** The video bucket the job's objects are named in ({@link #BUCKET} unless set). */
    public Builder bucket(String name) {
      this.bucket = name;
      return this;
    }

    /** Where Veo's video lies when the job moves to FINALIZING. */
    public Builder rawVideoUri(String gcsUri) {
      this.rawVideoUri = gcsUri;
      return this;
    }

    /** The URL a completed job carries (null, or even a gs:// URI, as a store may hold), and when it expires. */
    public Builder videoUrl(String url, Instant expiresAt) {
      this.videoUrlGiven = true;
      this.videoUrl = url;
      this.expiryGiven = true;
      this.videoUrlExpiresAt = expiresAt;
      return this;
    }

    /** The URL a completed job carries, valid for an hour from completion. */
    public Builder videoUrl(String url) {
      this.videoUrlGiven = true;
      this.videoUrl = url;
      return this;
    }

    /** PENDING / QUEUED, as CreateJob writes it (or the base job as it is). */
    public Job queued() {
      if (base != null) {
        return base;
      }
      String fp = fingerprint != null ? fingerprint : JobRequestParser.fingerprint(request);
      Instant deadline = deadlineAt != null ? deadlineAt : createdAt.plus(DEADLINE);
      return Job.newJob(id, owner, request, createdAt, deadline, idempotencyKey, fp);
    }

    /** PROCESSING / STARTING: the start claimed, its lease held from {@link #at}. */
    public Job starting() {
      return walkTo(JobStage.STARTING);
    }

    /** PROCESSING / GENERATING: the Veo operation recorded, poll 1 heading the chain. */
    public Job generating() {
      return walkTo(JobStage.GENERATING);
    }

    /** PROCESSING / FINALIZING: Veo's video found at {@link #rawVideoUri}. */
    public Job finalizing() {
      return walkTo(JobStage.FINALIZING);
    }

    /** COMPLETED: the video copied to {@code videos/{owner}/{id}.mp4} and signed. */
    public Job completed() {
      return walkTo(JobStage.DONE);
    }

    /** FAILED with {@code code} while generating (or from where the base job already is, if later). */
    public Job failed(ErrorCode code, String message) {
      return walkTo(JobStage.GENERATING).fail(new JobError(code, message), time());
    }

    /** CANCELED while queued (or from where the base job is). */
    public Job canceled() {
      return queued().cancel(time());
    }

    private Instant time() {
      return at != null ? at : createdAt;
    }

    private Job walkTo(JobStage target) {
      Job job = queued();
      Instant now = time();
      if (job.isTerminal()) {
        throw new IllegalStateException("job " + id + " already ended " + job.status());
      }
      if (job.stage() == JobStage.QUEUED && reaches(target, JobStage.STARTING)) {
        // Earlier attempts that Veo refused, each claimed and given back.
        while (job.attempt() < attempt - 1) {
          job = job.claimStart(token + "-" + job.attempt(), now, lease).releaseClaim(now);
        }
        job = job.claimStart(token, now, lease);
      }
      if (job.stage() == JobStage.STARTING && reaches(target, JobStage.GENERATING)) {
        job = job.recordOperation(operation, now);
      }
      if (job.stage() == JobStage.GENERATING && reaches(target, JobStage.FINALIZING)) {
        job = job.markFinalizing(rawVideoUri != null ? rawVideoUri
            : "gs://" + bucket + "/veo-output/" + id + "/" + job.attempt() + "/sample_0.mp4", now);
      }
      if (job.stage() == JobStage.FINALIZING && target == JobStage.DONE) {
        String url = videoUrlGiven ? videoUrl : "https://storage.example/videos/" + owner + "/" + id + ".mp4?sig";
        Instant expiresAt = expiryGiven ? videoUrlExpiresAt : now.plus(Duration.ofHours(1));
        job = job.complete("gs://" + bucket + "/videos/" + owner + "/" + id + ".mp4", url, expiresAt, now);
      }
      return job;
    }

    private static boolean reaches(JobStage target, JobStage stage) {
      return target.ordinal() >= stage.ordinal();
    }
  }
}
