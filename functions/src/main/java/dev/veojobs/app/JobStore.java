package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: where jobs live (Firestore in production). Every write is transactional: the job, its
 * event, the node mirror and the usage counters change together or not at all.
 */
public interface JobStore {

  /**
   * Creates {@code job} with its {@code job.created} event and node mirror, after checking the
   * idempotency key and the admission limits in the same transaction.
   */
  CreateOutcome create(Job job, AdmissionLimits limits);

  Optional<Job> find(String jobId);

  /**
   * Reads the job, lets {@code change} decide, and writes what it decided, atomically. The change
   * may run more than once (transaction retries), so it must be free of side effects.
   *
   * @throws dev.veojobs.job.RetryableFailure when the store is unavailable or contention persists
   * @throws JobNotFoundException when there is no such job
   */
  <R> R update(String jobId, JobChange<R> change);

  JobPage list(JobQuery query);

  Optional<Job> latestForNode(String ownerUid, String nodeId);

  /** Live jobs whose last update is older than {@code updatedBefore}, oldest first. */
  SweepBatch findStalled(Instant updatedBefore, int limit);

  /** Live jobs whose deadline is at or before {@code now}, earliest deadline first. */
  SweepBatch findPastDeadline(Instant now, int limit);

  /** Jobs that owe a webhook whose next delivery attempt is due before {@code dueBefore}. */
  SweepBatch findOwedWebhooks(Instant dueBefore, int limit);
}
