package dev.veojobs.app;

import dev.veojobs.job.WebhookEvent;

/**
 * Deterministic Cloud Tasks task ids. Every name starts with the job's own id, so a duplicate
 * enqueue of the same step is ALREADY_EXISTS instead of a second task. Re-drives by the sweeper
 * add {@code -r{round}}: the original name stays reserved for about an hour after it ran, and the
 * round (time divided by the stall window) differs between two re-drives of the same job.
 */
public final class TaskNames {
  private TaskNames() {}

  public static String start(String jobId) {
    return jobId + "-start";
  }

  public static String startRedrive(String jobId, long round) {
    return jobId + "-start-r" + round;
  }

  public static String poll(String jobId, int poll) {
    return jobId + "-poll-" + poll;
  }

  public static String pollRedrive(String jobId, int poll, long round) {
    return jobId + "-poll-" + poll + "-r" + round;
  }

  public static String finalizing(String jobId) {
    return jobId + "-finalize";
  }

  public static String finalizingRedrive(String jobId, long round) {
    return jobId + "-finalize-r" + round;
  }

  /** One webhook task per job and event; Cloud Tasks ids allow no '.', so the event's short name. */
  public static String webhook(String jobId, WebhookEvent event) {
    return jobId + "-webhook-" + event.shortName();
  }

  public static String webhookRedrive(String jobId, WebhookEvent event, long round) {
    return webhook(jobId, event) + "-r" + round;
  }
}
