package dev.veojobs.app;

/**
 * The JSON body of a task. {@code jobId} is the job's own id — never a new one.
 * {@code attempt} fences the start step; {@code poll} numbers the poll.
 */
public record TaskPayload(String jobId, Step step, int attempt, int poll) {
  public enum Step {
    START,
    POLL,
    FINALIZE,
    /** Deliver the job.completed webhook of a completed job. */
    WEBHOOK_COMPLETED,
    /** Deliver the job.failed webhook of a failed job. */
    WEBHOOK_FAILED
  }
}
