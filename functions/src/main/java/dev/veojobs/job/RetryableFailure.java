package dev.veojobs.job;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass if the same step runs again later (quota, 5xx, ABORTED, timeouts).
 * It never fails a job on its own: use cases let it propagate, and the function's edge answers
 * 503 with {@code Retry-After} (Cloud Tasks then runs the same task again). A use case that knows
 * when a retry can succeed says so with {@link #retryAfter}.
 */
public class RetryableFailure extends RuntimeException {
  private final Duration retryAfter;

  public RetryableFailure(String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("a retry cannot be asked for in the past: " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  public RetryableFailure(String message, Duration retryAfter) {
    this(message, null, retryAfter);
  }

  public RetryableFailure(String message, Throwable cause) {
    this(message, cause, null);
  }

  public RetryableFailure(String message) {
    this(message, null, null);
  }

  /** When a retry can succeed, if the thrower knows; the edge's default otherwise. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
