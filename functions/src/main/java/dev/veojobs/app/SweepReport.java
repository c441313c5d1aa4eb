package dev.veojobs.app;

/**
 * What one sweep did.
 *
 * @param examined stalled jobs the store returned
 * @param failedDeadline jobs failed with DEADLINE_EXCEEDED
 * @param restartedStart QUEUED or STARTING jobs given a new start task
 * @param restartedPolls GENERATING jobs given a new poll chain
 * @param restartedFinalize FINALIZING jobs given a new finalize task
 * @param skipped jobs that moved since the query, ended, or hold a live start lease
 * @param errors jobs left for the next sweep because the store or the queue failed transiently
 */
public record SweepReport(
    int examined,
    int failedDeadline,
    int restartedStart,
    int restartedPolls,
    int restartedFinalize,
    int skipped,
    int errors) {

  public int redriven() {
    return restartedStart + restartedPolls + restartedFinalize;
  }
}
