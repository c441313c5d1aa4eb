package dev.veojobs.job;

/**
 * Where the pipeline is inside a job. The public {@link JobStatus} is derived from the stage and
 * the outcome, so the two can never disagree.
 */
public enum JobStage {
  QUEUED,
  STARTING,
  GENERATING,
  FINALIZING,
  DONE
}
