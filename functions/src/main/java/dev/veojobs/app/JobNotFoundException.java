package dev.veojobs.app;

/** No job with that id, or not one the caller may see (the API answers 404 for both). */
public final class JobNotFoundException extends RuntimeException {
  public JobNotFoundException(String jobId) {
    super("job not found: " + jobId);
  }
}
