package dev.veojobs.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.Transaction;
import dev.veojobs.app.AdmissionLimits;
import dev.veojobs.app.CreateOutcome;
import dev.veojobs.app.Decision;
import dev.veojobs.app.JobChange;
import dev.veojobs.app.JobEvent;
import dev.veojobs.app.JobNotFoundException;
import dev.veojobs.app.JobPage;
import dev.veojobs.app.JobQuery;
import dev.veojobs.app.JobStore;
import dev.veojobs.app.UsageDelta;
import dev.veojobs.job.Job;
import dev.veojobs.job.StoredVideo;
import dev.veojobs.job.VeoLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.lang.System.Logger.Level;
import dev.veojobs.app.SweepBatch;
import java.util.Map;
import java.util.Optional;

/**
 * The job store on Firestore. Every write is one transaction over the job, its event, the node
 * mirror, the usage day and the in-flight counters, so they can never disagree.
 *
 * <p>Documents: {@code jobs/{id}} (see {@link JobDocuments}), {@code jobs/{id}/events/{seq}},
 * {@code nodes/{node_id}}, {@code usage/{uid}/days/{yyyymmdd}}, {@code idempotency/{sha256}},
 * {@code users/{uid}} (the owner's exact in-flight count) and the global in-flight count spread
 * over {@link InFlightShards} so that no one document is written by every job.
 */
public final class FirestoreJobStore implements JobStore {
  /** A job typically takes a few minutes; this is when a slot is worth asking for again. */
  static final Duration IN_FLIGHT_RETRY_AFTER = Duration.ofSeconds(60);

  static final String IN_FLIGHT = "in_flight";
  static final String JOBS_CREATED = "jobs_created";
  /** The user a node belongs to: the first one who named it; nobody else's job may name it. */
  static final String NODE_OWNER_UID = "owner_uid";
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private static final System.Logger LOG = System.getLogger(FirestoreJobStore.class.getName());

  private final Firestore db;
  private final Clock clock;
  private final InFlightShards shards;
  /** JOB_RETENTION: how long a finished job and its events are kept; zero keeps them for ever. */
  private final Duration retention;

  public FirestoreJobStore(Firestore db, Clock clock) {
    this(db, clock, Duration.ZERO);
  }

  public FirestoreJobStore(Firestore db, Clock clock, Duration retention) {
    this.db = db;
    this.clock = clock;
    this.shards = new InFlightShards(db);
    this.retention = retention == null ? Duration.ZERO : retention;
  }

  /** The global in-flight count for one create, asked for once however often the transaction runs. */
  private static final class GlobalInFlight {
    static final GlobalInFlight UNCHECKED = new GlobalInFlight(null);
    private final java.util.concurrent.Future<Long> total;

    GlobalInFlight(java.util.concurrent.Future<Long> total) {
      this.total = total;
    }

    long count() throws Exception {
      return total == null ? 0 : total.get();
    }
  }

