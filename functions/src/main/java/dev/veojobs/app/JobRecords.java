package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: what the store keeps about a job besides the job itself — its event history, and the
 * record that a job was deleted (Firestore in production: {@code jobs/{id}/events} and
 * {@code deleted_jobs/{id}}).
 */
public interface JobRecords {

  /** Events after {@code afterSeq} (0 for the first page), oldest first, at most {@code pageSize}. */
  RecordedEventPage events(String jobId, long afterSeq, int pageSize);

  /**
   * Remembers that {@code job} is being deleted, before anything is removed, so that a later
   * DELETE of the same id is answered as done. Repeatable.
   */
  void markDeleted(Job job, Instant at);

  /** The owner of a deleted job that is still remembered; empty when the id was never deleted. */
  Optional<String> deletedJobOwner(String jobId);

  /**
   * Removes the job's documents: its events, its idempotency key, the node mirror if it shows this
   * job, and last the job itself. Repeatable; a job already gone is success.
   */
  void purge(Job job);
}
