package dev.veojobs.job;

/**
 * The webhooks a job can owe its {@code webhook_url}: one per way of ending. A job records the
 * one it owes in the same write that ends it (the outbox), so a crash or a queue outage after that
 * write delays the delivery but never loses it.
 */
public enum WebhookEvent {
  COMPLETED("job.completed", "completed"),
  FAILED("job.failed", "failed"),
  CANCELED("job.canceled", "canceled");

  private final String type;
  private final String shortName;

  WebhookEvent(String type, String shortName) {
    this.type = type;
    this.shortName = shortName;
  }

  /** The event type receivers see, e.g. {@code job.completed}. */
  public String type() {
    return type;
  }

  /** For task ids, which allow no '.'. */
  public String shortName() {
    return shortName;
  }

  /** The webhook a job that ended with {@code status} owes. */
  public static WebhookEvent endedAs(JobStatus status) {
    return switch (status) {
      case COMPLETED -> COMPLETED;
      case FAILED -> FAILED;
      case CANCELED -> CANCELED;
      default -> throw new IllegalArgumentException("a " + status + " job has not ended");
    };
  }
}