  @Override
  public CreateOutcome create(Job job, AdmissionLimits limits) {
    // The global count is read outside the transaction, started before it so the two overlap: read
    // inside, every create would conflict with every other create's shard write (decisions.md).
    GlobalInFlight global = limits.globalInFlight() > 0 ? new GlobalInFlight(shards.total()) : GlobalInFlight.UNCHECKED;
    CreateOutcome outcome = transaction(tx -> createIn(tx, job, limits, global));
    if (outcome instanceof CreateOutcome.Created) {
      // Re-read so the caller sees the server's created_at/updated_at, exactly as find() will. The job
      // is committed already: if the read fails, the caller gets the job as written, never an error
      // (a client retrying without an Idempotency-Key would pay for a second job).
      try {
        return new CreateOutcome.Created(find(job.id()).orElse(job));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "job {0} created; reading it back failed, answering with the job as written: {1}",
            job.id(), e.getMessage());
        return outcome;
      }
    }
    return outcome;
  }

  private CreateOutcome createIn(Transaction tx, Job job, AdmissionLimits limits, GlobalInFlight global)
      throws Exception {
    // Job ids are random and never reused: an existing document with this id is this very create,
    // committed by an earlier run of the transaction whose answer was lost.
    DocumentSnapshot mine = tx.get(jobRef(job.id())).get();
    if (mine.exists()) {
      return new CreateOutcome.Created(JobDocuments.toJob(mine));
    }
    String owner = job.ownerUid();
    DocumentReference keyRef = job.idempotencyKey() == null ? null : idempotencyRef(owner, job.idempotencyKey());
    if (keyRef != null) {
      DocumentSnapshot key = tx.get(keyRef).get();
      if (key.exists()) {
        String existingId = key.getString("job_id");
        if (!job.requestFingerprint().equals(key.getString("fingerprint"))) {
          return new CreateOutcome.KeyConflict(existingId);
        }
        DocumentSnapshot existing = tx.get(jobRef(existingId)).get();
        if (existing.exists()) {
          return new CreateOutcome.Replayed(JobDocuments.toJob(existing));
        }
      }
    }

    String nodeId = job.request().nodeId();
    if (nodeId != null && !owner.equals(nodeOwner(tx, nodeId).orElse(owner))) {
      // Read in this transaction, so two users naming a new node at once cannot both take it: the
      // second commit finds its read changed, runs again and sees the first one's owner.
      return new CreateOutcome.NodeNotFound(nodeId);
    }

    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (limits.perUserInFlight() > 0 && count(tx, userRef(owner), IN_FLIGHT) >= limits.perUserInFlight()) {
      return new CreateOutcome.LimitReached("per_user_in_flight",
          "You already have " + limits.perUserInFlight() + " jobs in progress; wait for one to finish.",
          IN_FLIGHT_RETRY_AFTER);
    }
    if (limits.perUserPerDay() > 0 && count(tx, usageDayRef(owner, today), JOBS_CREATED) >= limits.perUserPerDay()) {
      Instant tomorrow = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      return new CreateOutcome.LimitReached("per_user_per_day",
          "You have reached the limit of " + limits.perUserPerDay() + " jobs per day.",
          Duration.between(now, tomorrow));
    }
    if (limits.globalInFlight() > 0 && global.count() >= limits.globalInFlight()) {
      return new CreateOutcome.LimitReached("global_in_flight",
          "The service is busy; try again shortly.", IN_FLIGHT_RETRY_AFTER);
    }

    Map<String, Object> fields = JobDocuments.forCreate(job);
    fields.put(JobDocuments.EVENT_SEQ, 1L);
    Map<String, Object> created = eventFields(1,
        new JobEvent("job.created", Map.of("status", job.status().name(), "stage", job.stage().name())));
    if (job.status().isTerminal() && !retention.isZero()) {
      Timestamp expireAt = JobDocuments.timestamp(now.plus(retention));
      fields.put(FirestoreQueries.EXPIRE_AT, expireAt);
      created.put(FirestoreQueries.EXPIRE_AT, expireAt);
    }
    tx.create(jobRef(job.id()), fields);
    tx.create(eventRef(job.id(), 1), created);
    if (keyRef != null) {
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("job_id", job.id());
      key.put("fingerprint", job.requestFingerprint());
      key.put("owner_uid", owner);
      key.put("created_at", FieldValue.serverTimestamp());
      tx.set(keyRef, key);
    }
    if (!job.status().isTerminal()) {
      tx.set(userRef(owner), Map.of(IN_FLIGHT, FieldValue.increment(1)), SetOptions.merge());
      shards.add(tx, job.id(), 1);
    }
    tx.set(usageDayRef(owner, today), Map.of("day", DAY.format(today), JOBS_CREATED, FieldValue.increment(1)),
        SetOptions.merge());
    if (nodeId != null) {
      // A new job of the node's owner takes the node over; the first one also makes it the owner's.
      Map<String, Object> node = nodeFields(job);
      node.put(NODE_OWNER_UID, owner);
      tx.set(nodeRef(nodeId), node, SetOptions.merge());
    }
    return new CreateOutcome.Created(job);
  }

  /**
   * Who owns {@code nodes/{nodeId}}: its {@code owner_uid}; for a node written before nodes had
   * owners, the owner of the job it shows; empty for a node nobody has used.
   */
  private Optional<String> nodeOwner(Transaction tx, String nodeId) throws Exception {
    DocumentSnapshot node = tx.get(nodeRef(nodeId)).get();
    if (!node.exists()) {
      return Optional.empty();
    }
    String owner = node.getString(NODE_OWNER_UID);
    if (owner != null) {
      return Optional.of(owner);
    }
    String jobId = node.getString("job_id");
    if (jobId == null) {
      return Optional.empty();
    }
    DocumentSnapshot shown = tx.get(jobRef(jobId)).get();
    return Optional.ofNullable(shown.exists() ? shown.getString(FirestoreQueries.OWNER_UID) : null);
  }

  @Override
  public Optional<Job> find(String jobId) {
    DocumentSnapshot doc = FirestoreErrors.await(() -> jobRef(jobId).get().get());
    return doc.exists() ? Optional.of(JobDocuments.toJob(doc)) : Optional.empty();
  }

  @Override
  public <R> R update(String jobId, JobChange<R> change) {
    return transaction(tx -> updateIn(tx, jobId, change));
  }

  private <R> R updateIn(Transaction tx, String jobId, JobChange<R> change) throws Exception {
    DocumentReference ref = jobRef(jobId);
    DocumentSnapshot snapshot = tx.get(ref).get();
    if (!snapshot.exists()) {
      throw new JobNotFoundException(jobId);
    }
    Job current = JobDocuments.toJob(snapshot);
    Decision<R> decision = change.decide(current);
    if (!decision.writes()) {
      return decision.result();
    }
    Job updated = decision.updated();
    if (!jobId.equals(updated.id()) || !current.ownerUid().equals(updated.ownerUid())) {
      throw new IllegalStateException("a change may not move a job to another id or owner");
    }
    String nodeId = updated.request().nodeId();
    // Transactions read everything before they write.
    DocumentSnapshot node = nodeId == null ? null : tx.get(nodeRef(nodeId)).get();
    boolean ending = !current.status().isTerminal() && updated.status().isTerminal();
    Timestamp expireAt = expireAt(snapshot, updated, ending);
    List<QueryDocumentSnapshot> earlierEvents = ending && expireAt != null
        ? tx.get(ref.collection(FirestoreQueries.EVENTS)).get().getDocuments() : List.of();

    Map<String, Object> fields = JobDocuments.forUpdate(updated);
    if (expireAt != null) {
      fields.put(FirestoreQueries.EXPIRE_AT, expireAt);
    }
    for (QueryDocumentSnapshot event : earlierEvents) {
      tx.update(event.getReference(), FirestoreQueries.EXPIRE_AT, expireAt);
    }
    if (decision.event() != null) {
      Long last = snapshot.getLong(JobDocuments.EVENT_SEQ);
      long seq = (last == null ? 0 : last) + 1;
      fields.put(JobDocuments.EVENT_SEQ, seq);
      Map<String, Object> event = eventFields(seq, decision.event());
      if (expireAt != null) {
        event.put(FirestoreQueries.EXPIRE_AT, expireAt);
      }
      tx.create(eventRef(jobId, seq), event);
    }
    tx.update(ref, fields);
    String nodeOwner = node == null ? null : node.getString(NODE_OWNER_UID);
    if (node != null && (!node.exists() || jobId.equals(node.getString("job_id")))
        && (nodeOwner == null || nodeOwner.equals(updated.ownerUid()))) {
      // A node shows its owner's newest job: an older job's late update leaves it alone. A node from
      // before owners were recorded gets its owner here, the owner of the job it shows.
      Map<String, Object> mirror = nodeFields(updated);
      mirror.put(NODE_OWNER_UID, updated.ownerUid());
      tx.set(nodeRef(nodeId), mirror, SetOptions.merge());
    }
    if (decision.usage() != null && !decision.usage().isEmpty()) {
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      tx.set(usageDayRef(updated.ownerUid(), today), usageFields(today, decision.usage()), SetOptions.merge());
    }
    if (!current.status().isTerminal() && updated.status().isTerminal()) {
      tx.set(userRef(updated.ownerUid()), Map.of(IN_FLIGHT, FieldValue.increment(-1)), SetOptions.merge());
      shards.add(tx, jobId, -1);
    }
    return decision.result();
  }

  /**
   * When a finished job and its events may go (JOB_RETENTION after it ended), or null while it is
   * live or retention is off. Stamped once, when the job ends, on the job and on every event; a
   * later write to the finished job keeps the stamp.
   */
  private Timestamp expireAt(DocumentSnapshot snapshot, Job updated, boolean ending) {
    if (retention.isZero() || !updated.status().isTerminal()) {
      return null;
    }
    if (!ending) {
      return snapshot.getTimestamp(FirestoreQueries.EXPIRE_AT);
    }
    Instant ended = updated.completedAt() != null ? updated.completedAt() : clock.instant();
    return JobDocuments.timestamp(ended.plus(retention));
  }

  @Override
  public JobPage list(JobQuery query) {
    // ListJobs bounds the size (the one page-size rule); a store only refuses what cannot be a page.
    int size = query.pageSize();
    if (size < 1) {
      throw new IllegalArgumentException("a page holds at least one job, not " + size);
    }
    Query q = FirestoreQueries.jobsOfOwner(db, query.ownerUid(), query.nodeId(), query.status());
    if (query.pageToken() != null && !query.pageToken().isEmpty()) {
      PageToken token = PageToken.decode(query.pageToken());
      q = q.startAfter(JobDocuments.timestamp(token.createdAt()), token.jobId());
    }
    Query page = q.limit(size + 1);
    List<QueryDocumentSnapshot> docs = FirestoreErrors.await(() -> page.get().get().getDocuments());
    List<Job> jobs = docs.stream().limit(size).map(JobDocuments::toJob).toList();
    String next = null;
    if (docs.size() > size) {
      Job last = jobs.get(jobs.size() - 1);
      next = new PageToken(last.createdAt(), last.id()).encode();
    }
    return new JobPage(jobs, next);
  }

  @Override
  public Optional<Job> latestForNode(String ownerUid, String nodeId) {
    Query q = FirestoreQueries.latestOfNode(db, ownerUid, nodeId);
    List<QueryDocumentSnapshot> docs = FirestoreErrors.await(() -> q.get().get().getDocuments());
    return docs.stream().findFirst().map(JobDocuments::toJob);
  }

  @Override
  public SweepBatch findStalled(Instant updatedBefore, int limit) {
    return sweepBatch(FirestoreQueries.stalled(db, updatedBefore, limit));
  }

  @Override
  public SweepBatch findPastDeadline(Instant now, int limit) {
    return sweepBatch(FirestoreQueries.pastDeadline(db, now, limit));
  }

  @Override
  public SweepBatch findOwedWebhooks(Instant dueBefore, int limit) {
    return sweepBatch(FirestoreQueries.owedWebhooks(db, dueBefore, limit));
  }

  /** One unreadable document must not hide the others from the sweeper: it is counted and logged. */
  private SweepBatch sweepBatch(Query q) {
    List<QueryDocumentSnapshot> docs = FirestoreErrors.await(() -> q.get().get().getDocuments());
    List<Job> jobs = new ArrayList<>();
    int unreadable = 0;
    for (QueryDocumentSnapshot doc : docs) {
      try {
        jobs.add(JobDocuments.toJob(doc));
      } catch (RuntimeException e) {
        unreadable++;
        LOG.log(Level.ERROR, "job document {0} cannot be read; the sweep skips it: {1}", doc.getId(), e.toString());
      }
    }
    return new SweepBatch(jobs, unreadable);
  }

  private static long count(Transaction tx, DocumentReference ref, String field) throws Exception {
    DocumentSnapshot doc = tx.get(ref).get();
    Long value = doc.exists() ? doc.getLong(field) : null;
    return value == null ? 0 : value;
  }

  private static Map<String, Object> eventFields(long seq, JobEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", seq);
    m.put("type", event.type());
    m.put("at", FieldValue.serverTimestamp());
    m.put("data", JobDocuments.encode(event.data() == null ? Map.of() : event.data()));
    return m;
  }

  /**
   * The node mirror of {@code job}. Signed URLs expire ({@code SIGNED_URL_TTL}): each carries its
   * expiry, and the object path says which video it is; a reader refreshes through
   * {@code GET /v1/jobs/{job_id}}, which signs again on every read. No gs:// URI is written here.
   */
  private static Map<String, Object> nodeFields(Job job) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("video_url", job.videoUrl());
    data.put("video_url_expires_at", JobDocuments.timestamp(job.videoUrlExpiresAt()));
    data.put("video_path", job.videos().isEmpty() ? null : objectPath(job.videos().get(0).gcsUri()));
    List<Map<String, Object>> videos = new ArrayList<>();
    if (!job.videos().isEmpty()) {
      int[] frame = VeoLimits.frameSize(job.request().parameters().resolution(), job.request().parameters().aspectRatio());
      for (StoredVideo v : job.videos()) {
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("url", v.url());
        video.put("expires_at", JobDocuments.timestamp(v.urlExpiresAt()));
        video.put("path", objectPath(v.gcsUri()));
        video.put("width", (long) frame[0]);
        video.put("height", (long) frame[1]);
        video.put("duration_seconds", (long) job.request().parameters().durationSeconds());
        videos.add(video);
      }
    }
    data.put("videos", videos);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", job.status().name());
    m.put("job_id", job.id());
    m.put("data", data);
    m.put("error_message", job.error() == null ? null : job.error().message());
    m.put("updated_at", FieldValue.serverTimestamp());
    return m;
  }

  /** The object's name in the video bucket, e.g. {@code videos/{owner}/{id}.mp4}. */
  private static String objectPath(String gcsUri) {
    return dev.veojobs.app.ObjectNames.Location.parse(gcsUri).objectName();
  }

  private static Map<String, Object> usageFields(LocalDate day, UsageDelta delta) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("day", DAY.format(day));
    if (delta.jobsStarted() != 0) {
      m.put("jobs_started", FieldValue.increment(delta.jobsStarted()));
    }
    if (delta.jobsCompleted() != 0) {
      m.put("jobs_completed", FieldValue.increment(delta.jobsCompleted()));
    }
    if (delta.secondsGenerated() != 0) {
      m.put("seconds_generated", FieldValue.increment(delta.secondsGenerated()));
    }
    return m;
  }

  private DocumentReference jobRef(String jobId) {
    return db.collection(FirestoreQueries.JOBS).document(jobId);
  }

  private DocumentReference eventRef(String jobId, long seq) {
    return jobRef(jobId).collection("events").document(eventId(seq));
  }

  /** Zero-padded so that the ids sort in the order the events happened. */
  static String eventId(long seq) {
    return String.format("%010d", seq);
  }

  private DocumentReference nodeRef(String nodeId) {
    return db.collection("nodes").document(nodeId);
  }

  private DocumentReference usageDayRef(String ownerUid, LocalDate day) {
    return db.collection("usage").document(ownerUid).collection("days").document(DAY.format(day));
  }

  private DocumentReference userRef(String ownerUid) {
    return db.collection("users").document(ownerUid);
  }

  private DocumentReference idempotencyRef(String ownerUid, String key) {
    return db.collection("idempotency").document(idempotencyId(ownerUid, key));
  }

  /** One document per (owner, key), named so that neither leaks into the id. */
  static String idempotencyId(String ownerUid, String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((ownerUid + ":" + key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private <T> T transaction(Transaction.Function<T> body) {
    return FirestoreErrors.await(() -> db.runTransaction(body).get());
  }

}
