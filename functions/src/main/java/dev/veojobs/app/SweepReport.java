package dev.veojobs.app;

/**
 * What one sweep did.
 *
 * @param examined jobs the sweep queries returned (past deadline, stalled, owing a webhook)
 * @param failedDeadline jobs failed with DEADLINE_EXCEEDED by the sweep itself
 * @param restartedStart QUEUED or STARTING jobs given a new start task
 * @param restartedPolls GENERATING jobs given a new poll chain
 * @param restartedFinalize FINALIZING jobs given a new finalize task
 * @param redrivenWebhooks ended jobs whose owed webhooks were scheduled again
 * @param abandonedWebhooks ended jobs whose owed webhooks were given up (too old)
 * @param skipped jobs that moved since the query or hold a live start lease
 * @param errors jobs left for the next sweep because the store or the queue failed
 * @param unreadable documents the queries matched that could not be read as jobs
 */
public record SweepReport(
    int examined,
    int failedDeadline,
    int restartedStart,
    int restartedPolls,
    int restartedFinalize,
    int redrivenWebhooks,
    int abandonedWebhooks,
    int skipped,
    int errors,
    int unreadable) {

  /** Live jobs given a new task (the sweep.done event's {@code redriven}). */
  public int redriven() {
    return restartedStart + restartedPolls + restartedFinalize;
  }
}
