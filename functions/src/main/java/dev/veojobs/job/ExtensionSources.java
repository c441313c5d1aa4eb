package dev.veojobs.job;

/**
 * Finds the job an {@code extend_from_job_id} names. Implementations throw when the caller may not
 * extend it (not theirs: not found; not COMPLETED: a precondition failure), so the parser only sees
 * sources that exist and have a video.
 */
@FunctionalInterface
public interface ExtensionSources {
  ExtensionSource find(String jobId);

  /** For parsing without a store: any extension is refused as naming no job. */
  ExtensionSources NONE = jobId -> {
    throw new InvalidRequestException("extend_from_job_id", "names no job that can be extended");
  };
}
