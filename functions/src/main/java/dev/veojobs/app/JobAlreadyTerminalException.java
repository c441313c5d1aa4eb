package dev.veojobs.app;

import dev.veojobs.job.JobStatus;

/** The job already ended (completed, failed or canceled), so it cannot be canceled: the API answers 409. */
public final class JobAlreadyTerminalException extends RuntimeException {
  private final JobStatus status;

  public JobAlreadyTerminalException(String jobId, JobStatus status) {
    super("job " + jobId + " is already " + status);
    this.status = status;
  }

  public JobStatus status() {
    return status;
  }
}
