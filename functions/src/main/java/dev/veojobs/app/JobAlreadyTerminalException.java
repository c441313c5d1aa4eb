package dev.veojobs.app;

/** Stand-in (replaced on merge): the job already finished, so it cannot be canceled. */
public final class JobAlreadyTerminalException extends RuntimeException {
  public JobAlreadyTerminalException(String jobId) {
    super("job already terminal: " + jobId);
  }
}
