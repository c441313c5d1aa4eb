package dev.veojobs.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import dev.veojobs.job.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every query the job store runs, built in one place. Firestore (and the local emulator) refuse
 * a query without a matching composite index, so {@link #all} lists one instance of each query
 * shape; a contract test derives the indexes they need and compares them with
 * {@code emulator-config/firestore.indexes.json}.
 */
public final class FirestoreQueries {
  static final String JOBS = "jobs";
  static final String OWNER_UID = "owner_uid";
  static final String NODE_ID = "node_id";
  static final String STATUS = "status";
  static final String CREATED_AT = "created_at";
  static final String UPDATED_AT = "updated_at";
  static final String DEADLINE_AT = "deadline_at";
  static final String WEBHOOKS_OWED = "webhooks_owed";
  static final String WEBHOOK_DUE_AT = "webhook_due_at";
  /** A job's history, a subcollection of its document (collection group {@code events}). */
  public static final String EVENTS = "events";
  /** What is remembered of a deleted job: its owner, so a repeated DELETE answers 204. */
  public static final String DELETED_JOBS = "deleted_jobs";
  /**
   * When a document may go: the field of the Firestore TTL policies on jobs, events and deleted_jobs
   * ({@code terraform/firestore.tf}); absent means kept.
   */
  public static final String EXPIRE_AT = "expire_at";

  /** Statuses the sweeper looks at: every live one. */
  static final List<String> LIVE_STATUSES = List.of(JobStatus.PENDING.name(), JobStatus.PROCESSING.name());

  private FirestoreQueries() {}

  /** A job's events after {@code afterSeq}, oldest first: the ids are the zero-padded sequence numbers. */
  static Query eventsOfJob(Firestore db, String jobId, long afterSeq, int limit) {
    return db.collection(JOBS).document(jobId).collection(EVENTS)
        .orderBy(FieldPath.documentId())
        .startAfter(FirestoreJobStore.eventId(afterSeq))
        .limit(limit);
  }

  /**
   * The caller's jobs, newest first. The document id breaks ties between equal creation times,
   * so a page token of (created_at, id) is an exact cursor.
   */
  static Query jobsOfOwner(Firestore db, String ownerUid, String nodeId, JobStatus status) {
    Query query = db.collection(JOBS).whereEqualTo(OWNER_UID, ownerUid);
    if (nodeId != null) {
      query = query.whereEqualTo(NODE_ID, nodeId);
    }
    if (status != null) {
      query = query.whereEqualTo(STATUS, status.name());
    }
    return query
        .orderBy(CREATED_AT, Query.Direction.DESCENDING)
        .orderBy(FieldPath.documentId(), Query.Direction.DESCENDING);
  }

  /** The newest job of a node: the same shape as the node-filtered list. */
  static Query latestOfNode(Firestore db, String ownerUid, String nodeId) {
    return jobsOfOwner(db, ownerUid, nodeId, null).limit(1);
  }

  /** Live jobs not updated since {@code updatedBefore}, oldest first. */
  /** Live jobs whose deadline has passed, earliest first (index: status + deadline_at). */
  static Query pastDeadline(Firestore db, Instant now, int limit) {
    return db.collection(JOBS).whereIn(STATUS, LIVE_STATUSES)
        .whereLessThanOrEqualTo(DEADLINE_AT, JobDocuments.timestamp(now))
        .orderBy(DEADLINE_AT, Query.Direction.ASCENDING)
        .limit(limit);
  }

  /** Jobs owing a webhook whose re-drive is due (single-field index: no declaration needed). */
  static Query owedWebhooks(Firestore db, Instant dueBefore, int limit) {
    return db.collection(JOBS)
        .whereLessThan(WEBHOOK_DUE_AT, JobDocuments.timestamp(dueBefore))
        .orderBy(WEBHOOK_DUE_AT, Query.Direction.ASCENDING)
        .limit(limit);
  }

  static Query stalled(Firestore db, Instant updatedBefore, int limit) {
    CollectionReference jobs = db.collection(JOBS);
    return jobs.whereIn(STATUS, LIVE_STATUSES)
        .whereLessThan(UPDATED_AT, JobDocuments.timestamp(updatedBefore))
        .orderBy(UPDATED_AT, Query.Direction.ASCENDING)
        .limit(limit);
  }

  /** One instance of every query shape the store can run, for the index contract test. */
  public static List<Query> all(Firestore db) {
    List<Query> queries = new ArrayList<>();
    for (String nodeId : new String[] {null, "node"}) {
      for (JobStatus status : new JobStatus[] {null, JobStatus.COMPLETED}) {
        queries.add(jobsOfOwner(db, "uid", nodeId, status).limit(20));
        queries.add(jobsOfOwner(db, "uid", nodeId, status)
            .startAfter(Timestamp.ofTimeSecondsAndNanos(0, 0), "job").limit(20));
      }
    }
    queries.add(latestOfNode(db, "uid", "node"));
    queries.add(stalled(db, Instant.EPOCH, 10));
    queries.add(pastDeadline(db, Instant.EPOCH, 10));
    queries.add(owedWebhooks(db, Instant.EPOCH, 10));
    return List.copyOf(queries);
  }
}
