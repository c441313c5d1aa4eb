package dev.veojobs.app;

import dev.veojobs.job.JobStatus;

/**
 * An extension names the caller's own job, but it has no finished video to continue yet (or it failed
 * or was canceled). The API answers 409 FAILED_PRECONDITION naming {@link #field()}: the request is
 * well formed and may succeed later, which is what 409 says and a 400 would not.
 */
public final class SourceJobNotCompletedException extends RuntimeException {
  private final String field;
  private final JobStatus status;

  public SourceJobNotCompletedException(String field, JobStatus status) {
    super("the source job is " + status + ", not COMPLETED", null, false, false);
    this.field = field;
    this.status = status;
  }

  public String field() {
    return field;
  }

  public JobStatus status() {
    return status;
  }
}
