package dev.veojobs.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one transition table. Every change of stage goes through {@link #check} (called by the
 * transition methods of {@link Job}): a transition from a stage not listed is an
 * {@link IllegalTransitionException}, never a silent overwrite.
 */
public enum JobTransition {
  /** The worker claims the start step as a new attempt (lease and token taken before Veo is called). */
  CLAIM_START(EnumSet.of(JobStage.QUEUED, JobStage.STARTING), JobStage.STARTING, JobStatus.PROCESSING),
  /**
   * The claimed start may have reached Veo without its operation being recorded (an ambiguous
   * answer, or a lease that lapsed): its output is watched before any new attempt.
   */
  MARK_START_UNCERTAIN(EnumSet.of(JobStage.STARTING), JobStage.STARTING, JobStatus.PROCESSING),
  /** The uncertain start's output appeared: the job finishes from that video. */
  ADOPT_ORPHAN(EnumSet.of(JobStage.STARTING), JobStage.FINALIZING, JobStatus.PROCESSING),
  /** Veo accepted the request; its operation name is recorded. */
  RECORD_OPERATION(EnumSet.of(JobStage.STARTING), JobStage.GENERATING, JobStatus.PROCESSING),
  /** Veo finished with a video; the finalizer takes over. */
  MARK_FINALIZING(EnumSet.of(JobStage.GENERATING), JobStage.FINALIZING, JobStatus.PROCESSING),
  /** The video is stored and signed. */
  COMPLETE(EnumSet.of(JobStage.FINALIZING), JobStage.DONE, JobStatus.COMPLETED),
  /** A permanent failure at any live stage. */
  FAIL(EnumSet.of(JobStage.QUEUED, JobStage.STARTING, JobStage.GENERATING, JobStage.FINALIZING),
      JobStage.DONE, JobStatus.FAILED),
  /** The owner cancels a live job. */
  CANCEL(EnumSet.of(JobStage.QUEUED, JobStage.STARTING, JobStage.GENERATING, JobStage.FINALIZING),
      JobStage.DONE, JobStatus.CANCELED);

  private final Set<JobStage> from;
  private final JobStage to;
  private final JobStatus status;

  JobTransition(Set<JobStage> from, JobStage to, JobStatus status) {
    this.from = from;
    this.to = to;
    this.status = status;
  }

  public boolean allowedFrom(JobStage stage) {
    return from.contains(stage);
  }

  public JobStage targetStage() {
    return to;
  }

  public JobStatus targetStatus() {
    return status;
  }

  /** Checks the table; callers then build the new job with the target stage and status. */
  public void check(JobStage current) {
    if (!allowedFrom(current)) {
      throw new IllegalTransitionException(this, current);
    }
  }
}
