package dev.veojobs.app;

import java.util.Objects;

/**
 * What a task step did, for the HTTP layer to answer Cloud Tasks with: both kinds are 2xx, so the
 * task is finished. A step that should run again does not return: it throws
 * {@link dev.veojobs.job.RetryableFailure}, which the edge answers with 503 and {@code Retry-After}.
 *
 * @param reason why the task was turned away; set exactly when {@code kind} is IGNORED
 * @param detail a short note for logs, never shown to users
 */
public record StepResult(Kind kind, Reason reason, String detail) {

  public enum Kind {
    /** The step did its work (which may have been failing the job for good). */
    DONE,
    /** Nothing to do; {@link #reason} says why. */
    IGNORED
  }

  /** Why a task was turned away without changing anything. */
  public enum Reason {
    /** The job does not exist (any more). */
    NOT_FOUND,
    /** The job had already ended (completed, failed or canceled) when the task arrived. */
    JOB_TERMINAL,
    /** A poll of another attempt, or below the head of the current poll chain. */
    STALE_POLL,
    /** A start task for a job that is already generating or further. */
    ALREADY_STARTED,
    /** A poll for a job whose video is already found; the finalize task was made sure of. */
    ALREADY_FINALIZING,
    /** The job is not at the stage, or did not end the way, this task is for. */
    WRONG_STAGE,
    /** The job changed (canceled, ended, claimed by another attempt) while the step worked. */
    MOVED_ON,
    /** A webhook task for a job that has no {@code webhook_url}. */
    NO_WEBHOOK_URL,
    /** The task's numbers can never name real work (an attempt or poll below 1). */
    MALFORMED_TASK
  }

  public StepResult {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.IGNORED) != (reason != null)) {
      throw new IllegalArgumentException("a reason is given exactly when a task is ignored");
    }
  }

  public static StepResult done(String detail) {
    return new StepResult(Kind.DONE, null, detail);
  }

  public static StepResult ignored(Reason reason, String detail) {
    return new StepResult(Kind.IGNORED, Objects.requireNonNull(reason, "reason"), detail);
  }
}
