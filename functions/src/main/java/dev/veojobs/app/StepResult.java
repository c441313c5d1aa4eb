package dev.veojobs.app;

import java.time.Duration;
import java.util.Objects;

/**
 * What a task step did, for the HTTP layer to answer Cloud Tasks with. DONE and IGNORED are 2xx
 * (the task is finished, including when the job was failed permanently); RETRY is a 503 with
 * {@code Retry-After: retryAfter} so Cloud Tasks runs the same task again with backoff.
 *
 * @param detail a short note for logs, never shown to users
 * @param retryAfter only for RETRY; null otherwise
 */
public record StepResult(Kind kind, String detail, Duration retryAfter) {

  /** The hint given to Cloud Tasks when a transient error did not say how long to wait. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

  public enum Kind {
    /** The step did its work (which may have been failing the job for good). */
    DONE,
    /** Nothing to do: a stale, duplicate or late delivery, or the job already ended. */
    IGNORED,
    /** A transient error; run this task again later. */
    RETRY
  }

  public StepResult {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.RETRY && (retryAfter == null || retryAfter.isNegative())) {
      throw new IllegalArgumentException("a retry needs a non-negative delay");
    }
    if (kind != Kind.RETRY && retryAfter != null) {
      throw new IllegalArgumentException("only a retry has a delay");
    }
  }

  public static StepResult done(String detail) {
    return new StepResult(Kind.DONE, detail, null);
  }

  public static StepResult ignored(String detail) {
    return new StepResult(Kind.IGNORED, detail, null);
  }

  public static StepResult retry(String detail, Duration retryAfter) {
    return new StepResult(Kind.RETRY, detail, retryAfter);
  }

  public static StepResult retry(String detail) {
    return retry(detail, DEFAULT_RETRY_AFTER);
  }
}
