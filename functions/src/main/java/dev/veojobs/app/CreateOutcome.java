package dev.veojobs.app;

import dev.veojobs.job.Job;
import java.time.Duration;

/** What {@link JobStore#create} did. */
public sealed interface CreateOutcome {
  /** A new job was written. */
  record Created(Job job) implements CreateOutcome {}

  /** The idempotency key was used before with the same request: here is that job. */
  record Replayed(Job job) implements CreateOutcome {}

  /** The idempotency key was used before with a different request. */
  record KeyConflict(String existingJobId) implements CreateOutcome {}

  /**
   * The request names a node another user owns (a node belongs to the user who first used it);
   * nothing was written. Answered like any other user's resource: not found.
   */
  record NodeNotFound(String nodeId) implements CreateOutcome {}

  /** An admission limit is reached; nothing was written. */
  record LimitReached(String limit, String message, Duration retryAfter) implements CreateOutcome {}
}
