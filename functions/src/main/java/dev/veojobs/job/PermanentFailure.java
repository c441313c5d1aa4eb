package dev.veojobs.job;

/** A failure that will not pass by retrying; the job ends FAILED with {@link #error()}. */
public class PermanentFailure extends RuntimeException {
  private final JobError error;

  public PermanentFailure(JobError error, Throwable cause) {
    super(error.code() + ": " + error.message(), cause);
    this.error = error;
  }

  public PermanentFailure(ErrorCode code, String message) {
    this(new JobError(code, message), null);
  }

  public JobError error() {
    return error;
  }
}
