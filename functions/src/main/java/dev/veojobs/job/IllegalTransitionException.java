package dev.veojobs.job;

/** A transition the table does not allow from the job's current stage. */
public final class IllegalTransitionException extends RuntimeException {
  private final JobTransition transition;
  private final JobStage current;

  public IllegalTransitionException(JobTransition transition, JobStage current) {
    super(transition + " is not allowed from stage " + current);
    this.transition = transition;
    this.current = current;
  }

  public JobTransition transition() {
    return transition;
  }

  public JobStage current() {
    return current;
  }
}
