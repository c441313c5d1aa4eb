package dev.veojobs.job;

/**
 * A failure that may pass if the same step runs again later (quota, 5xx, ABORTED, timeouts).
 * It never fails a job on its own: the step answers 429/503 and Cloud Tasks retries.
 */
public class RetryableFailure extends RuntimeException {
  public RetryableFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public RetryableFailure(String message) {
    super(message);
  }
}
