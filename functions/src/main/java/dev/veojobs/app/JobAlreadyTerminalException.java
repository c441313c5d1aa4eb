package dev.veojobs.app;

import dev.veojobs.job.JobStatus;

/** The job already ended (completed, failed or canceled), so it cannot be canceled: the API answers 409. */
public final class JobAlreadyTerminalException extends RuntimeException {
  private final String jobId;
  private final JobStatus status;

  public JobAlreadyTerminalException(String jobId, JobStatus status) {
    super("job " + jobId + " is already " + status);
    this.jobId = jobId;
    this.status = status;
  }

  public String jobId() {
    return jobId;
  }

  public JobStatus status() {
    return status;
  }
}
