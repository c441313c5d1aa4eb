package dev.veojobs.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import dev.veojobs.app.JobRecords;
import dev.veojobs.app.RecordedEvent;
import dev.veojobs.app.RecordedEventPage;
import dev.veojobs.job.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Events and deletions on Firestore: {@code jobs/{id}/events/{seq}} (written by
 * {@link FirestoreJobStore}) and {@code deleted_jobs/{id}}.
 */
public final class FirestoreJobRecords implements JobRecords {
  /**
   * How long a deletion is remembered (a repeated DELETE answers 204 until then, 404 after): the
   * TTL policy on {@code deleted_jobs} removes the record at {@code expire_at}.
   */
  public static final Duration DELETION_MEMORY = Duration.ofDays(30);

  /** Firestore allows 500 writes in one batch. */
  private static final int BATCH = 400;

  private final Firestore db;

  public FirestoreJobRecords(Firestore db) {
    this.db = db;
  }

  @Override
  public RecordedEventPage events(String jobId, long afterSeq, int pageSize) {
    List<QueryDocumentSnapshot> docs =
        FirestoreErrors.await(() -> FirestoreQueries.eventsOfJob(db, jobId, afterSeq, pageSize + 1).get().get().getDocuments());
    List<RecordedEvent> events = new ArrayList<>();
    for (QueryDocumentSnapshot doc : docs.subList(0, Math.min(pageSize, docs.size()))) {
      events.add(event(doc));
    }
    return new RecordedEventPage(events, docs.size() > pageSize);
  }

  @SuppressWarnings("unchecked")
  private static RecordedEvent event(DocumentSnapshot doc) {
    Long seq = doc.getLong("seq");
    Object data = doc.get("data");
    Map<String, Object> plain = new LinkedHashMap<>();
    if (data instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).forEach((k, v) -> plain.put(k, plain(v)));
    }
    return new RecordedEvent(seq == null ? Long.parseLong(doc.getId()) : seq, doc.getString("type"),
        JobDocuments.instant(doc.getTimestamp("at")), plain);
  }

  /** Event data as the use cases wrote it: timestamps back to ISO-8601 text. */
  private static Object plain(Object value) {
    return value instanceof Timestamp t ? JobDocuments.instant(t).toString() : value;
  }

  @Override
  public void markDeleted(Job job, Instant at) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(FirestoreQueries.OWNER_UID, job.ownerUid());
    fields.put("deleted_at", JobDocuments.timestamp(at));
    fields.put(FirestoreQueries.EXPIRE_AT, JobDocuments.timestamp(at.plus(DELETION_MEMORY)));
    FirestoreErrors.await(() -> deletedRef(job.id()).set(fields).get());
  }

  @Override
  public Optional<String> deletedJobOwner(String jobId) {
    DocumentSnapshot doc = FirestoreErrors.await(() -> deletedRef(jobId).get().get());
    return doc.exists() ? Optional.ofNullable(doc.getString(FirestoreQueries.OWNER_UID)) : Optional.empty();
  }

  @Override
  public void purge(Job job) {
    DocumentReference jobRef = db.collection(FirestoreQueries.JOBS).document(job.id());
    // Events first, in batches: a crash between batches leaves the job document, and a retry
    // finds it and goes on.
    List<DocumentReference> events = new ArrayList<>();
    FirestoreErrors.await(() -> jobRef.collection(FirestoreQueries.EVENTS).get().get().getDocuments())
        .forEach(doc -> events.add(doc.getReference()));
    for (int from = 0; from < events.size(); from += BATCH) {
      WriteBatch batch = db.batch();
      events.subList(from, Math.min(events.size(), from + BATCH)).forEach(batch::delete);
      FirestoreErrors.await(() -> batch.commit().get());
    }
    String nodeId = job.request() == null ? null : job.request().nodeId();
    FirestoreErrors.await(() -> db.runTransaction(tx -> {
      DocumentSnapshot node = nodeId == null ? null : tx.get(db.collection("nodes").document(nodeId)).get();
      DocumentReference keyRef = job.idempotencyKey() == null ? null
          : db.collection("idempotency").document(FirestoreJobStore.idempotencyId(job.ownerUid(), job.idempotencyKey()));
      DocumentSnapshot key = keyRef == null ? null : tx.get(keyRef).get();
      if (node != null && node.exists() && job.id().equals(node.getString("job_id"))) {
        tx.delete(node.getReference());
      }
      if (key != null && key.exists() && job.id().equals(key.getString("job_id"))) {
        tx.delete(keyRef);
      }
      tx.delete(jobRef);
      return null;
    }).get());
  }

  private DocumentReference deletedRef(String jobId) {
    return db.collection(FirestoreQueries.DELETED_JOBS).document(jobId);
  }

}
